import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from kombel.communities.enums import MeetingStatus
from kombel.communities.models import Community, Meeting, MeetingAttendance, Practice
from kombel.followups.models import ActionItem
from kombel.schools.enums import Role
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    MembershipFactory,
    PracticeFactory,
    SubjectFactory,
    TeacherProfileFactory,
    UserFactory,
)
from tests.factories.communities import CommunityMemberFactory, MeetingAttendanceFactory


def _url(community, suffix=""):  # type: ignore[no-untyped-def]
    return f"/s/{community.school.npsn}/communities/{suffix}"


def test_overview_flags_dormant_community(client, community, principal):
    client.force_login(principal)
    response = client.get(_url(community))
    assert [c for c, _r in response.context["rows"]] == [community]
    assert response.context["dormant"] == [community]  # the programme started long ago


def test_parent_gets_403(client, community, school):
    parent = UserFactory()
    MembershipFactory(user=parent, school=school, role=Role.PARENT)
    client.force_login(parent)
    assert client.get(_url(community)).status_code == 403
    assert client.get(_url(community, f"{community.pk}/")).status_code == 403


def test_charlie_gets_404_everywhere(client, community, charlie):
    meeting = MeetingFactory(community=community)
    practice = PracticeFactory(community=community, meeting=meeting)
    client.force_login(charlie)
    for suffix in [
        "",
        f"{community.pk}/",
        f"{community.pk}/edit/",
        f"meetings/{meeting.pk}/",
        f"meetings/{meeting.pk}/record/",
        f"practices/{practice.pk}/",
        "practices/",
        "suggest/",
    ]:
        assert client.get(_url(community, suffix)).status_code == 404, suffix


def test_another_facilitator_cannot_manage_this_community(client, community, school):
    other = UserFactory()
    MembershipFactory(user=other, school=school, role=Role.FACILITATOR)
    client.force_login(other)
    assert client.get(_url(community, f"{community.pk}/edit/")).status_code == 403
    assert client.get(_url(community, f"{community.pk}/")).status_code == 200


def test_suggest_then_accept_creates_only_accepted(client, school, programme, facilitator, teacher):
    math = SubjectFactory(code="mat", name="Matematika")
    ipa = SubjectFactory(code="ipa", name="IPA")
    for user in (facilitator, teacher):
        TeacherProfileFactory(user=user, grades=[7]).subjects.set([math, ipa])
    client.force_login(facilitator)
    response = client.get(f"/s/{school.npsn}/communities/suggest/")
    assert [p.name for _f, p in response.context["pairs"]] == [
        "IPA Kelas VII",
        "Matematika Kelas VII",
    ]
    data = {
        "programme": programme.pk,
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-name": "IPA Kelas VII",
        "form-0-facilitator": facilitator.pk,
        "form-1-accept": "on",
        "form-1-name": "MIPA Kelas VII",
        "form-1-facilitator": facilitator.pk,
    }
    response = client.post(f"/s/{school.npsn}/communities/suggest/", data)
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Community.objects.values_list("name", flat=True)) == ["MIPA Kelas VII"]


def test_attendance_one_tap_with_htmx(client, community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    client.force_login(facilitator)
    response = client.post(
        _url(community, f"meetings/{meeting.pk}/attendance/"),
        {"participant": teacher.pk, "status": "late"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="att-{teacher.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()
    with scopes_disabled():
        assert list(MeetingAttendance.objects.values_list("user_id", "status")) == [
            (teacher.pk, "late")
        ]
        assert Meeting.objects.get().status == MeetingStatus.HELD


def test_attendance_for_a_non_member_shows_error_and_saves_nothing(client, community, facilitator):
    meeting = MeetingFactory(community=community)
    client.force_login(facilitator)
    outsider = UserFactory()
    response = client.post(
        _url(community, f"meetings/{meeting.pk}/attendance/"),
        {"participant": outsider.pk, "status": "present"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert "Choose a member" in response.content.decode()
    with scopes_disabled():
        assert MeetingAttendance.objects.count() == 0


def test_stale_reflection_shows_conflict(client, community, teacher):
    meeting = MeetingFactory(community=community, version=3, went_well="Versi lain")
    client.force_login(teacher)
    response = client.post(
        _url(community, f"meetings/{meeting.pk}/reflection/"),
        {"went_well": "Punya saya", "version": 2},
    )
    assert len(response.context["form"].non_field_errors()) == 1
    with scopes_disabled():
        assert Meeting.objects.get().went_well == "Versi lain"


def test_meeting_outside_programme_shows_date_error(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(_url(community, f"{community.pk}/meetings/new/"), {"date": "2027-02-01"})
    assert list(response.context["form"].errors) == ["date"]
    with scopes_disabled():
        assert Meeting.objects.count() == 0


def test_upload_of_wrong_type_shows_error(client, community, teacher):
    client.force_login(teacher)
    response = client.post(
        _url(community, f"{community.pk}/practices/new/"),
        {
            "title": "Kebun karet",
            "description": "Pola bilangan",
            "files": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert list(response.context["form"].errors) == ["files"]
    with scopes_disabled():
        assert Practice.objects.count() == 0


def test_files_over_the_request_limit_are_refused_before_anything_is_read(
    client, community, teacher
):
    # Each file is under the 10 MB limit; together they pass the 20 MB a request may carry.
    big = b"%PDF-1.4 " + b"x" * (7 * 1024 * 1024)
    client.force_login(teacher)
    response = client.post(
        _url(community, f"{community.pk}/practices/new/"),
        {
            "title": "Kebun karet",
            "description": "Pola bilangan",
            "files": [SimpleUploadedFile(f"{i}.pdf", big) for i in range(3)],
        },
    )
    assert response.status_code == 413
    assert "at most 5 files and 20 MB together" in response.content.decode()
    with scopes_disabled():
        assert Practice.objects.count() == 0


def test_more_than_five_files_are_refused_next_to_the_field(client, community, teacher):
    client.force_login(teacher)
    response = client.post(
        _url(community, f"{community.pk}/practices/new/"),
        {
            "title": "Kebun karet",
            "description": "Pola bilangan",
            "files": [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4 x") for i in range(6)],
        },
    )
    assert response.context["form"].errors == {
        "files": ["At most 5 files at once; add the others afterwards."]
    }
    with scopes_disabled():
        assert Practice.objects.count() == 0


def test_practice_file_download(client, community, teacher):
    client.force_login(teacher)
    response = client.post(
        _url(community, f"{community.pk}/practices/new/"),
        {
            "title": "Kebun karet",
            "description": "Pola bilangan",
            "files": SimpleUploadedFile("lk.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        pf = Practice.objects.get().files.get()
    response = client.get(_url(community, f"files/{pf.pk}/"))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    pf.file.delete(save=False)  # gone from the storage: 404, not a server error
    assert client.get(_url(community, f"files/{pf.pk}/")).status_code == 404


def test_action_item_from_meeting_screen(client, community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    client.force_login(facilitator)
    response = client.post(
        f"/s/{community.school.npsn}/followups/new/communities.meeting/{meeting.pk}/",
        {"description": "Kartu keluar", "owner": teacher.pk, "due_date": "2026-09-20"},
    )
    assert response.url == _url(community, f"meetings/{meeting.pk}/")
    with scopes_disabled():
        assert list(ActionItem.objects.values_list("owner_id", "source_id")) == [
            (teacher.pk, str(meeting.pk))
        ]


def test_meeting_screen_has_whatsapp_link_for_facilitator(client, community, facilitator):
    meeting = MeetingFactory(community=community, agenda="Refleksi PjBL")
    client.force_login(facilitator)
    response = client.get(_url(community, f"meetings/{meeting.pk}/"))
    assert response.context["wa_link"].startswith("https://wa.me/?text=")
    assert "Refleksi%20PjBL" in response.context["wa_link"]


def _grow(community, n):  # type: ignore[no-untyped-def]
    """n more members and n held meetings with attendance, entries, items and practices."""
    for i in range(n):
        user = UserFactory()
        MembershipFactory(user=user, school=community.school, role=Role.TEACHER)
        CommunityMemberFactory(community=community, user=user)
        meeting = MeetingFactory(
            community=community,
            date=datetime.date(2026, 9, 4) + datetime.timedelta(weeks=2 * i),
            status=MeetingStatus.HELD,
        )
        MeetingAttendanceFactory(meeting=meeting, user=user)
        PracticeFactory(community=community, meeting=meeting, shared_by=user)
    return meeting


@pytest.mark.parametrize("n", [1, 3])
def test_community_page_query_count(client, community, teacher, n, django_assert_num_queries):
    _grow(community, n)
    client.force_login(teacher)
    with django_assert_num_queries(12):
        response = client.get(_url(community, f"{community.pk}/"))
    assert len(response.context["meetings"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_overview_query_count(
    client, programme, facilitator, principal, n, django_assert_num_queries
):
    for i in range(n):
        c = CommunityFactory(programme=programme, facilitator=facilitator, name=f"K{i}")
        _grow(c, 2)
    client.force_login(principal)
    with django_assert_num_queries(9):
        response = client.get(f"/s/{programme.school.npsn}/communities/")
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_page_query_count(client, community, facilitator, n, django_assert_num_queries):
    meeting = _grow(community, n)
    client.force_login(facilitator)
    with django_assert_num_queries(10):
        response = client.get(_url(community, f"meetings/{meeting.pk}/"))
    assert len(response.context["sheet"].members) == n + 2


@pytest.mark.parametrize("n", [1, 3])
def test_practices_page_query_count(client, community, teacher, n, django_assert_num_queries):
    _grow(community, n)
    client.force_login(teacher)
    with django_assert_num_queries(7):
        response = client.get(f"/s/{community.school.npsn}/communities/practices/")
    assert len(response.context["page"]) == n


@pytest.mark.parametrize("n", [2, 6])
def test_suggest_page_query_count(
    client, school, programme, facilitator, teacher, n, django_assert_num_queries
):
    """The facilitator options are read once, not once per proposed group."""
    subjects = [SubjectFactory(code=f"s{i}", name=f"Mapel {i}") for i in range(n)]
    for user in (facilitator, teacher):
        TeacherProfileFactory(user=user, grades=[7]).subjects.set(subjects)
    client.force_login(facilitator)
    with django_assert_num_queries(11):
        response = client.get(f"/s/{school.npsn}/communities/suggest/")
    assert len(response.context["pairs"]) == n
    html = response.content.decode()
    assert html.count(f'<option value="{facilitator.pk}" selected>') == n
