"""Agreement between observers, as pure functions (arrays in, small dataclasses out).

Estimates come from maintained libraries: scikit-learn (weighted kappa), krippendorff (alpha
when observers missed items), scipy (the F distribution of the ICC's intervals); the ICC
follows pingouin's `intraclass_corr` formula for formula (Shrout & Fleiss 1979, McGraw & Wong
1996) over mean squares computed in closed form, and the tests hold it to pingouin's numbers
and to Shrout & Fleiss's published values.
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


def _mean_squares(data: Any) -> tuple[float, float, float]:
    """Between-lessons, between-raters and residual mean squares of a complete lessons x
    raters table (two-way ANOVA without interaction, in closed form)."""
    import numpy as np

    n, k = data.shape
    grand = data.mean()
    ss_rows = k * float(np.sum((data.mean(axis=1) - grand) ** 2))
    ss_cols = n * float(np.sum((data.mean(axis=0) - grand) ** 2))
    ss_total = float(np.sum((data - grand) ** 2))
    ss_error = ss_total - ss_rows - ss_cols
    return ss_rows / (n - 1), ss_cols / (k - 1), ss_error / ((n - 1) * (k - 1))


def icc(matrix: Sequence[Sequence[float]]) -> tuple[Coefficient, Coefficient]:
    """ICC(A,1) (two-way random, absolute agreement, single rater: Shrout & Fleiss ICC(2,1))
    and ICC(C,1) (two-way, consistency: ICC(3,1)) of a complete lessons x raters matrix, each
    with its F-based 95 % CI (McGraw & Wong 1996).

    The coefficients and intervals are pingouin's (`intraclass_corr`) formulas over the same
    mean squares, with scipy's F distribution; the mean squares are computed here in closed
    form because pingouin's two-way ANOVA fits an OLS with one dummy column per lesson (28 s
    for 10,000 lessons). tests/observations/test_stats.py checks both give the same numbers.
    """
    import numpy as np
    from scipy.stats import f

    data = np.asarray(matrix, dtype=float)
    n = int(data.shape[0]) if data.ndim == 2 else 0
    if n < MIN_N or data.shape[1] < 2:
        return _none("ICC(A,1)", n), _none("ICC(C,1)", n)
    k = int(data.shape[1])
    msb, msj, mse = _mean_squares(data)
    if mse <= 0 or msb <= 0:  # every lesson the same, or raters agreeing exactly everywhere
        exact = 1.0 if mse == 0 and msj == 0 and msb > 0 else None
        return (
            Coefficient("ICC(A,1)", exact, exact, exact, n, reading(exact)),
            Coefficient("ICC(C,1)", exact, exact, exact, n, reading(exact)),
        )
    alpha = 0.05
    icc_a = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc_c = (msb - mse) / (msb + (k - 1) * mse)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    f_obs = msb / mse
    f_low = f_obs / f.ppf(1 - alpha / 2, df1, df2)
    f_high = f_obs * f.ppf(1 - alpha / 2, df2, df1)
    c_low = (f_low - 1) / (f_low + (k - 1))
    c_high = (f_high - 1) / (f_high + (k - 1))
    fj = msj / mse
    vn = df2 * (k * icc_a * fj + n * (1 + (k - 1) * icc_a) - k * icc_a) ** 2
    vd = df1 * k**2 * icc_a**2 * fj**2 + (n * (1 + (k - 1) * icc_a) - k * icc_a) ** 2
    v = vn / vd
    f_up = f.ppf(1 - alpha / 2, n - 1, v)
    f_down = f.ppf(1 - alpha / 2, v, n - 1)
    a_low = n * (msb - f_up * mse) / (f_up * (k * msj + (k * n - k - n) * mse) + n * msb)
    a_high = n * (f_down * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f_down * msb)
    return (
        Coefficient("ICC(A,1)", _f(icc_a), _f(a_low), _f(a_high), n, reading(_f(icc_a))),
        Coefficient("ICC(C,1)", _f(icc_c), _f(c_low), _f(c_high), n, reading(_f(icc_c))),
    )


def icc_by_pingouin(matrix: Sequence[Sequence[float]]) -> tuple[float, float]:
    """ICC(A,1) and ICC(C,1) by pingouin itself (the tests compare `icc` with it)."""
    import numpy as np
    import pandas as pd
    import pingouin as pg

    data = np.asarray(matrix, dtype=float)
    n, k = data.shape
    targets, raters = np.meshgrid(np.arange(n), np.arange(k), indexing="ij")
    long = pd.DataFrame({"t": targets.ravel(), "r": raters.ravel(), "y": data.ravel()})
    with warnings.catch_warnings():
        # pingouin 0.7 calls DataFrame.dropna(inplace=True), deprecated by pandas 3.1.
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        table = pg.intraclass_corr(data=long, targets="t", raters="r", ratings="y")
    table = table.set_index("Type")
    return float(table.loc["ICC(A,1)", "ICC"]), float(table.loc["ICC(C,1)", "ICC"])


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
