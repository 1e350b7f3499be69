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
