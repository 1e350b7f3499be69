"""`kombel restore <archive> [--force]`: put a backup of `kombel backup` back (core.backup)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kombel.core.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Restores a backup made by `kombel backup` into this site's database and MEDIA_ROOT, "
        "after checking every checksum. Stop the web server and the task worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `kombel backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(path=options["archive"], force=options["force"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created']} (Kombel {manifest['kombel_version']}): "
            f"the database and {restored.files} files."
        )
        if restored.migrations_behind:
            self.stdout.write("The backup is of an older Kombel: now run `kombel migrate`.")
