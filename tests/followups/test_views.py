import datetime

import pytest
from django_scopes import scopes_disabled

from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.followups.queries import open_items_for_user
from kombel.schools.enums import Role
from tests.clock import clock_today
from tests.factories import ActionItemFactory, MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.clock


def test_list_flags_overdue_and_filters_by_owner(client, school, teacher, facilitator):
    late = ActionItemFactory(
        school=school, owner=teacher, due_date=(clock_today() - datetime.timedelta(days=1))
    )
    other = ActionItemFactory(school=school, owner=facilitator)
    client.force_login(facilitator)
    response = client.get(f"/s/{school.npsn}/followups/")
    assert list(response.context["page"]) == [late, other]
    assert "Terlambat" in response.content.decode() or "Overdue" in response.content.decode()
    response = client.get(f"/s/{school.npsn}/followups/", {"owner": str(teacher.pk)})
    assert list(response.context["page"]) == [late]
    response = client.get(f"/s/{school.npsn}/followups/", {"overdue": "on"})
    assert list(response.context["page"]) == [late]


def test_list_is_403_for_a_teacher(client, school, teacher):
    client.force_login(teacher)
    assert client.get(f"/s/{school.npsn}/followups/").status_code == 403


def test_mine_lists_only_own_items(client, school, teacher, facilitator):
    mine = ActionItemFactory(school=school, owner=teacher)
    ActionItemFactory(school=school, owner=facilitator)
    client.force_login(teacher)
    response = client.get(f"/s/{school.npsn}/followups/mine/")
    assert response.context["items"] == [mine]


def test_owner_marks_item_done(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    client.force_login(teacher)
    response = client.post(
        f"/s/{school.npsn}/followups/{item.pk}/",
        {"status": "done", "note": "Sudah dicoba di VII-B", "evidence_url": "", "version": 1},
    )
    assert response.status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
    assert (item.status, item.status_note) == (ItemStatus.DONE, "Sudah dicoba di VII-B")


def test_stale_form_shows_conflict_and_keeps_the_newer_status(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher, version=2)
    client.force_login(teacher)
    response = client.post(
        f"/s/{school.npsn}/followups/{item.pk}/",
        {"status": "dropped", "note": "x", "version": 1},
    )
    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    with scopes_disabled():
        item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_dropping_without_note_shows_field_error(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    client.force_login(teacher)
    response = client.post(
        f"/s/{school.npsn}/followups/{item.pk}/", {"status": "dropped", "note": "", "version": 1}
    )
    assert list(response.context["form"].errors) == ["note"]


def test_another_teacher_cannot_change_the_item(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    colleague = UserFactory()
    MembershipFactory(user=colleague, school=school, role=Role.TEACHER)
    client.force_login(colleague)
    response = client.post(f"/s/{school.npsn}/followups/{item.pk}/", {"status": "done"})
    assert response.status_code == 403


def test_charlie_gets_404_for_another_schools_item(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    charlie = UserFactory()
    other = SchoolFactory()
    MembershipFactory(user=charlie, school=other, role=Role.PRINCIPAL)
    client.force_login(charlie)
    assert client.get(f"/s/{other.npsn}/followups/{item.pk}/").status_code == 404
    assert client.get(f"/s/{school.npsn}/followups/{item.pk}/").status_code == 404
    assert client.get(f"/s/{school.npsn}/followups/").status_code == 404
    assert client.get(f"/s/{school.npsn}/followups/mine/").status_code == 404


def test_open_items_for_user_across_schools(school, teacher):
    other = SchoolFactory()
    MembershipFactory(user=teacher, school=other, role=Role.TEACHER)
    a = ActionItemFactory(
        school=school, owner=teacher, due_date=(clock_today() - datetime.timedelta(days=1))
    )
    b = ActionItemFactory(school=other, owner=teacher)
    ActionItemFactory(school=school, owner=teacher, status=ItemStatus.DONE)
    with scopes_disabled():
        assert list(open_items_for_user(teacher)) == [a, b]
        assert [i.is_overdue for i in open_items_for_user(teacher)] == [True, False]


@pytest.mark.parametrize("first", [1, 10])
def test_home_links_every_school_with_open_items_even_past_the_first_ten(
    client, school, teacher, first
):
    other = SchoolFactory()
    MembershipFactory(user=teacher, school=other, role=Role.TEACHER)
    ActionItemFactory.create_batch(
        first, school=school, owner=teacher, due_date=(clock_today() - datetime.timedelta(days=1))
    )
    ActionItemFactory(school=other, owner=teacher)
    client.force_login(teacher)
    response = client.get("/")
    assert len(response.context["panels"]["followups.open"][1]["items"]) == min(first + 1, 10)
    assert {s.pk for s in response.context["panels"]["followups.open"][1]["schools"]} == {
        school.pk,
        other.pk,
    }


def test_list_owner_choices_are_the_staff_once_each_by_name(client, school, teacher, facilitator):
    MembershipFactory(user=facilitator, school=school, role=Role.TEACHER)
    MembershipFactory(user=UserFactory(full_name="Ani Wali"), school=school, role=Role.PARENT)
    client.force_login(facilitator)
    response = client.get(f"/s/{school.npsn}/followups/")
    assert [label for _, label in response.context["form"].fields["owner"].choices][1:] == [
        "Budi Santoso",
        "Siti Rahma",
    ]


def test_list_pages_keep_the_filters(client, school, teacher, facilitator):
    ActionItemFactory.create_batch(51, school=school, owner=teacher)
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/followups/"
    html = client.get(url, {"owner": str(teacher.pk), "page": "1"}).content.decode()
    assert f'href="?owner={teacher.pk}&amp;page=2"' in html
    html = client.get(url, {"owner": str(teacher.pk), "page": "2"}).content.decode()
    assert f'href="?owner={teacher.pk}&amp;page=1"' in html


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_constant(
    client, school, teacher, facilitator, n, django_assert_num_queries
):
    for _ in range(n):
        ActionItemFactory(school=school, owner=teacher)
    client.force_login(facilitator)
    client.get(f"/s/{school.npsn}/followups/")  # warm the session
    with django_assert_num_queries(5):
        response = client.get(f"/s/{school.npsn}/followups/")
    assert len(response.context["page"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_mine_query_count_is_constant(client, school, teacher, n, django_assert_num_queries):
    for _ in range(n):
        ActionItemFactory(school=school, owner=teacher)
    client.force_login(teacher)
    with django_assert_num_queries(5):
        client.get(f"/s/{school.npsn}/followups/mine/")
    with scopes_disabled():
        assert ActionItem.objects.count() == n


def test_the_follow_up_agreed_at_a_source_keeps_a_draft_and_is_added_once(
    client, school, facilitator
):
    """The inline form of a meeting's (an observation's, a visit's...) page: a half-filled
    follow-up stays on the phone when the connection drops, and a double tap on "Add the
    follow-up" added it twice to the owner's list."""
    from django.urls import reverse

    from tests.factories import MeetingFactory

    with scopes_disabled():
        meeting = MeetingFactory(
            community__programme__school=school,
            community__facilitator=facilitator,
            date=clock_today(),
        )
    client.force_login(facilitator)
    page = client.get(reverse("communities:meeting", args=[school.npsn, meeting.pk]))
    add = reverse("followups:add", args=[school.npsn, "communities.meeting", meeting.pk])
    form = page.content.decode().split(f'action="{add}"', 1)[1].split(">", 1)[0]
    assert "data-autosave=" in form
    data = {
        "description": "Mencoba kartu peran kelompok",
        "owner": str(facilitator.pk),
        "due_date": (clock_today() + datetime.timedelta(days=14)).isoformat(),
        "_draft": "f0llow1",
    }
    assert client.post(add, data).status_code == client.post(add, data).status_code == 302
    with scopes_disabled():
        assert ActionItem.objects.filter(description="Mencoba kartu peran kelompok").count() == 1
