import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_scopes import scopes_disabled

from kombel.accounts.models import User
from kombel.demo.people import PASSWORD, SCHOOL2_NPSN, SCHOOL_NPSN, school_year_bounds
from kombel.schools.enums import Role
from kombel.schools.models import (
    DistrictMembership,
    Membership,
    School,
    SchoolClass,
    Semester,
    TeacherProfile,
)
from tests.snapshots import seeded_demo

TODAY = "2026-11-28"


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed-demo", "--today", TODAY, *args, stdout=out)
    return out.getvalue()


def roles_of(username: str, npsn: str) -> set[str]:
    with scopes_disabled():
        return set(
            Membership.objects.filter(user__username=username, school__npsn=npsn).values_list(
                "role", flat=True
            )
        )


@pytest.mark.django_db
def test_seed_demo_creates_the_logins_with_their_roles():
    seed_demo()

    expected = {
        "kepsek": {Role.PRINCIPAL},
        "guru01": {Role.TEACHER, Role.FACILITATOR},
        "guru04": {Role.TEACHER, Role.FACILITATOR},
        "guru05": {Role.TEACHER},
        "guru25": {Role.TEACHER},
        "pengawas1": {Role.SUPERVISOR},
        "pengawas2": {Role.SUPERVISOR},
        "pendamping1": {Role.MENTOR},
        "pendamping2": {Role.MENTOR},
        "ortu01": {Role.PARENT},
        "ortu06": {Role.PARENT},
        "tokoh1": {Role.COMMUNITY_LEADER},
        "tokoh3": {Role.COMMUNITY_LEADER},
        "admin": {Role.OPERATOR},
    }
    for username, roles in expected.items():
        assert roles_of(username, SCHOOL_NPSN) == roles, username
    assert roles_of("kepsek2", SCHOOL2_NPSN) == {Role.PRINCIPAL}
    assert roles_of("guru2_05", SCHOOL2_NPSN) == {Role.TEACHER}
    assert roles_of("pengawas1", SCHOOL2_NPSN) == {Role.SUPERVISOR}
    assert roles_of("admin", SCHOOL2_NPSN) == {Role.OPERATOR}
    assert roles_of("pengawas2", SCHOOL2_NPSN) == set()

    users = {u.username: u for u in User.objects.all()}
    assert len(users) == 47
    assert all(u.check_password(PASSWORD) for u in users.values())
    assert all(u.phone.startswith("08") for u in users.values())
    assert users["admin"].is_staff is True
    assert users["admin"].is_superuser is True
    assert users["kepsek"].is_staff is False
    with scopes_disabled():
        assert DistrictMembership.objects.get().user.username == "dinas"
        school = School.objects.get(npsn=SCHOOL_NPSN)
        assert school.name == "SMP Negeri 1 Kabupaten Tebo"
        assert school.district.bps_code == "1509"
        classes = SchoolClass.objects.filter(school=school).order_by("grade", "name")
        assert [c.name for c in classes] == [
            "VII-A", "VII-B", "VII-C", "VIII-A", "VIII-B", "VIII-C", "IX-A", "IX-B", "IX-C",
        ]  # fmt: skip
        assert all(c.homeroom_teacher is not None for c in classes)
        assert TeacherProfile.objects.filter(user__username__startswith="guru").count() == 30
        assert TeacherProfile.objects.exclude(nip="").exists()
        assert [str(s.school_year) for s in Semester.objects.order_by("start")] == [
            "2026/2027",
            "2026/2027",
        ]


@pytest.mark.django_db
def test_a_demo_user_can_log_in_and_see_the_school():
    seeded_demo(datetime.date.fromisoformat(TODAY))
    client = Client()

    response = client.post(
        "/accounts/login/", {"username": "kepsek", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"].username == "kepsek"
    assert client.get(f"/s/{SCHOOL_NPSN}/").status_code == 200
    assert client.get(f"/s/{SCHOOL2_NPSN}/").status_code == 404


@pytest.mark.django_db
def test_seed_demo_if_empty_reuses_the_existing_demo():
    seeded_demo(datetime.date.fromisoformat(TODAY))  # as the command left it (test_snapshot.py)
    count = User.objects.count()

    out = seed_demo("--if-empty")

    assert "nothing to do" in out
    assert User.objects.count() == count
    with pytest.raises(CommandError):
        seed_demo()


@pytest.mark.django_db
def test_demo_info_prints_the_url_and_the_logins():
    out = io.StringIO()
    call_command("demo-info", stdout=out)
    text = out.getvalue()

    assert "http://127.0.0.1:8000" in text
    assert PASSWORD in text
    for username in ("admin", "kepsek", "guru01", "pengawas1", "pendamping1", "dinas", "kepsek2"):
        assert f"  {username} " in text


@pytest.mark.django_db
def test_seed_synthetic_builds_and_extends_the_district():
    out = io.StringIO()
    call_command("seed-synthetic", "--schools", "2", "--today", TODAY, stdout=out)

    with scopes_disabled():
        schools = School.objects.filter(district__bps_code="1599")
        assert schools.count() == 2
        teachers = Membership.objects.filter(school__in=schools, role=Role.TEACHER)
        assert teachers.count() == 50
        assert Membership.objects.filter(school__in=schools, role=Role.FACILITATOR).count() == 8
        assert SchoolClass.objects.filter(school__in=schools).count() == 18
    assert User.objects.get(username="s002-guru25").check_password(PASSWORD)
    assert "school 2/2" in out.getvalue()

    call_command("seed-synthetic", "--schools", "3", "--today", TODAY, stdout=io.StringIO())

    with scopes_disabled():
        assert School.objects.filter(district__bps_code="1599").count() == 3
    assert User.objects.filter(username__startswith="s003-").count() == 38


@pytest.mark.parametrize(
    ("today", "name", "start", "end"),
    [
        ("2026-11-28", "2026/2027", "2026-07-01", "2027-06-30"),
        ("2027-03-01", "2026/2027", "2026-07-01", "2027-06-30"),
        ("2027-07-01", "2027/2028", "2027-07-01", "2028-06-30"),
    ],
)
def test_school_year_contains_today(today, name, start, end):
    first, year_start, year_end = school_year_bounds(datetime.date.fromisoformat(today))

    assert f"{first}/{first + 1}" == name
    assert (year_start.isoformat(), year_end.isoformat()) == (start, end)


@pytest.mark.django_db
def test_every_demo_login_sees_the_home_of_its_role():
    seeded_demo(datetime.date.fromisoformat(TODAY))
    both = ["SMP Negeri 1 Kabupaten Tebo", "SMP Negeri 2 Kabupaten Tebo"]
    expected_schools = {
        "guru01": both[:1],
        "kepsek": both[:1],
        "pengawas1": both,
        "pengawas2": both[:1],
        "pendamping1": both[:1],
        "ortu01": both[:1],
        "tokoh1": both[:1],
        "dinas": both,
        "admin": both,
        "kepsek2": both[1:],
        "guru2_01": both[1:],
    }
    for username, schools in expected_schools.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        shown = [
            school.name
            for school, _roles in response.context["panels"]["schools.mine"][1]["schools"]
        ]
        assert (response.status_code, shown) == (200, schools), username

    teacher = Client()
    teacher.force_login(User.objects.get(username="guru05"))
    _template, panel = teacher.get("/").context["panels"]["programs.next"]
    assert [p.title for p in panel["programmes"]] == ["Lokakarya dan Komunitas Belajar"]
    assert panel["events"], "a teacher's next activities are listed"
    # A teacher of the second school sees nothing of SMP N 1.
    outsider = Client()
    outsider.force_login(User.objects.get(username="guru2_01"))
    assert outsider.get(f"/s/{SCHOOL_NPSN}/").status_code == 404
    assert outsider.get(f"/api/v1/schools/{SCHOOL_NPSN}/programmes").status_code == 404
