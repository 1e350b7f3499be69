"""Every write of programmes and their participants."""

import calendar
import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.dates import day_text
from kombel.core.versioning import check_version
from kombel.programs.enums import ENDED, ProgrammeStatus
from kombel.programs.models import (
    Event,
    Material,
    Participant,
    Programme,
)
from kombel.programs.reminders import programme_ended_notify
from kombel.programs.services.calendar import _events_in_use, calendar_generate
from kombel.schools.enums import Role
from kombel.schools.models import Membership, School

PROGRAMME_FIELDS = (
    "title",
    "description",
    "goals",
    "semester",
    "start",
    "end",
    "status",
    "workshop_weekdays",
    "workshop_start",
    "workshop_end",
    "community_interval_weeks",
    "community_weekday",
    "monthly_evaluation",
    "locations",
)
SCHEDULE_FIELDS = (
    "start",
    "end",
    "workshop_weekdays",
    "workshop_start",
    "workshop_end",
    "community_interval_weeks",
    "community_weekday",
    "monthly_evaluation",
    "locations",
)
# A person holding several roles takes part in the role that says most about them.
ROLE_PRIORITY = [
    Role.PRINCIPAL,
    Role.FACILITATOR,
    Role.TEACHER,
    Role.SUPERVISOR,
    Role.MENTOR,
    Role.OPERATOR,
    Role.PARENT,
    Role.COMMUNITY_LEADER,
]


# What one programme may span: a school year at most. It bounds the calendar one save generates
# (a few hundred events, see calendar.MAX_GENERATED_EVENTS) and the programme's pages.
MAX_PROGRAMME_MONTHS = 12


def programme_last_day(start: datetime.date) -> datetime.date:
    """The last day a programme starting on `start` may run (MAX_PROGRAMME_MONTHS later)."""
    year, month = divmod(start.month - 1 + MAX_PROGRAMME_MONTHS, 12)
    year += start.year
    if year > datetime.MAXYEAR:
        return datetime.date.max
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day) - datetime.timedelta(days=1)


def _validate_programme(programme: Programme) -> None:
    errors: dict[str, list[str]] = {}
    if programme.start and programme.end and programme.end < programme.start:
        errors.setdefault("end", []).append(_("The end date must not be before the start date."))
    elif programme.start and programme.end and programme.end > programme_last_day(programme.start):
        errors.setdefault("end", []).append(
            _("A programme lasts at most 12 months: end it on %(last)s or before.")
            % {"last": day_text(programme_last_day(programme.start))}
        )
    if any(not isinstance(d, int) or not 0 <= d <= 5 for d in programme.workshop_weekdays or []):
        errors.setdefault("workshop_weekdays", []).append(
            _("Workshop days must be Monday to Saturday.")
        )
    if programme.community_weekday is not None and not 0 <= programme.community_weekday <= 5:
        errors.setdefault("community_weekday", []).append(
            _("Community meetings must be on Monday to Saturday.")
        )
    if (
        programme.workshop_start
        and programme.workshop_end
        and programme.workshop_end <= programme.workshop_start
    ):
        errors.setdefault("workshop_end", []).append(_("The end must be after the start."))
    semester = programme.semester
    if (
        semester is not None
        and programme.start
        and programme.end
        and not errors.get("end")
        and (programme.start < semester.start or programme.end > semester.end)
    ):
        errors.setdefault("semester", []).append(
            _("The programme must lie within the semester, from %(start)s to %(end)s.")
            % {"start": day_text(semester.start), "end": day_text(semester.end)}
        )
    if errors:
        raise ValidationError(errors)
    programme.full_clean(exclude=["school"])


def _set_materials(programme: Programme, materials: Iterable[Material] | None) -> None:
    if materials is not None:
        programme.materials.set(list(materials))


@transaction.atomic
def programme_create(
    *,
    school: School,
    actor: User | None,
    title: str,
    start: datetime.date,
    end: datetime.date,
    materials: Iterable[Material] | None = None,
    participants: Iterable[User] = (),
    generate: bool = True,
    **fields: Any,
) -> Programme:
    """A new programme of `school` with its calendar; `fields` are further PROGRAMME_FIELDS."""
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    programme = Programme(school=school, title=title, start=start, end=end, **fields)
    _validate_programme(programme)
    programme.save()
    _set_materials(programme, materials)
    log_action(
        "programs.programme.created",
        actor=actor,
        school=school,
        obj=programme,
        data={"start": str(start), "end": str(end)},
    )
    if participants:
        participants_add(programme=programme, actor=actor, users=participants)
    if generate:
        calendar_generate(programme=programme, actor=actor)
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    actor: User | None,
    version: int | None = None,
    materials: Iterable[Material] | None = None,
    regenerate: bool = True,
    **fields: Any,
) -> Programme:
    """Change a programme. `version` is the one the editor loaded: a mismatch is a conflict.

    A change of the period, schedule rules or materials regenerates the calendar.
    """
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    materials = list(materials) if materials is not None else None
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    check_version(current, version)
    changed = {k: str(v) for k, v in fields.items() if getattr(current, k) != v}
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.version = current.version + 1
    _validate_programme(programme)
    programme.save()
    old_materials = set(programme.materials.values_list("pk", flat=True))
    _set_materials(programme, materials)
    if programme.status in ENDED and current.status not in ENDED:
        _cancel_events_after(programme, timezone.localdate())
    rules_changed = bool(set(changed) & set(SCHEDULE_FIELDS)) or (
        materials is not None and {m.pk for m in materials} != old_materials
    )
    if rules_changed and regenerate and programme.status not in ENDED:
        calendar_generate(programme=programme, actor=actor)
    log_action(
        "programs.programme.updated",
        actor=actor,
        school=programme.school,
        obj=programme,
        data=changed,
    )
    return programme


def _participant_role(roles: set[str]) -> str:
    return next(r for r in ROLE_PRIORITY if r in roles)


@transaction.atomic
def participants_add(
    *, programme: Programme, actor: User | None, users: Iterable[User]
) -> list[Participant]:
    """Add people holding a role in the programme's school; their role comes from it.

    People already taking part are left as they are. Anyone outside the school: nothing added.
    """
    wanted = {u.pk: u for u in users}
    roles: dict[Any, set[str]] = {}
    for user_id, role in Membership.objects.filter(
        school=programme.school, user_id__in=list(wanted)
    ).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    outsiders = [str(u) for pk, u in wanted.items() if pk not in roles]
    if outsiders:
        raise ValidationError(
            {
                "users": _("%(names)s do not belong to this school.")
                % {"names": ", ".join(sorted(outsiders))}
            }
        )
    existing = set(
        Participant.objects.filter(programme=programme, user_id__in=list(wanted)).values_list(
            "user_id", flat=True
        )
    )
    new = [
        Participant(programme=programme, user_id=pk, role=_participant_role(roles[pk]))
        for pk in wanted
        if pk not in existing
    ]
    Participant.objects.bulk_create(new)
    if new:
        log_action(
            "programs.participants.added",
            actor=actor,
            school=programme.school,
            obj=programme,
            data={"users": [str(p.user_id) for p in new]},
        )
    return new


def participants_add_role(
    *, programme: Programme, actor: User | None, role: str
) -> list[Participant]:
    """Add every member of the school holding `role` (e.g. all teachers)."""
    if role not in Role.values or role == Role.DISTRICT_OFFICER:
        raise ValidationError({"role": _("Choose a role of the school.")})
    members = User.objects.filter(
        memberships__school=programme.school, memberships__role=role, is_active=True
    ).distinct()
    return participants_add(programme=programme, actor=actor, users=list(members))


@transaction.atomic
def participant_remove(*, participant: Participant, actor: User | None) -> None:
    programme = participant.programme
    log_action(
        "programs.participant.removed",
        actor=actor,
        school=programme.school,
        obj=programme,
        data={"user": str(participant.user_id), "role": participant.role},
    )
    participant.delete()


# --- ending, archiving, deleting -------------------------------------------------------------


def _cancel_events_after(programme: Programme, today: datetime.date) -> int:
    """An ended programme holds no more activities: its events after today are cancelled (kept,
    never deleted: what was recorded stays), so no reminder goes out for them, and everyone
    invited to them is told, once, through the channels of reminders."""
    events = Event.objects.filter(programme=programme, date__gt=today, is_cancelled=False)
    ids = list(events.values_list("pk", flat=True))
    cancelled = Event.objects.filter(pk__in=ids).update(
        is_cancelled=True,
        is_generated=False,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if ids:
        transaction.on_commit(partial(programme_ended_notify, programme.pk, ids))
    return cancelled


def _records_of(programme: Programme) -> bool:
    """Whether anything was recorded in the programme: a community, a questionnaire, an event
    another app attached records to (a workshop session, a meeting)..."""
    own = {Event, Participant}
    for rel in Programme._meta.related_objects:
        if rel.related_model in own or rel.many_to_many or not rel.field.concrete:
            continue
        if rel.related_model._base_manager.filter(**{rel.field.name: programme}).exists():
            return True
    event_ids = list(Event.objects.filter(programme=programme).values_list("pk", flat=True))
    return bool(_events_in_use(event_ids))


@transaction.atomic
def programme_end(
    *, programme: Programme, actor: User | None, version: int | None = None
) -> Programme:
    """End an active (or draft) programme now: it becomes completed, everything recorded is kept,
    and its events after today are cancelled."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    check_version(current, version)
    if current.status in ENDED:
        raise ValidationError({"status": _("The programme has already ended.")})
    today = timezone.localdate()
    cancelled = _cancel_events_after(current, today)
    current.status = ProgrammeStatus.COMPLETED
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    log_action(
        "programs.programme.ended",
        actor=actor,
        school=current.school,
        obj=current,
        data={"cancelled": cancelled},
    )
    return current


@transaction.atomic
def programme_archive(
    *, programme: Programme, actor: User | None, version: int | None = None
) -> Programme:
    """Put an ended programme away: kept whole (and readable from the archive), out of the
    lists of programmes and workshops. An active one is ended first."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    check_version(current, version)
    if current.status == ProgrammeStatus.ARCHIVED:
        raise ValidationError({"status": _("The programme is already archived.")})
    if current.status not in ENDED:
        _cancel_events_after(current, timezone.localdate())
    current.status = ProgrammeStatus.ARCHIVED
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    log_action("programs.programme.archived", actor=actor, school=current.school, obj=current)
    return current


@transaction.atomic
def programme_delete(
    *, programme: Programme, actor: User | None, version: int | None = None
) -> None:
    """Delete a draft programme with its calendar and participants. A programme that is or was
    active, or in which anything was recorded, is never deleted: end or archive it instead."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    check_version(current, version)
    if current.status != ProgrammeStatus.DRAFT:
        raise ValidationError(
            _("Only a draft programme can be deleted; end or archive this one instead."),
            code="conflict",
        )
    if _records_of(current):
        raise ValidationError(
            _(
                "Something was already recorded in this programme (a community, a session, a "
                "questionnaire…): it cannot be deleted; end or archive it instead."
            ),
            code="conflict",
        )
    log_action(
        "programs.programme.deleted",
        actor=actor,
        school=current.school,
        obj=current,
        data={"title": current.title},
    )
    current.delete()
