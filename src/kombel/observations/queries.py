"""Reads of the observations app shared by pages, the API and other parts of Kombel.

Visibility (rules.py): the school's overseers (principal, supervisors, mentors) see every
observation; a teacher sees those they observe or are observed in, and those shared with the
school's teachers once released. One object of the school, or 404 for missing and foreign
alike; the view then checks the permission (403 inside one's own school).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.dates import day_text
from kombel.core.extensions import SourceInfo
from kombel.core.http import one_or_404
from kombel.observations.enums import Stage, VersionStatus
from kombel.observations.models import (
    Instrument,
    InstrumentVersion,
    Item,
    LessonStudyCycle,
    Note,
    Observation,
    Record,
    Score,
    Section,
    Visit,
)
from kombel.schools.access import has_capability
from kombel.schools.enums import STAFF_ROLES, TEACHING_ROLES
from kombel.schools.models import Membership, School


def english() -> bool:
    return (get_language() or "id").startswith("en")


# --- instruments -------------------------------------------------------------------------------


def instruments_for_user(school: School, user: Any) -> QuerySet[Instrument]:
    """Every instrument of the school (they are no secret to its staff)."""
    return Instrument.objects.filter(school=school).order_by("-shipped", "name")


def get_instrument_for_user(school: School, user: Any, pk: Any) -> Instrument:
    return one_or_404(Instrument.objects.filter(school=school).select_related("school"), pk)


def get_item(instrument: Instrument, pk: Any) -> Item:
    """An item of any version of the instrument (404 for missing and another's); the services
    refuse changes outside the draft."""
    return one_or_404(
        Item.objects.filter(version__instrument=instrument).select_related("version"), pk
    )


def get_section(instrument: Instrument, pk: Any) -> Section:
    return one_or_404(
        Section.objects.filter(version__instrument=instrument).select_related("version"), pk
    )


def published_versions(school: School) -> QuerySet[InstrumentVersion]:
    """The newest version in use of each instrument (what a new observation takes)."""
    versions = InstrumentVersion.objects.filter(school=school, status=VersionStatus.PUBLISHED)
    newest: dict[Any, InstrumentVersion] = {}
    for v in versions.select_related("instrument").order_by("instrument__name", "-number"):
        newest.setdefault(v.instrument_id, v)
    return versions.filter(pk__in=[v.pk for v in newest.values()]).select_related("instrument")


@dataclass
class SheetSection:
    section: Section
    items: list[Item]


def sheet(version: InstrumentVersion) -> list[SheetSection]:
    """A version's sections with their items (two queries)."""
    items = list(Item.objects.filter(version=version).order_by("order"))
    sections = []
    for section in Section.objects.filter(version=version).order_by("order"):
        sections.append(SheetSection(section, [i for i in items if i.section_id == section.pk]))
    return sections


# --- observations ------------------------------------------------------------------------------


def _observation_qs(school: School) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(school=school)
        .select_related(
            "instrument_version__instrument", "teacher", "school_class", "school", "lesson_plan"
        )
        .prefetch_related(Prefetch("records", queryset=Record.objects.select_related("observer")))
    )


def observations_for_user(school: School, user: Any) -> QuerySet[Observation]:
    """All the school's for those who oversee its teaching; else the ones the user observes or
    is observed in, and those shared with the school's teachers after release."""
    qs = _observation_qs(school)
    if has_capability(user, school, "observation.view_all"):
        return qs
    return qs.filter(
        Q(teacher=user) | Q(records__observer=user) | Q(shared=True, released_at__isnull=False)
    ).distinct()


def get_observation_for_user(school: School, user: Any, pk: Any) -> Observation:
    """One of `observations_for_user`: 404 for missing, foreign and what the user may not see
    (the API's lookups)."""
    return one_or_404(observations_for_user(school, user), pk)


def get_observation(school: School, pk: Any) -> Observation:
    """The school's observation (404 for missing and foreign); the caller then checks the
    permission with `require_perm` (a page answers 403 inside one's own school)."""
    return one_or_404(_observation_qs(school), pk)


@dataclass
class Actor:
    who: str
    what: str


def next_actors(observation: Observation) -> list[Actor]:
    """Who acts next, and what they do (the page says it in words)."""
    teacher = observation.teacher.full_name
    records = list(observation.records.all())
    stage = observation.stage
    if stage == Stage.PREPARATION:
        return [
            Actor(teacher, _("agrees the focus and gives the lesson plan")),
            Actor(
                ", ".join(r.observer.full_name for r in records),
                _("observe the lesson and record it"),
            ),
        ]
    if stage == Stage.OBSERVATION:
        waiting = [r.observer.full_name for r in records if r.submitted_at is None]
        if waiting:
            return [Actor(", ".join(waiting), _("submit their record"))]
        return [
            Actor(
                ", ".join(r.observer.full_name for r in records),
                _("hold the follow-up discussion with the teacher"),
            )
        ]
    if stage == Stage.DISCUSSION:
        return [
            Actor(
                ", ".join(r.observer.full_name for r in records),
                _("write what the discussion agreed and the follow-ups"),
            )
        ]
    if stage == Stage.ACTION:
        return [Actor(teacher, _("carries out the agreed follow-ups"))]
    if stage == Stage.REFLECTION:
        return [Actor(teacher, _("writes their reflection"))]
    return []


@dataclass
class RecordView:
    record: Record
    scores: dict[Any, Score] = field(default_factory=dict)  # item id -> score
    notes: list[Note] = field(default_factory=list)


def records_of(observation: Observation) -> list[RecordView]:
    """Every observer's record with scores and notes (three queries)."""
    records = list(observation.records.all())
    views = {r.pk: RecordView(r) for r in records}
    for score in Score.objects.filter(record__observation=observation):
        views[score.record_id].scores[score.item_id] = score
    for note in Note.objects.filter(record__observation=observation).order_by("taken_at"):
        views[note.record_id].notes.append(note)
    return [views[r.pk] for r in records]


def get_note(observation: Observation, pk: Any) -> Note:
    """A note of one of the observation's records (404 for missing and another's)."""
    return one_or_404(Note.objects.filter(record__observation=observation), pk)


def my_record(observation: Observation, user: Any) -> Record | None:
    return next((r for r in observation.records.all() if r.observer_id == user.pk), None)


def observation_source_info(observation: Observation) -> SourceInfo:
    when = day_text(observation.starts_at)
    return SourceInfo(
        label=f"{_('Observation')} {observation.teacher.full_name} · {when}",
        url=reverse("observations:detail", args=[observation.school.npsn, observation.pk]),
        date=observation.starts_at.date(),
    )


def observation_owners(observation: Observation) -> QuerySet[User]:
    """Who may own a follow-up of an observation: the observed teacher and the observers."""
    ids = [observation.teacher_id, *observation.records.values_list("observer_id", flat=True)]
    return User.objects.filter(pk__in=ids).order_by("full_name")


def teachers_of(school: School) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(school=school, role__in=TEACHING_ROLES).values("user_id")
    ).order_by("full_name")


def staff_of(school: School) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(school=school, role__in=STAFF_ROLES).values("user_id")
    ).order_by("full_name")


def home_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Home: lessons I am to observe (my record not submitted) and observations of my lessons
    that are under way (one query: the home page's query budget is shared by every panel)."""
    user = request.user
    to_record = Q(
        records__observer=user,
        records__submitted_at__isnull=True,
        stage__in=[Stage.PREPARATION, Stage.OBSERVATION],
    )
    observations = list(
        Observation.objects.filter(school_id__in=[s.pk for s in schools])
        .filter(to_record | (Q(teacher=user) & ~Q(stage=Stage.DONE)))
        .annotate(is_mine=Q(teacher=user))
        .select_related("school", "teacher")
        .distinct()
        .order_by("starts_at")[:10]
    )
    mine = [o for o in observations if o.is_mine][:5]
    to_observe = [o for o in observations if not o.is_mine][:5]
    if not to_observe and not mine:
        return None
    return {"to_observe": to_observe, "mine": mine}


# --- visits ------------------------------------------------------------------------------------


def with_teacher_ids(visits: Iterable[Visit]) -> list[Visit]:
    visits = list(visits)
    for v in visits:
        v.teacher_ids = [t.pk for t in v.teachers.all()]  # type: ignore[attr-defined]
    return visits


def _visit_qs(school: School) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(school=school)
        .select_related("mentor", "school_class", "school", "previous")
        .prefetch_related("teachers")
    )


def visit_rows_for_user(school: School, user: Any) -> QuerySet[Visit]:
    """All for the overseers; a mentor's own; a teacher's visits they were part of (a
    queryset, for a list that cuts its page in SQL: `with_teacher_ids` each page)."""
    qs = _visit_qs(school)
    if not has_capability(user, school, "visit.view_all"):
        qs = qs.filter(Q(mentor=user) | Q(teachers=user)).distinct()
    return qs


def visits_for_user(school: School, user: Any) -> list[Visit]:
    """`visit_rows_for_user`, each with its `teacher_ids` (for the rules)."""
    return with_teacher_ids(visit_rows_for_user(school, user))


def get_visit_for_user(school: School, user: Any, pk: Any) -> Visit:
    return with_teacher_ids([one_or_404(_visit_qs(school), pk)])[0]


def visit_source_info(visit: Visit) -> SourceInfo:
    when = day_text(visit.visited_on)
    return SourceInfo(
        label=f"{_('Mentoring visit')} · {when}",
        url=reverse("observations:visit", args=[visit.school.npsn, visit.pk]),
        date=visit.visited_on,
    )


def visit_owners(visit: Visit) -> QuerySet[User]:
    ids = [visit.mentor_id, *visit.teachers.values_list("pk", flat=True)]
    return User.objects.filter(pk__in=ids).order_by("full_name")


# --- lesson-study cycles -----------------------------------------------------------------------


def _cycle_qs(school: School) -> QuerySet[LessonStudyCycle]:
    return (
        LessonStudyCycle.objects.filter(school=school)
        .select_related("teacher", "school_class", "school", "lesson_plan")
        .prefetch_related("members")
    )


def cycles_for_user(school: School, user: Any) -> QuerySet[LessonStudyCycle]:
    return _cycle_qs(school)


def get_cycle_for_user(school: School, user: Any, pk: Any) -> LessonStudyCycle:
    cycle = one_or_404(_cycle_qs(school), pk)
    cycle.member_ids = [m.pk for m in cycle.members.all()]  # type: ignore[attr-defined]
    return cycle
