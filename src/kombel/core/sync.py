"""What an offline client needs beyond `updated_since`: the tombstones of deleted rows
(`core.models.Deletion`), kept for SYNC_DELETIONS_KEEP_DAYS and then purged. A client whose last
sync is older than that cannot learn everything it missed and must fetch its lists afresh."""

import datetime

from django.conf import settings
from django.utils import timezone

from kombel.core.models import Deletion


def deletions_kept_since() -> datetime.datetime:
    """The oldest moment whose deletions are still all recorded."""
    return timezone.now() - datetime.timedelta(days=settings.SYNC_DELETIONS_KEEP_DAYS)


def deletions_purge() -> int:
    """Remove the tombstones older than the keeping period (every school); how many went."""
    deleted, _ = Deletion._base_manager.filter(deleted_at__lt=deletions_kept_since()).delete()
    return deleted
