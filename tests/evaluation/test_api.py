"""The API carries every figure (researchers take the numbers, not screenshots) and answers
from a phone app through the same services."""

import pytest
from django_scopes import scopes_disabled

from kombel.evaluation.enums import WaveKind
from kombel.evaluation.models import Response
from kombel.schools.enums import Role
from tests.evaluation.conftest import TODAY, full_answers, member
from tests.factories.evaluation import ResponseFactory, WaveFactory

pytestmark = pytest.mark.django_db


def api(wave, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/schools/{wave.school.npsn}/evaluation/waves/{wave.pk}{suffix}"


def test_waves_are_listed_with_a_total_count(client, wave, anonymous_wave, principal):
    client.force_login(principal)
    body = client.get(f"/api/v1/schools/{wave.school.npsn}/evaluation/waves?limit=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert set(body["items"][0]) >= {"id", "title", "kind", "month", "anonymous", "responses"}


def test_results_carry_every_figure_with_its_n(
    client, programme, questionnaire, wave, teachers, principal
):
    baseline = WaveFactory(
        programme=programme,
        questionnaire=questionnaire,
        kind=WaveKind.BASELINE,
        month=None,
        opens_on=TODAY.replace(month=9, day=10),
        closes_on=TODAY.replace(month=9, day=20),
    )
    for person, before, after in zip(teachers, [2, 3, 2], [4, 4, 3], strict=True):
        ResponseFactory(wave=baseline, respondent=person, likert=full_answers(before))
        ResponseFactory(wave=wave, respondent=person, likert=full_answers(after))
    client.force_login(principal)
    body = client.get(api(wave, "/results")).json()
    assert body["n"] == 3 and body["compared_with"] == str(baseline.pk)
    first = body["constructs"][0]
    assert first["code"] == "kolaborasi"
    assert first["n"] == 3 and first["small_sample"] is True
    assert first["distribution"] == [0, 2, 4, 6, 0]  # kol4 is reverse-scored
    assert set(first["alpha"]) >= {"alpha", "ci_low", "ci_high", "n", "items", "excluded", "policy"}
    change = body["changes"][0]
    assert change["construct_code"] == "kolaborasi" and change["design"] == "paired"
    assert set(change) >= {
        "test",
        "method",
        "statistic",
        "df",
        "p",
        "ci_low",
        "ci_high",
        "effect_size",
        "effect_name",
        "normalised_gain",
        "gain_n",
        "gain_undefined",
        "n",
    }
    trend = client.get(api(wave, "/change")).json()
    assert trend["trends"][0]["n"] == [3, 3]
    assert trend["trends"][0]["clustered_by_respondent"] is True


def test_answering_over_the_api_saves_then_submits_once(client, wave, teacher):
    client.force_login(teacher)
    questions = client.get(api(wave, "/questions")).json()["items"]
    assert questions[0]["scale"][4] == ["Sangat setuju", "Strongly agree"]
    response = client.post(
        api(wave, "/answers"), {"likert": {"kol1": 9}}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"kol1": ["Choose one of the points 1 to 5 of the scale."]}
    saved = client.post(
        api(wave, "/answers"), {"likert": {"kol1": 4}}, content_type="application/json"
    )
    assert saved.json() == {"status": "draft", "answered": 1}
    done = client.post(
        api(wave, "/answers"),
        {"likert": full_answers(), "submit": True},
        content_type="application/json",
    )
    assert done.json() == {"status": "submitted", "answered": 20}
    again = client.post(
        api(wave, "/answers"),
        {"likert": full_answers(), "submit": True},
        content_type="application/json",
    )
    assert again.status_code == 422
    with scopes_disabled():
        assert Response.objects.get().likert == full_answers()


def test_parents_see_nothing_of_the_teachers_evaluation(client, wave, parent):
    client.force_login(parent)
    assert client.get(api(wave, "/results")).status_code == 403
    assert client.get(api(wave, "/questions")).status_code == 403
    assert client.get(f"/api/v1/schools/{wave.school.npsn}/evaluation/waves").status_code == 403
    assert client.get(f"/s/{wave.school.npsn}/evaluation/waves/{wave.pk}/").status_code == 403


def test_the_openapi_document_lists_the_evaluation_endpoints(client, principal):
    client.force_login(principal)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/schools/{npsn}/evaluation/waves/{wave_id}/results" in paths


def test_someone_the_wave_does_not_ask_gets_403_from_the_service(client, wave, school):
    """Who may answer is the service's rule, said once (code "forbidden": a 403 in the API)."""
    outsider = member(school, Role.TEACHER, full_name="Guru Baru")  # in no programme
    client.force_login(outsider)
    response = client.post(
        api(wave, "/answers"), {"likert": {"kol1": 4}}, content_type="application/json"
    )
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "This questionnaire is not addressed to you.",
    )
