import io
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from openpyxl import Workbook

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.extensions import school_links
from kombel.core.models import AuditLog
from kombel.schools.enums import Role
from kombel.schools.models import Membership, SchoolClass, TeacherProfile
from tests.factories import MembershipFactory, SchoolClassFactory, TeacherProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _urls(sw) -> list[str]:  # type: ignore[no-untyped-def]
    npsn, person = sw.school.npsn, sw.objects["person"].pk
    return [
        f"/s/{npsn}/people/",
        f"/s/{npsn}/people/{person}/",
        f"/s/{npsn}/people/new/",
        f"/s/{npsn}/people/{person}/edit/",
        f"/s/{npsn}/people/{person}/teacher/",
        f"/s/{npsn}/people/{person}/roles/",
        f"/s/{npsn}/people/import/",
        f"/s/{npsn}/people/import/template.xlsx",
        f"/s/{npsn}/classes/",
        f"/s/{npsn}/classes/new/",
        f"/s/{npsn}/classes/{sw.objects['class'].pk}/edit/",
        f"/s/{npsn}/audit/",
        f"/s/{npsn}/settings/",
    ]


def test_charlie_gets_404_for_every_page_of_another_school(client, world):
    log_action("schools.person.created", school=world.own.school, obj=world.own.objects["person"])
    client.force_login(world.other.users[Role.OPERATOR])
    for url in _urls(world.own):
        assert client.get(url).status_code == 404, url
    membership = world.own.objects["membership"]
    response = client.post(f"/s/{world.own.school.npsn}/memberships/{membership.pk}/remove/")
    assert response.status_code == 404
    with scopes_disabled():
        assert Membership.objects.filter(pk=membership.pk).exists()


def test_objects_of_another_school_are_404_under_ones_own_school(client, world):
    client.force_login(world.own.users[Role.OPERATOR])
    npsn = world.own.school.npsn
    foreign_person = world.other.objects["person"].pk
    foreign_class = world.other.objects["class"].pk
    foreign_membership = world.other.objects["membership"].pk
    for url in (
        f"/s/{npsn}/people/{foreign_person}/",
        f"/s/{npsn}/people/{foreign_person}/edit/",
        f"/s/{npsn}/people/{foreign_person}/teacher/",
        f"/s/{npsn}/classes/{foreign_class}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/s/{npsn}/memberships/{foreign_membership}/remove/").status_code == 404


def test_people_list_filters_by_role_and_search(client, world):
    client.force_login(world.own.users[Role.PRINCIPAL])
    npsn = world.own.school.npsn
    response = client.get(f"/s/{npsn}/people/", {"role": "teacher"})
    roles_holders = set(world.own.users.values())  # other apps' builders may add teachers
    shown = [p.username for p in response.context["page"] if p in roles_holders]
    assert shown == ["own-facilitator", "own-teacher"]
    response = client.get(f"/s/{npsn}/people/", {"q": "own pare"})
    assert [p.username for p in response.context["page"]] == ["own-parent"]
    response = client.get(f"/s/{npsn}/people/", {"q": "other"})
    assert list(response.context["page"]) == []


@pytest.mark.parametrize("extra", [0, 3])
def test_people_list_query_count_does_not_grow(client, world, django_assert_num_queries, extra):
    school = world.own.school
    with scopes_disabled():
        before = Membership.objects.filter(school=school).values("user").distinct().count()
    for _ in range(extra):
        user = MembershipFactory(school=school, role=Role.TEACHER).user
        TeacherProfileFactory(user=user)
    client.force_login(world.own.users[Role.OPERATOR])
    with django_assert_num_queries(8):
        response = client.get(f"/s/{school.npsn}/people/")
    assert response.context["page"].paginator.count == before + extra


@pytest.mark.parametrize("extra", [0, 3])
def test_class_list_query_count_does_not_grow(client, world, django_assert_num_queries, extra):
    school = world.own.school
    with scopes_disabled():
        before = SchoolClass.objects.filter(school=school).count()  # the world's own classes
    for n in range(extra):
        SchoolClassFactory(school=school, name=f"VIII-{n}", grade=8)
    client.force_login(world.own.users[Role.TEACHER])
    with django_assert_num_queries(5):
        response = client.get(f"/s/{school.npsn}/classes/")
    assert len(response.context["classes"]) == before + extra


@pytest.mark.parametrize("extra", [1, 3])
def test_audit_log_query_count_does_not_grow(client, world, django_assert_num_queries, extra):
    school = world.own.school
    with scopes_disabled():
        AuditLog.objects.all().delete()  # what the world's builders logged
    for _ in range(extra):
        log_action("schools.test", actor=world.own.users[Role.OPERATOR], school=school)
    log_action("schools.test", actor=world.other.users[Role.OPERATOR], school=world.other.school)
    client.force_login(world.own.users[Role.PRINCIPAL])
    with django_assert_num_queries(6):
        response = client.get(f"/s/{school.npsn}/audit/")
    assert len(response.context["page"]) == extra


def test_audit_log_shows_the_time_in_the_locale_format(client, world):
    log_action("schools.test", actor=world.own.users[Role.OPERATOR], school=world.own.school)
    with scopes_disabled():
        AuditLog.objects.update(created_at=datetime(2025, 3, 4, 7, 30, tzinfo=UTC))
    client.force_login(world.own.users[Role.PRINCIPAL])
    client.cookies["django_language"] = "id"
    page = client.get(f"/s/{world.own.school.npsn}/audit/").content.decode()
    assert "4 Maret 2025, 14.30" in page


def test_person_detail_shows_roles_and_teacher_details(client, world):
    client.force_login(world.own.users[Role.TEACHER])
    facilitator = world.own.users[Role.FACILITATOR]
    response = client.get(f"/s/{world.own.school.npsn}/people/{facilitator.pk}/")
    assert [m.role for m in response.context["person"].school_memberships] == [
        "facilitator",
        "teacher",
    ]
    assert response.context["profile"].grades == [7]
    assert response.context["can_change_account"] is False
    assert response.context["membership_form"] is None


def test_person_detail_links_the_phone_to_whatsapp(client, world):
    facilitator = world.own.users[Role.FACILITATOR]
    User.objects.filter(pk=facilitator.pk).update(phone="081234567890")
    client.force_login(world.own.users[Role.TEACHER])
    response = client.get(f"/s/{world.own.school.npsn}/people/{facilitator.pk}/")
    assert response.context["person_wa_link"] == "https://wa.me/6281234567890"
    assert 'href="https://wa.me/6281234567890"' in response.content.decode()


def test_add_person_shows_the_initial_password_once(client, world):
    client.force_login(world.own.users[Role.PRINCIPAL])
    response = client.post(
        f"/s/{world.own.school.npsn}/people/new/",
        {"username": "siti", "full_name": "Siti Aminah", "roles": ["teacher"], "grades": ["8"]},
    )
    assert response.status_code == 200
    user = User.objects.get(username="siti")
    assert user.check_password(response.context["password"])
    with scopes_disabled():
        assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
            "teacher"
        ]


def test_add_person_shows_every_error_at_once_with_a_summary(client, world):
    client.force_login(world.own.users[Role.PRINCIPAL])
    response = client.post(
        f"/s/{world.own.school.npsn}/people/new/",
        {"username": "own-teacher", "full_name": "X", "roles": ["supervisor"], "nuptk": "123"},
    )
    form = response.context["form"]
    assert form.errors == {
        "username": ["This username is already taken."],
        "nuptk": ["NUPTK must be exactly 16 digits."],
    }
    html = response.content.decode()
    summary = html[html.index('class="errors error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert 'href="#id_username"' in summary and 'href="#id_nuptk"' in summary
    assert "Please correct these 2 problems:" in summary
    # The form comes back opened at its first error.
    assert html.count("autofocus") == 1
    assert re.search(r'<input[^>]*name="username"[^>]*autofocus', html)
    assert not User.objects.filter(full_name="X").exists()


def test_teacher_edit_refuses_stale_version(client, world):
    client.force_login(world.own.users[Role.PRINCIPAL])
    person = world.own.objects["person"]
    url = f"/s/{world.own.school.npsn}/people/{person.pk}/teacher/"
    assert client.post(url, {"grades": ["8"], "version": "1"}).status_code == 302
    response = client.post(url, {"grades": ["9"], "version": "1"})
    assert response.context["form"].non_field_errors() == [
        "Someone else saved a change while you were editing. Your changes were not saved: "
        "reload the page to see theirs, then make yours again."
    ]
    assert TeacherProfile.objects.get(user=person).grades == [8]


def test_membership_add_and_remove(client, world):
    client.force_login(world.own.users[Role.PRINCIPAL])
    npsn, person = world.own.school.npsn, world.own.objects["person"]
    # Offered: the roles a principal may give that the person does not hold yet.
    response = client.get(f"/s/{npsn}/people/{person.pk}/")
    assert [
        value for value, _label in response.context["membership_form"].fields["role"].choices
    ] == [
        "facilitator",
        "supervisor",
        "mentor",
        "parent",
        "community_leader",
        "operator",
    ]
    response = client.post(f"/s/{npsn}/people/{person.pk}/roles/", {"role": "teacher"})
    assert list(response.context["form"].errors) == ["role"]
    assert client.post(f"/s/{npsn}/people/{person.pk}/roles/", {"role": "mentor"}).status_code == (
        302
    )
    with scopes_disabled():
        mentor = Membership.objects.get(user=person, role="mentor")
    assert client.post(f"/s/{npsn}/memberships/{mentor.pk}/remove/").status_code == 302
    with scopes_disabled():
        assert list(Membership.objects.filter(user=person).values_list("role", flat=True)) == [
            "teacher"
        ]


def test_roster_upload_shows_row_errors_and_writes_nothing(client, world):
    workbook = Workbook()
    workbook.active.append(["username", "full_name", "roles", "nuptk"])
    workbook.active.append(["siti", "Siti", "guru", "1234567890123456"])
    workbook.active.append(["joko", "Joko", "guru", "12"])
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "roster.xlsx"
    client.force_login(world.own.users[Role.PRINCIPAL])
    response = client.post(f"/s/{world.own.school.npsn}/people/import/", {"file": upload})
    assert [str(e) for e in response.context["result"].errors] == [
        "Row 3: NUPTK must be exactly 16 digits."
    ]
    assert b"Row" in response.content and b"NUPTK must be exactly 16 digits." in response.content
    assert not User.objects.filter(username__in=["siti", "joko"]).exists()


def test_roster_template_downloads(client, world):
    client.force_login(world.own.users[Role.OPERATOR])
    response = client.get(f"/s/{world.own.school.npsn}/people/import/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_class_add_refuses_homeroom_teacher_of_another_school(client, world):
    client.force_login(world.own.users[Role.OPERATOR])
    school_year = world.own.objects["class"].school_year
    url = f"/s/{world.own.school.npsn}/classes/new/"
    data = {"school_year": school_year.pk, "grade": "8", "name": "VIII-A"}
    response = client.post(url, {**data, "homeroom_teacher": world.other.objects["person"].pk})
    assert list(response.context["form"].errors) == ["homeroom_teacher"]
    teacher = world.own.objects["person"]
    assert client.post(url, {**data, "homeroom_teacher": teacher.pk}).status_code == 302
    with scopes_disabled():
        assert SchoolClass.objects.get(school=world.own.school, name="VIII-A").homeroom_teacher == (
            teacher
        )


def test_school_settings_change_time_zone(client, world):
    client.force_login(world.own.users[Role.OPERATOR])
    school = world.own.school
    response = client.post(
        f"/s/{school.npsn}/settings/", {"name": school.name, "timezone": "Asia/Makassar"}
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.timezone == "Asia/Makassar"


@pytest.mark.clock
def test_new_class_form_starts_in_the_current_school_year(client, world):
    from django.utils import timezone

    from tests.factories import SchoolYearFactory

    today = timezone.localdate()
    current = SchoolYearFactory(
        name=f"{today.year}/{today.year + 1}",
        start=today.replace(month=1, day=1),
        end=today.replace(month=12, day=31),
    )
    client.force_login(world.own.users[Role.OPERATOR])

    response = client.get(f"/s/{world.own.school.npsn}/classes/new/")

    assert response.context["form"].initial["school_year"] == current


def test_the_school_page_links_each_apps_part_only_for_those_who_may_open_it(client, world):
    """Apps add their buttons through core.extensions.register_school_link: each shows to whom
    may follow it, and nobody else."""
    npsn = world.own.school.npsn
    for role, user in world.own.users.items():
        client.force_login(user)
        page = client.get(f"/s/{npsn}/").content.decode()
        for link in school_links():
            url = reverse(link.url_name, args=[npsn])
            shown = f'href="{url}"' in page
            assert shown is user.has_perm(link.perm, world.own.school), (role, link.name)
            if shown:
                assert client.get(url).status_code == 200, (role, url)


def test_an_audit_line_without_an_object_ends_with_its_action(client, world):
    """Some actions are logged without naming their object (an interview: who was interviewed
    is not for the log); their line read "Wawancara: dicatat ·" with nothing after the dot."""
    log_action("schools.test", actor=world.own.users[Role.OPERATOR], school=world.own.school)
    client.force_login(world.own.users[Role.PRINCIPAL])
    page = client.get(f"/s/{world.own.school.npsn}/audit/").content.decode()
    line = page.split("<strong>", 1)[1].split("</li>", 1)[0]
    assert not line.rstrip().endswith("·"), line
