import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django_scopes import scopes_disabled

from kombel.accounts.models import User
from kombel.demo.people import SCHOOL_NPSN
from kombel.programs.models import Event
from kombel.programs.queries import events_for_feed_user
from kombel.workshops.enums import WORKSHOP_KIND
from kombel.workshops.models import Attendance, SessionFeedback, SessionOutput, WorkshopSession
from tests.snapshots import seeded_demo

TODAY = "2026-11-28"


@pytest.mark.django_db
def test_seed_demo_gives_every_workshop_its_session():
    seeded_demo(datetime.date.fromisoformat(TODAY))
    with scopes_disabled():
        events = Event.objects.filter(
            school__npsn=SCHOOL_NPSN, kind=WORKSHOP_KIND, is_cancelled=False
        )
        sessions = WorkshopSession.objects.filter(school__npsn=SCHOOL_NPSN)
        assert sessions.count() == events.count() > 10
        past = sessions.filter(event__date__lt=TODAY)
        future = sessions.filter(event__date__gte=TODAY)
        assert future.exists()
        assert not Attendance.objects.filter(session__in=future).exists()
        assert all(s.agenda_items for s in sessions)
        with_attendance = past.annotate(n=Count("attendances")).filter(n__gt=0).count()
        assert with_attendance == past.count()
        statuses = list(
            Attendance.objects.filter(session__in=past).values_list("status", flat=True)
        )
        share_present = statuses.count("present") / len(statuses)
        assert 0.8 < share_present < 0.97
        assert {"late", "excused"} <= set(statuses)
        assert SessionFeedback.objects.filter(session__in=past).count() > past.count() * 5
        titles = set(SessionOutput.objects.values_list("title", flat=True))
        assert "Draf Modul Ajar Matematika VII: Pola Bilangan" in titles
        # The next workshop is for parents and community leaders too: a parent sees it, only it.
        for_families = list(future.filter(event__invites_all=True))
        assert len(for_families) == 1
        parent = User.objects.get(username="ortu01")
        workshops = [e for e in events_for_feed_user(parent) if e.kind == WORKSHOP_KIND]
        assert [e.pk for e in workshops] == [for_families[0].event_id]
        assert sessions.exclude(outside_speaker="").count() == 1


@pytest.mark.django_db
def test_seed_synthetic_adds_sessions_and_attendance():
    call_command("seed-synthetic", "--schools", "1", "--today", TODAY, stdout=io.StringIO())
    with scopes_disabled():
        assert WorkshopSession.objects.count() > 30
        assert Attendance.objects.count() > 30 * 20
