import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kombel.accounts.models import User
from kombel.accounts.services import login_code_use
from kombel.core.models import AuditLog
from kombel.schools import roster
from kombel.schools.enums import Role
from kombel.schools.models import Membership, TeacherProfile
from tests.factories import MembershipFactory, SchoolFactory, SubjectFactory
from tests.spreadsheets import formulas

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped", "english")]

HEADER = ["username", "full_name", "roles", "phone", "email", "nuptk", "nip", "subjects", "grades"]
GOOD = [
    [
        "budi",
        "Budi Santoso, S.Pd.",
        "guru",
        "081234567890",
        "",
        "1234567890123456",
        "",
        "ipa",
        "VII",
    ],
    ["ani", "Ani Lestari", "guru, fasilitator", "", "ani@example.org", "", "", "IPA", "8, 9"],
    ["pak.kepsek", "Drs. Hasan", "kepala sekolah", "", "", "", "", "", ""],
]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def school():
    SubjectFactory(code="ipa", name="IPA")
    return SchoolFactory()


@pytest.fixture
def operator(school):
    """The school's operator who is also a platform operator (as `admin` in the demo): may
    give every role, the principal's too (see test_roles.py for who else may)."""
    return MembershipFactory(
        school=school, role=Role.OPERATOR, user__is_superuser=True, user__is_staff=True
    ).user


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    workbook = Workbook()
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def _csv(rows: list[list[str]], delimiter: str = ",") -> io.BytesIO:
    lines = [delimiter.join(f'"{cell}"' for cell in row) for row in [HEADER, *rows]]
    return io.BytesIO("\n".join(lines).encode("utf-8-sig"))


def _import(school, operator, upload, name="roster.xlsx"):  # type: ignore[no-untyped-def]
    rows = roster.read_rows(upload, name)
    return roster.roster_import(actor=operator, school=school, rows=rows)


def _people(school) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted(Membership.objects.filter(school=school).values_list("user__username", "role"))


def test_import_creates_people_with_roles_and_teacher_details(school, operator):
    result = _import(school, operator, _xlsx(GOOD))
    assert result.errors == []
    assert [u.username for u, _password in result.created] == ["budi", "ani", "pak.kepsek"]
    assert _people(school) == sorted(
        [
            ("ani", "facilitator"),
            ("ani", "teacher"),
            ("budi", "teacher"),
            ("pak.kepsek", "principal"),
            (operator.username, "operator"),
        ]
    )
    ani = TeacherProfile.objects.get(user__username="ani")
    assert (ani.grades, [s.code for s in ani.subjects.all()]) == ([8, 9], ["ipa"])
    # No password to hash: a one-time code to log in with, valid a week.
    budi, code = result.created[0]
    assert not budi.has_usable_password()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert login_code_use(username="budi", code=code) == budi
    assert AuditLog.objects.filter(action="schools.roster.imported").count() == 1


def test_import_with_broken_rows_writes_nothing_and_lists_each_row(school, operator):
    rows = [
        GOOD[0],
        ["sari", "Sari", "guru", "", "", "12345", "", "", ""],
        ["tono", "Tono", "astronaut", "", "", "", "", "", ""],
        ["budi", "Budi lagi", "guru", "", "", "", "", "", ""],
        ["rina", "Rina", "guru", "", "", "", "", "fisika kuantum", "X"],
    ]
    users_before = User.objects.count()
    result = _import(school, operator, _xlsx(rows))
    assert [str(e) for e in result.errors] == [
        "Row 3: NUPTK must be exactly 16 digits.",
        "Row 4: Unknown role: astronaut.",
        "Row 5: budi is also on row 2.",
        "Row 6: Grades must be VII, VIII or IX.",
        "Row 6: Unknown subject: fisika kuantum.",
    ]
    assert [e.column for e in result.errors] == ["nuptk", "roles", "username", "grades", "subjects"]
    assert result.created == []
    assert User.objects.count() == users_before
    assert _people(school) == [(operator.username, "operator")]
    assert AuditLog.objects.count() == 0


def test_reupload_of_the_same_file_is_idempotent(school, operator):
    first = _import(school, operator, _xlsx(GOOD))
    budi = User.objects.get(username="budi")
    password_hash = budi.password
    second = _import(school, operator, _xlsx(GOOD))
    assert second.errors == []
    assert (len(second.created), len(second.updated)) == (0, 0)
    assert [u.username for u in second.unchanged] == ["budi", "ani", "pak.kepsek"]
    assert User.objects.filter(username__in=["budi", "ani", "pak.kepsek"]).count() == 3
    assert len(_people(school)) == 5
    budi.refresh_from_db()
    assert budi.password == password_hash
    assert len(first.created) == 3


def test_reupload_with_other_letter_case_changes_nothing(school, operator):
    _import(school, operator, _xlsx(GOOD))
    users_before = User.objects.count()
    upper = [[row[0].upper(), *row[1:]] for row in GOOD]
    result = _import(school, operator, _xlsx(upper))
    assert result.errors == []
    assert (len(result.created), len(result.updated)) == (0, 0)
    assert [u.username for u in result.unchanged] == ["budi", "ani", "pak.kepsek"]
    assert User.objects.count() == users_before


def _same_rows(count: int) -> list[list[object]]:
    return [[f"guru{n}", f"Guru {n}", "guru", "", "", "", "", "ipa", "VII"] for n in range(count)]


@pytest.mark.parametrize("count", [2, 6])
def test_reupload_query_count_does_not_grow_with_unchanged_rows(school, operator, count):
    _import(school, operator, _xlsx(_same_rows(count)))
    rows = roster.read_rows(_xlsx(_same_rows(count)), "roster.xlsx")
    with CaptureQueriesContext(connection) as queries:
        result = roster.roster_import(actor=operator, school=school, rows=rows)
    assert len(result.unchanged) == count
    # Per row only its savepoint and release remain; everything else is read up front.
    sql = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert len(sql) - sql.count("SAVEPOINT") - sql.count("RELEASE") == 5


def test_reupload_updates_changed_rows_and_adds_roles(school, operator):
    _import(school, operator, _xlsx(GOOD))
    changed = [
        ["budi", "Budi Santoso, M.Pd.", "guru, operator", "081234567890", "", "", "", "", ""],
        GOOD[1],
    ]
    result = _import(school, operator, _csv(changed, delimiter=";"), name="roster.csv")
    assert result.errors == []
    assert ([u.username for u in result.updated], [u.username for u in result.unchanged]) == (
        ["budi"],
        ["ani"],
    )
    budi = User.objects.get(username="budi")
    assert budi.full_name == "Budi Santoso, M.Pd."
    assert sorted(Membership.objects.filter(user=budi).values_list("role", flat=True)) == [
        "operator",
        "teacher",
    ]
    # Teacher details are left alone when the row has none.
    assert TeacherProfile.objects.get(user=budi).nuptk == "1234567890123456"


def test_username_of_another_schools_person_is_refused(school, operator):
    MembershipFactory(user__username="budi", school=SchoolFactory())
    result = _import(school, operator, _xlsx(GOOD[:1]))
    assert [str(e) for e in result.errors] == [
        "Row 2: This username belongs to someone outside this school."
    ]
    assert User.objects.get(username="budi").full_name != "Budi Santoso, S.Pd."


def test_file_errors():
    with pytest.raises(roster.RosterFileError):
        roster.read_rows(io.BytesIO(b"x"), "roster.pdf")
    with pytest.raises(roster.RosterFileError):
        roster.read_rows(io.BytesIO(b"not a zip"), "roster.xlsx")
    with pytest.raises(roster.RosterFileError) as exc:
        roster.read_rows(io.BytesIO(b"nama,peran\nBudi,guru\n"), "roster.csv")
    assert str(exc.value) == "The file lacks the columns: username. Start from the template."


@pytest.mark.parametrize("extra", [1, 50_000])
def test_more_rows_than_the_limit_are_refused_with_a_message(extra):
    rows = [[f"guru{i}", f"Guru {i}", "guru"] for i in range(roster.MAX_ROWS + extra)]
    with pytest.raises(roster.RosterFileError) as exc:
        roster.read_rows(_csv(rows), "roster.csv")
    assert str(exc.value) == "A file may hold at most 1000 people; split it."
    if extra == 1:
        with pytest.raises(roster.RosterFileError):
            roster.read_rows(_xlsx(rows), "roster.xlsx")


def test_the_limit_itself_and_empty_rows_are_accepted():
    rows = [[f"guru{i}", f"Guru {i}", "guru"] for i in range(roster.MAX_ROWS)]
    assert len(roster.read_rows(_csv([*rows, ["", "", ""]]), "roster.csv")) == 1000


def test_a_file_over_10_mb_is_refused():
    upload = _csv(GOOD)
    upload.size = 10 * 1024 * 1024 + 1  # type: ignore[attr-defined]
    with pytest.raises(roster.RosterFileError) as exc:
        roster.read_rows(upload, "roster.csv")
    assert str(exc.value) == "The file is too large (10.0 MB); the limit is 10 MB."


def test_indonesian_headers_and_numbers_from_excel_are_read():
    workbook = Workbook()
    workbook.active.append(["Username", "Nama Lengkap", "Peran", "No HP", "NUPTK"])
    workbook.active.append(["budi", "Budi", "guru", 81234567890, 1234567890123456])
    workbook.active.append([None, None, None, None, None])
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    assert roster.read_rows(out, "Roster.XLSX") == [
        (
            2,
            {
                "username": "budi",
                "full_name": "Budi",
                "roles": "guru",
                "phone": "81234567890",
                "nuptk": "1234567890123456",
            },
        )
    ]


def test_template_has_the_columns_and_instructions():
    workbook = load_workbook(io.BytesIO(roster.template_xlsx()))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[1].max_row == len(HEADER) + 1


def test_template_has_no_formulas():
    assert formulas(roster.template_xlsx()) == []


def test_the_same_nuptk_on_two_rows_is_refused(school, operator):
    rows = [GOOD[0], ["sari", "Sari", "guru", "", "", GOOD[0][5], "", "", ""]]
    result = _import(school, operator, _xlsx(rows))
    assert [(str(e), e.column) for e in result.errors] == [
        ("Row 3: 1234567890123456 is also on row 2.", "nuptk")
    ]
    assert not User.objects.filter(username__in=["budi", "sari"]).exists()


def test_a_changed_number_waits_for_its_code_and_a_reupload_asks_nothing_again(school, operator):
    _import(school, operator, _xlsx(GOOD))
    changed = [["budi", GOOD[0][1], "guru", "0822 2222 2222", "", "", "", "", ""]]
    result = _import(school, operator, _xlsx(changed))
    assert [(u.username, c.phone) for u, c in result.new_numbers] == [("budi", "082222222222")]
    budi = User.objects.get(username="budi")
    assert (budi.phone, budi.pending_phone) == ("081234567890", "082222222222")
    again = _import(school, operator, _xlsx(changed))
    assert (again.new_numbers, [u.username for u in again.unchanged]) == ([], ["budi"])
