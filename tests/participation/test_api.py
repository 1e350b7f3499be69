"""The participation API: the same rules as the pages, lists paginated."""

import pytest

from kombel.participation.enums import SpaceKind
from kombel.participation.models import Invitation, Post
from tests.factories.accounts import PASSWORD
from tests.factories.participation import SpaceFactory

pytestmark = pytest.mark.django_db


def _auth(client, user):  # type: ignore[no-untyped-def]
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_invitation_over_the_api_answers_its_link_once(client, principal, school, klass, unscoped):
    auth = _auth(client, principal)
    url = f"/api/v1/schools/{school.npsn}/participation/invitations"
    response = client.post(
        url,
        {"role": "parent", "name": "Ibu Wati", "school_class_id": str(klass.pk)},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    assert "/join/" in response.json()["link"]
    listed = client.get(url + "?limit=1", **auth).json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "pending"
    missing_class = client.post(
        url, {"role": "parent", "name": "X"}, content_type="application/json", **auth
    )
    assert missing_class.status_code == 422
    assert "school_class" in missing_class.json()["errors"]
    assert Invitation.objects.count() == 1


def test_thread_and_reply_over_the_api(client, parent, school, klass, unscoped):
    space = SpaceFactory(school=school, kind=SpaceKind.CLASS, school_class=klass)
    auth = _auth(client, parent)
    base = f"/api/v1/schools/{school.npsn}/participation"
    thread = client.post(
        f"{base}/spaces/{space.pk}/threads",
        {"title": "PR matematika", "body": "<script>x</script>"},
        content_type="application/json",
        **auth,
    )
    assert thread.status_code == 201
    thread_id = thread.json()["id"]
    reply = client.post(
        f"{base}/threads/{thread_id}/posts",
        {"body": "Saya juga", "link": "ftp://x"},
        content_type="application/json",
        **auth,
    )
    assert reply.status_code == 422 and "link" in reply.json()["errors"]
    posts = client.get(f"{base}/threads/{thread_id}/posts", **auth).json()
    assert posts["count"] == 1 and posts["items"][0]["body"] == "<script>x</script>"
    assert Post.objects.count() == 1


def test_a_leader_gets_403_on_a_class_space(client, leader, school, klass, unscoped):
    space = SpaceFactory(school=school, kind=SpaceKind.CLASS, school_class=klass)
    auth = _auth(client, leader)
    response = client.get(
        f"/api/v1/schools/{school.npsn}/participation/spaces/{space.pk}/threads", **auth
    )
    assert response.status_code == 403


def test_forum_meeting_attendance_over_the_api(client, facilitator, parent, school, unscoped):
    import datetime

    from kombel.participation import services
    from tests.factories import ProgrammeFactory

    event = services.meeting_create(
        actor=facilitator,
        programme=ProgrammeFactory(school=school),
        title="Forum",
        date=datetime.date(2026, 10, 10),
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        confirm=True,
    )
    auth = _auth(client, facilitator)
    base = f"/api/v1/schools/{school.npsn}/participation/meetings"
    url = f"{base}/{event.pk}/attendance/{parent.pk}"
    response = client.put(url, {"status": "late"}, content_type="application/json", **auth)
    assert response.json() == {"user_id": str(parent.pk), "full_name": "Nurlela", "status": "late"}
    assert client.get(base, **auth).json()["items"][0]["attended"] == 1
    bad = client.put(url, {"status": "gone"}, content_type="application/json", **auth)
    assert bad.status_code == 422


def test_ids_of_another_school_or_unknown_answer_422_on_their_field(
    client, leader, principal, parent, school, unscoped
):
    """An id in a body is this school's row or a 422 on that field, never silently dropped."""
    import uuid

    from kombel.participation.models import LocalInput
    from kombel.programs.models import Material
    from kombel.schools.enums import Role
    from tests.factories import CommunityFactory, SchoolClassFactory
    from tests.factories.lessons import plan_for
    from tests.participation.conftest import member

    base = f"/api/v1/schools/{school.npsn}/participation"
    material = Material.objects.order_by("order").first()
    foreign_community = CommunityFactory()
    other = foreign_community.programme.school
    foreign_plan = plan_for(other, member(other, Role.TEACHER), title="Bukan milik kita")
    auth = _auth(client, leader)
    for field, value in (
        ("community_id", foreign_community.pk),
        ("lesson_plan_id", foreign_plan.pk),
        ("material_id", uuid.uuid4()),
    ):
        body = {"target": "material", "context": "x", "material_id": str(material.pk)}
        body[field] = str(value)
        answer = client.post(f"{base}/local-input", body, content_type="application/json", **auth)
        assert answer.status_code == 422, field
        assert field in answer.json()["errors"], answer.json()
    assert not LocalInput.objects.exists()

    foreign_class = SchoolClassFactory()
    answer = client.post(
        f"{base}/feedback",
        {"school_class_id": str(foreign_class.pk), "engagement": 3},
        content_type="application/json",
        **_auth(client, parent),
    )
    assert answer.status_code == 422 and "school_class_id" in answer.json()["errors"]
    answer = client.post(
        f"{base}/invitations",
        {"role": "parent", "name": "X", "school_class_id": str(foreign_class.pk)},
        content_type="application/json",
        **_auth(client, principal),
    )
    assert answer.status_code == 422 and "school_class_id" in answer.json()["errors"]
    assert not Invitation.objects.exists()


def _selects_from(captured, table):  # type: ignore[no-untyped-def]
    return [
        q["sql"]
        for q in captured
        if q["sql"].startswith("SELECT")
        and f'FROM "{table}"' in q["sql"]
        and not q["sql"].startswith("SELECT COUNT(")
    ]


def test_lists_cut_the_page_in_sql_and_one_person_is_one_row(
    client, facilitator, parent, school, klass, unscoped
):
    """A page of 1 reads 1 row (LIMIT), not the whole thread; a forum meeting's attendance
    reads the one person, not every parent of the school."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kombel.participation import services
    from tests.factories import ProgrammeFactory

    space = SpaceFactory(school=school, kind=SpaceKind.CLASS, school_class=klass)
    thread = services.thread_create(actor=parent, space=space, title="PR", body="Satu")
    for text in ("Dua", "Tiga"):
        services.post_create(actor=parent, thread=thread, body=text, link="")
    auth = _auth(client, parent)
    base = f"/api/v1/schools/{school.npsn}/participation"
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"{base}/threads/{thread.pk}/posts?limit=1&offset=1", **auth).json()
    assert page["count"] == 3 and [p["body"] for p in page["items"]] == ["Dua"]
    posts = _selects_from(captured.captured_queries, "participation_post")
    assert posts and all("LIMIT" in sql for sql in posts), posts

    event = services.meeting_create(
        actor=facilitator,
        programme=ProgrammeFactory(school=school),
        title="Forum",
        date=datetime.date(2026, 10, 10),
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        confirm=True,
    )
    auth = _auth(client, facilitator)
    url = f"{base}/meetings/{event.pk}/attendance/{parent.pk}"
    with CaptureQueriesContext(connection) as captured:
        answer = client.put(url, {"status": "late"}, content_type="application/json", **auth)
    assert answer.status_code == 200, answer.json()
    people = _selects_from(captured.captured_queries, "accounts_user")
    assert all("LIMIT" in sql for sql in people), people
    outsider = client.put(
        f"{base}/meetings/{event.pk}/attendance/{facilitator.pk}",
        {"status": "late"},
        content_type="application/json",
        **auth,
    )
    assert outsider.status_code == 404


def test_page_and_api_list_the_same_suggestions_for_each_person(
    client, school, leader, teacher, parent, unscoped
):
    """Who sees the list and which suggestions: one rule ("participation.input_list",
    "participation.input_view_all") for the page and the API."""
    from tests.factories.participation import LocalInputFactory

    mine = LocalInputFactory(school=school, author=leader)
    theirs = LocalInputFactory(school=school, author=teacher)
    api = f"/api/v1/schools/{school.npsn}/participation/local-input"
    page = f"/s/{school.npsn}/participation/local/"
    for person, seen in ((leader, {mine.pk}), (teacher, {mine.pk, theirs.pk})):
        listed = client.get(api, **_auth(client, person)).json()["items"]
        assert {i["id"] for i in listed} == {str(pk) for pk in seen}
        client.force_login(person)
        assert {i.pk for i in client.get(page).context["page"].object_list} == seen
    assert client.get(api, **_auth(client, parent)).status_code == 403
    client.force_login(parent)
    assert client.get(page).status_code == 403


def test_page_and_api_answer_alike_for_a_parent_of_another_class(
    client, school, klass, parent, unscoped
):
    """One rule (rules.spaces_open_to) for the list, the page, the API and the service."""
    from tests.factories import SchoolClassFactory

    own = SpaceFactory(school=school, kind=SpaceKind.CLASS, school_class=klass, title="VII-A")
    other = SpaceFactory(
        school=school,
        kind=SpaceKind.CLASS,
        school_class=SchoolClassFactory(school=school, name="IX-B", grade=9),
        title="IX-B",
    )
    auth = _auth(client, parent)
    api = f"/api/v1/schools/{school.npsn}/participation/spaces"
    listed = client.get(api, **auth).json()
    assert [s["id"] for s in listed["items"]] == [str(own.pk)]
    client.force_login(parent)
    page = client.get(f"/s/{school.npsn}/participation/")
    assert [s.pk for s in page.context["spaces"]] == [own.pk]
    for space, status in ((own, 200), (other, 403)):
        assert client.get(f"{api}/{space.pk}/threads", **auth).status_code == status
        assert client.get(f"/s/{school.npsn}/participation/spaces/{space.pk}/").status_code == (
            status
        )
