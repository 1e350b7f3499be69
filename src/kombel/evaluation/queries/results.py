"""The numbers of the monthly evaluation: per wave and construct, and change across waves.

Reading a wave costs two queries whatever its size (the items, then every submitted response's
answers as one JSON object each); the statistics run on a respondents x items matrix
(stats.py). Scoring: a reverse-scored item counts (k + 1) - answer; a respondent's construct
score is the mean of the construct's items they answered, when they answered at least half of
them; Cronbach's alpha uses complete answers only (listwise).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db.models import Count, Max, Q

from kombel.evaluation import stats
from kombel.evaluation.enums import ItemKind, ResponseStatus, WaveKind
from kombel.evaluation.models import Construct, Item, Response, Wave

NumberArray = Any
_T = TypeVar("_T")


@dataclass
class WaveData:
    """A wave's submitted answers: one row per response, one column per Likert item (NaN where
    unanswered), already reverse-scored; `respondents` holds the respondent id of each row
    (None for anonymous and imported responses)."""

    wave: Wave
    items: list[Item]
    matrix: NumberArray
    respondents: list[Any]

    @property
    def n(self) -> int:
        return int(self.matrix.shape[0])

    def columns(self, construct: Construct) -> NumberArray:
        index = [i for i, item in enumerate(self.items) if item.construct_id == construct.pk]
        return self.matrix[:, index]

    def scores(self, construct: Construct) -> NumberArray:
        """Each respondent's construct score (NaN when fewer than half the items answered)."""
        import numpy as np

        block = self.columns(construct)
        if block.shape[1] == 0:
            return np.full(self.n, np.nan)
        answered = (~np.isnan(block)).sum(axis=1)
        means = np.where(answered > 0, np.nansum(block, axis=1) / np.maximum(answered, 1), np.nan)
        return np.where(answered * 2 >= block.shape[1], means, np.nan)


def likert_items(wave: Wave) -> list[Item]:
    return list(
        Item.objects.filter(questionnaire_id=wave.questionnaire_id, kind=ItemKind.LIKERT)
        .select_related("scale")
        .order_by("order")
    )


def wave_data(wave: Wave, items: list[Item] | None = None) -> WaveData:
    import numpy as np

    items = likert_items(wave) if items is None else items
    flips = np.array(
        [(item.scale.points + 1) if item.reverse and item.scale else 0 for item in items]
    )
    rows = Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED).values_list(
        "respondent_id", "vector"
    )
    respondents: list[Any] = []
    vectors: list[str] = []
    for respondent, vector in rows.iterator(chunk_size=5000):
        respondents.append(respondent)
        vectors.append(vector)
    width = max((item.slot for item in items), default=-1) + 1
    # One byte per answer: every respondent's digits side by side, read as one array.
    packed = "".join(v.ljust(width, "0")[:width] for v in vectors).encode("ascii")
    digits = np.frombuffer(packed, dtype=np.uint8).reshape(len(vectors), width)
    matrix = digits[:, [item.slot for item in items]].astype(float) - ord("0")
    matrix[matrix == 0] = np.nan
    reverse = flips > 0
    if reverse.any():
        matrix[:, reverse] = flips[reverse] - matrix[:, reverse]
    return WaveData(wave, items, matrix, respondents)


@dataclass
class ConstructResult:
    construct: Construct
    points: int
    scale: Any  # models.Scale of the construct's items (its labels)
    summary: stats.Summary
    distribution: list[int]
    alpha: stats.Alpha

    @property
    def answers(self) -> int:
        return sum(self.distribution)


def _points(data: WaveData, construct: Construct) -> int:
    scales = [i.scale.points for i in data.items if i.construct_id == construct.pk and i.scale]
    return max(scales) if scales else 0


def construct_results(data: WaveData, constructs: list[Construct]) -> list[ConstructResult]:
    results = []
    for construct in constructs:
        block = data.columns(construct)
        if block.shape[1] == 0:
            continue
        points = _points(data, construct)
        scale = next(i.scale for i in data.items if i.construct_id == construct.pk)
        results.append(
            ConstructResult(
                construct=construct,
                points=points,
                scale=scale,
                summary=stats.summary(data.scores(construct)),
                distribution=stats.distribution(block, points),
                alpha=stats.cronbach_alpha(block),
            )
        )
    return results


def constructs_of(wave: Wave) -> list[Construct]:
    return list(Construct.objects.filter(questionnaire_id=wave.questionnaire_id).order_by("order"))


@dataclass
class ChangeResult:
    """One construct from an earlier wave to a later one."""

    construct: Construct
    comparison: stats.Comparison
    gain: stats.Gain | None
    points: int


def compare(before: WaveData, after: WaveData, constructs: list[Construct]) -> list[ChangeResult]:
    """Named waves: the respondents who answered both, paired. Otherwise two independent
    groups. Hake's gain on the same respondents (paired) or the two groups' means."""
    import numpy as np

    paired = not before.wave.anonymous and not after.wave.anonymous
    index = {r: i for i, r in enumerate(before.respondents) if r is not None}
    matched = [(index[r], j) for j, r in enumerate(after.respondents) if r in index]
    first_rows = np.array([i for i, _j in matched], dtype=int)
    second_rows = np.array([j for _i, j in matched], dtype=int)
    results = []
    for construct in constructs:
        points = _points(after, construct)
        if not points:
            continue
        x, y = before.scores(construct), after.scores(construct)
        if paired:
            xs, ys = x[first_rows], y[second_rows]
            comparison = stats.paired_comparison(xs, ys)
            gain = stats.normalised_gain(xs, ys, minimum=1, maximum=points)
        else:
            comparison = stats.independent_comparison(x, y)
            gain = stats.normalised_gain(x, y, minimum=1, maximum=points, matched=False)
        results.append(ChangeResult(construct, comparison, gain, points))
    return results


WAVE_ORDER: dict[str, int] = {WaveKind.BASELINE: 0, WaveKind.MONTHLY: 1, WaveKind.ENDLINE: 2}


def programme_waves(wave: Wave) -> list[Wave]:
    """The waves of the same questionnaire in the same programme, baseline first, then by
    month, the end last."""
    waves = list(
        Wave.objects.filter(programme_id=wave.programme_id, questionnaire_id=wave.questionnaire_id)
    )
    return sorted(waves, key=lambda w: (WAVE_ORDER[w.kind], w.month or w.opens_on, w.opens_on))


@dataclass
class WaveResults:
    wave: Wave
    n: int
    constructs: list[ConstructResult]
    baseline: Wave | None = None
    changes: list[ChangeResult] = field(default_factory=list)


def _state(wave: Wave) -> str:
    """What the results of `wave` depend on, in one query: its questionnaire's version, the
    answers submitted to the programme's waves of it, and their last edit. Submitted answers are
    never edited, so a new answer, an import or an edited wave changes this key."""
    found = Wave.objects.filter(
        programme_id=wave.programme_id, questionnaire_id=wave.questionnaire_id
    ).aggregate(
        updated=Max("updated_at"),
        answers=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)),
    )
    updated = found["updated"].timestamp() if found["updated"] else 0
    return f"{wave.pk}:{wave.questionnaire.version}:{found['answers']}:{updated}"


def cached(kind: str, wave: Wave, compute: Callable[[Wave], _T]) -> _T:
    """The figures of `wave` from the cache while its data are unchanged (a results page is
    read far more often than answers arrive), else computed and kept for an hour."""
    key = f"evaluation:{kind}:{_state(wave)}"
    found = cache.get(key)
    if found is None:
        found = compute(wave)
        cache.set(key, found, 3600)
    return cast(_T, found)


def wave_results(wave: Wave) -> WaveResults:
    """A wave's constructs, and their change since the programme's baseline when there is one."""
    items = likert_items(wave)
    constructs = constructs_of(wave)
    data = wave_data(wave, items)
    result = WaveResults(wave, data.n, construct_results(data, constructs))
    baseline = next(
        (w for w in programme_waves(wave) if w.kind == WaveKind.BASELINE and w.pk != wave.pk),
        None,
    )
    if baseline is not None:
        result.baseline = baseline
        result.changes = compare(wave_data(baseline, items), data, constructs)
    return result


@dataclass
class Series:
    construct: Construct
    summaries: list[stats.Summary]
    trend: stats.Trend


@dataclass
class ProgrammeResults:
    """Every wave of a questionnaire in a programme: the means per wave, the trend across the
    waves and the change from the first wave to the last with data."""

    waves: list[Wave]
    counts: list[int]
    series: list[Series]
    changes: list[ChangeResult]
    first: Wave | None
    last: Wave | None
    points: int


def programme_results(wave: Wave) -> ProgrammeResults:
    waves = programme_waves(wave)
    items = likert_items(wave)
    constructs = constructs_of(wave)
    datas = [wave_data(w, items) for w in waves]
    series = []
    named = all(not w.anonymous for w in waves)
    for construct in constructs:
        months: list[float] = []
        scores: list[float] = []
        groups: list[Any] = []
        summaries = []
        for index, data in enumerate(datas):
            values = data.scores(construct)
            summaries.append(stats.summary(values))
            for respondent, score in zip(data.respondents, values, strict=True):
                if not math.isnan(score):
                    months.append(index)
                    scores.append(float(score))
                    groups.append(respondent if named and respondent else f"{index}:{len(groups)}")
        trend = stats.trend(months, scores, groups if named else None)
        series.append(Series(construct, summaries, trend))
    with_data = [d for d in datas if d.n]
    first, last = (with_data[0], with_data[-1]) if len(with_data) >= 2 else (None, None)
    changes = compare(first, last, constructs) if first and last else []
    points = max((i.scale.points for i in items if i.scale), default=5)
    return ProgrammeResults(
        waves=waves,
        counts=[d.n for d in datas],
        series=series,
        changes=changes,
        first=first.wave if first else None,
        last=last.wave if last else None,
        points=points,
    )
