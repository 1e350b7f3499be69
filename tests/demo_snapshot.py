"""The demo for tests: seeded once per date in a test session, then put back from a copy.

Seeding the SMP N 1 Tebo demo runs every app's services (tens of seconds on a shared machine);
the browser journeys and other tests that only need the demo in place get it with
`seeded_demo(today)`: the first call seeds it and keeps a copy of every row (and of the files
it uploaded), later calls with the same date insert those rows again in one pass. The result is
the same database and the same `DemoContext` (a fresh copy each time) as `run_demo(today)`.

The database must hold no demo rows when it is called (as at the start of every test).
"""

import copy
import datetime
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction

from kombel.core.demo import DemoContext
from kombel.demo.steps import run_demo

# Rows that exist before the demo (migrations create them; a flush makes them again).
_NOT_DEMO = {"contenttypes", "auth", "sessions", "admin"}

Rows = dict[type[models.Model], list[dict[str, Any]]]
_SNAPSHOTS: dict[datetime.date, tuple[DemoContext, Rows, Path]] = {}


def seeded_demo(today: datetime.date) -> DemoContext:
    snapshot = _SNAPSHOTS.get(today)
    if snapshot is None:
        ctx = run_demo(today)
        media = Path(tempfile.mkdtemp(prefix="kombel-demo-media-"))
        if Path(settings.MEDIA_ROOT).exists():
            shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
        _SNAPSHOTS[today] = (copy.deepcopy(ctx), _rows(), media)
        return ctx
    ctx, rows, media = snapshot
    _insert(rows)
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(ctx)


def _demo_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in _NOT_DEMO and model._meta.managed and not model._meta.proxy
    ]


def _rows() -> Rows:
    rows: Rows = {}
    for model in _demo_models():
        fields = [field.attname for field in model._meta.concrete_fields]
        found = list(model._base_manager.values(*fields))
        if found:
            rows[model] = found
    return rows


def _insert(rows: Rows) -> None:
    # Foreign keys are checked at commit on both databases (Django creates them deferrable), so
    # the order of the tables does not matter inside one transaction.
    with _times_kept(), transaction.atomic():
        for model, found in rows.items():
            model._base_manager.bulk_create([model(**row) for row in found], batch_size=500)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(sql)


@contextmanager
def _times_kept() -> Iterator[None]:
    """auto_now / auto_now_add would stamp every inserted row with now: keep the seeded times."""
    stamped = [
        field
        for model in _demo_models()
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in stamped]  # type: ignore[attr-defined]
    for field in stamped:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]
