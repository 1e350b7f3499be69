"""The API: same services as the pages, 409 for a stale section, 403 for an author reviewing."""

import json

import pytest

from kombel.lessons import services
from kombel.lessons.models import LessonPlan
from tests.factories.accounts import PASSWORD
from tests.factories.lessons import plan_for

pytestmark = pytest.mark.django_db


def _api(client, user):  # type: ignore[no-untyped-def]
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def call(method, path, data=None):  # type: ignore[no-untyped-def]
        return client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(data or {}),
            content_type="application/json",
            **headers,
        )

    return call


def test_create_write_conflict_compare_and_list(client, team):
    a, b = team.teachers[0], team.teachers[1]
    call = _api(client, a)
    base = f"/schools/{team.school.npsn}/lessons"
    response = call(
        "POST",
        base + "/plans",
        {"template_key": "modul-ajar", "title": "Gaya", "co_author_ids": [str(b.pk)]},
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert len(plan["sections"]) == 19 and len(plan["authors"]) == 2
    path = f"{base}/plans/{plan['id']}/sections/asesmen"
    first = call("PUT", path, {"content": "Kuis", "version": 1})
    assert first.status_code == 200 and first.json()["number"] == 1
    stale = call("PUT", path, {"content": "Proyek", "version": 1})
    assert stale.status_code == 409
    call("PUT", path, {"content": "Kuis dan proyek", "version": 2})
    changes = call("GET", f"{base}/plans/{plan['id']}/compare?a=1&b=2").json()
    changed = [c for c in changes if c["changed"]]
    assert changed[0]["key"] == "asesmen" and "<ins> dan proyek</ins>" in changed[0]["diff_html"]
    listed = call("GET", f"{base}/plans?list=mine").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Gaya"


def test_submit_assign_review_approve_through_the_api(client, team):
    plan = plan_for(team.school, team.teachers[0], write={"asesmen": "Kuis"})
    base = f"/schools/{team.school.npsn}/lessons"
    author = _api(client, team.teachers[0])
    assert author("POST", f"{base}/plans/{plan.pk}/submit").json()["status"] == "submitted"
    facilitator = _api(client, team.facilitator)
    refused = facilitator(
        "POST", f"{base}/plans/{plan.pk}/reviewers", {"reviewer_ids": [str(team.teachers[0].pk)]}
    )
    assert refused.status_code == 403  # an author
    reviews = facilitator("POST", f"{base}/plans/{plan.pk}/reviewers", {"reviewer_ids": []}).json()
    assert len(reviews) == 2
    principal = _api(client, team.principal)
    early = principal("POST", f"{base}/plans/{plan.pk}/approve")
    assert early.status_code == 422  # approval without the needed reviews
    plan = LessonPlan.objects.get(pk=plan.pk)
    for r in plan.reviews.all():
        scores = {str(c.pk): c.max_score for c in r.rubric.criteria.all()}
        reviewer = _api(client, r.reviewer)
        done = reviewer(
            "PUT",
            f"{base}/reviews/{r.pk}",
            {"scores": scores, "comments": {"asesmen": "Jelas"}, "submit": True},
        )
        assert done.status_code == 200 and done.json()["percentage"] == 100
    assert principal("POST", f"{base}/plans/{plan.pk}/approve").json()["status"] == "approved"
    steps = author("GET", f"{base}/plans/{plan.pk}/transitions").json()["items"]
    assert [s["to_status"] for s in steps] == ["submitted", "in_review", "reviewed", "approved"]


def test_home_panel_lists_reviews_waiting(client, team):
    plan = plan_for(team.school, team.teachers[0], title="Pecahan", write={"asesmen": "Kuis"})
    services.plan_submit(actor=team.teachers[0], plan=plan)
    (review,) = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2]]
    )
    plan_for(team.school, team.teachers[2], title="Draf saya", write={"asesmen": "Kuis"})
    client.force_login(team.teachers[2])
    response = client.get("/")
    _template, panel = response.context["panels"]["lessons.waiting"]
    assert [p.title for p in panel["to_review"]] == ["Pecahan"]
    assert [p.title for p in panel["to_revise"]] == ["Draf saya"]
    assert f"/lessons/reviews/{review.pk}/" in response.content.decode()


def test_the_home_panel_costs_one_query(rf, team, django_assert_num_queries):
    from kombel.lessons.queries import home_panel

    request = rf.get("/")
    request.user = team.teachers[2]
    with django_assert_num_queries(1):
        home_panel(request, [team.school])


def test_ids_in_a_new_plan_are_this_schools_or_a_422_not_silently_dropped(client, team):
    from tests.factories import CommunityFactory, SchoolFactory

    call = _api(client, team.teachers[0])
    base = f"/schools/{team.school.npsn}/lessons/plans"
    other = SchoolFactory()
    foreign = CommunityFactory(school=other, programme__school=other)
    cases = [
        ({"template_key": "tidak-ada"}, "template_key"),
        ({"subject_code": "tidak-ada"}, "subject_code"),
        ({"community_id": str(foreign.pk)}, "community_id"),
        ({"co_author_ids": [str(team.leader.pk)]}, "co_author_ids"),  # not a teacher
    ]
    for extra, field in cases:
        body = {"template_key": "modul-ajar", "title": "Gaya", **extra}
        response = call("POST", base, body)
        assert response.status_code == 422, (field, response.content)
        assert field in response.json()["errors"]
    assert not LessonPlan.objects.exists()
