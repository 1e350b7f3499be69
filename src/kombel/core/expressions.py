"""Database expressions Django does not have on every database Kombel runs on."""

from typing import Any

from django.db.models import Aggregate, TextField, Value

# Between joined texts: a character nobody types (ASCII unit separator), so that any text,
# commas included, splits back exactly.
SEPARATOR = "\x1f"


class Joined(Aggregate):
    """The group's texts in one, joined with SEPARATOR, in no given order (PostgreSQL's
    STRING_AGG, SQLite's GROUP_CONCAT); `split_joined` gives them back."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def split_joined(value: str | None) -> list[str]:
    """The texts of a `Joined` value, sorted (the database joins them in any order)."""
    return sorted(value.split(SEPARATOR)) if value else []
