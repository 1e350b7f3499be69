"""What every app's api.py shares: the 403 check, the one answer to bad input, ids in a
payload turned into this school's objects, and the one way lists page.

A service's (or an endpoint's own) `django.core.exceptions.ValidationError` propagates to the
handler registered in kombel/api.py, which answers with `validation_error_response`:

- 409 {"detail": message, "errors": {...}} when any error has code "conflict" (a stale version);
- 403 in the same shape when any has code "forbidden" (a service's refusal of who may do what,
  e.g. giving a role one may not give);
- 404 in the same shape when any has code "not_found" (what the request names is not there
  yet, e.g. the photo of a note the phone has not sent: it retries later);
- else 422 {"detail": first message, "errors": {field: [messages]}}, "__all__" for the
  messages that belong to no field.

An id in a request body (`programme_id`, `owner_id`, `member_ids`...) becomes an object through
`object_of_school` / `objects_of_school`: one of this school's rows or a 422 on that field, so
that another school's id and a missing one answer alike. Whatever else the object must be (a
member of the community, a participant of the programme) is the service's rule, checked there.

Every list endpoint pages: `@paginate(Paged)` under the route, the handler returns a queryset
(or `rows(queryset, out)` to shape each row, or a list it has ordered). The answer is
{"items": [...], "count": total}; `limit` (1 to 500, 50 by default) and `offset` choose the
page; a queryset gets the primary key as last ordering, so pages never overlap or skip.
`changed_since` filters by `updated_at` for clients that sync (`updated_since=`).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase
from ninja.parser import Parser as NinjaParser
from pydantic import WithJsonSchema

# A time of day in the school's time zone, "13:30" or "13:30:00", with no offset (JSON
# Schema's format "time" would demand one).
LocalTime = Annotated[
    datetime.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "the school's local time, HH:MM or HH:MM:SS",
            "example": "13:30",
        }
    ),
]

_M = TypeVar("_M", bound=models.Model)
_T = TypeVar("_T")


def require(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 (inside one's own school; another school's object has already answered 404)."""
    if not request.user.has_perm(perm, obj):
        raise HttpError(403, _("You may not do this."))


def _errors(exc: ValidationError) -> dict[str, list[ValidationError]]:
    if hasattr(exc, "error_dict"):
        return {field: list(errors) for field, errors in exc.error_dict.items()}
    return {"__all__": list(exc.error_list)}


def validation_error_response(
    api: NinjaAPI, request: HttpRequest, exc: ValidationError
) -> HttpResponse:
    """409 for a conflict, 403 for a refusal, 404 for what is not there, else 422; the messages
    by field either way."""
    by_field = _errors(exc)
    errors = {
        field: [str(message) for error in errs for message in error.messages]
        for field, errs in by_field.items()
    }
    codes = {error.code for errs in by_field.values() for error in errs}
    first = next((m for messages in errors.values() for m in messages), "")
    status = (
        409
        if "conflict" in codes
        else 403
        if "forbidden" in codes
        else 404
        if "not_found" in codes
        else 422
    )
    return api.create_response(request, {"detail": first, "errors": errors}, status=status)


@contextmanager
def body_fields(names: dict[str, str]) -> Iterator[None]:
    """A service's ValidationError inside the block with its fields named as the request body
    names them ({"programme": "programme_id"}), so a client knows which of its fields to fix."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        renamed = {names.get(f, f): errs for f, errs in exc.error_dict.items()}
        raise ValidationError(renamed) from exc


# --- ids in a payload ------------------------------------------------------------------------


def _of_school(source: type[_M] | models.QuerySet[_M], school: models.Model) -> models.QuerySet[_M]:
    """`source`'s rows of `school`: a school-owned model is filtered by its scoped manager's
    path to the school; anything else (shared reference data: subjects, materials, school
    years; people, whom the caller passes as the school's people) is taken as given."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    path = getattr(queryset.model._default_manager, "scopes", {}).get("school")
    return queryset.filter(**{path: school}) if path else queryset


def object_of_school(
    source: type[_M] | models.QuerySet[_M],
    value: Any,
    *,
    school: models.Model,
    field: str,
    message: str | None = None,
    lookup: str = "pk",
) -> _M:
    """The row of `school` that a payload's id (or code, with `lookup`) names, or a 422 on
    `field` (missing and another school's alike)."""
    found = _of_school(source, school).filter(**{lookup: value}).first()
    if found is None:
        raise ValidationError({field: message or _("Not found in this school.")})
    return found


def optional_object_of_school(
    source: type[_M] | models.QuerySet[_M],
    value: Any,
    *,
    school: models.Model,
    field: str,
    message: str | None = None,
    lookup: str = "pk",
) -> _M | None:
    """`object_of_school` for a payload's optional id: None when it names nothing."""
    if value is None or value == "":
        return None
    return object_of_school(
        source, value, school=school, field=field, message=message, lookup=lookup
    )


def objects_of_school(
    source: type[_M] | models.QuerySet[_M],
    values: Iterable[Any],
    *,
    school: models.Model,
    field: str,
    message: str | None = None,
    lookup: str = "pk",
) -> list[_M]:
    """Every row of `school` a payload's list of ids names, in the payload's order (each once),
    or a 422 on `field` when any is missing or another school's (`message` may name them with
    "%(missing)s")."""
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    found = {
        str(getattr(row, lookup)): row
        for row in _of_school(source, school).filter(**{f"{lookup}__in": wanted})
    }
    missing = [str(value) for value in wanted if str(value) not in found]
    if missing:
        # A message may name what was not found: "%(missing)s".
        text = message or _("Not found in this school.")
        raise ValidationError({field: text % {"missing": ", ".join(missing)}})
    return [found[str(value)] for value in wanted]


# --- lists -----------------------------------------------------------------------------------


def stable(queryset: models.QuerySet[_M]) -> models.QuerySet[_M]:
    """The queryset in its own order (or its model's), then by primary key: a total order."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering or [])
    if not any(isinstance(o, str) and o.lstrip("-") in ("pk", "id") for o in order):
        queryset = queryset.order_by(*order, "pk")
    return queryset


class Rows(Generic[_M, _T]):
    """A queryset whose page is shaped row by row (`out`) after it is cut: what a list
    handler returns when its schema needs more than the model's attributes."""

    def __init__(
        self,
        queryset: models.QuerySet[_M],
        out: Callable[[_M], _T],
        page_out: Callable[[list[_M]], None] | None = None,
    ) -> None:
        self.queryset = stable(queryset)
        self.out = out
        self.page_out = page_out  # e.g. one query for what every row of the page needs

    def count(self) -> int:
        return self.queryset.count()

    def page(self, offset: int, limit: int) -> list[_T]:
        found = list(self.queryset[offset : offset + limit])
        if self.page_out is not None:
            self.page_out(found)
        return [self.out(row) for row in found]


def rows(
    queryset: models.QuerySet[_M],
    out: Callable[[_M], _T],
    page_out: Callable[[list[_M]], None] | None = None,
) -> Rows[_M, _T]:
    return Rows(queryset, out, page_out)


MAX_OFFSET = 1_000_000_000  # beyond any list here, and within every database's integers


class Paged(PaginationBase):
    """limit/offset pages with the total count: {"items": [...], "count": n}."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="rows per page (at most 500)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="rows to skip")

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset: int = pagination.offset
        limit: int = pagination.limit
        if isinstance(queryset, Rows):
            return {"items": queryset.page(offset, limit), "count": queryset.count()}
        if isinstance(queryset, models.QuerySet):
            ordered = stable(queryset)
            return {"items": list(ordered[offset : offset + limit]), "count": ordered.count()}
        listed: Sequence[Any] = list(queryset)
        return {"items": listed[offset : offset + limit], "count": len(listed)}


def changed_since(
    queryset: models.QuerySet[_M], since: datetime.datetime | None, field: str = "updated_at"
) -> models.QuerySet[_M]:
    """Rows changed at or after `since` (a client's last sync), or all of them. A time without
    an offset is the school's local time (the request's time zone)."""
    if since is None:
        return queryset
    return queryset.filter(**{f"{field}__gte": aware(since)})


def aware(moment: datetime.datetime) -> datetime.datetime:
    """A time from a query string: without an offset, the school's local time."""
    local = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    try:  # in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows
        return local.astimezone(datetime.UTC)
    except OverflowError:
        raise HttpError(422, _("That time is out of range.")) from None


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class Parser(NinjaParser):
    """Refuses a NUL character anywhere in a body or a query (422), as Django's forms do:
    PostgreSQL cannot store one, and the error would otherwise be a 500."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if _has_nul(data):
            raise HttpError(422, _("Text may not contain a NUL character."))
        return data

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> Any:
        if any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data):
            raise HttpError(422, _("Text may not contain a NUL character."))
        return super().parse_querydict(data, list_fields, request)
