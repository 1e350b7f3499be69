"""Who may answer, read and run the monthly evaluation (capabilities registered in apps.py).

- Respondents ("evaluation.answer_teachers" / "evaluation.answer_parents") answer the waves
  given to their audience; teachers of the programme answer teachers' waves, parents the
  parents' waves.
- Aggregate results ("evaluation.view_results"): the school's teaching staff, principal,
  supervisors, mentors and the district office. Parents see nothing of the teachers' evaluation.
- Named answers ("evaluation.view_named"): the facilitator team and the principal, and only in a
  named wave that says so (`Wave.names_visible`); an anonymous wave shows no names to anyone.
- Running the evaluation ("evaluation.manage": questionnaires, waves, imports, exports,
  reminders): the facilitator team and the principal.
- Evaluators ("evaluation.evaluate": interviews and their transcripts, documentation, coding):
  the facilitator team, the principal and the mentors (the external PKM team).

Objects checked are a Wave, an Interview, a Codebook... or the School for school-wide actions.
"""

from typing import Any

import rules

from kombel.evaluation.enums import Audience
from kombel.schools.rules import can


def _audience(obj: Any) -> str | None:
    questionnaire = getattr(obj, "questionnaire", None)
    return getattr(questionnaire, "audience", None)


@rules.predicate
def for_teachers(user: Any, wave: Any = None) -> bool:
    return _audience(wave) == Audience.TEACHERS


@rules.predicate
def for_parents(user: Any, wave: Any = None) -> bool:
    return _audience(wave) == Audience.PARENTS


@rules.predicate
def names_shown(user: Any, wave: Any = None) -> bool:
    return bool(wave is not None and not wave.anonymous and wave.names_visible)


view_results = can("evaluation.view_results")
manage = can("evaluation.manage")

rules.add_perm(
    "evaluation.answer_wave",
    (for_teachers & can("evaluation.answer_teachers"))
    | (for_parents & can("evaluation.answer_parents")),
)
rules.add_perm("evaluation.view_results", view_results)
rules.add_perm("evaluation.manage", manage)
rules.add_perm("evaluation.view_named", can("evaluation.view_named") & names_shown)
rules.add_perm("evaluation.evaluate", can("evaluation.evaluate"))
# The questions of a wave: its respondents, and those who read its results.
rules.add_perm(
    "evaluation.read_wave",
    view_results
    | (for_teachers & can("evaluation.answer_teachers"))
    | (for_parents & can("evaluation.answer_parents")),
)
