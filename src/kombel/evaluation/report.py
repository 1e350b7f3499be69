"""The results as a short report: one sentence per construct, in the reader's language.

"Kolaborasi antarguru naik dari 3,1 menjadi 3,6 (berpasangan, n = 23, d_z = 0,80)."
Numbers go through the locale's formats (a decimal comma in Indonesian); every sentence carries
its n, and a small sample says so.
"""

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kombel.evaluation import stats
from kombel.evaluation.models import Construct
from kombel.evaluation.queries.results import ChangeResult, ConstructResult

# A change of the mean smaller than this is reported as no change.
STEADY = 0.05

EFFECT_NAMES = {"d_z": "d_z", "hedges_g": "g", "rank_biserial": "r_rb"}


def number(value: float | None, places: int = 1) -> str:
    if value is None:
        return "\u2013"  # an en dash
    return formats.number_format(round(value, places), decimal_pos=places)


def p_value(p: float | None) -> str:
    if p is None:
        return "\u2013"  # an en dash
    if p < 0.001:
        return "< " + number(0.001, 3)
    return number(p, 3)


def construct_name(construct: Construct) -> str:
    if get_language() == "en" and construct.name_en:
        return construct.name_en
    return construct.name


def test_name(comparison: stats.Comparison) -> str:
    return {
        "paired_t": _("paired t-test"),
        "wilcoxon": _("Wilcoxon signed-rank test"),
        "welch_t": _("Welch's t-test"),
        "mann_whitney": _("Mann-Whitney U test"),
        "none": _("no test"),
    }[comparison.test]


def method_note(comparison: stats.Comparison) -> str:
    if comparison.method == stats.EXACT:
        return _("exact p-value")
    if comparison.method == stats.APPROXIMATE:
        return _("normal approximation with continuity correction")
    return ""


def reason_note(comparison: stats.Comparison) -> str:
    if comparison.reason == "large_n":
        return _("t-test: 30 or more, so the mean is taken as normal")
    if comparison.reason == "normality":
        return _("t-test: the scores look normal (Shapiro-Wilk p = %(p)s)") % {
            "p": p_value(comparison.normality_p)
        }
    if comparison.reason == "not_normal":
        return _("rank test: the scores do not look normal (Shapiro-Wilk p = %(p)s)") % {
            "p": p_value(comparison.normality_p)
        }
    if comparison.reason == "too_few":
        return _("too few answers to test (at least 3 are needed on each side)")
    if comparison.reason == "no_variation":
        return _("no variation: every answer is the same")
    return ""


def construct_sentence(result: ConstructResult) -> str:
    s = result.summary
    if not s.n:
        return _("%(construct)s: no answers yet.") % {"construct": construct_name(result.construct)}
    text = _("%(construct)s: mean %(mean)s of %(max)d (n = %(n)d, SD %(sd)s).") % {
        "construct": construct_name(result.construct),
        "mean": number(s.mean),
        "max": result.points,
        "n": s.n,
        "sd": number(s.sd, 2),
    }
    if s.small:
        text += " " + _("A small sample: read it with care.")
    if result.alpha.too_few:
        text += " " + _("Too few complete answers to judge its consistency.")
    elif result.alpha.low:
        text += " " + _("Its items do not hang together well (alpha %(alpha)s).") % {
            "alpha": number(result.alpha.alpha, 2)
        }
    return text


def change_sentence(change: ChangeResult) -> str:
    c = change.comparison
    name = construct_name(change.construct)
    if c.mean_before is None or c.mean_after is None or not c.n:
        return _("%(construct)s: not enough answers to compare.") % {"construct": name}
    values = {
        "construct": name,
        "before": number(c.mean_before),
        "after": number(c.mean_after),
        "n": c.n if c.design == "paired" else min(c.n_before, c.n_after),
        "n_before": c.n_before,
        "n_after": c.n_after,
    }
    diff = c.mean_after - c.mean_before
    if c.design == "paired":
        if diff >= STEADY:
            text = _("%(construct)s rose from %(before)s to %(after)s (paired n = %(n)d")
        elif diff <= -STEADY:
            text = _("%(construct)s fell from %(before)s to %(after)s (paired n = %(n)d")
        else:
            text = _("%(construct)s stayed at %(after)s (paired n = %(n)d")
    elif diff >= STEADY:
        text = _(
            "%(construct)s rose from %(before)s to %(after)s (n = %(n_before)d and %(n_after)d"
        )
    elif diff <= -STEADY:
        text = _(
            "%(construct)s fell from %(before)s to %(after)s (n = %(n_before)d and %(n_after)d"
        )
    else:
        text = _("%(construct)s stayed at %(after)s (n = %(n_before)d and %(n_after)d")
    text = text % values
    if c.effect_size is not None:
        text += f", {EFFECT_NAMES[c.effect_name]} = {number(c.effect_size, 2)}"
    text += ")."
    if c.small:
        text += " " + _("A small sample: read it with care.")
    return text
