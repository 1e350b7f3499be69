"""A teacher's observation scores over the programme, by section, and the school's picture."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.utils import timezone

from kombel.observations.enums import Competency, ItemKind
from kombel.observations.models import Instrument, Item, Observation, Score
from kombel.schools.models import School


@dataclass
class Point:
    day: datetime.date
    observation_id: Any
    by_section: dict[str, float]  # section title -> mean score of every observer's items


@dataclass
class Growth:
    instrument: Instrument | None
    sections: list[str]
    points: list[Point] = field(default_factory=list)
    low: int = 1
    high: int = 3
    step: int = 1  # between the chart's grid lines


def _rows(school: School, instrument: Instrument, **filters: Any) -> Any:
    return (
        Score.objects.filter(
            school=school,
            record__observation__instrument_version__instrument=instrument,
            record__submitted_at__isnull=False,
            item__kind=ItemKind.SCALE,
            value__isnull=False,
            **filters,
        )
        .order_by()
        .values_list(
            "record__observation_id",
            "record__observation__starts_at",
            "record__observation__teacher_id",
            "item__section__order",
            "item__section__title",
            "value",
        )
    )


def instrument_for_growth(school: School, teacher: Any | None = None) -> Instrument | None:
    """The instrument most used (for this teacher): the one the chart shows by default."""
    qs = Observation.objects.filter(school=school)
    if teacher is not None:
        qs = qs.filter(teacher=teacher)
    counts: dict[Any, int] = defaultdict(int)
    for instrument_id in qs.values_list("instrument_version__instrument_id", flat=True):
        counts[instrument_id] += 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return Instrument.objects.filter(pk=best).first()


def _scale(instrument: Instrument) -> tuple[int, int]:
    values = [
        int(level["value"])
        for version in instrument.versions.all()[:1]
        for item in version.items.filter(kind=ItemKind.SCALE)[:1]
        for level in item.levels
    ]
    return (min(values), max(values)) if values else (1, 3)


def teacher_growth(school: School, teacher: Any, instrument: Instrument | None) -> Growth:
    if instrument is None:
        return Growth(None, [])
    by_obs: dict[Any, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    days: dict[Any, datetime.date] = {}
    order: dict[str, int] = {}
    for obs, starts, _t, s_order, title, value in _rows(
        school, instrument, record__observation__teacher=teacher
    ):
        by_obs[obs][title].append(value)
        days[obs] = timezone.localtime(starts).date()
        order[title] = s_order
    sections = sorted(order, key=lambda t: order[t])
    points = [
        Point(days[obs], obs, {t: round(mean(v), 2) for t, v in sections_.items()})
        for obs, sections_ in by_obs.items()
    ]
    points.sort(key=lambda p: p.day)
    low, high = _scale(instrument)
    return Growth(instrument, sections, points, low, high)


@dataclass
class TeacherSummary:
    teacher_id: Any
    name: str
    lessons: int
    first: float | None
    last: float | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.last is None:
            return None
        return round(self.last - self.first, 2)


def school_growth(
    school: School, instrument: Instrument | None, names: dict[Any, str]
) -> tuple[Growth, list[TeacherSummary]]:
    """The school's mean by section, month by month, and each teacher's first and latest lesson
    mean: the distribution the principal reads."""
    if instrument is None:
        return Growth(None, []), []
    by_month: dict[datetime.date, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    lessons: dict[Any, dict[Any, list[int]]] = defaultdict(lambda: defaultdict(list))
    days: dict[Any, datetime.date] = {}
    order: dict[str, int] = {}
    for obs, starts, teacher, s_order, title, value in _rows(school, instrument):
        day = timezone.localtime(starts).date()
        by_month[day.replace(day=1)][title].append(value)
        lessons[teacher][obs].append(value)
        days[obs] = day
        order[title] = s_order
    sections = sorted(order, key=lambda t: order[t])
    points = [
        Point(month, None, {t: round(mean(v), 2) for t, v in by_section.items()})
        for month, by_section in sorted(by_month.items())
    ]
    summaries = []
    for teacher, obs_values in lessons.items():
        ordered = sorted(obs_values, key=lambda o: days[o])
        means = [mean(obs_values[o]) for o in ordered]
        summaries.append(
            TeacherSummary(
                teacher,
                names.get(teacher, ""),
                len(ordered),
                round(means[0], 2),
                round(means[-1], 2),
            )
        )
    summaries.sort(key=lambda s: s.name)
    low, high = _scale(instrument)
    return Growth(instrument, sections, points, low, high), summaries


def competency_growth(school: School, teacher: Any, *, released_only: bool) -> Growth:
    """A teacher's lessons, each with the mean per competency (pedagogical, personal, social,
    professional) of the tagged scale items, over every instrument: each score as a percentage
    of its item's scale (0 the lowest level, 100 the highest), so that sheets with different
    scales add up. `released_only`: what the teacher themselves may see. Two queries."""
    rows = Score.objects.filter(
        school=school,
        record__observation__teacher=teacher,
        record__submitted_at__isnull=False,
        item__kind=ItemKind.SCALE,
        value__isnull=False,
    ).exclude(item__competency="")
    if released_only:
        rows = rows.filter(record__observation__released_at__isnull=False)
    found = list(
        rows.order_by().values_list(
            "record__observation_id", "record__observation__starts_at", "item_id", "value"
        )
    )
    items = Item.objects.filter(school=school, pk__in={item for _o, _s, item, _v in found})
    scale: dict[Any, tuple[str, int, int]] = {}
    for item in items.only("pk", "competency", "levels", "kind"):
        values = item.values
        if len(values) > 1:
            scale[item.pk] = (item.competency, min(values), max(values))
    labels = dict(Competency.choices)
    by_obs: dict[Any, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    days: dict[Any, datetime.date] = {}
    for obs, starts, item_id, value in found:
        if item_id not in scale or value is None:
            continue
        competency, low, high = scale[item_id]
        by_obs[obs][str(labels[competency])].append(100 * (value - low) / (high - low))
        days[obs] = timezone.localtime(starts).date()
    present = {c for sections in by_obs.values() for c in sections}
    sections = [str(label) for label in labels.values() if str(label) in present]
    points = [
        Point(days[obs], obs, {t: round(mean(v)) for t, v in sorted(values.items())})
        for obs, values in by_obs.items()
    ]
    points.sort(key=lambda p: p.day)
    return Growth(None, sections, points, 0, 100, 25)


@dataclass
class SchoolCompetencies:
    school: School
    lessons: int
    # competency label -> (mean % in the first month with lessons, in the latest month)
    by_competency: dict[str, tuple[int, int]]
    first_month: datetime.date | None
    last_month: datetime.date | None


def supervised_growth(user: Any) -> list[SchoolCompetencies]:
    """For a supervisor: each school they supervise (their supervisor membership, nothing
    else) with its observed lessons' mean per competency in the first and the latest month,
    each score as a share of its item's scale. Three queries, whatever the number of schools;
    reads inside a scope of exactly those schools."""
    from django_scopes import scope, scopes_disabled

    from kombel.schools.enums import Role
    from kombel.schools.models import Membership

    with scopes_disabled():  # the user's own memberships, in every school
        schools = [
            m.school
            for m in Membership.objects.filter(user=user, role=Role.SUPERVISOR)
            .select_related("school")
            .order_by("school__name")
        ]
    ids = [school.pk for school in schools]
    with scope(school=ids):
        found = list(
            Score.objects.filter(
                school__in=ids,
                record__submitted_at__isnull=False,
                item__kind=ItemKind.SCALE,
                value__isnull=False,
            )
            .exclude(item__competency="")
            .order_by()
            .values_list(
                "school_id",
                "record__observation_id",
                "record__observation__starts_at",
                "item_id",
                "value",
            )
        )
        scale: dict[Any, tuple[str, int, int]] = {}
        for item in Item.objects.filter(school__in=ids, pk__in={row[3] for row in found}).only(
            "pk", "competency", "levels", "kind"
        ):
            values = item.values
            if len(values) > 1:
                scale[item.pk] = (item.competency, min(values), max(values))
    labels = dict(Competency.choices)
    months: dict[Any, dict[datetime.date, dict[str, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    lessons: dict[Any, set[Any]] = defaultdict(set)
    for school_id, obs, starts, item_id, value in found:
        if item_id not in scale or value is None:
            continue
        competency, low, high = scale[item_id]
        month = timezone.localtime(starts).date().replace(day=1)
        share = 100 * (value - low) / (high - low)
        months[school_id][month][str(labels[competency])].append(share)
        lessons[school_id].add(obs)
    result = []
    for school in schools:
        by_month = months.get(school.pk, {})
        ordered = sorted(by_month)
        by_competency = {}
        for label in (str(label) for label in labels.values()):
            present = [m for m in ordered if label in by_month[m]]
            if present:
                by_competency[label] = (
                    round(mean(by_month[present[0]][label])),
                    round(mean(by_month[present[-1]][label])),
                )
        result.append(
            SchoolCompetencies(
                school,
                len(lessons.get(school.pk, ())),
                by_competency,
                ordered[0] if ordered else None,
                ordered[-1] if ordered else None,
            )
        )
    return result
