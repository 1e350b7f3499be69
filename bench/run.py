"""`make bench`: server time, queries and HTML size of the main pages on the synthetic district.

Uses its own database (var/bench/, never the demo's), seeds the synthetic district into it once
(`kombel seed-synthetic`) and reuses it while the seed code and migrations are unchanged. Each
page of bench/pages.py is requested in-process with Django's test client, logged in as a user
of one school; the table shows p50/p95 server time, queries, raw and gzipped HTML size and
flags pages over the DESIGN budgets. Results go to bench/results/latest.json.

    .venv/bin/python bench/run.py [--schools 60] [--requests 30] [--reseed]
        [--page home --page people] [--profile]
"""

import argparse
import gzip
import hashlib
import json
import logging
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
BUDGET_P95_MS = 150.0
BUDGET_GZIP_KB = 30.0
BUDGET_FIRST_LOAD_KB = 100.0
# Main pages (issue "a lighter request"): queries, and p95 as a multiple of the trivial page's.
MAIN_QUERIES = 8
MAIN_RATIO = 10.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=60, help="schools in the district")
    parser.add_argument("--requests", type=int, default=30, help="requests per page")
    parser.add_argument("--school", type=int, default=1, help="index of the benchmark school")
    parser.add_argument("--reseed", action="store_true", help="rebuild the benchmark database")
    parser.add_argument(
        "--var-dir",
        default=os.environ.get("KOMBEL_BENCH_VAR_DIR", str(PROJECT_DIR / "var" / "bench")),
        help="directory of the benchmark SQLite database",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KOMBEL_BENCH_DATABASE_URL", ""),
        help="use this database instead (e.g. a PostgreSQL bench database)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    parser.add_argument(
        "--page", action="append", default=[], help="measure only this page (by name; repeatable)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print where each measured page spends its time"
    )
    parser.add_argument("--out", default=str(BENCH_DIR / "results" / "latest.json"))
    return parser.parse_args()


def configure_environment(args: argparse.Namespace) -> None:
    """Point Django at the benchmark database before settings load; production-like flags."""
    var_dir = Path(args.var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["KOMBEL_VAR_DIR"] = str(var_dir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)  # never the demo's database
    os.environ["DEBUG"] = "0"
    # Production settings refuse to start without a key of their own; the bench's is throwaway.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kombel.settings")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the budget is for one core


def seed_fingerprint(schools: int) -> str:
    """Changes whenever the seed code or a migration changes: the cached database is stale."""
    digest = hashlib.sha256(f"schools={schools}".encode())
    src = PROJECT_DIR / "src" / "kombel"
    files = sorted(src.glob("demo/*.py")) + sorted(src.glob("*/demo.py"))
    files += sorted(src.glob("*/migrations/*.py"))
    for path in files:
        digest.update(str(path.relative_to(src)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stale(args: argparse.Namespace) -> bool:
    """Whether the cached benchmark database must be rebuilt (before Django connects to it)."""
    marker = Path(args.var_dir) / "seed.json"
    if args.reseed or not marker.exists():
        return True
    return json.loads(marker.read_text()).get("fingerprint") != seed_fingerprint(args.schools)


def drop_sqlite(args: argparse.Namespace) -> None:
    for suffix in ("", "-wal", "-shm"):
        (Path(args.var_dir) / f"kombel.sqlite3{suffix}").unlink(missing_ok=True)


def build_database(args: argparse.Namespace) -> None:
    """Migrates and seeds the benchmark database, then remembers what it was built from."""
    from django.core.management import call_command

    print(f"Building the benchmark database (once; cached in {args.var_dir}) ...")
    call_command("migrate", interactive=False, verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    started = time.monotonic()
    call_command("seed-synthetic", schools=args.schools)
    seconds = round(time.monotonic() - started, 1)
    marker = Path(args.var_dir) / "seed.json"
    marker.write_text(
        json.dumps({"fingerprint": seed_fingerprint(args.schools), "seed_seconds": seconds})
    )


def bench_objects(args: argparse.Namespace) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The benchmark school, its users by role and the values of the URL placeholders."""
    from django_scopes import scopes_disabled

    from kombel.accounts.models import User
    from kombel.demo.people import synthetic_npsn
    from kombel.schools.models import School
    from pages import BENCH_USERS, LOOKUPS

    with scopes_disabled():
        school = School.objects.get(npsn=synthetic_npsn(args.school))
        prefix = f"s{args.school:03d}-"
        users = {
            role: User.objects.filter(username__in=[prefix + suffix, prefix + suffix + "01"])
            .order_by("username")
            .first()
            for role, suffix in BENCH_USERS.items()
        }
        users["district_officer"] = User.objects.filter(username="dinas-sintetis").first()
    values: dict[str, Any] = {"npsn": school.npsn}
    for name, lookup in LOOKUPS.items():
        try:
            values[name] = lookup(school)
        except LookupError:  # the model does not exist (yet)
            values[name] = None
    return school, users, values


def measure_page(
    page: Any, users: dict[str, Any], values: dict[str, Any], n: int, profile: bool = False
) -> dict:
    """Requests one page n times (after a warm-up); its timings, queries and size. `profile`
    prints the functions the page spends its time in (cProfile over n more requests)."""
    import cProfile
    import pstats
    import string

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    row: dict[str, Any] = {"name": page.name, "role": page.role, "template": page.url}
    row["main"] = page.main
    fields = [f for _, f, _, _ in string.Formatter().parse(page.url) if f]
    missing = [f for f in fields if values.get(f) is None]
    if missing:
        return {**row, "skipped": "no object for " + ", ".join(missing)}
    url = page.url.format(**values)
    row["url"] = url
    try:
        resolve(url)
    except Resolver404:
        return {**row, "skipped": "URL does not resolve yet"}
    user = users.get(page.role)
    if user is None:
        return {**row, "skipped": f"no benchmark user for role {page.role}"}

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    try:
        response = client.get(url)
        client.get(url)
    except Exception as error:  # a page under construction must not stop the others
        return {**row, "skipped": f"error {type(error).__name__}: {error}"[:200]}
    if response.status_code != 200:
        return {**row, "skipped": f"HTTP {response.status_code}"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries.captured_queries)  # read now: the next request clears the log
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(url) for _ in range(n)])
        print(f"\n--- {page.name} ({page.role}), {n} requests: by own time, then by cumulative")
        dump = BENCH_DIR / "results" / f"{page.name.replace(' ', '-').replace(':', '')}.prof"
        dump.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(dump)  # for pstats / snakeviz: who calls what
        print(f"(saved in {dump})")
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    body = response.content
    timings.sort()
    p95_index = min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))
    row.update(
        p50_ms=round(statistics.median(timings), 1),
        p95_ms=round(timings[p95_index], 1),
        queries=query_count,
        html_kb=round(len(body) / 1024, 1),
        gzip_kb=round(len(gzip.compress(body, 6)) / 1024, 1),
    )
    over = []
    if row["p95_ms"] > BUDGET_P95_MS:
        over.append(f"p95 > {BUDGET_P95_MS:.0f} ms")
    if row["gzip_kb"] > BUDGET_GZIP_KB:
        over.append(f"gzip > {BUDGET_GZIP_KB:.0f} KB")
    if page.main and query_count > MAIN_QUERIES:
        over.append(f"queries > {MAIN_QUERIES}")
    row["over_budget"] = over
    if response.headers.get("Content-Type", "").startswith("text/html"):
        row["body"] = body  # for the first-load weight; dropped before the results are written
    return row


def add_ratios(rows: list[dict], trivial: dict) -> None:
    """Each page's p50 and p95 as multiples of the trivial page's, measured in the same run."""
    for row in rows:
        if "skipped" in row or "skipped" in trivial:
            continue
        row["x_p50"] = round(row["p50_ms"] / trivial["p50_ms"], 1)
        row["x_p95"] = round(row["p95_ms"] / trivial["p95_ms"], 1)
        if row.get("main") and row["x_p95"] > MAIN_RATIO:
            row["over_budget"].append(f"p95 > {MAIN_RATIO:.0f}x trivial")


def print_table(rows: list[dict]) -> None:
    header = f"{'page':<24} {'role':<12} {'p50 ms':>7} {'p95 ms':>7} {'x p50':>6} {'x p95':>6} "
    header += f"{'queries':>7} {'HTML KB':>8} {'gzip KB':>8}  budget"
    print(header)
    print("-" * len(header))
    for r in rows:
        start = f"{r['name'][:24]:<24} {r['role'][:12]:<12} "
        if "skipped" in r:
            print(start + f"skipped: {r['skipped']}")
            continue
        flag = "OVER: " + ", ".join(r["over_budget"]) if r["over_budget"] else "ok"
        if r.get("main"):
            flag = "main · " + flag
        print(
            start + f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r.get('x_p50', ''):>6} "
            f"{r.get('x_p95', ''):>6} {r['queries']:>7} {r['html_kb']:>8} {r['gzip_kb']:>8}  {flag}"
        )


def first_load_assets(html: bytes) -> dict[str, Any]:
    """The CSS, JS and icons a page loads the first time, gzipped, as a phone would get them."""
    import re

    from django.conf import settings
    from django.contrib.staticfiles import finders

    assets = {}
    for url in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        name = url.decode().removeprefix(settings.STATIC_URL)
        path = finders.find(name)
        if path:
            assets[name] = round(len(gzip.compress(Path(path).read_bytes(), 6)) / 1024, 1)
    return {"assets_gzip_kb": assets, "total_gzip_kb": round(sum(assets.values()), 1)}


def measure_timings(school: Any) -> list[dict[str, Any]]:
    """The budgets that are not pages (bench/pages.py TIMINGS), each timed by its own function."""
    import importlib

    from pages import TIMINGS

    rows = []
    for timing in TIMINGS:
        module, function = timing.run.split(":")
        found = getattr(importlib.import_module(module), function)(school)
        over = found.get("ms", 0) > timing.budget_ms
        rows.append({"name": timing.name, "budget_ms": timing.budget_ms, **found, "over": over})
        flag = f"OVER (budget {timing.budget_ms:.0f} ms)" if over else "ok"
        print(f"{timing.name:<40} {found.get('ms', 0):>9} ms  {flag}  {found}")
    return rows


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True
        )
        return out.stdout.decode().strip()
    except OSError:
        return ""


def main() -> int:
    args = parse_args()
    configure_environment(args)
    rebuild = stale(args)
    if rebuild and not args.database_url:
        drop_sqlite(args)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings

    from pages import PAGES, TRIVIAL

    if rebuild:
        build_database(args)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # errors go in the table
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.conf import settings

    # Not setup_test_environment(): it makes every template render send a signal that the test
    # client answers by copying the context, which cost template-heavy pages a third of their
    # time (and the trivial page, which renders none, nothing). Rendering is measured as
    # production does it; the client's host is allowed and e-mail stays in memory.
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": static},
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        school, users, values = bench_objects(args)
        trivial = measure_page(TRIVIAL, users, values, args.requests)
        chosen = [p for p in PAGES if not args.page or p.name in args.page]
        rows = [measure_page(p, users, values, args.requests, args.profile) for p in chosen]
        add_ratios(rows, trivial)
        rows.insert(0, trivial)
        first_load = first_load_assets(
            next((r["body"] for r in rows if r.get("body") is not None), b"")
        )
    print(f"\n{school.name} (NPSN {school.npsn}) of {args.schools} schools; ", end="")
    print(f"{args.requests} requests per page; database {connection.vendor}\n")
    print_table(rows)
    page_kb = max(r.get("gzip_kb", 0) for r in rows)
    total_kb = first_load["total_gzip_kb"] + page_kb
    print(
        f"\nFirst load: CSS, JS and icons {first_load['total_gzip_kb']} KB gzip + the largest page "
        f"{page_kb} KB = {total_kb:.1f} KB (budget {BUDGET_FIRST_LOAD_KB:.0f} KB)"
        + ("" if total_kb <= BUDGET_FIRST_LOAD_KB else "  OVER BUDGET")
    )
    print()
    timings = [] if args.page else measure_timings(school)
    for row in rows:
        row.pop("body", None)
    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "commit": git_commit(),
        "python": platform.python_version(),
        "database": connection.vendor,
        "schools": args.schools,
        "requests": args.requests,
        "budgets": {
            "p95_ms": BUDGET_P95_MS,
            "gzip_kb": BUDGET_GZIP_KB,
            "main_queries": MAIN_QUERIES,
            "main_x_p95": MAIN_RATIO,
        },
        "pages": rows,
        "timings": timings,
        "first_load": {**first_load, "with_largest_page_kb": round(total_kb, 1)},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\nWritten to {out}")
    over = [r["name"] for r in rows if r.get("over_budget")]
    if total_kb > BUDGET_FIRST_LOAD_KB:
        over.append("first load")
    over += [t["name"] for t in timings if t["over"]]
    if over:
        print("Over budget: " + ", ".join(over))
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH_DIR))
    sys.exit(main())
