"""Agreement statistics against published reference values."""

import random

import pytest

from kombel.observations import stats

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_icc_matches_shrout_and_fleiss_1979():
    absolute, consistency = stats.icc(SHROUT_FLEISS)
    # Their ICC(2,1) = .29 (two-way random, absolute agreement) and ICC(3,1) = .71.
    assert absolute.name == "ICC(A,1)" and round(absolute.value, 2) == 0.29
    assert consistency.name == "ICC(C,1)" and round(consistency.value, 2) == 0.71
    # The F-based 95 % intervals (McGraw & Wong 1996), as R's irr::icc gives them.
    assert (absolute.ci_low, absolute.ci_high) == pytest.approx((0.019, 0.761), abs=0.001)
    assert (consistency.ci_low, consistency.ci_high) == pytest.approx((0.342, 0.946), abs=0.001)
    assert absolute.n == 6
    assert (absolute.reading, consistency.reading) == ("poor", "moderate")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_icc_gives_pingouins_numbers(seed):
    rng = random.Random(seed)
    matrix = []
    for _ in range(40):
        level = rng.uniform(10, 30)
        matrix.append([round(level + rng.gauss(0, 3)), round(level + 2 + rng.gauss(0, 3))])
    absolute, consistency = stats.icc(matrix)
    assert (absolute.value, consistency.value) == pytest.approx(stats.icc_by_pingouin(matrix))
    assert absolute.ci_low < absolute.value < absolute.ci_high


def test_perfect_agreement_is_one():
    absolute, consistency = stats.icc([[n, n] for n in (3, 5, 8, 9, 12, 20)])
    assert (absolute.value, consistency.value) == (1.0, 1.0)


def test_icc_needs_five_lessons():
    absolute, consistency = stats.icc(SHROUT_FLEISS[:4])
    assert absolute.value is None and absolute.reading == "too_few" and absolute.n == 4
    assert consistency.value is None


def test_weighted_kappa_counts_the_full_scale():
    first = [1, 2, 3, 3, 2, 1, 2]
    second = [1, 2, 3, 2, 2, 1, 3]
    # By hand: quadratic weights (i - j)^2 / 4; observed disagreement 2 x 0.25 / 7; expected
    # from the margins (2/7, 3/7, 2/7) 14/49: kappa = 1 - (0.5/7) / (14/49) = 0.75.
    kappa = stats.weighted_kappa(first, second, [1, 2, 3])
    assert kappa.value == pytest.approx(0.75) and kappa.n == 7 and kappa.reading == "good"
    # A level nobody used still counts in the distances: on a 1-4 scale where nobody gave 3,
    # 2 against 4 is two steps apart, not one (as it would be counting only the levels used).
    used = stats.weighted_kappa([1, 2, 4, 4, 2, 1, 2], [1, 2, 4, 2, 2, 1, 4], [1, 2, 4])
    full = stats.weighted_kappa([1, 2, 4, 4, 2, 1, 2], [1, 2, 4, 2, 2, 1, 4], [1, 2, 3, 4])
    assert used.value == pytest.approx(0.75) and full.value != pytest.approx(used.value)


def test_kappa_of_identical_constant_scores_is_undefined():
    kappa = stats.weighted_kappa([2] * 6, [2] * 6, [1, 2, 3])
    assert kappa.value is None and kappa.reading == "too_few"


def test_krippendorff_alpha_takes_missed_items():
    # Two observers on an ordinal 1-3 scale, one of them missed the last unit: it is left out
    # of the pairs, the six others count.
    alpha = stats.ordinal_alpha([[1, 2, 3, 3, 2, 1, None], [1, 2, 3, 2, 2, 1, 3]], [1, 2, 3])
    assert alpha.n == 6 and alpha.value == pytest.approx(0.8836, abs=0.001)


def test_readings():
    assert [stats.reading(v) for v in (None, 0.3, 0.6, 0.8, 0.95)] == [
        "too_few",
        "poor",
        "moderate",
        "good",
        "excellent",
    ]


def _random_pairs(seed, n, missing=0.0):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    first, second = [], []
    for _ in range(n):
        level = rng.uniform(1, 4)
        a = max(1, min(4, round(level + rng.gauss(0, 0.6))))
        b = max(1, min(4, round(level + rng.gauss(0, 0.6))))
        first.append(None if rng.random() < missing else a)
        second.append(b)
    return first, second


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_kappa_and_alpha_equal_the_libraries(seed):
    import krippendorff
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    first, second = _random_pairs(seed, 60)
    scale = [1, 2, 3, 4, 5]  # 5 never used: still part of the distances
    table = stats._pair_table(first, second, scale)
    expected = cohen_kappa_score(first, second, labels=scale, weights="quadratic")
    assert stats.kappa_of_tables(table) == pytest.approx(expected)
    assert stats.weighted_kappa(first, second, scale).value == pytest.approx(expected)
    alpha = krippendorff.alpha(
        reliability_data=np.array([first, second], dtype=float),
        level_of_measurement="ordinal",
        value_domain=scale,
    )
    assert stats.alpha_of_tables(table) == pytest.approx(alpha)


def test_kappa_and_alpha_come_with_a_reproducible_bootstrap_interval():
    first, second = _random_pairs(7, 200)
    kappa = stats.weighted_kappa(first, second, [1, 2, 3, 4])
    assert kappa.ci_low < kappa.value < kappa.ci_high
    assert 0.05 < kappa.ci_high - kappa.ci_low < 0.3
    assert stats.weighted_kappa(first, second, [1, 2, 3, 4]) == kappa  # fixed seed
    # Ten times the lessons: a narrower interval.
    many = stats.weighted_kappa(first * 10, second * 10, [1, 2, 3, 4])
    assert many.ci_high - many.ci_low < (kappa.ci_high - kappa.ci_low) / 2
    gappy, other = _random_pairs(8, 200, missing=0.2)
    alpha = stats.ordinal_alpha([gappy, other], [1, 2, 3, 4])
    assert alpha.n == sum(v is not None for v in gappy)
    assert alpha.ci_low < alpha.value < alpha.ci_high
    assert stats.ordinal_alpha([gappy, other], [1, 2, 3, 4]) == alpha


def test_pooled_kappa_leaves_out_whole_lessons():
    # Two items per lesson, the same pair of scores on both: resampling single pairs would
    # pretend there are twice as many independent lessons and give a narrower interval; the
    # jackknife over lessons gives about the interval of one item's 100 lessons.
    first, second = _random_pairs(9, 100)
    lessons = list(range(100)) * 2
    pooled = stats.weighted_kappa(first * 2, second * 2, [1, 2, 3, 4], lessons=lessons)
    naive = stats.weighted_kappa(first * 2, second * 2, [1, 2, 3, 4])
    assert pooled.value == pytest.approx(naive.value)
    single = stats.weighted_kappa(first, second, [1, 2, 3, 4])
    assert pooled.ci_low < pooled.value < pooled.ci_high
    assert pooled.ci_high - pooled.ci_low > (naive.ci_high - naive.ci_low) * 1.2
    assert pooled.ci_high - pooled.ci_low == pytest.approx(single.ci_high - single.ci_low, rel=0.25)
