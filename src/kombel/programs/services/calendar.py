"""Every write of the calendar: generating it, events by hand, school closures."""

import datetime
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.dates import clock_text, day_text
from kombel.core.extensions import event_kind, event_title, with_event_titles
from kombel.core.versioning import check_version
from kombel.programs import schedule
from kombel.programs.enums import EventKind, ProgrammeStatus
from kombel.programs.models import (
    Event,
    Programme,
    SchoolClosure,
    SentReminder,
    generated_title,
)
from kombel.programs.reminders import (
    audience_for,
    event_notify,
    event_starts_at,
    programme_participants,
)
from kombel.schools.models import School

EVENT_FIELDS = (
    "title",
    "date",
    "start_time",
    "end_time",
    "location",
    "description",
    "kind",
    "invites_all",
)
# A hard cap on what one generation may make: twelve months of six workshop days a week, weekly
# community meetings and monthly evaluations stay under 400.
MAX_GENERATED_EVENTS = 500


# --- the calendar -------------------------------------------------------------------------


@dataclass
class CalendarResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # edited by hand, left alone
    skipped: list[tuple[datetime.date, str]] = field(default_factory=list)


def closed_days(
    school: School, start: datetime.date, end: datetime.date
) -> dict[datetime.date, str]:
    """Days without school activities in the period: public holidays and the school's closures."""
    closed = schedule.public_holidays(start, end)
    for day, reason in SchoolClosure.objects.filter(
        school=school, date__range=(start, end)
    ).values_list("date", "reason"):
        closed[day] = reason
    return closed


def _rules_of(programme: Programme) -> schedule.Rules:
    return schedule.Rules(
        start=programme.start,
        end=programme.end,
        workshop_weekdays=tuple(programme.workshop_weekdays or ()),
        workshop_start=programme.workshop_start,
        workshop_end=programme.workshop_end,
        community_interval_weeks=programme.community_interval_weeks,
        community_weekday=programme.community_weekday,
        monthly_evaluation=programme.monthly_evaluation,
        materials=tuple(m.title for m in programme.materials.all()),
        locations=tuple(programme.location_list),
    )


def _plan_fields(plan: schedule.PlannedEvent) -> dict[str, Any]:
    return {
        "kind": plan.kind,
        "title": plan.title,
        "title_key": plan.title_key,
        "title_detail": plan.title_detail,
        "date": plan.date,
        "start_time": plan.start_time,
        "end_time": plan.end_time,
        "location": plan.location,
        "is_cancelled": False,
    }


def _events_in_use(event_ids: list[Any]) -> set[Any]:
    """Events another app attached records to (a workshop session, a meeting): never deleted,
    only cancelled, so that attendance and notes survive a change of the schedule rules."""
    if not event_ids:
        return set()
    used: set[Any] = set()
    for rel in Event._meta.related_objects:
        if rel.related_model is SentReminder or not rel.field.concrete:
            continue
        used.update(
            rel.related_model._base_manager.filter(
                **{f"{rel.field.name}__in": event_ids}
            ).values_list(rel.field.attname, flat=True)
        )
    return used


@transaction.atomic
def calendar_generate(*, programme: Programme, actor: User | None = None) -> CalendarResult:
    """Make the programme's events match its schedule rules; safe to run again.

    Events edited by hand are kept as they are (and their rule is not applied again). Generated
    events are updated in place, so their ids (and what other apps attached to them) survive;
    generated events no rule asks for any more are removed (cancelled, if something depends on
    them).
    """
    # Event titles are the school's shared data: always in the school's language (Indonesian),
    # whoever (or whichever command) regenerates the calendar.
    with translation.override(settings.LANGUAGE_CODE):
        plans, skipped = schedule.plan_calendar(
            _rules_of(programme),
            closed_days(programme.school, programme.start, programme.end),
            programme,
        )
    if len(plans) > MAX_GENERATED_EVENTS:
        raise ValidationError(
            _(
                "This schedule would make %(count)s events; a programme has at most %(max)s. "
                "Shorten the period or choose fewer days."
            )
            % {"count": len(plans), "max": MAX_GENERATED_EVENTS}
        )
    result = CalendarResult(skipped=skipped)
    existing = list(Event.objects.filter(programme=programme))
    hand_keys = {e.source_key for e in existing if not e.is_generated and e.source_key}
    result.kept = sum(1 for e in existing if not e.is_generated)
    generated = {e.source_key: e for e in existing if e.is_generated}
    to_create: list[Event] = []
    touched: list[Event] = []
    for plan in plans:
        if plan.key in hand_keys:
            continue
        values = _plan_fields(plan)
        event = generated.pop(plan.key, None)
        if event is None:
            to_create.append(
                Event(school=programme.school, programme=programme, source_key=plan.key, **values)
            )
            continue
        # A keyed name is compared by its key: `title` was read in the actor's language.
        compared = {k: v for k, v in values.items() if k != "title" or not plan.title_key}
        if any(getattr(event, k) != v for k, v in compared.items()):
            for k, v in values.items():
                setattr(event, k, v)
            event.version += 1
            event.save()
            touched.append(event)
            result.updated += 1
    Event.objects.bulk_create(to_create)
    result.created = len(to_create)
    obsolete = list(generated.values())  # no rule asks for these any more
    in_use = _events_in_use([e.pk for e in obsolete])
    unused = [e.pk for e in obsolete if e.pk not in in_use]
    Event.objects.filter(pk__in=unused).delete()
    # Events other apps attached records to are cancelled instead, so those records survive.
    cancelled = Event.objects.filter(pk__in=in_use, is_cancelled=False).update(
        is_cancelled=True, version=F("version") + 1, updated_at=timezone.now()
    )
    result.removed += len(unused) + cancelled
    log_action(
        "programs.calendar.generated",
        actor=actor,
        school=programme.school,
        obj=programme,
        data={"created": result.created, "updated": result.updated, "removed": result.removed},
    )
    for event in [*to_create, *touched]:
        transaction.on_commit(partial(event_reminder_schedule, event))
    return result


def _closed_reason(event: Event, day: datetime.date) -> str | None:
    if day.weekday() == schedule.SUNDAY:
        return _("Sunday")
    return closed_days(event.school, day, day).get(day)


@transaction.atomic
def event_create(
    *, programme: Programme, actor: User | None, confirm: bool = False, **fields: Any
) -> Event:
    """An event added by hand (kind "other" unless given): regenerating leaves it alone.

    An app naming the event itself gives `title_key` (and `title_detail`) instead of a `title`:
    the name is then shown in the reader's language (programs.models.generated_title)."""
    unknown = set(fields) - {*EVENT_FIELDS, "title_key", "title_detail"}
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    fields.setdefault("kind", EventKind.OTHER)
    if fields.get("title_key"):
        with translation.override(settings.LANGUAGE_CODE):
            fields["title"] = generated_title(fields["title_key"], fields.get("title_detail", ""))
    event = Event(school=programme.school, programme=programme, is_generated=False, **fields)
    _validate_event(event, confirm=confirm)
    event.save()
    log_action("programs.event.created", actor=actor, school=event.school, obj=event)
    transaction.on_commit(lambda: event_reminder_schedule(event))
    return event


def _audience_ids(event: Event) -> set[Any]:
    people = audience_for(event) if event.pk else []
    if not people:  # a new event: its programme's participants
        people = programme_participants(event)
    return {u.pk for u in people}


def event_clashes(event: Event, people: set[Any] | None = None) -> list[tuple[Event, int]]:
    """The school's other events that overlap `event` in time and share participants with it:
    (event, how many people are in both). `people`: the ids of those `event` is for, when an
    app knows them better than the event's kind does (a new community meeting: its members)."""
    if not (event.date and event.start_time and event.end_time):
        return []
    others = list(
        with_event_titles(
            Event.objects.filter(
                school_id=event.school_id,
                date=event.date,
                is_cancelled=False,
                start_time__lt=event.end_time,
                end_time__gt=event.start_time,
            )
            .exclude(pk=event.pk)
            .select_related("school", "programme"),
            None,
        )
    )
    if not others:
        return []
    mine = _audience_ids(event) if people is None else set(people)
    found = [(other, len(mine & _audience_ids(other))) for other in others]
    return [(other, n) for other, n in found if n]


def clash_message(clashes: list[tuple[Event, int]], names: dict[Any, str] | None = None) -> str:
    """The clashes named ("Lokakarya (18 Desember 2026, 13.30-15.30, 4 people in both)");
    `names`: a better name for some events, by id (a community slot: its communities)."""
    names = names or {}
    listed = "; ".join(
        _("%(title)s (%(date)s, %(start)s-%(end)s, %(n)d people in both)")
        % {
            "title": names.get(other.pk) or other.title,
            "date": day_text(other.date),
            "start": clock_text(other.start_time),
            "end": clock_text(other.end_time),
            "n": n,
        }
        for other, n in clashes
    )
    return _("This clashes with %(events)s. Confirm to keep it anyway.") % {"events": listed}


def _validate_event(event: Event, *, confirm: bool) -> None:
    programme = event.programme
    errors: dict[str, list[str]] = {}
    if event.date and not programme.start <= event.date <= programme.end:
        errors["date"] = [
            _("The date must lie within the programme, from %(start)s to %(end)s.")
            % {
                "start": day_text(programme.start),
                "end": day_text(programme.end),
            }
        ]
    elif event.date and not confirm:
        reason = _closed_reason(event, event.date)
        if reason:
            errors["date"] = [
                _("There is no school on this day (%(reason)s). Confirm to keep it anyway.")
                % {"reason": reason}
            ]
    if not confirm and not errors and not event.is_cancelled:
        clashes = event_clashes(event)
        if clashes:
            # Named as the apps name them (a community slot: its communities).
            names = {other.pk: title for other, _n in clashes if (title := event_title(other))}
            errors["start_time"] = [clash_message(clashes, names)]
    if event_kind(event.kind) is None:
        errors["kind"] = [_("Unknown kind of event.")]
    if event.start_time and event.end_time and event.end_time <= event.start_time:
        errors["end_time"] = [_("The end must be after the start.")]
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["school", "programme"])


@transaction.atomic
def event_update(
    *,
    event: Event,
    actor: User | None,
    version: int | None = None,
    confirm: bool = False,
    **fields: Any,
) -> Event:
    """Edit or move one event; from then on regenerating the calendar leaves it alone.

    A date outside the programme is refused; a Sunday, holiday or school closure needs `confirm`.
    A cancelled event moved to another day takes place there (a workshop cancelled by a school
    closure is moved off it); other changes leave it cancelled.
    """
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    current = Event.objects.select_for_update().get(pk=event.pk)
    check_version(current, version)
    old_start = event_starts_at(current)
    changed = {k: str(v) for k, v in fields.items() if getattr(current, k) != v}
    for name, value in fields.items():
        setattr(event, name, value)
    if "title" in changed:  # a title someone typed: shown as typed from now on
        event.title_key = event.title_detail = ""
    # A move (day or hours) is checked against closures and clashes unless confirmed.
    moved = bool({"date", "start_time", "end_time"} & set(changed))
    if "date" in changed and event.is_cancelled:
        event.is_cancelled = False
    _validate_event(event, confirm=confirm or not moved)
    event.is_generated = False
    event.version = current.version + 1
    event.save()
    log_action("programs.event.updated", actor=actor, school=event.school, obj=event, data=changed)
    if event_starts_at(event) != old_start:
        transaction.on_commit(lambda: event_reminder_schedule(event))
    # The invited hear of it, as they hear reminders: of what is still to come.
    to_come = max(event_starts_at(event), old_start) > timezone.now()
    if "is_cancelled" in changed and event.is_cancelled and to_come:
        transaction.on_commit(partial(event_notify, event.pk, "cancelled"))
    elif moved and not event.is_cancelled and to_come:
        transaction.on_commit(partial(event_notify, event.pk, "moved"))
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor: User | None, version: int | str | None = None) -> Event:
    current = Event.objects.select_for_update().get(pk=event.pk)
    check_version(current, version)
    event.is_cancelled = True
    event.is_generated = False
    event.version = current.version + 1
    event.save(update_fields=["is_cancelled", "is_generated", "version", "updated_at"])
    log_action("programs.event.cancelled", actor=actor, school=event.school, obj=event)
    if event_starts_at(event) > timezone.now():  # nobody needs telling of a past one
        transaction.on_commit(partial(event_notify, event.pk, "cancelled"))
    return event


NOTICE_MAX = 1000


def event_notice_send(*, event: Event, actor: User | None, message: str = "") -> int:
    """The facilitator's notice to everyone invited to the event, in one tap: a notice in the app
    and an e-mail where an address exists (the page then offers the same as a WhatsApp message
    for the group). Without `message`, a reminder of the event. Returns how many were told."""
    message = message.strip()
    if len(message) > NOTICE_MAX:
        raise ValidationError(
            {"message": _("Keep the message under %(n)d characters.") % {"n": NOTICE_MAX}}
        )
    told = event_notify(event.pk, "notice" if message else "reminder", message=message)
    log_action(
        "programs.event.announced",
        actor=actor,
        school=event.school,
        obj=event,
        data={"told": told},
    )
    return told


def event_reminder_schedule(event: Event) -> bool:
    """Enqueue the reminder 24 hours before the start, if the task backend can defer.

    Returns whether a reminder was enqueued (never for past or cancelled events).
    """
    from kombel.programs.tasks import send_event_reminder  # tasks import this module's peers

    backend = send_event_reminder.get_backend()
    starts_at = event_starts_at(event)
    if event.is_cancelled or not backend.supports_defer or starts_at <= timezone.now():
        return False
    run_after = max(starts_at - datetime.timedelta(hours=24), timezone.now())
    send_event_reminder.using(run_after=run_after).enqueue(str(event.pk), starts_at.isoformat())
    return True


# --- school closures ----------------------------------------------------------------------


@transaction.atomic
def closure_add(
    *, school: School, actor: User | None, date: datetime.date, reason: str
) -> SchoolClosure:
    """A day without school activities: the events of that day are cancelled."""
    if SchoolClosure.objects.filter(school=school, date=date).exists():
        raise ValidationError({"date": _("This day is already marked as closed.")})
    closure = SchoolClosure(school=school, date=date, reason=reason)
    closure.full_clean(exclude=["school"])
    closure.save()
    cancelled = 0
    for event in Event.objects.filter(school=school, date=date, is_cancelled=False):
        event.is_cancelled = True
        event.version += 1
        event.save(update_fields=["is_cancelled", "version", "updated_at"])
        cancelled += 1
    log_action(
        "programs.closure.added",
        actor=actor,
        school=school,
        obj=closure,
        data={"date": str(date), "events_cancelled": cancelled},
    )
    return closure


@transaction.atomic
def closure_remove(*, closure: SchoolClosure, actor: User | None) -> None:
    """Remove a closure; running programmes get their generated events of that day back."""
    school, day = closure.school, closure.date
    log_action(
        "programs.closure.removed", actor=actor, school=school, obj=closure, data={"date": str(day)}
    )
    closure.delete()
    for programme in Programme.objects.filter(school=school, start__lte=day, end__gte=day).exclude(
        status=ProgrammeStatus.COMPLETED
    ):
        calendar_generate(programme=programme, actor=actor)
