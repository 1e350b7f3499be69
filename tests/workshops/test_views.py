import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from kombel.workshops.models import Attendance, SessionFeedback, SessionResource, WorkshopSession
from tests.factories import (
    AttendanceFactory,
    EventFactory,
    ParticipantFactory,
    SessionFeedbackFactory,
    SessionOutputFactory,
)
from tests.workshops.conftest import member


def url(session, suffix=""):  # type: ignore[no-untyped-def]
    return f"/s/{session.school.npsn}/workshops/{session.pk}/{suffix}"


def test_list_shows_the_schools_workshops(client, session, teacher, programme):
    unprepared = EventFactory(programme=programme, title="Lokakarya Simulasi PjBL")
    client.force_login(teacher)
    response = client.get(f"/s/{session.school.npsn}/workshops/")
    assert response.status_code == 200
    events = list(response.context["upcoming"]) + list(response.context["past"])
    assert {e.pk for e in events} == {session.event.pk, unprepared.pk}


def test_session_page_hides_feedback_names_unless_shown(client, session, principal, teacher):
    SessionFeedbackFactory(session=session, user=teacher, comment="Sangat membantu")
    named = SessionFeedbackFactory(
        session=session, rating=2, comment="Waktunya kurang", show_name=True
    )
    client.force_login(principal)
    html = client.get(url(session)).content.decode()
    assert "Sangat membantu" in html
    assert teacher.full_name not in html
    assert named.user.full_name in html


def test_teacher_sees_no_feedback_of_others(client, session, teacher, outsider):
    SessionFeedbackFactory(session=session, comment="Komentar rahasia")
    client.force_login(outsider)
    response = client.get(url(session))
    assert response.context["feedback"] is None
    assert "Komentar rahasia" not in response.content.decode()


def test_attendance_tap_saves_and_returns_the_row(client, session, facilitator, teacher):
    client.force_login(facilitator)
    data = {"participant": str(teacher.pk), "status": "late"}
    for _ in range(2):  # a replayed tap is harmless
        response = client.post(url(session, "attendance/"), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<li")
    assert 'value="late" class="tap tap-late" aria-pressed="true"' in html
    with scopes_disabled():
        assert list(Attendance.objects.values_list("user", "status")) == [(teacher.pk, "late")]


def test_one_attendance_tap_reads_the_row_once(
    client, session, facilitator, teacher, django_assert_num_queries
):
    """The answered row is built from what the service saved, not read back (was 23). The
    row is locked or created once (get_or_create's savepoint: two statements more than 21),
    so that two taps at once never collide."""
    client.force_login(facilitator)
    data = {"participant": str(teacher.pk), "status": "present"}
    with django_assert_num_queries(23):
        response = client.post(url(session, "attendance/"), data, HTTP_HX_REQUEST="true")
    assert (
        'value="present" class="tap tap-present" aria-pressed="true"' in response.content.decode()
    )


def test_attendance_screen_shows_nothing_recorded_before_a_tap(
    client, session, facilitator, teacher
):
    """No row says "present" while nothing is saved (the session's count says 0 present)."""
    client.force_login(facilitator)
    response = client.get(url(session, "attendance/"))
    assert [(r.user, r.recorded_status, r.saved) for r in response.context["rows"]] == [
        (teacher, "", False),
        (facilitator, "", False),
    ]
    html = response.content.decode()
    assert 'aria-pressed="true"' not in html
    assert "Everyone starts as present" not in html
    client.post(url(session, "attendance/rest-present/"))
    with scopes_disabled():
        assert Attendance.objects.filter(session=session, status="present").count() == 2
    assert (
        client.get(url(session, "attendance/")).content.decode().count('aria-pressed="true"') == 2
    )


def test_attendance_for_a_non_participant_is_refused(client, session, facilitator, outsider):
    client.force_login(facilitator)
    response = client.post(
        url(session, "attendance/"), {"participant": str(outsider.pk), "status": "present"}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [
        "This person is not a participant of the programme."
    ]
    with scopes_disabled():
        assert Attendance.objects.count() == 0


def test_check_in_page(client, live_session, teacher):
    client.force_login(teacher)
    checkin = f"/s/{live_session.school.npsn}/workshops/checkin/"
    response = client.get(checkin + "?code=ABC")
    assert response.context["form"]["code"].value() == "ABC"
    assert response.context["today"] == [live_session]
    response = client.post(checkin, {"code": "WRONG1"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    response = client.post(checkin, {"code": live_session.checkin_code})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Attendance.objects.values_list("user", "method")) == [(teacher.pk, "self")]


def test_code_screen_shows_code_and_qr(client, session, facilitator):
    client.force_login(facilitator)
    html = client.get(url(session, "code/")).content.decode()
    assert session.checkin_code in html
    assert "<svg" in html
    assert f"checkin/?code={session.checkin_code}" in html


def test_duplicate_feedback_shows_an_error(client, session, teacher):
    SessionFeedbackFactory(session=session, user=teacher, rating=5, comment="Pertama")
    client.force_login(teacher)
    response = client.post(url(session, "feedback/"), {"rating": "1", "comment": "Kedua"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    with scopes_disabled():
        assert list(SessionFeedback.objects.values_list("comment", flat=True)) == ["Pertama"]


def test_feedback_form(client, session, teacher):
    client.force_login(teacher)
    response = client.post(url(session, "feedback/"), {"rating": "4", "show_name": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(SessionFeedback.objects.values_list("rating", "show_name")) == [(4, True)]


def test_upload_of_a_wrong_type_shows_the_error_next_to_the_field(client, session, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("materi.pdf", b"MZ not a pdf")
    response = client.post(url(session, "materials/new/"), {"title": "Materi", "file": upload})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
    with scopes_disabled():
        assert SessionResource.objects.count() == 0


def test_upload_and_download(client, session, facilitator, teacher):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("materi.pdf", b"%PDF-1.7 isi")
    response = client.post(url(session, "materials/new/"), {"title": "Materi", "file": upload})
    assert response.status_code == 302
    with scopes_disabled():
        resource = SessionResource.objects.get()
    client.force_login(teacher)
    response = client.get(url(session, f"materials/{resource.pk}/"))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 isi"


def test_edit_conflict_is_shown(client, session, facilitator):
    client.force_login(facilitator)
    data = {"venue": "hall", "agenda": "A", "version": "1"}
    assert client.post(url(session, "edit/"), data).status_code == 302
    response = client.post(url(session, "edit/"), {**data, "agenda": "B"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    with scopes_disabled():
        assert WorkshopSession.objects.get().agenda == "A"


def test_prepare_a_session(client, programme, principal):
    event = EventFactory(programme=programme)
    client.force_login(principal)
    response = client.post(
        f"/s/{programme.school.npsn}/workshops/events/{event.pk}/new/",
        {"venue": "computer_lab", "agenda": "Pembukaan"},
    )
    with scopes_disabled():
        session = WorkshopSession.objects.get()
    assert response.url == url(session)
    assert session.event == event


def test_output_form(client, session, teacher):
    client.force_login(teacher)
    response = client.post(
        url(session, "outputs/new/"),
        {"title": "Desain Proyek P5", "kind": "project_design", "authors": [str(teacher.pk)]},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "edit/",
        "attendance/",
        "code/",
        "feedback/",
        "materials/new/",
        "outputs/new/",
        "materials/{resource}/",
        "outputs/{output}/",
    ],
)
def test_charlie_gets_404(client, session, charlie, teacher, suffix):
    """Another school's principal, while data that could leak exists."""
    AttendanceFactory(session=session, user=teacher)
    SessionFeedbackFactory(session=session, user=teacher)
    output = SessionOutputFactory(session=session)
    with scopes_disabled():
        resource = SessionResource.objects.create(
            school=session.school, session=session, title="L", url="https://x.id"
        )
    client.force_login(charlie)
    path = url(session, suffix.format(resource=resource.pk, output=output.pk))
    assert client.get(path).status_code == 404
    # addressed through charlie's own school, the session is not found either
    with scopes_disabled():
        charlie_npsn = charlie.memberships.get().school.npsn
    assert client.get(path.replace(session.school.npsn, charlie_npsn)).status_code == 404


def test_charlie_gets_404_on_lists(client, session, charlie):
    client.force_login(charlie)
    for suffix in ("", "checkin/", f"events/{session.event.pk}/new/"):
        assert client.get(f"/s/{session.school.npsn}/workshops/{suffix}").status_code == 404


def test_follow_up_from_the_session(client, session, facilitator, teacher, outsider):
    client.force_login(facilitator)
    response = client.post(
        f"/s/{session.school.npsn}/followups/new/workshops.session/{session.pk}/",
        {"description": "Uji coba modul ajar", "owner": str(teacher.pk), "due_date": "2026-12-15"},
    )
    assert response.status_code == 302
    assert [i.description for i in client.get(url(session)).context["followups"]] == [
        "Uji coba modul ajar"
    ]
    client.force_login(teacher)  # the owner sees it
    assert len(client.get(url(session)).context["followups"]) == 1
    client.force_login(outsider)  # another teacher does not
    assert client.get(url(session)).context["followups"] == []


def test_parents_in_the_programme_are_not_on_the_register(
    client, session, facilitator, teacher, programme
):
    parent = member(programme.school, "parent")
    ParticipantFactory(programme=programme, user=parent, role="parent")
    client.force_login(facilitator)
    rows = client.get(url(session, "attendance/")).context["rows"]
    assert [r.user for r in rows] == [teacher, facilitator]


def test_session_page_names_the_place_once(client, session, teacher, unscoped):  # type: ignore[no-untyped-def]
    session.event.location = "Ruang kelas VII-A"
    session.event.save()
    client.force_login(teacher)
    client.cookies["django_language"] = "id"
    html = client.get(url(session), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    header = html[html.index("<h1>") : html.index("</p>", html.index("<h1>"))]
    assert header.count("Ruang kelas") == 1
    session.event.location = "Aula sekolah"
    session.event.save()
    html = client.get(url(session), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    header = html[html.index("<h1>") : html.index("</p>", html.index("<h1>"))]
    assert "Aula sekolah (Ruang kelas)" in header
