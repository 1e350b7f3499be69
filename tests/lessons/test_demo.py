"""The demo's lesson plans: a dozen plans of SMP N 1 in every state, with Indonesian reviews."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from kombel.demo.people import SCHOOL_NPSN
from kombel.lessons.enums import CommentKind, PlanStatus, ReviewStatus
from kombel.lessons.models import Comment, LessonPlan, Review
from kombel.schools.models import School

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_demo_has_plans_in_every_state_with_reviews():
    call_command("seed-demo", "--today", TODAY.isoformat(), stdout=io.StringIO())
    with scopes_disabled():
        school = School.objects.get(npsn=SCHOOL_NPSN)
        plans = LessonPlan.objects.filter(school=school)
        assert plans.count() == 12
        states = Counter(plans.values_list("status", flat=True))
        assert set(states) == set(PlanStatus.values)
        assert states[PlanStatus.APPROVED] == 4
        submitted = Review.objects.filter(school=school, status=ReviewStatus.SUBMITTED)
        assert submitted.count() >= 10
        assert Review.objects.filter(school=school, status=ReviewStatus.ASSIGNED).exists()
        assert submitted.filter(helpful=True).exists()
        assert all(r.summary for r in submitted)
        # two of its own, and what the participation demo gives a plan
        assert Comment.objects.filter(school=school, kind=CommentKind.LOCAL).count() >= 2
        assert Comment.objects.filter(
            school=school, kind=CommentKind.LOCAL, accepted_at__isnull=False
        ).exists()
        round2 = plans.get(title__startswith="Menulis Puisi")
        assert round2.round == 2 and round2.status == PlanStatus.APPROVED
