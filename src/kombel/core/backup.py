"""Back up a Kombel site, and restore it: the database by its own tools and every uploaded file,
in one archive (`kombel backup`, `kombel restore`; README, "Backups").

The archive is a .tar.gz holding
  manifest.json      what the archive holds (below), written first
  database.sqlite3   SQLite: a copy made by SQLite's online backup (consistent while in use)
  database.pgdump    PostgreSQL: `pg_dump --format=custom`
  media/...          every file under MEDIA_ROOT
The manifest: the Kombel version, when, the database vendor and its file, the migrations the
database had, and every file with its size and SHA-256. A restore checks every checksum before
it touches anything, refuses a backup of another database vendor, one made by a newer Kombel,
and a database that already holds data (unless forced).

Django's `dumpdata` is not used: it cannot read scoped models without a scope, and its output
does not load into a migrated database.
"""

import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    files: int
    # Migrations the code has that the backup's database had not: run `kombel migrate`.
    migrations_behind: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DB_FILES:
        raise ValidationError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _pg_command(tool: str) -> tuple[list[str], dict[str, str]]:
    """The PostgreSQL tool (found on PATH) with the connection of Django's settings."""
    path = shutil.which(tool)
    if path is None:
        raise ValidationError(
            f"{tool} was not found on PATH: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    db = connection.settings_dict
    args = [path, "--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise ValidationError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        args, env = _pg_command("pg_dump")
        _run(
            [*args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)], env
        )


def _applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"kombel-{stamp}.tar.gz"


def backup_create(*, path: Path) -> dict[str, Any]:
    """Write the archive to `path` (its directory is created); return its manifest."""
    vendor = _vendor()
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="kombel-backup-") as tmp:
        db_file = Path(tmp) / DB_FILES[vendor]
        _dump_database(vendor, db_file)
        media = _media_files()
        files = [
            {
                "path": f.relative_to(media_root).as_posix(),
                "size": f.stat().st_size,
                "sha256": _sha256(f),
            }
            for f in media
        ]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "kombel_version": importlib.metadata.version("kombel"),
            "created": timezone.now().isoformat(),
            "database": {
                "vendor": vendor,
                "file": db_file.name,
                "size": db_file.stat().st_size,
                "sha256": _sha256(db_file),
            },
            "migrations": _applied_migrations(),
            "files": files,
        }
        manifest_file = Path(tmp) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_file, arcname=MANIFEST)
            archive.add(db_file, arcname=db_file.name)
            for f, entry in zip(media, files, strict=True):
                archive.add(f, arcname=f"media/{entry['path']}")
        partial.replace(path)  # a half-written archive never has the final name
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationError("This is not a Kombel backup (no readable manifest.json).")
    return manifest


def _verify(manifest: dict[str, Any], root: Path) -> None:
    """Every file the manifest lists is in `root` with its checksum; nothing else is."""
    database = manifest["database"]
    expected = {database["file"]: database["sha256"]}
    expected.update({f"media/{f['path']}": f["sha256"] for f in manifest["files"]})
    found = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    if found != set(expected):
        missing, extra = sorted(set(expected) - found), sorted(found - set(expected))
        raise ValidationError(
            "The archive does not match its manifest "
            f"(missing: {', '.join(missing) or 'none'}; unlisted: {', '.join(extra) or 'none'})."
        )
    damaged = [name for name, sha in sorted(expected.items()) if _sha256(root / name) != sha]
    if damaged:
        raise ValidationError(
            f"The archive is damaged: wrong checksum of {', '.join(damaged)}. Nothing was restored."
        )


def _accounts() -> int:
    """How many accounts the database holds (0 without tables): a database without any is
    empty, whatever `kombel migrate` wrote into it (content types, the materials)."""
    table = get_user_model()._meta.db_table
    if table not in connection.introspection.table_names():
        return 0
    return get_user_model()._base_manager.count()


def _check_migrations(manifest: dict[str, Any]) -> int:
    """Refuse a backup made by a newer Kombel; return how many migrations it lacks."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    backup = set(manifest["migrations"])
    unknown = sorted(backup - known)
    if unknown:
        raise ValidationError(
            f"This backup was made by a newer Kombel ({manifest['kombel_version']}; migrations "
            f"unknown here: {', '.join(unknown[:5])}). Install it or a newer one, then restore."
        )
    return len(known - backup)


def _restore_database(vendor: str, db_file: Path) -> None:
    if vendor == "sqlite":
        target = connection.settings_dict["NAME"]
        connection.close()
        source = sqlite3.connect(db_file)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        args, env = _pg_command("pg_restore")
        connection.close()
        _run(
            [
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                str(db_file),
            ],
            env,
        )


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Restore the archive at `path` into this site's database and MEDIA_ROOT.

    Checks everything before writing anything: the manifest, every checksum, the database
    vendor, the migrations, and that the database is empty (unless `force`: what it holds is
    replaced, and files of the same name in MEDIA_ROOT are overwritten).
    """
    vendor = _vendor()
    with tempfile.TemporaryDirectory(prefix="kombel-restore-") as tmp:
        root = Path(tmp)
        try:
            with tarfile.open(path, "r:gz") as archive:
                manifest = _read_manifest(archive)
                archive.extractall(root, filter="data")  # no paths outside `root`, no links out
        except (OSError, tarfile.TarError) as exc:
            raise ValidationError(f"The archive cannot be read: {exc}") from exc
        backup_vendor = manifest["database"]["vendor"]
        theirs = VENDOR_NAMES.get(backup_vendor, backup_vendor)
        if backup_vendor != vendor:
            raise ValidationError(
                f"This is a backup of a {theirs} database; this Kombel uses "
                f"{VENDOR_NAMES[vendor]}. Restore it into a {theirs} database (DATABASE_URL)."
            )
        _verify(manifest, root)
        behind = _check_migrations(manifest)
        accounts = _accounts()
        if accounts and not force:
            raise ValidationError(
                f"The database is not empty (it has {accounts} accounts): restoring would "
                "replace everything in it. Use --force to replace it."
            )
        _restore_database(vendor, root / manifest["database"]["file"])
        # Sessions and each user's roles are cached under keys the restored rows may reuse.
        cache.clear()
        media_root = Path(settings.MEDIA_ROOT)
        for entry in manifest["files"]:
            target = media_root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / "media" / entry["path"], target)
    return Restored(manifest=manifest, files=len(manifest["files"]), migrations_behind=behind)
