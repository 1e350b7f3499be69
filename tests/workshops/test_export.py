import datetime
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from kombel.schools.enums import Role
from kombel.workshops.models import Attendance
from tests.clock import clock_today
from tests.factories import (
    EventFactory,
    ParticipantFactory,
    WorkshopSessionFactory,
)
from tests.spreadsheets import FORMULA_NAME, formulas, text_cells_with
from tests.workshops.conftest import member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.clock


def _url(school, programme):  # type: ignore[no-untyped-def]
    return f"/s/{school.npsn}/workshops/programmes/{programme.pk}/attendance.xlsx"


def _session(programme, days_ago, title):  # type: ignore[no-untyped-def]
    return WorkshopSessionFactory(
        event=EventFactory(
            programme=programme, date=clock_today() - datetime.timedelta(days=days_ago), title=title
        )
    )


def _mark(session, user, status):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        Attendance.objects.create(school=session.school, session=session, user=user, status=status)


def _rows(response):  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_register_has_held_sessions_and_statuses(client, school, programme, facilitator, teacher):
    first = _session(programme, 14, "Desain Pembelajaran Berdiferensiasi untuk Kelas VII")
    second = _session(programme, 7, "Asesmen Formatif")
    _session(programme, -7, "Belum terjadi")  # upcoming: not in the register
    cancelled = _session(programme, 3, "Dibatalkan")
    with scopes_disabled():
        cancelled.event.is_cancelled = True
        cancelled.event.save()
    _mark(first, teacher, "present")
    _mark(second, teacher, "late")
    _mark(first, facilitator, "excused")
    _mark(second, facilitator, "absent")
    member(school, Role.PARENT, full_name="Orang Tua")  # not an attendee of workshops
    client.force_login(facilitator)
    response = client.get(_url(school, programme))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="daftar-hadir-')
    d1 = (clock_today() - datetime.timedelta(days=14)).strftime("%-d %b %Y")
    d2 = (clock_today() - datetime.timedelta(days=7)).strftime("%-d %b %Y")
    assert _rows(response) == [
        [
            "Name",
            f"{d1} · Desain Pembelajaran Berdifere…",
            f"{d2} · Asesmen Formatif",
            "Attendance rate",
        ],
        ["Budi Santoso", "Present", "Late", 1],
        ["Ibu Fasilitator", "Excused", "Absent", 0],
    ]


def test_register_is_in_the_users_language_with_blanks(
    client, school, programme, facilitator, teacher
):
    session = _session(programme, 7, "Asesmen Formatif")
    _mark(session, teacher, "absent")
    client.force_login(facilitator)
    rows = _rows(client.get(_url(school, programme), HTTP_ACCEPT_LANGUAGE="id"))
    assert rows[0][0] == "Nama"
    assert rows[0][-1] == "Persentase kehadiran"
    assert rows[1:] == [["Budi Santoso", "Tidak hadir", 0], ["Ibu Fasilitator", None, None]]


def test_list_of_a_programme_links_to_the_register(client, school, programme, principal, teacher):
    _session(programme, 7, "Asesmen Formatif")
    link = _url(school, programme)
    client.force_login(principal)
    page = client.get(f"/s/{school.npsn}/workshops/", {"programme": str(programme.pk)})
    assert link in page.content.decode()
    client.force_login(teacher)
    page = client.get(f"/s/{school.npsn}/workshops/", {"programme": str(programme.pk)})
    assert link not in page.content.decode()


def test_register_is_403_for_a_teacher(client, school, programme, teacher):
    client.force_login(teacher)
    assert client.get(_url(school, programme)).status_code == 403


def test_register_of_another_school_is_404(client, school, programme, charlie):
    client.force_login(charlie)
    assert client.get(_url(school, programme)).status_code == 404


def _register_queries(client, django_assert_num_queries, school, programme, facilitator, n):  # type: ignore[no-untyped-def]
    people = [member(school, Role.TEACHER, full_name=f"Guru {i:02d}") for i in range(n * 2)]
    for person in people:
        ParticipantFactory(programme=programme, user=person, role=Role.TEACHER)
    for day in range(n):
        session = _session(programme, day + 1, f"Lokakarya {day}")
        for person in people[::2]:
            _mark(session, person, "present")
    client.force_login(facilitator)
    client.get(f"/s/{school.npsn}/workshops/")  # warm the session
    # One for the request (the user; session, roles and school from the cache), the programme,
    # three for the register.
    with django_assert_num_queries(5):
        response = client.get(_url(school, programme))
    rows = _rows(response)
    assert (len(rows), len(rows[0])) == (1 + n * 2 + 1, n + 2)


def test_register_query_count_small(
    client, django_assert_num_queries, school, programme, facilitator
):
    _register_queries(client, django_assert_num_queries, school, programme, facilitator, 2)


def test_register_query_count_large(
    client, django_assert_num_queries, school, programme, facilitator
):
    _register_queries(client, django_assert_num_queries, school, programme, facilitator, 10)


def test_register_writes_names_and_titles_as_text_never_formulas(
    client, school, programme, facilitator, teacher
):
    teacher.full_name = FORMULA_NAME
    teacher.save()
    session = _session(programme, 7, "=1+1")
    _mark(session, teacher, "present")
    client.force_login(facilitator)
    body = client.get(_url(school, programme)).content
    assert formulas(body) == []
    assert text_cells_with(body, FORMULA_NAME) == ["Attendance!A2"]
