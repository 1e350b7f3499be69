from typing import Any

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from kombel.followups.tasks import escalate_overdue
from kombel.schools.models import School


class Command(BaseCommand):
    help = (
        "Enqueue the daily escalation of overdue follow-ups for every school (run it from cron; "
        "flagging is idempotent, so running it twice a day sends nothing twice)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            school_ids = list(School.objects.values_list("pk", flat=True))
        for school_id in school_ids:
            escalate_overdue.enqueue(str(school_id))
        self.stdout.write(f"Enqueued escalation for {len(school_ids)} schools.")
