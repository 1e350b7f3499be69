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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

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


BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 1979  # fixed: the same data always gives the same interval


def _codes(x: Any, values: Sequence[int]) -> Any:
    """The position of each score on the declared scale."""
    import numpy as np

    scale = np.asarray(values)
    order = np.argsort(scale)
    return order[np.searchsorted(scale, np.asarray(x), sorter=order)]


def _pair_table(first: Any, second: Any, values: Sequence[int]) -> Any:
    """K x K counts of (first, second) over the declared scale."""
    import numpy as np

    k = len(values)
    cells = _codes(first, values) * k + _codes(second, values)
    return np.bincount(cells, minlength=k * k).reshape(k, k)


def kappa_of_tables(tables: Any) -> Any:
    """Quadratic-weighted kappa of each K x K table of a stack (..., K, K), as
    scikit-learn's `cohen_kappa_score(weights="quadratic")` computes it (the tests hold them
    together); NaN where it is undefined. Vectorised for the bootstrap."""
    import numpy as np

    tables = np.asarray(tables, dtype=float)
    k = tables.shape[-1]
    steps = np.arange(k)
    weights = (steps[:, None] - steps[None, :]) ** 2
    n = tables.sum(axis=(-2, -1))
    expected = tables.sum(axis=-1)[..., :, None] * tables.sum(axis=-2)[..., None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (tables * weights).sum(axis=(-2, -1)) / n
        chance = (expected * weights).sum(axis=(-2, -1)) / n**2
        return 1 - observed / chance


def alpha_of_tables(tables: Any) -> Any:
    """Krippendorff's ordinal alpha of two observers from each K x K table of pairs (units
    scored by only one observer pair with nothing and drop out), as the `krippendorff`
    package computes it with `value_domain` = the scale (the tests hold them together)."""
    import numpy as np

    tables = np.asarray(tables, dtype=float)
    coincidences = tables + np.swapaxes(tables, -1, -2)
    totals = coincidences.sum(axis=-1)  # n_c per value
    n = totals.sum(axis=-1)
    cumulative = np.cumsum(totals, axis=-1)
    k = tables.shape[-1]
    low = np.minimum.outer(np.arange(k), np.arange(k))
    high = np.maximum.outer(np.arange(k), np.arange(k))
    # Ordinal distance: (sum of n_g from c to k - (n_c + n_k) / 2) squared.
    between = cumulative[..., high] - cumulative[..., low] + totals[..., low]
    delta = (between - (totals[..., :, None] + totals[..., None, :]) / 2) ** 2
    observed = (coincidences * delta).sum(axis=(-2, -1))
    expected = (totals[..., :, None] * totals[..., None, :] * delta).sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1 - (n - 1) * observed / expected


def _interval(replicates: Any) -> tuple[float | None, float | None]:
    """The percentile 95 % interval of bootstrap replicates (undefined ones left out)."""
    import numpy as np

    finite = replicates[np.isfinite(replicates)]
    if len(finite) < len(replicates) / 2:
        return None, None
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)


def bootstrap_interval(table: Any, statistic: Any) -> tuple[float | None, float | None]:
    """95 % percentile bootstrap interval of `statistic` (kappa_of_tables or alpha_of_tables)
    of one K x K table of pairs, one pair per lesson, over BOOTSTRAP_RESAMPLES resamples of
    the lessons with a fixed seed. A multinomial draw over the table's cells is exactly a
    resample of its pairs, and costs nothing with 10,000 lessons."""
    import numpy as np

    rng = np.random.default_rng(BOOTSTRAP_SEED)
    table = np.asarray(table, dtype=float)
    k = table.shape[-1]
    n = int(table.sum())
    cells = rng.multinomial(n, table.ravel() / n, size=BOOTSTRAP_RESAMPLES)
    return _interval(statistic(cells.reshape(-1, k, k)))


def jackknife_interval(
    per_lesson: Any, statistic: Any, estimate: float
) -> tuple[float | None, float | None]:
    """95 % interval (estimate +- 1.96 jackknife standard errors) of `statistic` over
    lessons, each with its own K x K table of pairs (L x K x K): leaving out one lesson
    leaves out all its pairs. For a kappa pooled over items, whose pairs within a lesson are
    not independent; a bootstrap of 10,000 whole lessons would cost seconds, the L
    leave-one-out tables cost one vectorised pass."""
    import numpy as np

    per_lesson = np.asarray(per_lesson, dtype=float)
    count = len(per_lesson)
    if count < MIN_N:
        return None, None
    left_out = statistic(per_lesson.sum(axis=0) - per_lesson)
    if not np.all(np.isfinite(left_out)):
        return None, None
    error = math.sqrt((count - 1) / count * float(np.sum((left_out - left_out.mean()) ** 2)))
    return max(-1.0, estimate - 1.96 * error), min(1.0, estimate + 1.96 * error)


def weighted_kappa(
    first: "Sequence[int] | ArrayLike",
    second: "Sequence[int] | ArrayLike",
    values: Sequence[int],
    lessons: "Sequence[int] | ArrayLike | None" = None,
) -> Coefficient:
    """Cohen's kappa with quadratic weights over the full declared scale (`values`), so that a
    level nobody used still counts in the distances, with a 95 % bootstrap interval.

    scikit-learn computes the estimate from the pairs' table (the distinct pairs weighted by
    their counts: the same number, without handing it 100,000 values). `lessons` (one id per
    pair) gives the interval of a kappa pooled over items: a jackknife over whole lessons."""
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    first, second = np.asarray(first), np.asarray(second)
    n = len(first)
    if n < MIN_N:
        return _none("weighted kappa", n)
    if len(set(np.unique(first)) | set(np.unique(second))) < 2:
        return _none("weighted kappa", n)  # everyone gave the same level: kappa is undefined
    table = _pair_table(first, second, values)
    rows, cols = np.nonzero(table)
    scale = np.asarray(values)
    value = _f(
        cohen_kappa_score(
            scale[rows],
            scale[cols],
            labels=list(values),
            weights="quadratic",
            sample_weight=table[rows, cols],
        )
    )
    if value is None:
        low, high = None, None
    elif lessons is None:
        low, high = bootstrap_interval(table, kappa_of_tables)
    else:
        ids, group = np.unique(np.asarray(lessons), return_inverse=True)
        k = len(values)
        index = _codes(first, values) * k + _codes(second, values)
        per_lesson = np.bincount(group * k * k + index, minlength=len(ids) * k * k)
        low, high = jackknife_interval(per_lesson.reshape(-1, k, k), kappa_of_tables, value)
    return Coefficient("weighted kappa", value, low, high, n, reading(value))


def ordinal_alpha(
    reliability: "Sequence[Sequence[float | None]] | ArrayLike", values: Sequence[int]
) -> Coefficient:
    """Krippendorff's alpha (ordinal) of raters x units with gaps (None: a missed item), with
    a 95 % bootstrap interval over the units both observers scored (the others pair with
    nothing). The estimate is the `krippendorff` package's."""
    import krippendorff
    import numpy as np

    data = np.array(reliability, dtype=float)  # None becomes NaN
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
    low, high = None, None
    if data.shape[0] == 2:
        both = ~np.isnan(data).any(axis=0)
        pairs = data[:, both].astype(int)
        table = _pair_table(pairs[0], pairs[1], values)
        low, high = bootstrap_interval(table, alpha_of_tables)
    return Coefficient("Krippendorff's alpha", value, low, high, units, reading(value))
