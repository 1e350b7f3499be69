"""The demo's monthly evaluation: a baseline and three monthly waves with a believable rise, a
parent wave, six interviews and reflections coded with the default codebook."""

import datetime

import pytest
from django_scopes import scopes_disabled

from kombel.demo import steps
from kombel.demo.people import SCHOOL_NPSN
from kombel.evaluation.enums import Audience, ResponseStatus, SourceType, WaveKind
from kombel.evaluation.models import (
    Code,
    Coding,
    DocumentationItem,
    Interview,
    Receipt,
    Response,
    Wave,
)
from kombel.evaluation.queries import coding as coding_queries
from kombel.evaluation.queries.results import programme_results
from kombel.followups.models import ActionItem
from kombel.schools.models import School
from tests.snapshots import seeded_demo

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_demo_evaluation_rises_and_is_coded():
    seeded_demo(TODAY)  # what `kombel seed-demo` builds (tests/demo/test_snapshot.py)
    with scopes_disabled():
        school = School.objects.get(npsn=SCHOOL_NPSN)
        teachers_waves = list(
            Wave.objects.filter(school=school, questionnaire__audience=Audience.TEACHERS)
        )
        kinds = sorted(w.kind for w in teachers_waves)
        assert kinds == [WaveKind.BASELINE] + [WaveKind.MONTHLY] * 3
        assert all(w.event for w in teachers_waves if w.kind == WaveKind.MONTHLY)
        assert all(not w.anonymous for w in teachers_waves)
        results = programme_results(teachers_waves[0])
        for series in results.series:  # every construct rises, month after month
            means = [s.mean for s in series.summaries]
            assert means[-1] > means[0] + 0.2, series.construct.name
            assert series.trend.slope > 0
        open_wave = results.waves[-1]
        assert open_wave.closes_on >= TODAY
        assert Response.objects.filter(wave=open_wave, status=ResponseStatus.DRAFT).count() == 1
        parent_wave = Wave.objects.get(school=school, questionnaire__audience=Audience.PARENTS)
        assert parent_wave.anonymous
        assert Receipt.objects.filter(wave=parent_wave).count() == 5
        assert not Response.objects.filter(wave=parent_wave, respondent__isnull=False).exists()
        interviews = Interview.objects.filter(school=school)
        assert interviews.count() == 6 and all(i.consent_given for i in interviews)
        codings = Coding.objects.filter(school=school)
        assert {c.document.source_type for c in codings} == {
            SourceType.INTERVIEW,
            SourceType.REFLECTION,
            SourceType.OPEN_ANSWERS,
        }
        assert Code.objects.filter(codebook__programme__school=school, parent=None).count() == 6
        codebook = Code.objects.filter(school=school).first().codebook
        agreement = coding_queries.agreement(codebook)
        assert agreement.documents == 2 and len(agreement.coders) == 2
        assert DocumentationItem.objects.filter(school=school, is_image=True).count() == 4
        linked = DocumentationItem.objects.get(school=school, observation__isnull=False)
        assert linked.observation.school == school
        assert ActionItem.objects.filter(school=school, source_type="evaluation.wave").exists()


@pytest.mark.django_db
def test_a_synthetic_school_has_four_waves_of_answers():
    shared = steps.prepare_synthetic(TODAY)
    ctx = steps.run_synthetic_school(0, TODAY, shared)
    with scopes_disabled():
        assert Wave.objects.filter(school=ctx.school).count() == 4
        assert Response.objects.filter(school=ctx.school).count() == 4 * len(ctx.teachers)
        assert all(r.vector for r in Response.objects.filter(school=ctx.school))
