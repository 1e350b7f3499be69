import datetime

import factory
from django_scopes import scopes_disabled

from kombel.evaluation import defaults
from kombel.evaluation.enums import ResponseStatus, WaveKind
from kombel.evaluation.models import Questionnaire, Response, Wave, encode_likert
from kombel.evaluation.services.questionnaires import questionnaire_from_spec, slots_of
from kombel.schools.models import School
from tests.factories.programs import ProgrammeFactory
from tests.factories.schools import ScopesDisabledFactory


def teacher_questionnaire(school: School) -> Questionnaire:
    """The model's teacher questionnaire (5 constructs of 4 items on 1-5, two open questions)."""
    with scopes_disabled():
        return questionnaire_from_spec(school=school, actor=None, spec=defaults.TEACHER)


def parent_questionnaire(school: School) -> Questionnaire:
    with scopes_disabled():
        return questionnaire_from_spec(school=school, actor=None, spec=defaults.PARENT)


class WaveFactory(ScopesDisabledFactory):
    class Meta:
        model = Wave

    programme = factory.SubFactory(ProgrammeFactory)
    school = factory.SelfAttribute("programme.school")
    questionnaire = factory.LazyAttribute(lambda w: teacher_questionnaire(w.programme.school))
    kind = WaveKind.MONTHLY
    month = datetime.date(2026, 11, 1)
    title = factory.Sequence(lambda n: f"Angket bulan ke-{n}")
    opens_on = datetime.date(2026, 11, 27)
    closes_on = datetime.date(2026, 12, 4)
    anonymous = False
    names_visible = True


class ResponseFactory(ScopesDisabledFactory):
    """A submitted response; `likert` and `open` as given."""

    class Meta:
        model = Response

    wave = factory.SubFactory(WaveFactory)
    school = factory.SelfAttribute("wave.school")
    status = ResponseStatus.SUBMITTED
    submitted_on = datetime.date(2026, 11, 30)
    likert = factory.LazyFunction(dict)
    open = factory.LazyFunction(dict)
    vector = factory.LazyAttribute(lambda r: _vector(r.wave, r.likert))


def _vector(wave: Wave, likert: dict[str, int]) -> str:
    with scopes_disabled():
        return encode_likert(likert, slots_of(wave.questionnaire_id))
