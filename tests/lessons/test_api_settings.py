"""The API for templates, rubrics, calibration and how many reviewers a plan needs: members
read, those who manage write, paged, this school's only."""

import pytest
from django_scopes import scopes_disabled

from kombel.lessons import services
from kombel.lessons.models import LessonPlan, PlanTemplate, Rubric
from tests.factories import MembershipFactory, SchoolFactory
from tests.factories.lessons import plan_for
from tests.lessons.test_api import _api

pytestmark = pytest.mark.django_db


def test_templates_read_by_members_written_by_managers(client, team):
    services.defaults_install(school=team.school)  # reading adds them no more (test_defaults)
    base = f"/schools/{team.school.npsn}/lessons"
    teacher = _api(client, team.teachers[0])
    listed = teacher("GET", base + "/templates?limit=1")
    assert listed.status_code == 200 and listed.json()["count"] == 2
    assert len(listed.json()["items"]) == 1
    body = {
        "name": "Modul P5",
        "sections": [
            {"group": "Inti", "title": "Kegiatan"},
            {"title": "Dimensi", "kind": "choices", "options": ["Mandiri", "Kreatif"]},
        ],
    }
    assert teacher("POST", base + "/templates", body).status_code == 403
    manager = _api(client, team.facilitator)
    created = manager("POST", base + "/templates", body)
    assert created.status_code == 201, created.content
    out = created.json()
    assert [s["key"] for s in out["sections"]] == ["kegiatan", "dimensi"]
    assert out["sections"][1]["options"] == ["Mandiri", "Kreatif"]
    bad = manager(
        "POST", base + "/templates", {"name": "X", "sections": [{"title": "A", "kind": "video"}]}
    )
    assert bad.status_code == 422 and "sections" in bad.json()["errors"]
    path = f"{base}/templates/{out['id']}"
    body["name"] = "Modul P5 (2026)"
    assert manager("PUT", path, {**body, "version": 0}).status_code == 409
    updated = manager("PUT", path, {**body, "version": out["version"]})
    assert updated.status_code == 200 and updated.json()["name"] == "Modul P5 (2026)"
    assert teacher("GET", path).json()["name"] == "Modul P5 (2026)"


def test_rubrics_and_their_criteria(client, team):
    services.defaults_install(school=team.school)  # reading adds them no more (test_defaults)
    base = f"/schools/{team.school.npsn}/lessons"
    teacher = _api(client, team.teachers[0])
    rubrics = teacher("GET", base + "/rubrics").json()
    assert rubrics["count"] == 2
    telaah = next(r for r in rubrics["items"] if r["key"] == "telaah")
    assert telaah["criteria"][0]["levels"][0]["score"] == 4
    manager = _api(client, team.principal)
    created = manager("POST", base + "/rubrics", {"name": "Rubrik P5"})
    assert created.status_code == 201
    rid = created.json()["id"]
    levels = [{"score": 0, "label": "Tidak"}, {"score": 2, "label": "Ya | lengkap"}]
    crit = manager(
        "POST", f"{base}/rubrics/{rid}/criteria", {"title": "Kontekstual", "levels": levels}
    )
    assert crit.status_code == 201 and crit.json()["max_score"] == 2
    assert crit.json()["levels"][0]["label"] == "Ya   lengkap"
    same = manager("POST", f"{base}/rubrics/{rid}/criteria", {"title": "X", "levels": levels[:1]})
    assert same.status_code == 422
    cid = crit.json()["id"]
    assert teacher("DELETE", f"{base}/rubrics/{rid}/criteria/{cid}").status_code == 403
    only = manager("DELETE", f"{base}/rubrics/{rid}/criteria/{cid}")
    assert only.status_code == 422  # a rubric keeps one criterion
    renamed = manager("PUT", f"{base}/rubrics/{rid}", {"name": "P5", "active": False, "version": 2})
    assert renamed.status_code == 200 and renamed.json()["active"] is False
    assert Rubric.objects.get(pk=rid).name == "P5"


def test_another_schools_template_or_rubric_is_not_found(client, team):
    other = SchoolFactory()
    MembershipFactory(user=team.facilitator, school=other, role="facilitator")
    with scopes_disabled():
        services.defaults_install(school=other)
        foreign = PlanTemplate.objects.filter(school=other).first()
        foreign_rubric = Rubric.objects.filter(school=other).first()
    manager = _api(client, team.facilitator)
    base = f"/schools/{team.school.npsn}/lessons"
    assert manager("GET", f"{base}/templates/{foreign.pk}").status_code == 404
    assert manager("GET", f"{base}/rubrics/{foreign_rubric.pk}").status_code == 404


def test_calibration_through_the_api(client, team):
    base = f"/schools/{team.school.npsn}/lessons"
    plan = plan_for(team.school, team.teachers[0], write={"asesmen": "Kuis"})
    manager = _api(client, team.facilitator)
    assert (
        _api(client, team.principal)("POST", f"{base}/plans/{plan.pk}/calibration").status_code
        == 403
    )
    published = manager("POST", f"{base}/plans/{plan.pk}/calibration")
    assert published.status_code == 201, published.content
    reference = published.json()
    rubric = Rubric.objects.get(key="telaah", school=team.school)
    scores = {str(c.pk): c.max_score for c in rubric.criteria.all()}
    done = manager("PUT", f"{base}/reviews/{reference['id']}", {"scores": scores, "submit": True})
    assert done.status_code == 200, done.content
    teacher = _api(client, team.teachers[1])
    examples = teacher("GET", base + "/calibration").json()
    assert examples["count"] == 1 and examples["items"][0]["my_review_id"] is None
    example_id = examples["items"][0]["id"]
    started = teacher("POST", f"{base}/calibration/{example_id}/practise")
    assert started.status_code == 201 and started.json()["kind"] == "calibration"
    review_id = started.json()["id"]
    assert teacher("GET", f"{base}/reviews/{review_id}/calibration").status_code == 404
    low = {k: 1 for k in scores}
    teacher("PUT", f"{base}/reviews/{review_id}", {"scores": low, "submit": True})
    result = teacher("GET", f"{base}/reviews/{review_id}/calibration").json()
    assert result["reference_percentage"] == 100 and result["percentage"] == 25
    assert result["gap"] == 75 and result["agree"] == 0 and result["criteria"] == len(scores)
    again = teacher("GET", base + "/calibration").json()["items"][0]
    assert again["my_review_id"] == review_id and again["my_review_status"] == "submitted"
    assert LessonPlan.objects.filter(is_example=True).count() == 1


def test_reviewers_needed_through_the_api(client, team):
    base = f"/schools/{team.school.npsn}/lessons"
    plan = plan_for(team.school, team.teachers[0], write={"asesmen": "Kuis"})
    path = f"{base}/plans/{plan.pk}/reviewers_needed"
    assert _api(client, team.teachers[1])("PUT", path, {"reviewers_needed": 3}).status_code == 403
    manager = _api(client, team.facilitator)
    assert manager("PUT", path, {"reviewers_needed": 0}).status_code == 422
    assert manager("PUT", path, {"reviewers_needed": 9}).status_code == 422  # 4 could review
    ok = manager("PUT", path, {"reviewers_needed": 3})
    assert ok.status_code == 200 and ok.json()["reviewers_needed"] == 3
