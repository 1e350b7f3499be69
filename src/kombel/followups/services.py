"""Writes of the follow-up tracker. Every app that creates follow-ups calls these."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.dates import day_text
from kombel.core.extensions import SourceInfo, followup_source, followup_source_for
from kombel.core.versioning import check_version
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.schools.enums import Role
from kombel.schools.models import Membership, School
from kombel.schools.queries import users_outside


def _check_owner(school: School, owner: User) -> None:
    if users_outside(school, [owner]):
        raise ValidationError({"owner": _("The owner must be a member of this school.")})


def _latest_due(agreed: datetime.date) -> datetime.date:
    """A year after `agreed` (28 February for a 29 February)."""
    try:
        return agreed.replace(year=agreed.year + 1)
    except ValueError:
        return agreed.replace(year=agreed.year + 1, day=28)


def _check_due_date(due_date: datetime.date, source_date: Any) -> None:
    """A follow-up is due on or after the day of the meeting, session or wave it came from:
    one due before it would be overdue at birth. And at most a year after it (or after today,
    without a source): one due in 2099 (a slip of the year) would never be overdue, never
    chased."""
    if isinstance(source_date, datetime.datetime):
        source_date = source_date.date()
    agreed = source_date if isinstance(source_date, datetime.date) else timezone.localdate()
    latest = _latest_due(agreed)
    if due_date > latest:
        raise ValidationError(
            {
                "due_date": _(
                    "A follow-up is due within a year of the day it was agreed: choose "
                    "%(date)s or earlier."
                )
                % {"date": day_text(latest)}
            }
        )
    if isinstance(source_date, datetime.date) and due_date < source_date:
        when = day_text(source_date)
        raise ValidationError(
            {
                "due_date": _(
                    "The due date is before the day this follow-up was agreed (%(date)s): "
                    "choose %(date)s or later."
                )
                % {"date": when}
            }
        )


def _source_date(item: ActionItem) -> Any:
    """The day of the item's source, read from the source itself (None when it has none)."""
    spec = followup_source(item.source_type)
    if spec is None:
        return None
    source = spec.model._default_manager.filter(pk=item.source_id, school=item.school).first()
    return spec.describe(source).date if source is not None else None


def describe_source(source: Any) -> tuple[str, SourceInfo]:
    """The source type and what a follow-up shows of `source` (a registered source object)."""
    spec = followup_source_for(source)
    return spec.source_type, spec.describe(source)


@transaction.atomic
def action_item_create(
    *,
    actor: User | None,
    source: Any,
    owner: User,
    description: str,
    due_date: datetime.date,
) -> ActionItem:
    """A new open follow-up agreed at `source` (a workshop session, a meeting, a visit...).

    `source` is an object of a registered follow-up source (core.extensions); its label and page
    are stored with the item, so that lists never load the sources.
    """
    school = source.school
    _check_owner(school, owner)
    source_type, info = describe_source(source)
    _check_due_date(due_date, info.date)
    item = ActionItem(
        school=school,
        owner=owner,
        description=description.strip(),
        due_date=due_date,
        source_type=source_type,
        source_id=str(source.pk),
        source_label=info.label[:200],
        source_url=info.url,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    log_action(
        "followups.item.created",
        actor=actor,
        school=school,
        obj=item,
        data={"owner": str(owner.pk), "due": due_date.isoformat(), "source": source_type},
    )
    return item


@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    actor: User,
    description: str,
    owner: User,
    due_date: datetime.date,
    version: int | None,
) -> ActionItem:
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    check_version(item, version)
    _check_owner(item.school, owner)
    if due_date != item.due_date:
        _check_due_date(due_date, _source_date(item))
    item.description = description.strip()
    item.owner = owner
    item.due_date = due_date
    item.version += 1
    item.full_clean()
    item.save()
    log_action("followups.item.updated", actor=actor, school=item.school, obj=item)
    return item


@transaction.atomic
def action_item_status_set(
    *,
    item: ActionItem,
    actor: User,
    status: str,
    note: str = "",
    evidence_url: str = "",
    version: int | None,
) -> ActionItem:
    """Mark an item open, done or dropped. Dropping needs a reason."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    check_version(item, version)
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Choose open, done or dropped.")})
    if status == ItemStatus.DROPPED and not note.strip():
        raise ValidationError({"note": _("Say why the item is dropped.")})
    item.status = status
    item.status_note = note.strip()
    item.evidence_url = evidence_url.strip()
    item.completed_at = timezone.now() if status == ItemStatus.DONE else None
    item.version += 1
    item.full_clean()
    item.save()
    log_action(
        "followups.item.status_changed",
        actor=actor,
        school=item.school,
        obj=item,
        data={"status": status},
    )
    return item


def overdue_items_escalate(*, school: School, today: datetime.date | None = None) -> int:
    """Flag newly overdue items and e-mail the facilitator team and the principal once about them.

    Returns how many items were escalated; an item is escalated only once.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        items = list(
            ActionItem.objects.select_for_update()
            .filter(school=school, status=ItemStatus.OPEN, due_date__lt=today, escalated_at=None)
            .select_related("owner")
        )
        if not items:
            return 0
        now = timezone.now()
        ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(escalated_at=now)
        log_action("followups.items.escalated", school=school, data={"count": len(items)})
    recipients = {
        m.user.email: m.user
        for m in Membership.objects.filter(
            school=school, role__in=[Role.FACILITATOR, Role.PRINCIPAL]
        ).select_related("user")
        if m.user.email and m.user.is_active
    }
    for email, user in sorted(recipients.items()):
        with translation.override(user.language):
            lines = [
                f"- {i.description[:80]} ({i.owner}, {day_text(i.due_date)}; {i.source_label})"
                for i in items
            ]
            subject = _("%(count)d follow-ups are overdue at %(school)s") % {
                "count": len(items),
                "school": school.name,
            }
            body = "\n".join([_("These follow-ups passed their due date:"), *lines])
        send_mail(subject, body, None, [email])
    return len(items)
