import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.followups.models import ActionItem
from tests.factories.followups import ActionItemFactory

pytestmark = pytest.mark.clock


def test_escalate_overdue_flags_each_overdue_item_once(world):
    school = world.own.school
    owner = world.own.users["teacher"]
    with scopes_disabled():
        ActionItem.objects.all().delete()
    overdue = ActionItemFactory(
        school=school,
        owner=owner,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )

    call_command("escalate-overdue")
    first_mails = len(mail.outbox)
    call_command("escalate-overdue")

    with scopes_disabled():
        overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    assert first_mails >= 1
    assert len(mail.outbox) == first_mails
