"""Anonymous feedback is anonymous in every view, export, API answer and log the school can read
(issue 7); only the row itself knows whose it is, to refuse a second answer."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.core.models import AuditLog
from kombel.workshops import services
from kombel.workshops.models import SessionFeedback
from tests.factories import ParticipantFactory
from tests.factories.accounts import PASSWORD

AFTER = datetime.datetime(2026, 9, 1, 16, tzinfo=ZoneInfo("Asia/Jakarta"))
SECRET = "Narasumber terlalu cepat, contohnya kurang dekat dengan kelas kami."


@pytest.fixture
def sent(session, principal, teacher):  # type: ignore[no-untyped-def]
    """The principal (a participant) sends anonymous feedback; a teacher sends a named one."""
    with scopes_disabled():
        ParticipantFactory(programme=session.event.programme, user=principal, role="principal")
        services.feedback_submit(
            session=session,
            actor=teacher,
            rating=5,
            comment="Bermanfaat",
            show_name=True,
            now=AFTER,
        )
        services.feedback_submit(
            session=session, actor=principal, rating=2, comment=SECRET, now=AFTER
        )
    return principal


def test_the_log_keeps_no_actor_nor_anything_of_anonymous_feedback(session, sent, teacher):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        entries = list(AuditLog.objects.filter(action="workshops.feedback.submitted"))
    anonymous = [e for e in entries if e.actor_id is None]
    assert len(anonymous) == 1 and anonymous[0].data == {}
    assert str(sent.pk) not in repr(anonymous[0].__dict__)
    assert {e.actor_id for e in entries} == {None, teacher.pk}  # a named one may say who


def test_no_page_or_answer_the_school_reads_names_the_sender(client, session, sent, facilitator):  # type: ignore[no-untyped-def]
    npsn = session.school.npsn
    # The principal reads the school's audit log: their name is not next to the feedback.
    client.force_login(sent)
    log = client.get(reverse("schools:audit_log", args=[npsn])).content.decode()
    rows = [
        line for line in log.splitlines() if "feedback" in line.lower() or "umpan" in line.lower()
    ]
    assert rows and not any(sent.full_name in row for row in rows)
    # The facilitator's session page shows the comment, not who wrote it.
    client.force_login(facilitator)
    page = client.get(f"/s/{npsn}/workshops/{session.pk}/").content.decode()
    assert SECRET in page and sent.full_name not in page
    # The API's summary neither.
    token = client.post(
        "/api/v1/auth/token",
        {"username": facilitator.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    summary = client.get(
        f"/api/v1/schools/{npsn}/workshops/sessions/{session.pk}/feedback",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    anonymous = [c for c in summary["comments"] if c["comment"] == SECRET]
    assert anonymous and anonymous[0].get("name") in (None, "")
    assert sent.full_name not in str(summary) and str(sent.pk) not in str(summary)
    # The attendance register (the programme's export) carries no feedback at all.
    export = client.get(
        reverse("workshops:attendance_export", args=[npsn, session.event.programme_id])
    )
    assert SECRET.encode() not in export.content


def test_comments_do_not_come_in_the_order_they_were_sent(session, teacher, principal):  # type: ignore[no-untyped-def]
    from kombel.workshops.queries import feedback_summary

    with scopes_disabled():
        ParticipantFactory(programme=session.event.programme, user=principal, role="principal")
        services.feedback_submit(session=session, actor=teacher, rating=3, comment="B", now=AFTER)
        services.feedback_submit(session=session, actor=principal, rating=5, comment="A", now=AFTER)
        comments = [c.comment for c in feedback_summary(session).comments]
    assert comments == ["A", "B"]  # by rating, whatever came first


def test_a_second_answer_is_still_refused(session, sent):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with scopes_disabled(), pytest.raises(ValidationError):
        services.feedback_submit(session=session, actor=sent, rating=4, now=AFTER)
    with scopes_disabled():
        assert SessionFeedback.objects.count() == 2
