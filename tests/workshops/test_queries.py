import datetime

import pytest
from django.utils import timezone

from kombel.workshops import queries
from tests.factories import (
    AttendanceFactory,
    EventFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFeedbackFactory,
    SessionOutputFactory,
    WorkshopSessionFactory,
)
from tests.workshops.conftest import member


def grow(session, programme, n):  # type: ignore[no-untyped-def]
    """n more participants, each with attendance, feedback and an output."""
    for _ in range(n):
        user = member(programme.school, "teacher")
        ParticipantFactory(programme=programme, user=user)
        AttendanceFactory(session=session, user=user, status="late")
        SessionFeedbackFactory(session=session, user=user, show_name=True)
        output = SessionOutputFactory(session=session)
        output.authors.set([user])


@pytest.mark.parametrize("size", [1, 3])
def test_session_page_queries_do_not_grow(
    client, session, programme, principal, size, django_assert_num_queries
):
    grow(session, programme, size)
    client.force_login(principal)
    path = f"/s/{session.school.npsn}/workshops/{session.pk}/"
    with django_assert_num_queries(16):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("size", [1, 3])
def test_attendance_screen_queries_do_not_grow(
    client, session, programme, facilitator, size, django_assert_num_queries
):
    grow(session, programme, size)
    client.force_login(facilitator)
    path = f"/s/{session.school.npsn}/workshops/{session.pk}/attendance/"
    with django_assert_num_queries(9):
        response = client.get(path)
    assert len(response.context["rows"]) == size + 1


@pytest.mark.parametrize("size", [1, 3])
def test_session_list_queries_do_not_grow(
    client, programme, teacher, size, django_assert_num_queries
):
    for _ in range(size):
        WorkshopSessionFactory(event=EventFactory(programme=programme))
        EventFactory(programme=programme)
    client.force_login(teacher)
    with django_assert_num_queries(5):
        response = client.get(f"/s/{programme.school.npsn}/workshops/")
    assert len(response.context["upcoming"] + response.context["past"]) == 2 * size


def test_feedback_summary(session, teacher, unscoped):
    SessionFeedbackFactory(session=session, user=teacher, rating=5, comment="Bagus")
    named = SessionFeedbackFactory(session=session, rating=3, comment="Cukup", show_name=True)
    SessionFeedbackFactory(session=session, rating=4, comment="")
    summary = queries.feedback_summary(session)
    assert (summary.count, summary.average) == (3, 4.0)
    assert summary.distribution == [(5, 1), (4, 1), (3, 1), (2, 0), (1, 0)]
    assert [(c.comment, c.name) for c in summary.comments] == [
        ("Bagus", None),
        ("Cukup", named.user.full_name),
    ]


@pytest.mark.clock
def test_sessions_today_for_user(programme, teacher, facilitator, outsider, unscoped):
    today = timezone.localdate()
    mine = WorkshopSessionFactory(event=EventFactory(programme=programme, date=today))
    WorkshopSessionFactory(
        event=EventFactory(programme=programme, date=today + datetime.timedelta(days=1))
    )
    WorkshopSessionFactory(event=EventFactory(programme=programme, date=today, is_cancelled=True))
    AttendanceFactory(session=mine, user=teacher, status="late")
    other_programme = ProgrammeFactory(school=programme.school)
    run_by_outsider = WorkshopSessionFactory(
        event=EventFactory(programme=other_programme, date=today)
    )
    run_by_outsider.facilitators.set([outsider])
    WorkshopSessionFactory(event=EventFactory(date=today))  # another school's

    found = queries.sessions_today_for_user(teacher, today)
    assert found == [mine]
    assert found[0].my_attendance.status == "late"
    assert queries.sessions_today_for_user(facilitator, today) == [mine]
    assert queries.sessions_today_for_user(outsider, today) == [run_by_outsider]
    assert queries.sessions_today_for_user(outsider, today)[0].my_attendance is None


@pytest.mark.clock
def test_sessions_today_carry_their_materials(programme, teacher, unscoped):
    from tests.factories.workshops import SessionResourceFactory

    today = timezone.localdate()
    session = WorkshopSessionFactory(event=EventFactory(programme=programme, date=today))
    SessionResourceFactory(session=session, title="Panduan Modul Ajar")

    [found] = queries.sessions_today_for_user(teacher, today)

    assert [r.title for r in found.resources.all()] == ["Panduan Modul Ajar"]
