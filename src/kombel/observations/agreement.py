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

from django.utils.translation import gettext_lazy as _

from kombel.observations import stats
from kombel.observations.enums import ItemKind
from kombel.observations.models import Instrument, Item, Observation, Score
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


def _pairs(
    school: School, instrument: Instrument
) -> tuple[dict[Any, list[dict[str, int]]], dict[str, Item]]:
    """lesson id -> [first observer's {code: value}, second's]; code -> item (newest version)."""
    rows = (
        Score.objects.filter(
            school=school,
            record__observation__instrument_version__instrument=instrument,
            record__submitted_at__isnull=False,
            item__kind=ItemKind.SCALE,
        )
        .order_by()
        .values_list(
            "record__observation_id", "record_id", "record__submitted_at", "item__code", "value"
        )
    )
    by_record: dict[Any, dict[str, int]] = defaultdict(dict)
    records: dict[Any, set[tuple[Any, Any]]] = defaultdict(set)
    for lesson, record, submitted, code, value in rows.iterator(chunk_size=5000):
        if value is not None:
            by_record[record][code] = value
        records[lesson].add((submitted, record))
    pairs = {
        lesson: [by_record[r] for _s, r in sorted(recs)[:2]]
        for lesson, recs in records.items()
        if len(recs) >= 2
    }
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
