"""Guards for the rules every app follows (docs/architecture.md): what a forgotten line would
break silently is caught here instead."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve

import kombel
from kombel.api import api
from kombel.core.managers import ScopedManager
from kombel.schools.models import School
from tests.test_permission_matrix import ENDPOINTS

SRC = Path(kombel.__file__).resolve().parent
TESTS = Path(__file__).resolve().parent


def _normalise(path: str) -> str:
    """ "/s/<str:npsn>/x/<uuid:pk>/" and "/s/{npsn}/x/{session.pk}/" alike -> "/s/{}/x/{}/"."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def _page_routes(patterns: list, prefix: str = "/") -> set[str]:
    routes: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("/api/", "/admin/")):
                continue
            routes |= _page_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "npsn" in route:
            routes.add(_normalise(route))
    return routes


def test_every_school_page_is_in_the_permission_matrix(world):
    covered = {
        _normalise("/" + resolve(ep.path_for(world.own).split("?")[0]).route)
        for ep in ENDPOINTS
        if not ep.api
    }
    missing = _page_routes(get_resolver().url_patterns) - covered
    assert missing == set(), "add rows for these pages to tests/<app>/matrix.py"


def test_every_school_api_operation_is_in_the_permission_matrix():
    paths = api.get_openapi_schema()["paths"]
    operations = {
        (method.upper(), _normalise(path))
        for path, ops in paths.items()
        if "{npsn}" in path
        for method in ops
    }
    covered = {(ep.method, _normalise(ep.url)) for ep in ENDPOINTS if ep.api}
    assert operations - covered == set(), "add rows for these operations to tests/<app>/matrix.py"


def _kombel_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("kombel.")]


def _school_owned(model: type[models.Model], seen: frozenset = frozenset()) -> bool:
    """Whether rows of `model` belong to a school: a foreign key to School, or to a model whose
    rows do (people are not school-owned: a person may belong to several schools)."""
    for field in model._meta.get_fields():
        if (
            not ((field.is_relation and field.many_to_one) or field.one_to_one)
            or not field.concrete
        ):
            continue
        target = field.related_model
        if target is School:
            return True
        if (
            target is not None
            and target.__module__.startswith("kombel.")
            and target is not model
            and target not in seen
            and target._meta.label != settings.AUTH_USER_MODEL
            and _school_owned(target, seen | {model})
        ):
            return True
    return False


def test_every_school_owned_model_has_a_scoped_manager():
    unscoped = [
        m._meta.label
        for m in _kombel_models()
        if m is not School
        and _school_owned(m)
        and not isinstance(m._default_manager, ScopedManager)
    ]
    assert unscoped == [], 'give these `objects = ScopedManager(school="...")`'


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def test_apps_depend_only_on_what_they_may():
    """`core` imports no other Kombel app; no app imports another app's forms, views or api
    (they are reached through their models, services, queries)."""
    problems = []
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).parts
        if len(parts) < 2 or "migrations" in parts:
            continue  # kombel/urls.py and kombel/api.py assemble the apps
        app = parts[0]
        for name in _imports(path):
            match = re.match(r"kombel\.(\w+)(?:\.(\w+))?", name)
            if not match or match.group(1) == app:
                continue
            other, module = match.groups()
            if app == "core" or (other != "core" and module in {"forms", "views", "api"}):
                problems.append(f"{path.relative_to(SRC)} imports {name}")
    assert problems == []


def test_a_new_app_plugs_in_with_its_own_folder_and_installed_apps(tmp_path):
    """tests/example_app is a whole (tiny) app: its AppConfig registers a home panel, audit
    words, a follow-up source, an API router, a demo step and an event kind, and nothing outside
    its folder names it but INSTALLED_APPS (its settings module). Its checks run in a process of
    their own, with those settings."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite
    env["DJANGO_SETTINGS_MODULE"] = "tests.example_app.settings"
    env["KOMBEL_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xdist",
            str(TESTS / "example_app" / "checks.py"),
        ],
        cwd=TESTS.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


# Lists computed whole (not rows of a queryset): nothing for SQL to cut.
COMPUTED_LISTS = {
    "evaluation/api.py:coding_frequencies",
    "observations/api.py:agreement_list",
}


def test_paginated_api_lists_cut_their_page_in_sql():
    """A `@paginate` handler answers a queryset or `rows(queryset, out)`, never a list it built
    row by row (which reads and shapes every row for every page)."""
    problems = []
    for path in sorted(SRC.rglob("api.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            if not any("paginate" in ast.unparse(d) for d in node.decorator_list):
                continue
            name = f"{path.relative_to(SRC)}:{node.name}"
            returns = [
                n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None
            ]
            if name not in COMPUTED_LISTS and any(
                isinstance(v, (ast.ListComp, ast.List)) for v in returns
            ):
                problems.append(name)
    assert not problems, problems
