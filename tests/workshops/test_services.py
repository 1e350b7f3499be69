import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kombel.communities.enums import COMMUNITY_KIND
from kombel.core.models import AuditLog
from kombel.core.uploads import MAX_UPLOAD_BYTES
from kombel.followups.services import action_item_create
from kombel.workshops import services
from kombel.workshops.models import (
    Attendance,
    SessionFeedback,
    SessionOutput,
    SessionResource,
    WorkshopSession,
)
from tests.factories import EventFactory, SchoolFactory
from tests.workshops.conftest import member

pytestmark = pytest.mark.usefixtures("unscoped")

WIB = ZoneInfo("Asia/Jakarta")
PDF = b"%PDF-1.4\n%%EOF\n"


def at(hour: int, minute: int = 0, day: int = 1) -> datetime.datetime:
    return datetime.datetime(2026, 9, day, hour, minute, tzinfo=WIB)


def docx_bytes(member_name: str = "word/document.xml") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member_name, "<w:document/>")
    return buf.getvalue()


# sessions


def test_session_create_for_event(programme, facilitator, principal):
    event = EventFactory(programme=programme)
    session = services.session_create(
        event=event,
        actor=principal,
        venue="computer_lab",
        agenda="Pembukaan\n\nPraktik",
        facilitators=[facilitator],
        outside_speaker=" Dr. Sari (Universitas Jambi) ",
    )
    assert session.school == programme.school
    assert session.agenda_items == ["Pembukaan", "Praktik"]
    assert list(session.facilitators.all()) == [facilitator]
    assert session.outside_speaker == "Dr. Sari (Universitas Jambi)"
    assert len(session.checkin_code) == 6
    assert list(AuditLog.objects.values_list("action", flat=True)) == ["workshops.session.created"]


def test_session_create_refuses_other_kinds_duplicates_and_foreign_facilitators(
    programme, session, principal
):
    with pytest.raises(ValidationError):
        services.session_create(
            event=EventFactory(programme=programme, kind=COMMUNITY_KIND), actor=principal
        )
    with pytest.raises(ValidationError):
        services.session_create(event=session.event, actor=principal)
    foreigner = member(SchoolFactory(), "teacher")
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            event=EventFactory(programme=programme), actor=principal, facilitators=[foreigner]
        )
    assert "facilitators" in exc.value.error_dict
    assert WorkshopSession.objects.count() == 1


def test_session_update_checks_the_version(session, principal):
    services.session_update(
        session=session,
        actor=principal,
        version=1,
        venue="hall",
        agenda="Baru",
        materials=[],
        facilitators=[],
    )
    with pytest.raises(ValidationError) as exc:
        services.session_update(
            session=WorkshopSession.objects.get(pk=session.pk),
            actor=principal,
            version=1,  # loaded before the first save
            venue="classroom",
            agenda="Lama",
            materials=[],
            facilitators=[],
        )
    assert exc.value.code == "conflict"
    fresh = WorkshopSession.objects.get(pk=session.pk)
    assert (fresh.venue, fresh.agenda, fresh.version) == ("hall", "Baru", 2)


# attendance


def test_attendance_set_is_idempotent(session, facilitator, teacher):
    first = services.attendance_set(
        session=session, actor=facilitator, participant=teacher, status="late"
    )
    again = services.attendance_set(
        session=session, actor=facilitator, participant=teacher, status="late"
    )
    assert again.pk == first.pk
    assert list(Attendance.objects.values_list("user", "status")) == [(teacher.pk, "late")]
    assert AuditLog.objects.filter(action="workshops.attendance.set").count() == 1
    services.attendance_set(
        session=session, actor=facilitator, participant=teacher, status="excused"
    )
    assert list(Attendance.objects.values_list("status", flat=True)) == ["excused"]


def test_attendance_for_someone_not_in_the_programme_is_refused(session, facilitator, outsider):
    with pytest.raises(ValidationError) as exc:
        services.attendance_set(
            session=session, actor=facilitator, participant=outsider, status="present"
        )
    assert list(exc.value.message_dict) == ["participant"]
    assert Attendance.objects.count() == 0


def test_attendance_bad_status(session, facilitator, teacher):
    with pytest.raises(ValidationError):
        services.attendance_set(
            session=session, actor=facilitator, participant=teacher, status="asleep"
        )
    assert Attendance.objects.count() == 0


def test_mark_rest_present_keeps_what_was_recorded(session, facilitator, teacher, programme):
    services.attendance_set(
        session=session, actor=facilitator, participant=teacher, status="absent"
    )
    assert services.attendance_rest_present_mark(session=session, actor=facilitator) == 1
    assert dict(Attendance.objects.values_list("user", "status")) == {
        teacher.pk: "absent",
        facilitator.pk: "present",
    }
    assert services.attendance_rest_present_mark(session=session, actor=facilitator) == 0


# self check-in


def test_check_in_during_the_session(session, teacher):
    code = session.checkin_code.lower()
    record = services.attendance_check_in(
        school=session.school, actor=teacher, code=code, now=at(13, 40)
    )
    assert (record.status, record.method) == ("present", "self")
    # a replay (double tap, resent request) changes nothing
    again = services.attendance_check_in(
        school=session.school, actor=teacher, code=session.checkin_code, now=at(15, 0)
    )
    assert again.pk == record.pk
    assert list(Attendance.objects.values_list("status", flat=True)) == ["present"]


def test_check_in_late(session, teacher):
    record = services.attendance_check_in(
        school=session.school, actor=teacher, code=session.checkin_code, now=at(14, 0)
    )
    assert record.status == "late"


@pytest.mark.parametrize(
    ("now", "code_ok"),
    [
        (at(14, 0), False),  # wrong code
        (at(15, 31), True),  # the session is over
        (at(12, 0), True),  # not open yet
        (at(14, 0, day=2), True),  # the next day
    ],
)
def test_check_in_with_a_wrong_or_expired_code(session, teacher, now, code_ok):
    code = session.checkin_code if code_ok else "ZZZZZZ"
    with pytest.raises(ValidationError) as exc:
        services.attendance_check_in(school=session.school, actor=teacher, code=code, now=now)
    assert list(exc.value.message_dict) == ["code"]
    assert Attendance.objects.count() == 0


def test_check_in_of_a_non_participant_or_in_another_school(session, outsider, teacher):
    with pytest.raises(ValidationError):
        services.attendance_check_in(
            school=session.school, actor=outsider, code=session.checkin_code, now=at(13, 40)
        )
    with pytest.raises(ValidationError):
        services.attendance_check_in(
            school=SchoolFactory(), actor=teacher, code=session.checkin_code, now=at(13, 40)
        )
    assert Attendance.objects.count() == 0


# materials


def test_resource_add_stores_a_checked_file(session, facilitator):
    upload = SimpleUploadedFile("Materi 1.pdf", PDF, content_type="application/pdf")
    resource = services.resource_add(
        session=session, actor=facilitator, title="Materi 1", upload=upload
    )
    assert (resource.file_name, resource.file_size) == ("Materi 1.pdf", len(PDF))
    assert resource.file.name.startswith(f"workshops/{session.school_id}/{session.pk}/")
    with resource.file.storage.open(resource.file.name) as fh:
        assert fh.read() == PDF
    docx = SimpleUploadedFile("rpp.docx", docx_bytes())
    services.resource_add(session=session, actor=facilitator, title="RPP", upload=docx)
    services.resource_add(session=session, actor=facilitator, title="Video", url="https://x.id/v")
    assert SessionResource.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf"),
        ("fake.docx", docx_bytes("xl/workbook.xml")),
        ("broken.xlsx", b"PK\x03\x04garbage"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg"),
        ("noext", PDF),
    ],
)
def test_resource_add_refuses_wrong_types(session, facilitator, name, content):
    with pytest.raises(ValidationError) as exc:
        services.resource_add(
            session=session,
            actor=facilitator,
            title="X",
            upload=SimpleUploadedFile(name, content),
        )
    assert list(exc.value.message_dict) == ["file"]
    assert SessionResource.objects.count() == 0


def test_resource_add_refuses_large_files_and_empty_resources(session, facilitator):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as exc:
        services.resource_add(session=session, actor=facilitator, title="X", upload=big)
    assert "10 MB" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        services.resource_add(session=session, actor=facilitator, title="X")
    assert SessionResource.objects.count() == 0


# feedback


def test_feedback_once_per_person(session, teacher):
    services.feedback_submit(
        session=session, actor=teacher, rating=5, comment="Sangat bermanfaat", now=at(16)
    )
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(
            session=session, actor=teacher, rating=1, comment="Ganti", now=at(17)
        )
    assert exc.value.code == "duplicate"
    assert list(SessionFeedback.objects.values_list("rating", "comment")) == [
        (5, "Sangat bermanfaat")
    ]


def test_feedback_refused_for_outsiders_future_sessions_and_bad_ratings(session, teacher, outsider):
    with pytest.raises(ValidationError):
        services.feedback_submit(session=session, actor=outsider, rating=4, now=at(16))
    with pytest.raises(ValidationError):
        services.feedback_submit(session=session, actor=teacher, rating=4, now=at(9))
    with pytest.raises(ValidationError):
        services.feedback_submit(session=session, actor=teacher, rating=6, now=at(16))
    assert SessionFeedback.objects.count() == 0


# outputs


def test_output_add(session, teacher, facilitator):
    output = services.output_add(
        session=session,
        actor=teacher,
        title="Draf Modul Ajar Matematika VII: Pola Bilangan",
        kind="lesson_plan",
        authors=[teacher, facilitator],
        upload=SimpleUploadedFile("modul.docx", docx_bytes()),
    )
    assert set(output.authors.all()) == {teacher, facilitator}
    assert output.file_name == "modul.docx"


def test_output_add_needs_authors_of_the_school(session, teacher):
    with pytest.raises(ValidationError):
        services.output_add(session=session, actor=teacher, title="X", authors=[])
    with pytest.raises(ValidationError):
        services.output_add(
            session=session, actor=teacher, title="X", authors=[member(SchoolFactory(), "teacher")]
        )
    assert SessionOutput.objects.count() == 0


def test_feedback_log_keeps_the_rating_anonymous(session, teacher):
    services.feedback_submit(session=session, actor=teacher, rating=2, now=at(16))
    entry = AuditLog.objects.get(action="workshops.feedback.submitted")
    assert entry.data == {}


def test_resource_delete_removes_the_file_after_commit(
    session, facilitator, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("m.pdf", PDF)
    resource = services.resource_add(session=session, actor=facilitator, title="M", upload=upload)
    storage, name = resource.file.storage, resource.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_delete(resource=resource, actor=facilitator)
    assert SessionResource.objects.count() == 0
    assert not storage.exists(name)


def test_action_item_from_a_session_names_it_by_title_and_date(session, facilitator, teacher):
    item = action_item_create(
        source=session,
        actor=facilitator,
        description="Menyusun modul ajar",
        owner=teacher,
        due_date=datetime.date(2026, 9, 18),
    )
    assert (item.source_type, item.source_id) == ("workshops.session", str(session.pk))
    assert item.source_label == f"{session.event.title} · 1 September 2026"
    assert item.source_url == f"/s/{session.school.npsn}/workshops/{session.pk}/"
    assert item.created_by == facilitator
