"""Agreement between observers, as pure functions (arrays in, small dataclasses out).

Estimates come from maintained libraries: pingouin (intraclass correlation with its F-based
95 % CI, after Shrout & Fleiss 1979 and McGraw & Wong 1996), scikit-learn (weighted kappa) and
krippendorff (alpha when observers missed items); this module only shapes the data and reads
the result.
"""

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_N = 5  # fewer lessons than this: no coefficient is shown, only the count


def reading(value: float | None) -> str:
    """Koo & Li (2016): below 0.5 poor, 0.5-0.75 moderate, 0.75-0.9 good, above excellent."""
    if value is None or math.isnan(value):
        return "too_few"
    if value < 0.5:
        return "poor"
    if value < 0.75:
        return "moderate"
    if value < 0.9:
        return "good"
    return "excellent"


@dataclass(frozen=True)
class Coefficient:
    name: str  # "ICC(A,1)", "ICC(C,1)", "weighted kappa", "Krippendorff's alpha"
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int  # lessons (ICC, alpha) or pairs of scores (kappa)
    reading: str


def _none(name: str, n: int) -> Coefficient:
    return Coefficient(name, None, None, None, n, "too_few")


def _f(x: Any) -> float | None:
    value = float(x)
    return None if math.isnan(value) else value


def icc(matrix: Sequence[Sequence[float]]) -> tuple[Coefficient, Coefficient]:
    """ICC(A,1) (two-way random, absolute agreement, single rater: Shrout & Fleiss ICC(2,1))
    and ICC(C,1) (two-way, consistency: ICC(3,1)) of a complete targets x raters matrix."""
    import numpy as np
    import pandas as pd
    import pingouin as pg

    data = np.asarray(matrix, dtype=float)
    n = int(data.shape[0]) if data.ndim == 2 else 0
    if n < MIN_N or data.shape[1] < 2:
        return _none("ICC(A,1)", n), _none("ICC(C,1)", n)
    targets, raters = np.meshgrid(np.arange(n), np.arange(data.shape[1]), indexing="ij")
    long = pd.DataFrame({"t": targets.ravel(), "r": raters.ravel(), "y": data.ravel()})
    with warnings.catch_warnings():
        # pingouin 0.7 calls DataFrame.dropna(inplace=True), deprecated by pandas 3.1.
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        table = pg.intraclass_corr(data=long, targets="t", raters="r", ratings="y")
    table = table.set_index("Type")
    out = []
    for kind, name in (("ICC(A,1)", "ICC(A,1)"), ("ICC(C,1)", "ICC(C,1)")):
        value = _f(table.loc[kind, "ICC"])
        low, high = table.loc[kind, "CI95"]
        out.append(Coefficient(name, value, _f(low), _f(high), n, reading(value)))
    return out[0], out[1]


def weighted_kappa(
    first: Sequence[int], second: Sequence[int], values: Sequence[int]
) -> Coefficient:
    """Cohen's kappa with quadratic weights over the full declared scale (`values`), so that a
    level nobody used still counts in the distances."""
    from sklearn.metrics import cohen_kappa_score

    n = len(first)
    if n < MIN_N:
        return _none("weighted kappa", n)
    if len(set(first) | set(second)) < 2:  # everyone gave the same level: kappa is undefined
        return _none("weighted kappa", n)
    value = _f(
        cohen_kappa_score(list(first), list(second), labels=list(values), weights="quadratic")
    )
    return Coefficient("weighted kappa", value, None, None, n, reading(value))


def ordinal_alpha(
    reliability: Sequence[Sequence[float | None]], values: Sequence[int]
) -> Coefficient:
    """Krippendorff's alpha (ordinal) of raters x units with gaps (None: a missed item)."""
    import krippendorff
    import numpy as np

    data = np.array([[np.nan if v is None else v for v in row] for row in reliability], dtype=float)
    units = int(np.sum(np.sum(~np.isnan(data), axis=0) >= 2)) if data.size else 0
    if units < MIN_N or len(np.unique(data[~np.isnan(data)])) < 2:
        return _none("Krippendorff's alpha", units)
    value = float(
        krippendorff.alpha(
            reliability_data=data,
            level_of_measurement="ordinal",
            value_domain=list(values),
        )
    )
    return Coefficient("Krippendorff's alpha", value, None, None, units, reading(value))
