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


@dataclass
class _Scores:
    """One instrument's lessons with two submitted records: values[lesson, observer, item]
    (NaN: not scored), the items in column order (by code, the newest version's wording)."""

    items: list[Item]
    values: Any  # numpy array, lessons x 2 x items


def _school_scores(school: School) -> dict[Any, _Scores]:
    """instrument id -> its lessons' scores, in three queries for the whole school whatever
    the number of lessons: the scale items, the submitted records (in pair order), the scores
    (read raw, without Django's converters, and arranged with numpy)."""
    import numpy as np

    items = list(
        Item.objects.filter(school=school, kind=ItemKind.SCALE)
        .select_related("version")
        .order_by("version__number", "section__order", "order")
    )
    columns: dict[Any, dict[str, Item]] = defaultdict(dict)  # instrument -> code -> item
    for item in items:
        by_code = columns[db_id(item.version.instrument_id)]
        by_code.pop(item.code, None)
        by_code[item.code] = item  # the newest version's wording, and its order, win
    position = {i: {code: n for n, code in enumerate(c)} for i, c in columns.items()}
    # The pair of a lesson: its first two submitted records.
    records = _raw(
        Record.objects.filter(school=school, submitted_at__isnull=False)
        .order_by("observation_id", "submitted_at", "pk")
        .values_list("pk", "observation_id", "observation__instrument_version__instrument_id")
    )
    place: dict[Any, int] = {}  # record -> lesson number * 2 + its place in the pair
    lesson_instrument: list[Any] = []
    previous, taken = None, 0
    for n, (record, lesson, instrument) in enumerate(records):
        if lesson != previous:
            previous, taken = lesson, 0
        if taken == 1:
            lesson_instrument.append(instrument)
            place[records[n - 1][0]] = 2 * len(lesson_instrument) - 2
            place[record] = 2 * len(lesson_instrument) - 1
        taken += 1
    if not lesson_instrument:
        return {}
    with connection.cursor() as cursor:
        sql, params = (
            Score.objects.filter(school=school, item__kind=ItemKind.SCALE, value__isnull=False)
            .order_by()
            .values_list("record_id", "item_id", "value")
            .query.sql_with_params()
        )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=object).reshape(-1, 3)
    del rows
    at = _lookup(place, table[:, 0])
    item_at = _lookup({db_id(i.pk): n for n, i in enumerate(items)}, table[:, 1])
    value = table[:, 2].astype(float)
    kept = (at >= 0) & (item_at >= 0)
    at, item_at, value = at[kept], item_at[kept], value[kept]
    lesson, slot = at // 2, at % 2
    number = {i: n for n, i in enumerate(dict.fromkeys(lesson_instrument))}
    per_lesson = np.array([number[i] for i in lesson_instrument])
    item_instrument = np.array([number.get(db_id(i.version.instrument_id), -1) for i in items])
    item_column = np.array([position[db_id(i.version.instrument_id)][i.code] for i in items])
    result = {}
    for instrument, n in number.items():
        by_code = columns.get(instrument, {})
        mine = per_lesson == n
        local = np.cumsum(mine) - 1  # lesson number -> row among this instrument's lessons
        values = np.full((int(mine.sum()), 2, len(by_code)), np.nan)
        chosen = mine[lesson] & (item_instrument[item_at] == n)
        values[local[lesson[chosen]], slot[chosen], item_column[item_at[chosen]]] = value[chosen]
        result[instrument] = _Scores(list(by_code.values()), values)
    return result


def _lookup(numbers: dict[Any, int], keys: Any) -> Any:
    """numbers[key] for each of an array of keys, -1 for a key not there (hashed by pandas)."""
    import numpy as np
    import pandas as pd

    found = pd.Index(list(numbers)).get_indexer(keys)
    return np.array([*numbers.values(), -1], dtype=np.int64)[found]


def db_id(pk: Any) -> Any:
    """A primary key as _raw returns it (SQLite keeps UUIDs as 32 hex digits)."""
    return pk.hex if connection.vendor == "sqlite" else pk


def _agreement(instrument: Instrument, data: _Scores) -> InstrumentAgreement:
    import numpy as np

    values = data.values
    present = ~np.isnan(values)
    lessons = values.shape[0]
    # A lesson counts for the ICC when both observers scored the same items, at least one.
    complete = present.any(axis=(1, 2)) & (present[:, 0, :] == present[:, 1, :]).all(axis=1)
    totals = np.nansum(values[complete], axis=2)
    icc_a, icc_c = stats.icc(totals)
    per_item = []
    pooled: list[Any] = [[], [], []]
    for column, item in enumerate(data.items):
        both = present[:, 0, column] & present[:, 1, column]
        seen = present[:, 0, column] | present[:, 1, column]
        first = values[both, 0, column].astype(int)
        second = values[both, 1, column].astype(int)
        pooled[0].append(first)
        pooled[1].append(second)
        pooled[2].append(np.flatnonzero(both))
        kappa = stats.weighted_kappa(first, second, item.values)
        alpha = None
        if seen.sum() > both.sum():
            gappy = values[seen, :, column].T
            alpha = stats.ordinal_alpha(gappy, item.values)
        per_item.append(
            ItemAgreement(item.code, item.text, item.text_en, item.values, kappa, alpha)
        )
    scales = {tuple(item.values) for item in data.items}
    if len(scales) == 1:
        pooled_kappa = stats.weighted_kappa(
            np.concatenate(pooled[0]),
            np.concatenate(pooled[1]),
            list(next(iter(scales))),
            lessons=np.concatenate(pooled[2]),
        )
    else:
        n = int(sum(len(x) for x in pooled[0]))
        pooled_kappa = stats.Coefficient("weighted kappa", None, None, None, n, "too_few")
    return InstrumentAgreement(
        instrument, lessons, int(complete.sum()), icc_a, icc_c, pooled_kappa, per_item
    )


def instrument_agreement(school: School, instrument: Instrument) -> InstrumentAgreement:
    import numpy as np

    data = _school_scores(school).get(db_id(instrument.pk))
    return _agreement(instrument, data or _Scores([], np.full((0, 2, 0), np.nan)))


def school_agreement(school: School) -> list[InstrumentAgreement]:
    """Every instrument of the school that has at least one lesson seen by two observers
    (four queries, whatever the number of lessons)."""
    data = _school_scores(school)
    if not data:
        return []
    instruments = Instrument.objects.filter(school=school).order_by("name")
    return [_agreement(i, data[db_id(i.pk)]) for i in instruments if db_id(i.pk) in data]


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
