"""`kombel backup [path]`: the database and every uploaded file in one archive (core.backup)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kombel.core.backup import backup_create, default_backup_path


class Command(BaseCommand):
    help = (
        "Backs up the database (SQLite's online backup or pg_dump) and every file under "
        "MEDIA_ROOT into one .tar.gz with a manifest and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="the archive to write (default: $KOMBEL_VAR_DIR/backups/kombel-<time>.tar.gz)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"] or default_backup_path()
        try:
            manifest = backup_create(path=path)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database and "
            f"{len(manifest['files'])} files to {path}"
        )
