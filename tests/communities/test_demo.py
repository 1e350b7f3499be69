import datetime

import pytest
from django.conf import settings
from django.utils import translation
from django_scopes import scopes_disabled

from kombel.communities import queries
from kombel.communities.enums import MEETING_SOURCE
from kombel.communities.models import Community, Meeting, Practice
from kombel.demo import steps
from kombel.demo.people import SCHOOL_NPSN
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.schools.models import School
from tests.snapshots import seeded_demo

TODAY = datetime.date(2026, 11, 28)


@pytest.mark.django_db
def test_demo_has_communities_with_history_and_one_dormant():
    seeded_demo(TODAY)
    with scopes_disabled():
        school = School.objects.get(npsn=SCHOOL_NPSN)
        communities = list(queries.communities_of_school(school))
        stats = queries.regularity(school, communities, TODAY)
        assert len(communities) == 5
        assert [c.name for c in communities if stats[c.pk].dormant] == ["Seni, PJOK & Prakarya"]
        assert all(stats[c.pk].held >= 3 for c in communities if not stats[c.pk].dormant)
        items = ActionItem.objects.filter(school=school)
        assert items.filter(status=ItemStatus.OPEN, due_date__lt=TODAY).exists()  # overdue
        assert sum(stats[c.pk].items.on_time for c in communities) > 0
        assert items.filter(status=ItemStatus.DONE).count() > sum(
            stats[c.pk].items.on_time for c in communities
        )  # some were late
        assert Practice.objects.filter(
            school=school, title__startswith="Proyek kebun karet"
        ).exists()
        assert not Meeting.objects.filter(school=school, date__gt=TODAY, status="held").exists()


@pytest.mark.django_db
def test_synthetic_school_has_a_year_of_communities():
    shared = steps.prepare_synthetic(TODAY)
    ctx = steps.run_synthetic_school(0, TODAY, shared)
    with scopes_disabled():
        assert Community.objects.filter(school=ctx.school).count() == 5
        assert Meeting.objects.filter(school=ctx.school, status="held").count() > 20
        assert ActionItem.objects.filter(school=ctx.school).count() > 20
        item = ActionItem.objects.filter(school=ctx.school, source_type=MEETING_SOURCE).first()
        assert item is not None
        meeting = Meeting.objects.select_related("community__school").get(pk=item.source_id)
        with translation.override(settings.LANGUAGE_CODE):
            assert item.source_label == queries.meeting_source_info(meeting).label
        assert item.source_url == queries.meeting_path(meeting)
