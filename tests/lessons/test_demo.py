"""The demo's lesson plans: a dozen plans of SMP N 1 in every state, with Indonesian reviews."""

import datetime
from collections import Counter

import pytest
from django_scopes import scopes_disabled

from kombel.accounts.models import Notice, User
from kombel.demo.people import SCHOOL_NPSN
from kombel.lessons.enums import CommentKind, PlanStatus, ReviewStatus
from kombel.lessons.models import Comment, LessonPlan, PlanImage, Review
from kombel.schools.models import School
from tests.snapshots import seeded_demo

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_demo_has_plans_in_every_state_with_reviews():
    seeded_demo(TODAY)
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
        # an image in a section, resized for phones, shown in its text
        image = PlanImage.objects.get(school=school)
        assert max(image.width, image.height) == 1280
        assert image.get_absolute_url() in image.plan.sections.get(key="lkpd").content
        assert plans.get(title__startswith="Descriptive Text").reviewers_needed == 3
        # the people concerned were told: reviewers, authors, the approver
        told = Notice.objects.filter(user__in=User.objects.filter(username="guru06"))
        assert told.filter(subject__startswith="Mohon telaah").exists()
        assert told.filter(subject__startswith="Telaah untuk").exists()
        kepsek = Notice.objects.filter(user__username="kepsek")
        assert kepsek.filter(subject__endswith="siap disetujui").exists()
