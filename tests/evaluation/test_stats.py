"""Every statistic against published reference values, to 4 decimals or better.

Sources (the values were printed by R 4.2.2 with psych 2.2.9 running the documented examples;
they match the outputs shown in those packages' documentation and in many textbooks):

- Cronbach's alpha and its Feldt 95 % CI: R `psych::alpha(attitude)` (the `attitude` data set of
  R's datasets, Chatterjee & Price 1977): raw_alpha 0.8431427696, Feldt lower 0.7393756856,
  upper 0.9157730722.
- Paired t: R's `t.test` example on the `sleep` data (Cushny & Peebles; Student 1908),
  `t.test(extra[group == 2], extra[group == 1], paired = TRUE)`: t = 4.0621277, df = 9,
  p = 0.00283289, 95 % CI 0.7001142367 to 2.4598857633; d_z = t / sqrt(10).
- Welch t: `t.test(extra ~ group, data = sleep)`: t = -1.8608135, df = 17.776474,
  p = 0.07939414, CI -3.3654832307 to 0.2054832307.
- Wilcoxon signed-rank, exact: `wilcox.test(x, y, paired = TRUE)` on the Hollander & Wolfe
  depression data of R's example: V = 40, p = 0.0390625; rank-biserial (40 - 5) / 45.
- Wilcoxon signed-rank with ties and zeros: V = 53, p = 0.0100697451 (normal approximation
  with continuity correction, as R reports for these data).
- Mann-Whitney: R's example `wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in%
  c(5, 8))`: W = 127.5, p = 0.000120807831.
- OLS slope: R `lm(dist ~ speed, cars)`: slope 3.9324088, 95 % CI 3.096964328 to 4.767853190,
  p = 1.4898e-12.
- Cohen's kappa: the 2x2 table (20, 5 / 10, 15) of Wikipedia's worked example and psych's
  `cohen.kappa`: 0.4.
- Krippendorff's alpha: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
  example C (4 observers, 12 units, missing values): nominal 0.743 (published to 3 decimals).
- Hake's gain: Hake (1998), a class from 30 % to 60 % of the maximum has <g> = 0.43 (3/7).
"""

import math
from pathlib import Path

import pytest

from kombel.evaluation import stats

APPROX = 1e-4
HERE = Path(__file__).parent
# R's `attitude` data (30 rows: rating, complaints, privileges, learning, raises, critical,
# advance).
ATTITUDE = [
    [43, 51, 30, 39, 61, 92, 45],
    [63, 64, 51, 54, 63, 73, 47],
    [71, 70, 68, 69, 76, 86, 48],
    [61, 63, 45, 47, 54, 84, 35],
    [81, 78, 56, 66, 71, 83, 47],
    [43, 55, 49, 44, 54, 49, 34],
    [58, 67, 42, 56, 66, 68, 35],
    [71, 75, 50, 55, 70, 66, 41],
    [72, 82, 72, 67, 71, 83, 31],
    [67, 61, 45, 47, 62, 80, 41],
    [64, 53, 53, 58, 58, 67, 34],
    [67, 60, 47, 39, 59, 74, 41],
    [69, 62, 57, 42, 55, 63, 25],
    [68, 83, 83, 45, 59, 77, 35],
    [77, 77, 54, 72, 79, 77, 46],
    [81, 90, 50, 72, 60, 54, 36],
    [74, 85, 64, 69, 79, 79, 63],
    [65, 60, 65, 75, 55, 80, 60],
    [65, 70, 46, 57, 75, 85, 46],
    [50, 58, 68, 54, 64, 78, 52],
    [50, 40, 33, 34, 43, 64, 33],
    [64, 61, 52, 62, 66, 80, 41],
    [53, 66, 52, 50, 63, 80, 37],
    [40, 37, 42, 58, 50, 57, 49],
    [63, 54, 42, 48, 66, 75, 33],
    [66, 77, 66, 63, 88, 76, 72],
    [78, 75, 58, 74, 80, 78, 49],
    [48, 57, 44, 45, 51, 83, 38],
    [85, 85, 71, 71, 77, 74, 55],
    [82, 82, 39, 59, 64, 78, 39],
]
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
OZONE_MAY = [
    41,
    36,
    12,
    18,
    28,
    23,
    19,
    8,
    7,
    16,
    11,
    14,
    18,
    14,
    34,
    6,
    30,
    11,
    1,
    11,
    4,
    32,
    23,
    45,
    115,
    37,
]
OZONE_AUGUST = [
    39,
    9,
    16,
    78,
    35,
    66,
    122,
    89,
    110,
    44,
    28,
    65,
    22,
    59,
    23,
    31,
    44,
    21,
    9,
    45,
    168,
    73,
    76,
    118,
    84,
    85,
]
CARS_SPEED = [
    4,
    4,
    7,
    7,
    8,
    9,
    10,
    10,
    10,
    11,
    11,
    12,
    12,
    12,
    12,
    13,
    13,
    13,
    13,
    14,
    14,
    14,
    14,
    15,
    15,
    15,
    16,
    16,
    17,
    17,
    17,
    18,
    18,
    18,
    18,
    19,
    19,
    19,
    20,
    20,
    20,
    20,
    20,
    22,
    23,
    24,
    24,
    24,
    24,
    25,
]
CARS_DIST = [
    2,
    10,
    4,
    22,
    16,
    10,
    18,
    26,
    34,
    17,
    28,
    14,
    20,
    24,
    28,
    26,
    34,
    34,
    46,
    26,
    36,
    60,
    80,
    20,
    26,
    54,
    32,
    40,
    32,
    40,
    50,
    42,
    56,
    76,
    84,
    36,
    46,
    68,
    32,
    48,
    52,
    56,
    64,
    66,
    54,
    70,
    92,
    93,
    120,
    85,
]


def test_cronbach_alpha_and_feldt_interval_match_r_psych():
    result = stats.cronbach_alpha(ATTITUDE)
    assert result.alpha == pytest.approx(0.8431427696, abs=APPROX / 100)
    assert result.ci_low == pytest.approx(0.7393756856, abs=APPROX / 100)
    assert result.ci_high == pytest.approx(0.9157730722, abs=APPROX / 100)
    assert (result.n, result.items, result.excluded) == (30, 7, 0)
    assert not result.low and not result.too_few


def test_alpha_drops_incomplete_answers_and_says_so():
    rows = [*ATTITUDE, [50, math.nan, 40, 40, 40, 40, 40]]
    result = stats.cronbach_alpha(rows)
    assert (result.n, result.excluded) == (30, 1)
    assert result.alpha == pytest.approx(0.8431427696, abs=APPROX)


def test_alpha_is_flagged_when_low_or_too_few():
    assert stats.cronbach_alpha(ATTITUDE[:5]).too_few
    low = stats.cronbach_alpha([[1, 5], [2, 1], [3, 4], [4, 2], [5, 3]] * 5)
    assert low.low
    assert stats.cronbach_alpha([[3, 3], [3, 3], [3, 3]]).alpha is None


def test_paired_t_matches_r_t_test_on_sleep():
    result = stats.paired_t(SLEEP_1, SLEEP_2)
    assert result.test == "paired_t"
    assert result.statistic == pytest.approx(4.0621277, abs=APPROX / 10)
    assert result.df == 9
    assert result.p == pytest.approx(0.00283289, abs=APPROX / 10)
    assert result.ci_low == pytest.approx(0.7001142367, abs=APPROX / 100)
    assert result.ci_high == pytest.approx(2.4598857633, abs=APPROX / 100)
    assert result.mean_diff == pytest.approx(1.58)
    assert (result.effect_name, result.effect_size) == ("d_z", pytest.approx(4.0621277 / 10**0.5))


def test_welch_t_matches_r_t_test_on_sleep():
    result = stats.welch_t(SLEEP_1, SLEEP_2)
    # R tests group 1 - group 2; here after - before, so the signs turn.
    assert result.statistic == pytest.approx(1.8608135, abs=APPROX / 10)
    assert result.df == pytest.approx(17.776474, abs=APPROX / 10)
    assert result.p == pytest.approx(0.07939414, abs=APPROX / 10)
    assert result.ci_low == pytest.approx(-0.2054832307, abs=APPROX / 100)
    assert result.ci_high == pytest.approx(3.3654832307, abs=APPROX / 100)
    assert result.effect_name == "hedges_g"


def test_exact_signed_rank_matches_r_wilcox_test():
    result = stats.signed_rank(DEPRESSION_Y, DEPRESSION_X)  # x - y as in R
    assert result.statistic == 40
    assert result.p == pytest.approx(0.0390625, abs=1e-7)
    assert result.method == stats.EXACT
    assert (result.effect_name, result.effect_size) == ("rank_biserial", pytest.approx(35 / 45))


def test_signed_rank_with_ties_and_zeros_uses_the_stated_approximation():
    before = [3.0, 3.2, 2.8, 3.6, 3.0, 2.6, 3.4, 3.0, 3.8, 2.8, 3.2, 3.0]
    after = [3.4, 3.6, 3.0, 3.6, 3.4, 3.2, 3.4, 3.6, 4.0, 3.2, 3.0, 3.4]
    result = stats.signed_rank(before, after)
    assert result.statistic == 53
    assert result.p == pytest.approx(0.0100697451, abs=1e-7)
    assert result.method == "normal approximation with continuity correction"
    t = stats.paired_t(before, after)  # R: t = 3.957284236, CI 0.125747366574 to 0.440919300093
    assert t.statistic == pytest.approx(3.957284236, abs=APPROX / 100)
    assert (t.ci_low, t.ci_high) == (
        pytest.approx(0.125747366574, abs=APPROX / 100),
        pytest.approx(0.440919300093, abs=APPROX / 100),
    )


def test_mann_whitney_matches_r_wilcox_test_on_airquality():
    result = stats.mann_whitney(OZONE_AUGUST, OZONE_MAY)  # U of May, as R's W
    assert result.statistic == 127.5
    assert result.p == pytest.approx(0.000120807831, abs=1e-9)
    assert result.method == stats.APPROXIMATE
    assert result.effect_size == pytest.approx(2 * 127.5 / (26 * 26) - 1, abs=1e-9)


def test_the_test_follows_the_data():
    # Sleep differences are not normal (Shapiro-Wilk p = 0.033): R users would switch too.
    chosen = stats.paired_comparison(SLEEP_1, SLEEP_2)
    assert (chosen.test, chosen.reason) == ("wilcoxon", "not_normal")
    assert chosen.normality_p == pytest.approx(0.0333, abs=APPROX)
    normal = stats.paired_comparison([3.1, 2.8, 3.5, 3.0, 2.6], [3.4, 3.3, 3.7, 3.5, 2.8])
    assert (normal.test, normal.reason) == ("paired_t", "normality")
    big = stats.paired_comparison(list(range(40)), [x + (x % 3) for x in range(40)])
    assert (big.test, big.reason) == ("paired_t", "large_n")
    assert stats.paired_comparison([1, 2], [2, 3]).reason == "too_few"
    assert stats.paired_comparison([1, 2, 3], [2, 3, 4]).reason == "no_variation"
    assert stats.independent_comparison(OZONE_MAY, OZONE_AUGUST).test == "mann_whitney"
    assert stats.independent_comparison(SLEEP_1, SLEEP_2).test == "welch_t"


def test_trend_matches_r_lm_on_cars():
    result = stats.trend(CARS_SPEED, CARS_DIST, None)
    assert result.slope == pytest.approx(3.9324088, abs=APPROX / 10)
    assert result.ci_low == pytest.approx(3.096964328, abs=APPROX / 10)
    assert result.ci_high == pytest.approx(4.767853190, abs=APPROX / 10)
    assert result.p == pytest.approx(1.4898e-12, rel=1e-3)
    assert (result.n, result.clustered) == (50, False)


def test_trend_clusters_by_respondent_when_people_repeat():
    months = [0, 1, 2] * 4
    scores = [3.0, 3.2, 3.5, 2.8, 3.1, 3.3, 3.4, 3.4, 3.9, 2.5, 2.9, 3.2]
    people = ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d"] * 3
    result = stats.trend(months, scores, people)
    assert result.clustered
    assert result.slope == pytest.approx(0.275)


def test_cohen_kappa_matches_the_worked_example():
    first = [1] * 25 + [0] * 25
    second = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert stats.cohen_kappa(first, second) == pytest.approx(0.4, abs=1e-12)
    assert stats.cohen_kappa([0, 0], [0, 0]) is None


def test_krippendorff_alpha_matches_krippendorff_2011():
    n = math.nan
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    assert stats.krippendorff_alpha(data) == pytest.approx(0.743, abs=5e-4)


def test_hake_gain_with_undefined_cases_counted():
    # 30 % to 60 % of the maximum (scores 0-10 shifted to a 1-11 scale keep the same gain).
    gain = stats.normalised_gain([4, 4], [7, 7], minimum=1, maximum=11)
    assert gain.g == pytest.approx(3 / 7, abs=1e-12)
    at_top = stats.normalised_gain([5, 3, 2], [5, 4, 4], minimum=1, maximum=5)
    assert (at_top.undefined, at_top.n) == (1, 3)
    assert at_top.g == pytest.approx((13 / 3 - 10 / 3) / (5 - 10 / 3))
    assert stats.normalised_gain([5, 5], [5, 4], minimum=1, maximum=5).g is None
    unmatched = stats.normalised_gain([2, 3, 4], [4, 4], minimum=1, maximum=5, matched=False)
    assert (unmatched.n, unmatched.g) == (2, pytest.approx(1 / 2))


def test_summary_flags_small_samples_and_distribution_counts_points():
    assert stats.summary([3, 4, math.nan]) == stats.Summary(
        n=2, mean=3.5, sd=pytest.approx(0.7071067812), small=True
    )
    assert stats.distribution([[1, 2], [2, math.nan], [5, 5]], 5) == [1, 2, 0, 0, 2]
