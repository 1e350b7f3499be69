import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from kombel.core.models import AuditLog
from kombel.followups import services
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.schools.enums import Role
from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    MembershipFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("in_school")
TODAY = datetime.date(2026, 11, 28)


def _create(school, owner, **kw):  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(
        community__programme__school=school, community__name="MIPA Kelas VII", date=TODAY
    )
    args = {
        "source": meeting,
        "actor": owner,
        "owner": owner,
        "description": "Mencoba asesmen formatif dengan kartu keluar",
        "due_date": TODAY,
    }
    args.update(kw)
    return services.action_item_create(**args)


def test_create_records_item_source_and_audit(school, teacher):
    item = _create(school, teacher)
    assert item.status == ItemStatus.OPEN
    assert list(ActionItem.objects.filter(school=school)) == [item]
    assert (item.source_type, item.source_label) == (
        "communities.meeting",
        "MIPA Kelas VII · 28 November 2026",
    )
    assert AuditLog.objects.get(object_id=str(item.pk)).action == "followups.item.created"


def test_an_object_that_is_no_registered_source_is_refused(school, teacher):
    with pytest.raises(LookupError):
        _create(school, teacher, source=school)


def test_owner_from_another_school_is_refused(school, teacher):
    stranger = UserFactory()
    MembershipFactory(user=stranger, school=SchoolFactory(), role=Role.TEACHER)
    with pytest.raises(ValidationError) as e:
        _create(school, stranger)
    assert list(e.value.message_dict) == ["owner"]
    assert ActionItem.objects.count() == 0


def test_empty_description_is_refused(school, teacher):
    with pytest.raises(ValidationError) as e:
        _create(school, teacher, description="  ")
    assert list(e.value.message_dict) == ["description"]
    assert ActionItem.objects.count() == 0


def test_done_sets_completion_and_counts_on_time(school, teacher):
    item = ActionItemFactory(school=school, owner=teacher, due_date=datetime.date(2099, 1, 1))
    item = services.action_item_status_set(
        item=item, actor=teacher, status=ItemStatus.DONE, evidence_url="https://x.id/a", version=1
    )
    assert (item.status, item.version, item.done_on_time) == (ItemStatus.DONE, 2, True)
    assert item.completed_at is not None


def test_dropping_needs_a_note(school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    with pytest.raises(ValidationError) as e:
        services.action_item_status_set(
            item=item, actor=teacher, status=ItemStatus.DROPPED, version=1
        )
    assert list(e.value.message_dict) == ["note"]
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_stale_version_is_a_conflict(school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    services.action_item_status_set(item=item, actor=teacher, status=ItemStatus.DONE, version=1)
    with pytest.raises(ValidationError) as e:
        services.action_item_status_set(
            item=item, actor=teacher, status=ItemStatus.DROPPED, note="x", version=1
        )
    assert e.value.code == "conflict"
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_update_checks_owner_school(school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        services.action_item_update(
            item=item,
            actor=teacher,
            description="x",
            owner=stranger,
            due_date=TODAY,
            version=1,
        )
    item.refresh_from_db()
    assert item.owner == teacher


def test_escalation_mails_the_facilitator_team_once(school, teacher, facilitator):
    late = ActionItemFactory(school=school, owner=teacher, due_date=TODAY - datetime.timedelta(1))
    ActionItemFactory(school=school, owner=teacher, due_date=TODAY)
    assert services.overdue_items_escalate(school=school, today=TODAY) == 1
    assert services.overdue_items_escalate(school=school, today=TODAY) == 0
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]
    with scopes_disabled():
        late.refresh_from_db()
    assert late.escalated_at is not None


def test_escalation_mail_speaks_each_recipients_language(school, teacher, facilitator):
    principal = UserFactory(email="ani@example.org", language="en")
    MembershipFactory(user=principal, school=school, role=Role.PRINCIPAL)
    ActionItemFactory(
        school=school, owner=teacher, due_date=datetime.date(2026, 11, 3), source_label="Rapat"
    )
    services.overdue_items_escalate(school=school, today=TODAY)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ani@example.org"], f"1 follow-ups are overdue at {school.name}"),
        (["budi@example.org"], f"1 tindak lanjut lewat tenggat di {school.name}"),
    ]
    assert "3 November 2026; Rapat" in mail.outbox[0].body
    assert "3 November 2026; Rapat" in mail.outbox[1].body
