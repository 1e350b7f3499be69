"""tests/snapshots.py puts back exactly the database a build left (rows, times, files)."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from tests import snapshots

# A date no other test seeds the demo for: the first call here really seeds.
TODAY = datetime.date(2026, 3, 10)


def _everything() -> snapshots.Rows:
    """Every row, in primary-key order (PostgreSQL returns unordered rows in any order)."""
    new, _older = snapshots._rows(split_by={})
    return {
        model: sorted(rows, key=lambda row: str(row[model._meta.pk.attname]))
        for model, rows in new.items()
    }


def _media(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db(transaction=True)
def test_the_demo_put_back_is_the_demo_seeded(settings, tmp_path):  # type: ignore[no-untyped-def]
    seeded_ctx = snapshots.seeded_demo(TODAY)
    seeded = _everything()
    seeded_files = _media(Path(settings.MEDIA_ROOT))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "elsewhere"

    restored_ctx = snapshots.seeded_demo(TODAY)

    assert _everything() == seeded  # the migrations' rows too, which the flush took away
    assert sum(len(rows) for rows in seeded.values()) > 1000
    assert _media(Path(settings.MEDIA_ROOT)) == seeded_files
    assert restored_ctx.users.keys() == seeded_ctx.users.keys()
    assert restored_ctx.programme.pk == seeded_ctx.programme.pk
    assert restored_ctx.programme is not seeded_ctx.programme
