"""The demo's parents and community leaders: each has something to see."""

import datetime
import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from kombel.accounts.models import User
from kombel.demo.people import SCHOOL_NPSN
from kombel.participation import queries
from kombel.participation.enums import InputStatus, InvitationStatus
from kombel.participation.models import (
    LocalInput,
    MeetingAttendance,
    MonthlyFeedback,
    Post,
    Thread,
)
from kombel.schools.models import School
from tests.snapshots import seeded_demo

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_demo_has_a_living_forum(client):
    seeded_demo(TODAY)  # what `kombel seed-demo` builds (tests/demo/test_snapshot.py)
    with scopes_disabled():
        school = School.objects.get(npsn=SCHOOL_NPSN)
        parent = User.objects.get(username="ortu01")
        leader = User.objects.get(username="tokoh2")
        spaces = list(queries.spaces_for_user(school, parent))
        assert len(spaces) == 3 and len(queries.spaces_for_user(school, leader)) == 1
        # The Tebo programme's forum: its parents are the audience.
        assert {s.programme.title for s in spaces} == {
            p.title for p in queries.programmes_of_parent(school, parent)
        }
        assert all(s.programme_id for s in spaces)
        assert Post.objects.filter(school=school, hidden_at__isnull=False).count() == 1
        assert queries.open_reports(school).count() == 1
        months = set(MonthlyFeedback.objects.filter(school=school).values_list("month", flat=True))
        assert len(months) == 3
        statuses = {i.status for i in queries.invitations_of_school(school)}
        assert {
            InvitationStatus.PENDING,
            InvitationStatus.USED,
            InvitationStatus.EXPIRED,
        } <= statuses
        assert LocalInput.objects.filter(status=InputStatus.ACCEPTED).count() == 3
        # Suggestions over the programme, not all today: the figures show them per month.
        given_months = {i.created_at.date().replace(day=1) for i in LocalInput.objects.all()}
        assert len(given_months) >= 2
        lesson_input = LocalInput.objects.get(target="lesson")
        comment = queries.lesson_comment(lesson_input)
        assert comment is not None and comment.accepted_at is not None
        assert MeetingAttendance.objects.filter(school=school, status="present").count() == 6
    client.force_login(parent)
    home = client.get("/")
    assert b"Forum Orang Tua SMP N 1" in home.content
    forum = client.get(f"/s/{SCHOOL_NPSN}/participation/")
    assert forum.status_code == 200


@pytest.mark.django_db
def test_the_synthetic_school_has_a_long_thread(client, django_assert_max_num_queries):
    call_command(
        "seed-synthetic", "--schools", "1", "--today", TODAY.isoformat(), stdout=io.StringIO()
    )
    with scopes_disabled():
        thread = Thread.objects.get(reply_count=30)
        parent = User.objects.filter(username__endswith="-ortu01").get()
    client.force_login(parent)
    url = f"/s/{thread.school.npsn}/participation/threads/{thread.pk}/"
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url + "?page=2").status_code == 200
