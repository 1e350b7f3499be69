from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kombel.core.sync import deletions_purge


class Command(BaseCommand):
    help = (
        "Remove the records of deleted rows that offline clients sync from, once older than "
        "SYNC_DELETIONS_KEEP_DAYS (run it daily from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = deletions_purge()
        self.stdout.write(
            f"Removed {removed} deletion records older than "
            f"{settings.SYNC_DELETIONS_KEEP_DAYS} days."
        )
