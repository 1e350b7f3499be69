"""Costly test data built once per test session, then put back from a copy of its rows.

The two-school `world` (tests/world.py, a second or more per test) and the SMP N 1 Tebo demo
(every app's services, tens of seconds) are the same for every test that asks for them. The
first `restored(key, build)` in a worker builds them and keeps a copy of every row the build
added (and of the files it wrote under MEDIA_ROOT); later calls with the same key insert those
rows again in one pass and copy the files back. The database is then the one `build()` leaves,
and the returned object a fresh deep copy of what it returned.

Rows that were in the database before the first build (the migrations', another fixture's) are
not copied again while they are there; where a transactional test's flush took them away, they
are put back too. Put back into a database that already holds the built rows, the insert fails
loudly.
"""

import copy
import datetime
import shutil
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.sql import InsertQuery

from kombel.core.demo import DemoContext
from kombel.demo.steps import run_demo

T = TypeVar("T")
Rows = dict[type[models.Model], list[dict[str, Any]]]
# Rows that exist before any test (migrations create them; a flush makes them again).
_NOT_BUILT = {"contenttypes", "auth", "sessions", "admin"}
_SNAPSHOTS: dict[Hashable, tuple[Any, Rows, Rows, Path]] = {}
# The INSERT statements of a snapshot's built rows, compiled once: compiling them again for
# every test cost more than running them.
_STATEMENTS: dict[Hashable, list[tuple[str, Any]]] = {}


def restored(key: Hashable, build: Callable[[], T]) -> T:
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None:
        before = _primary_keys()
        built = build()
        media = Path(tempfile.mkdtemp(prefix="kombel-snapshot-media-"))
        if Path(settings.MEDIA_ROOT).exists():
            shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
        new, older = _rows(split_by=before)
        _SNAPSHOTS[key] = (copy.deepcopy(built), new, older, media)
        _forget_side_effects()
        return built
    kept, new, older, media = snapshot
    # Rows that were there before the build (the migrations' own, e.g. programme materials) are
    # put back too where a transactional test's flush removed them.
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _insert_statements(new)
    missing = _missing(older) if older else {}
    _insert([*_insert_statements(missing), *_STATEMENTS[key]], [*missing, *new])
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    _forget_side_effects()
    return copy.deepcopy(kept)


def _forget_side_effects() -> None:
    """What the build left besides rows and files (mail it sent, what it cached) is gone after
    a put-back too: every test starts from the same state, the first one included."""
    cache.clear()
    if hasattr(mail, "outbox"):
        mail.outbox.clear()


def seeded_demo(today: datetime.date) -> DemoContext:
    """The demo around `today`, as `run_demo(today)` makes it."""
    return restored(("demo", today), lambda: run_demo(today))


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in _NOT_BUILT and model._meta.managed and not model._meta.proxy
    ]


def _primary_keys() -> dict[type[models.Model], set[Any]]:
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _models()}


def _rows(split_by: dict[type[models.Model], set[Any]]) -> tuple[Rows, Rows]:
    """Every row: (those added since `split_by`'s primary keys were read, those before)."""
    new: Rows = {}
    older: Rows = {}
    for model in _models():
        fields = [field.attname for field in model._meta.concrete_fields]
        before = split_by.get(model, set())
        pk = model._meta.pk.attname
        for row in model._base_manager.values(*fields):
            (older if row[pk] in before else new).setdefault(model, []).append(row)
    return new, older


def _missing(rows: Rows) -> Rows:
    """Of `rows`, those the database does not hold (by primary key)."""
    missing: Rows = {}
    for model, found in rows.items():
        there = set(model._base_manager.values_list("pk", flat=True))
        pk = model._meta.pk.attname
        gone = [row for row in found if row[pk] not in there]
        if gone:
            missing[model] = gone
    return missing


def _insert_statements(rows: Rows) -> list[tuple[str, Any]]:
    """INSERT statements of `rows` as they were read (raw: auto_now and the like stamp nothing)."""
    statements: list[tuple[str, Any]] = []
    for model, found in rows.items():
        fields = model._meta.concrete_fields
        objs = [model(**row) for row in found]
        for start in range(0, len(objs), 500):
            query = InsertQuery(model)
            query.insert_values(fields, objs[start : start + 500], raw=True)
            statements.extend(query.get_compiler(connection=connection).as_sql())
    return statements


def _insert(statements: list[tuple[str, Any]], models_: list[type[models.Model]]) -> None:
    # Foreign keys are checked at commit on both databases (Django creates them deferrable), so
    # the order of the tables does not matter inside one transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
        if (
            connection.vendor == "sqlite"
        ):  # say which rows point nowhere (else: "constraint failed")
            dangling = cursor.execute("PRAGMA foreign_key_check").fetchall()
            assert not dangling, f"put back rows that point nowhere: {dangling[:5]}"
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
