"""The statistics of the monthly evaluation: pure functions, numbers in, small dataclasses out.

Every estimate and test comes from a maintained library (pingouin, scipy, statsmodels,
scikit-learn, krippendorff); this module only chooses between them, combines and labels, so that
each figure can be checked against published reference values (tests/evaluation/test_stats.py).
The libraries are imported inside the functions: a page that shows no statistics pays nothing.

Conventions: `None` where a figure cannot be computed (too few answers); `n` always travels with
the figure; a sample below SMALL_N is flagged `small`, never hidden behind a mean.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Below this many respondents a mean is shown with its n and flagged as a small sample.
SMALL_N = 10
# Cronbach's alpha below this is flagged (the usual threshold for a scale used to compare groups).
ALPHA_THRESHOLD = 0.7
# Below this many complete answers alpha is flagged: too few to say.
ALPHA_MIN_N = 20
# From this many pairs (or per group) the t-test is used whatever the shape (central limit).
LARGE_N = 30
# Shapiro-Wilk p below this: the data are not treated as normal.
NORMALITY_P = 0.05
# R's wilcox.test computes exact p-values below this many (non-zero) differences.
EXACT_BELOW = 50

NumberArray = Any  # numpy.ndarray; typed loosely so that numpy is imported only when used


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None
    small: bool


def summary(values: Sequence[float] | NumberArray) -> Summary:
    """n, mean and standard deviation (n - 1 in the denominator) of the non-missing values."""
    import numpy as np

    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    mean = float(x.mean()) if n else None
    sd = float(x.std(ddof=1)) if n > 1 else None
    return Summary(n=n, mean=mean, sd=sd, small=n < SMALL_N)


def distribution(matrix: NumberArray, points: int) -> list[int]:
    """How many answers fell on each point 1..points (missing answers left out)."""
    import numpy as np

    x = np.asarray(matrix, dtype=float).ravel()
    x = x[~np.isnan(x)].astype(int)
    counts = np.bincount(x, minlength=points + 1)[1 : points + 1]
    return [int(c) for c in counts]


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of a construct's items with its Feldt 95 % confidence interval.

    Policy for incomplete answers: listwise — only respondents who answered every item of the
    construct count (`n`); `excluded` says how many were left out.
    """

    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    items: int
    excluded: int

    @property
    def too_few(self) -> bool:
        return self.alpha is None or self.n < ALPHA_MIN_N

    @property
    def low(self) -> bool:
        return self.alpha is not None and self.alpha < ALPHA_THRESHOLD


def cronbach_alpha(matrix: NumberArray, confidence: float = 0.95) -> Alpha:
    """Alpha by pingouin (listwise), interval by the F distribution after Feldt, Woodruff & Salih
    (1987) as in R's psych::alpha: 1 - (1 - alpha)·F(q; n - 1, (n - 1)(k - 1)). pingouin rounds its
    interval to three decimals, so the quantiles are taken from scipy here."""
    import numpy as np

    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2:
        raise ValueError("alpha needs a respondents x items matrix")
    complete = data[~np.isnan(data).any(axis=1)]
    n, k = complete.shape
    excluded = int(data.shape[0] - n)
    if n < 3 or k < 2 or float(complete.sum(axis=1).var()) == 0.0:
        return Alpha(None, None, None, n, k, excluded)
    import pandas as pd
    import pingouin as pg
    from scipy.stats import f

    alpha = float(pg.cronbach_alpha(data=pd.DataFrame(complete), nan_policy="listwise")[0])
    df1 = n - 1
    df2 = df1 * (k - 1)
    tail = (1 - confidence) / 2
    low = 1 - (1 - alpha) * float(f.isf(tail, df1, df2))
    high = 1 - (1 - alpha) * float(f.isf(1 - tail, df1, df2))
    return Alpha(alpha, low, high, n, k, excluded)


@dataclass(frozen=True)
class Comparison:
    """Two waves compared on one construct.

    `test`: "paired_t", "wilcoxon" (signed-rank), "welch_t" or "mann_whitney"; "none" when no test
    could be run (`reason` says why). `statistic` is t, R's V (sum of the ranks of the positive
    differences) or U of the later wave; `df` only for t-tests; the CI is that of the mean
    difference (t-tests only). `effect_name`: "d_z" (mean difference / SD of the differences),
    "hedges_g", or "rank_biserial" (matched-pairs or Mann-Whitney rank-biserial correlation).
    `method` states how a rank test's p was computed: "exact" or "normal approximation with
    continuity correction" (ties or zeros, or 50 and more).
    """

    design: str  # "paired" | "independent"
    test: str
    n: int  # pairs (paired) or both groups together
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    statistic: float | None = None
    df: float | None = None
    p: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    effect_size: float | None = None
    effect_name: str = ""
    method: str = ""
    reason: str = ""  # "normality" | "large_n" | "not_normal" | "too_few" | "no_variation"
    normality_p: float | None = None

    @property
    def mean_diff(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before

    @property
    def small(self) -> bool:
        return min(self.n_before, self.n_after) < SMALL_N


EXACT = "exact"
APPROXIMATE = "normal approximation with continuity correction"


def _shapiro_p(x: NumberArray) -> float | None:
    from scipy.stats import shapiro

    if len(x) < 3 or float(x.max() - x.min()) == 0.0:
        return None
    return float(shapiro(x).pvalue)


def _has_ties(x: NumberArray) -> bool:
    import numpy as np

    return bool(np.unique(x).size < x.size)


def _pair(before: NumberArray, after: NumberArray) -> tuple[NumberArray, NumberArray, dict]:
    import numpy as np

    x = np.asarray(before, dtype=float)
    y = np.asarray(after, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    n = int(x.size)
    base = {
        "design": "paired",
        "n": n,
        "n_before": n,
        "n_after": n,
        "mean_before": float(x.mean()) if n else None,
        "mean_after": float(y.mean()) if n else None,
    }
    return x, y, base


def _groups(before: NumberArray, after: NumberArray) -> tuple[NumberArray, NumberArray, dict]:
    import numpy as np

    x = np.asarray(before, dtype=float)
    y = np.asarray(after, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    base = {
        "design": "independent",
        "n": int(x.size + y.size),
        "n_before": int(x.size),
        "n_after": int(y.size),
        "mean_before": float(x.mean()) if x.size else None,
        "mean_after": float(y.mean()) if y.size else None,
    }
    return x, y, base


def paired_t(before: NumberArray, after: NumberArray, **extra: Any) -> Comparison:
    """Student's paired t-test of after - before (scipy), its 95 % CI and d_z = t / sqrt(n)."""
    from scipy.stats import ttest_rel

    x, y, base = _pair(before, after)
    result = ttest_rel(y, x)
    ci = result.confidence_interval(0.95)
    return Comparison(
        test="paired_t",
        statistic=float(result.statistic),
        df=float(result.df),
        p=float(result.pvalue),
        ci_low=float(ci.low),
        ci_high=float(ci.high),
        effect_size=float(result.statistic) / math.sqrt(base["n"]),
        effect_name="d_z",
        **base,
        **extra,
    )


def signed_rank(before: NumberArray, after: NumberArray, **extra: Any) -> Comparison:
    """Wilcoxon's signed-rank test of after - before as R's wilcox.test(paired = TRUE) runs it:
    zeros dropped; exact below 50 differences without zeros or ties, else the normal
    approximation with continuity correction. V is the sum of the positive ranks; the effect
    size is the matched-pairs rank-biserial correlation (pingouin)."""
    import pingouin as pg
    from scipy.stats import wilcoxon

    x, y, base = _pair(before, after)
    d = y - x
    nonzero = d[d != 0]
    exact = nonzero.size < EXACT_BELOW and nonzero.size == d.size and not _has_ties(abs(nonzero))
    method = "exact" if exact else "approx"
    result = pg.wilcoxon(y, x, method=method, correction=True, zero_method="wilcox")
    v = wilcoxon(d, method=method, correction=True, zero_method="wilcox", alternative="greater")
    return Comparison(
        test="wilcoxon",
        statistic=float(v.statistic),
        p=float(result["p_val"].iloc[0]),
        effect_size=float(result["RBC"].iloc[0]),
        effect_name="rank_biserial",
        method=EXACT if exact else APPROXIMATE,
        **base,
        **extra,
    )


def welch_t(before: NumberArray, after: NumberArray, **extra: Any) -> Comparison:
    """Welch's t-test of after - before (scipy), its 95 % CI and Hedges' g (pingouin)."""
    import pingouin as pg
    from scipy.stats import ttest_ind

    x, y, base = _groups(before, after)
    result = ttest_ind(y, x, equal_var=False)
    ci = result.confidence_interval(0.95)
    return Comparison(
        test="welch_t",
        statistic=float(result.statistic),
        df=float(result.df),
        p=float(result.pvalue),
        ci_low=float(ci.low),
        ci_high=float(ci.high),
        effect_size=float(pg.compute_effsize(y, x, paired=False, eftype="hedges")),
        effect_name="hedges_g",
        **base,
        **extra,
    )


def mann_whitney(before: NumberArray, after: NumberArray, **extra: Any) -> Comparison:
    """The Mann-Whitney U test as R's wilcox.test(after, before) runs it (exact below 50 per
    group without ties, else normal approximation with continuity correction); U is the later
    wave's; the effect size is the rank-biserial correlation (pingouin)."""
    import numpy as np
    import pingouin as pg
    from scipy.stats import mannwhitneyu

    x, y, base = _groups(before, after)
    exact = max(x.size, y.size) < EXACT_BELOW and not _has_ties(np.concatenate([x, y]))
    method = "exact" if exact else "asymptotic"
    result = mannwhitneyu(y, x, use_continuity=True, method=method)
    rbc = pg.mwu(y, x, method=method, use_continuity=True)["RBC"].iloc[0]
    return Comparison(
        test="mann_whitney",
        statistic=float(result.statistic),
        p=float(result.pvalue),
        effect_size=float(rbc),
        effect_name="rank_biserial",
        method=EXACT if exact else APPROXIMATE,
        **base,
        **extra,
    )


def paired_comparison(before: NumberArray, after: NumberArray) -> Comparison:
    """The same respondents before and after, tested as the data warrant: the paired t-test
    when the differences may be taken as normal (30 pairs or more, or Shapiro-Wilk p ≥ 0.05),
    else Wilcoxon's signed-rank test."""
    x, y, base = _pair(before, after)
    if base["n"] < 3:
        return Comparison(test="none", reason="too_few", **base)
    d = y - x
    if float(d.max() - d.min()) == 0.0:
        return Comparison(test="none", reason="no_variation", **base)
    if base["n"] >= LARGE_N:
        return paired_t(x, y, reason="large_n")
    normality = _shapiro_p(d)
    if normality is not None and normality >= NORMALITY_P:
        return paired_t(x, y, reason="normality", normality_p=normality)
    return signed_rank(x, y, reason="not_normal", normality_p=normality)


def independent_comparison(before: NumberArray, after: NumberArray) -> Comparison:
    """Two groups that cannot be matched (anonymous waves): Welch's t when both groups have 30
    or more or both pass Shapiro-Wilk, else the Mann-Whitney U test."""
    import numpy as np

    x, y, base = _groups(before, after)
    if x.size < 3 or y.size < 3:
        return Comparison(test="none", reason="too_few", **base)
    both = np.concatenate([x, y])
    if float(both.max() - both.min()) == 0.0:
        return Comparison(test="none", reason="no_variation", **base)
    if min(x.size, y.size) >= LARGE_N:
        return welch_t(x, y, reason="large_n")
    tests = [p for p in (_shapiro_p(x), _shapiro_p(y)) if p is not None]
    normality = min(tests) if tests else None
    if len(tests) == 2 and min(tests) >= NORMALITY_P:
        return welch_t(x, y, reason="normality", normality_p=normality)
    return mann_whitney(x, y, reason="not_normal", normality_p=normality)


@dataclass(frozen=True)
class Trend:
    """Change per month across the monthly waves: the OLS slope of respondents' scores on the
    month number, with its 95 % CI; standard errors clustered by respondent when the same
    people answered several waves (named waves)."""

    slope: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    n: int  # answers (respondent x wave)
    waves: int
    clustered: bool


def trend(months: Sequence[float], scores: Sequence[float], groups: Sequence[Any] | None) -> Trend:
    import numpy as np

    x = np.asarray(months, dtype=float)
    y = np.asarray(scores, dtype=float)
    waves = int(np.unique(x).size)
    if y.size < 3 or waves < 2:
        return Trend(None, None, None, None, int(y.size), waves, False)
    import statsmodels.api as sm

    design = sm.add_constant(x)
    clustered = groups is not None and len(set(groups)) < len(groups)
    if clustered:
        codes = np.unique(np.asarray(groups, dtype=str), return_inverse=True)[1]
        fit = sm.OLS(y, design).fit(cov_type="cluster", cov_kwds={"groups": codes})
    else:
        fit = sm.OLS(y, design).fit()
    low, high = fit.conf_int(0.05)[1]
    return Trend(
        slope=float(fit.params[1]),
        ci_low=float(low),
        ci_high=float(high),
        p=float(fit.pvalues[1]),
        n=int(y.size),
        waves=waves,
        clustered=clustered,
    )


@dataclass(frozen=True)
class Gain:
    """Hake's class-average normalised gain <g> = (post - pre) / (max - pre), on the matched
    respondents' mean scores (a construct scored from `minimum` to `maximum`). It is undefined
    for a respondent already at the maximum before: those are counted in `undefined` (and still
    in the class means); <g> itself is None when the class mean before is the maximum."""

    g: float | None
    n: int
    undefined: int
    pre_mean: float | None
    post_mean: float | None


def normalised_gain(
    pre: NumberArray,
    post: NumberArray,
    *,
    minimum: float,
    maximum: float,
    matched: bool = True,
) -> Gain:
    """Matched: the same respondents before and after (NaN pairs dropped). Not matched: two
    groups' means (anonymous waves), `n` the smaller group."""
    import numpy as np

    x = np.asarray(pre, dtype=float)
    y = np.asarray(post, dtype=float)
    if matched:
        keep = ~(np.isnan(x) | np.isnan(y))
        x, y = x[keep], y[keep]
    else:
        x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    n = int(min(x.size, y.size))
    if n == 0:
        return Gain(None, 0, 0, None, None)
    undefined = int(np.isclose(x, maximum).sum())
    pre_mean, post_mean = float(x.mean()), float(y.mean())
    room = maximum - pre_mean
    if math.isclose(room, 0.0, abs_tol=1e-12) or maximum <= minimum:
        return Gain(None, n, undefined, pre_mean, post_mean)
    return Gain((post_mean - pre_mean) / room, n, undefined, pre_mean, post_mean)


def cohen_kappa(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Cohen's kappa of two coders' labels of the same units (scikit-learn); None when it is
    undefined (both coders gave every unit the same single label)."""
    if not first or len(set(first) | set(second)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(list(first), list(second)))


def krippendorff_alpha(reliability: Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's alpha, nominal, coders x units (NaN where a coder did not code a unit)."""
    import numpy as np

    data = np.asarray(reliability, dtype=float)
    values = data[~np.isnan(data)]
    if data.ndim != 2 or data.shape[0] < 2 or np.unique(values).size < 2:
        return None
    import krippendorff

    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
