"""Agreement between observers, read from the database: per instrument (ICC of the lesson
totals, pooled weighted kappa) and per item (weighted kappa, or Krippendorff's alpha when an
observer missed the item), and where the observers of one lesson disagree.

A lesson counts once it has two submitted records; with more, the first two submitted are the
pair (the ICC needs the same number of raters per lesson). Items are matched by their code
across the instrument's versions. Scale items only: yes/no and text answers are not ordinal.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from kombel.observations import stats
from kombel.observations.enums import ItemKind
from kombel.observations.models import Instrument, Item, Observation, Record, Score
from kombel.schools.models import School

READINGS = {
    "too_few": _("too few lessons to say"),
    "poor": _("poor"),
    "moderate": _("moderate"),
    "good": _("good"),
    "excellent": _("excellent"),
}


@dataclass
class ItemAgreement:
    code: str
    text: str
    text_en: str
    values: list[int]
    kappa: stats.Coefficient
    alpha: stats.Coefficient | None  # when an observer missed the item in some lesson


@dataclass
class InstrumentAgreement:
    instrument: Instrument
    lessons: int  # lessons with two submitted records
    complete: int  # of which both observers scored every scale item (the ICC's n)
    icc_a: stats.Coefficient
    icc_c: stats.Coefficient
    kappa: stats.Coefficient  # pooled over the items, when they share one scale
    items: list[ItemAgreement] = field(default_factory=list)


def _raw(qs: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the database returns them, without Django's
    per-value converters (200,000 UUIDs and datetimes cost seconds). Ids stay in the
    database's own form: they are only compared with each other."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _pairs(
    school: School, instrument: Instrument
) -> tuple[dict[Any, list[dict[str, int]]], dict[str, Item]]:
    """lesson id -> [first observer's {code: value}, second's]; code -> item (newest version)."""
    records = _raw(
        Record.objects.filter(
            school=school,
            observation__instrument_version__instrument=instrument,
            submitted_at__isnull=False,
        )
        .order_by()
        .values_list("pk", "observation_id", "submitted_at")
    )
    by_lesson: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
    for record, lesson, submitted in records:
        by_lesson[lesson].append((submitted, record))
    slots: dict[Any, tuple[Any, int]] = {}  # record -> (lesson, 0 or 1)
    for lesson, recs in by_lesson.items():
        if len(recs) >= 2:
            for slot, (_s, record) in enumerate(sorted(recs)[:2]):
                slots[record] = (lesson, slot)
    item_rows = _raw(
        Item.objects.filter(version__instrument=instrument, kind=ItemKind.SCALE)
        .order_by()
        .values_list("pk", "code")
    )
    code_of = dict(item_rows)
    pairs: dict[Any, list[dict[str, int]]] = {}
    for record, item, value in _raw(
        Score.objects.filter(
            school=school,
            record__observation__instrument_version__instrument=instrument,
            record__submitted_at__isnull=False,
            item__kind=ItemKind.SCALE,
            value__isnull=False,
        )
        .order_by()
        .values_list("record_id", "item_id", "value")
    ):
        place = slots.get(record)
        if place is None:
            continue
        lesson, position = place
        pair = pairs.get(lesson)
        if pair is None:
            pair = pairs[lesson] = [{}, {}]
        pair[position][code_of[item]] = value
    for lesson, recs in by_lesson.items():  # a pair that scored nothing still counts
        if len(recs) >= 2 and lesson not in pairs:
            pairs[lesson] = [{}, {}]
    items: dict[str, Item] = {}
    for item in Item.objects.filter(version__instrument=instrument, kind=ItemKind.SCALE).order_by(
        "version__number", "section__order", "order"
    ):
        items[item.code] = item  # the newest version's wording wins
    return pairs, items


def instrument_agreement(school: School, instrument: Instrument) -> InstrumentAgreement:
    pairs, items = _pairs(school, instrument)
    codes = list(items)
    totals = []
    for first, second in pairs.values():
        scored = [c for c in codes if c in first or c in second]
        if scored and all(c in first and c in second for c in scored):
            totals.append([sum(first[c] for c in scored), sum(second[c] for c in scored)])
    icc_a, icc_c = stats.icc(totals)
    per_item = []
    pooled_first: list[int] = []
    pooled_second: list[int] = []
    scales = {tuple(item.values) for item in items.values()}
    for code, item in items.items():
        a = [p[0].get(code) for p in pairs.values()]
        b = [p[1].get(code) for p in pairs.values()]
        both = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
        seen = [(x, y) for x, y in zip(a, b, strict=True) if x is not None or y is not None]
        first_values = [x for x, _y in both]
        second_values = [y for _x, y in both]
        pooled_first += first_values
        pooled_second += second_values
        kappa = stats.weighted_kappa(first_values, second_values, item.values)
        alpha = None
        if len(seen) > len(both):
            alpha = stats.ordinal_alpha([[x for x, _y in seen], [y for _x, y in seen]], item.values)
        per_item.append(ItemAgreement(code, item.text, item.text_en, item.values, kappa, alpha))
    if len(scales) == 1:
        pooled = stats.weighted_kappa(pooled_first, pooled_second, list(next(iter(scales))))
    else:
        pooled = stats.Coefficient("weighted kappa", None, None, None, len(pooled_first), "too_few")
    return InstrumentAgreement(instrument, len(pairs), len(totals), icc_a, icc_c, pooled, per_item)


def school_agreement(school: School) -> list[InstrumentAgreement]:
    """Every instrument of the school that has at least one lesson seen by two observers."""
    with_pairs = (
        Observation.objects.filter(school=school, records__submitted_at__isnull=False)
        .values_list("instrument_version__instrument_id", flat=True)
        .distinct()
    )
    instruments = Instrument.objects.filter(school=school, pk__in=list(with_pairs)).order_by("name")
    return [a for a in (instrument_agreement(school, i) for i in instruments) if a.lessons]


@dataclass
class ItemScores:
    item: Item
    values: list[int | None]  # per observer, in the order of `observers`
    notes: list[str]
    spread: int  # highest minus lowest score given

    @property
    def disagree(self) -> bool:
        return self.spread > 0


def disagreement(observation: Observation, records: list[Any]) -> list[ItemScores]:
    """Each scale or yes/no item of one lesson with every observer's score, largest spread
    first (two queries)."""
    scores = {
        (s.record_id, s.item_id): s for s in Score.objects.filter(record__observation=observation)
    }
    rows = []
    for item in Item.objects.filter(version_id=observation.instrument_version_id).order_by(
        "section__order", "order"
    ):
        if not item.is_scored:
            continue
        given = [scores.get((r.pk, item.pk)) for r in records]
        values = [s.value if s else None for s in given]
        present = [v for v in values if v is not None]
        spread = max(present) - min(present) if len(present) > 1 else 0
        rows.append(ItemScores(item, values, [s.note if s else "" for s in given], spread))
    return sorted(rows, key=lambda r: -r.spread)
