"""`kombel backup` and `kombel restore`, run as an operator runs them: the commands in their own
processes on throwaway databases (a SQLite file; a PostgreSQL database created and dropped
here), whichever database the suite itself runs on. The demo (`kombel seed-demo`) plus uploaded
files is backed up and restored into an empty database: every row of every table and every file
(by checksum) comes back.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest

FILES = {
    "workshops/2026/12/Modul Ajar kelas VII (Bu Süsi).pdf": b"%PDF-1.4 " + os.urandom(40_000),
    "practices/2026/11/foto kebun karet.jpg": b"\xff\xd8\xff" + os.urandom(300_000),
    "outputs/rpp.docx": b"PK\x03\x04" + os.urandom(5_000),
}


def _kombel(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kombel", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _site(tmp: Path, database_url: str) -> dict[str, str]:
    """The environment of a development copy on `database_url` with its own media."""
    env = {k: v for k, v in os.environ.items() if k not in {"KOMBEL_TESTING", "SECRET_KEY"}}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "kombel.settings",
        "DEBUG": "1",
        "KOMBEL_VAR_DIR": str(tmp),
        "MEDIA_ROOT": str(tmp / "media"),
        "DATABASE_URL": database_url,
    }


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _seeded_site(tmp: Path, database_url: str) -> dict[str, str]:
    env = _site(tmp, database_url)
    _ok(_kombel(env, "migrate", "--noinput", "-v", "0"))
    _ok(_kombel(env, "seed-demo", "--today", "2026-12-01"))
    for name, content in FILES.items():
        path = tmp / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return env


def _checksums(media: Path) -> dict[str, str]:
    return {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }


def _sqlite_rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _postgres_rows(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _rewritten(archive: Path, target: Path, change: Callable[[Path], None]) -> Path:
    """A copy of `archive` with `change` applied to its extracted files."""
    work = target.with_suffix("")
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    change(work)
    with tarfile.open(target, "w:gz") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(work).as_posix())
    return target


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """The demo on a SQLite file with uploaded files, and its backup: (site dir, archive)."""
    source = tmp_path_factory.mktemp("source")
    env = _seeded_site(source, f"sqlite:///{source / 'kombel.sqlite3'}")
    archive = source / "kombel-backup.tar.gz"
    files = len(_checksums(source / "media"))  # ours and the demo's uploads
    assert f"Backed up the sqlite database and {files} files" in _ok(
        _kombel(env, "backup", str(archive))
    )
    return source, archive


def test_sqlite_backup_restores_every_row_and_every_file(sqlite_backup, tmp_path):
    source, archive = sqlite_backup
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["database"]["vendor"] == "sqlite"
    assert "accounts.0003_security" in manifest["migrations"]
    assert {f["path"] for f in manifest["files"]} == set(_checksums(source / "media")) >= set(FILES)
    # An empty database: installed and migrated, nothing in it yet.
    env = _site(tmp_path, f"sqlite:///{tmp_path / 'kombel.sqlite3'}")
    _ok(_kombel(env, "migrate", "--noinput", "-v", "0"))
    files = len(manifest["files"])
    assert f"the database and {files} files" in _ok(_kombel(env, "restore", str(archive)))
    rows = _sqlite_rows(tmp_path / "kombel.sqlite3")
    assert rows == _sqlite_rows(source / "kombel.sqlite3")
    assert rows["accounts_user"] > 40 and rows["schools_school"] == 2
    assert _checksums(tmp_path / "media") == _checksums(source / "media")


def test_restore_refuses_a_database_with_data_unless_forced(sqlite_backup):
    source, archive = sqlite_backup
    env = _site(source, f"sqlite:///{source / 'kombel.sqlite3'}")
    before = _sqlite_rows(source / "kombel.sqlite3")
    refused = _kombel(env, "restore", str(archive))
    assert refused.returncode == 1
    assert "The database is not empty" in refused.stderr
    assert "Use --force to replace it." in refused.stderr
    _ok(_kombel(env, "restore", str(archive), "--force"))
    assert _sqlite_rows(source / "kombel.sqlite3") == before


def test_restore_refuses_a_damaged_archive_and_changes_nothing(sqlite_backup, tmp_path):
    _source, archive = sqlite_backup

    def damage(root: Path) -> None:
        photo = root / "media" / "practices/2026/11/foto kebun karet.jpg"
        photo.write_bytes(photo.read_bytes()[:-1] + b"!")

    damaged = _rewritten(archive, tmp_path / "damaged.tar.gz", damage)
    site = tmp_path / "site"
    env = _site(site, f"sqlite:///{site / 'kombel.sqlite3'}")
    refused = _kombel(env, "restore", str(damaged))
    assert refused.returncode == 1
    assert (
        "The archive is damaged: wrong checksum of media/practices/2026/11/foto kebun karet.jpg"
        in refused.stderr
    )
    assert not (site / "media").exists()
    assert _sqlite_rows(site / "kombel.sqlite3") == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m["database"].update(vendor="postgresql"),
            "This is a backup of a PostgreSQL database; this Kombel uses SQLite.",
        ),
        (
            lambda m: m["migrations"].append("accounts.9999_future"),
            "This backup was made by a newer Kombel (0.1.0; migrations unknown here: "
            "accounts.9999_future).",
        ),
    ],
    ids=["vendor", "newer"],
)
def test_restore_refuses_another_vendor_or_a_newer_kombel(sqlite_backup, tmp_path, change, message):
    _source, archive = sqlite_backup

    def edit(root: Path) -> None:
        manifest = json.loads((root / "manifest.json").read_text())
        change(manifest)
        (root / "manifest.json").write_text(json.dumps(manifest))

    edited = _rewritten(archive, tmp_path / "edited.tar.gz", edit)
    site = tmp_path / "site"
    refused = _kombel(_site(site, f"sqlite:///{site / 'kombel.sqlite3'}"), "restore", str(edited))
    assert refused.returncode == 1
    assert message in refused.stderr


@pytest.fixture
def postgres_databases() -> Iterator[Callable[[], str]]:
    """Makes throwaway PostgreSQL databases (URLs) on the server the suite uses, or the local
    one; drops them afterwards."""
    configured = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if configured["ENGINE"].endswith("postgresql"):
        server = {k: configured[k] for k in ("USER", "PASSWORD", "HOST", "PORT")}
    else:
        server = {"USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": 5432}
    credentials = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
    base = f"postgres://{credentials}@{server['HOST']}:{server['PORT'] or 5432}"
    made: list[str] = []

    def make() -> str:
        name = f"kombel_backup_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{base}/{name}"

    yield make
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_backup_restores_every_row_and_every_file(postgres_databases, tmp_path):
    source_url, target_url = postgres_databases(), postgres_databases()
    source = tmp_path / "source"
    env = _seeded_site(source, source_url)
    archive = tmp_path / "kombel-backup.tar.gz"
    files = len(_checksums(source / "media"))
    assert f"Backed up the postgresql database and {files} files" in _ok(
        _kombel(env, "backup", str(archive))
    )
    # An empty database: created, nothing in it, not even tables.
    target = tmp_path / "target"
    assert f"the database and {files} files" in _ok(
        _kombel(_site(target, target_url), "restore", str(archive))
    )
    rows = _postgres_rows(target_url)
    assert rows == _postgres_rows(source_url)
    assert rows["accounts_user"] > 40 and rows["schools_school"] == 2
    assert _checksums(target / "media") == _checksums(source / "media")
    # A PostgreSQL backup is refused by a SQLite site.
    site = tmp_path / "sqlite"
    refused = _kombel(_site(site, f"sqlite:///{site / 'kombel.sqlite3'}"), "restore", str(archive))
    assert "This is a backup of a PostgreSQL database; this Kombel uses SQLite." in refused.stderr
