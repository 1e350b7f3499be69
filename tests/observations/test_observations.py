import uuid

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from kombel.followups.services import action_item_create
from kombel.observations.enums import Stage
from kombel.observations.models import Instrument, Note, Score
from kombel.observations.services import instruments
from kombel.observations.services import observations as services
from tests.factories.observations import planned, scored
from tests.observations.conftest import LESSON

pytestmark = pytest.mark.django_db


def api(client, user, path, body=None):  # type: ignore[no-untyped-def]
    client.force_login(user)
    if body is None:
        return client.get(path)
    return client.post(path, body, content_type="application/json")


def capture_url(observation):  # type: ignore[no-untyped-def]
    return f"/api/v1/schools/{observation.school.npsn}/observations/{observation.pk}/capture"


def test_the_shipped_instruments_are_installed_once(school, d1):
    with scopes_disabled():
        assert instruments.instruments_install_shipped(school=school, actor=None) == []
        codes = sorted(Instrument.objects.filter(school=school).values_list("code", flat=True))
        assert codes == ["keterlibatan-murid", "lesson-study", "observasi-kelas-d1"]
        items = list(d1.items.all())
        scales = [i for i in items if i.kind == "scale"]
        assert len(scales) == 10 and all(i.values == [1, 2, 3] for i in scales)
        assert scales[0].levels[0]["label"] == "Belum dilakukan"
        assert scales[0].levels[2]["label_en"] == "Done and effective"
        assert {i.competency for i in scales} == {
            "pedagogical",
            "personal",
            "social",
            "professional",
        }
        assert [s.title for s in d1.sections.all()] == [
            "Manajemen kelas",
            "Dukungan psikologis",
            "Metode pembelajaran",
            "Rekomendasi",
        ]


def test_an_observation_keeps_the_version_it_used(school, observation, principal):
    with scopes_disabled():
        instrument = observation.instrument_version.instrument
        instruments.item_add(
            instrument=instrument,
            actor=principal,
            section_title="Manajemen kelas",
            kind="yesno",
            text="Kelas bersih?",
        )
        v2 = instruments.version_publish(instrument=instrument, actor=principal)
        assert (
            v2.number == 2 and v2.items.count() == observation.instrument_version.items.count() + 1
        )
        observation.refresh_from_db()
        assert observation.instrument_version.number == 1


def test_a_teacher_plans_only_observations_they_take_part_in(school, d1, teacher, peer, colleague):
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.observation_plan(
            school=school,
            actor=colleague,
            version=d1,
            teacher=teacher,
            observers=[peer],
            starts_at=LESSON,
        )
    assert error.value.error_list[0].code == "forbidden"


@pytest.mark.parametrize("year", [1900, 2099])
def test_a_lesson_more_than_a_year_away_is_refused(school, d1, teacher, peer, year):
    """An observation of a lesson on 1 January 1900 was planned (a slip of the year on the
    phone's date picker): it sat in the teacher's growth and the school's lists for good."""
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.observation_plan(
            school=school,
            actor=peer,
            version=d1,
            teacher=teacher,
            observers=[peer],
            starts_at=LESSON.replace(year=year),
        )
    assert list(error.value.message_dict) == ["starts_at"]
    with scopes_disabled():  # within a year, before or after, is fine
        for when in (LESSON.replace(year=2025, month=12, day=2), LESSON.replace(year=2027)):
            services.observation_plan(
                school=school,
                actor=peer,
                version=d1,
                teacher=teacher,
                observers=[peer],
                starts_at=when,
            )


def test_scores_outside_the_scale_are_refused_and_nothing_is_written(observation, peer):
    with scopes_disabled():
        items = {i.code: i for i in observation.instrument_version.items.all()}
        with pytest.raises(ValidationError) as error:
            services.record_save(
                observation=observation,
                actor=peer,
                scores=[
                    services.ScoreInput(items["d111"].pk, 3),
                    services.ScoreInput(items["d112"].pk, 4),
                ],
            )
        assert f"item_{items['d112'].pk}" in error.value.message_dict
        assert Score.objects.count() == 0


def test_the_capture_page_refuses_a_score_off_the_scale(client, observation, peer):
    with scopes_disabled():
        item = observation.instrument_version.items.get(code="d111")
    client.force_login(peer)
    url = f"/s/{observation.school.npsn}/observations/{observation.pk}/capture/"
    response = client.post(url, {f"item_{item.pk}": "7"})
    assert response.status_code == 200
    assert "is not on this item" in response.content.decode()
    response = client.post(url, {f"item_{item.pk}": "3", f"note_{item.pk}": "Kesepakatan ditempel"})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Score.objects.values_list("value", "note")) == [(3, "Kesepakatan ditempel")]


def test_a_replayed_batch_changes_nothing(client, observation, peer):
    with scopes_disabled():
        item = observation.instrument_version.items.get(code="d131")
    body = {
        "notes": [
            {
                "id": str(uuid.uuid4()),
                "taken_at": "2026-11-30T00:35:00Z",
                "text": "Kelompok 2 diam",
                "group": "Kelompok 2",
            },
            {
                "id": str(uuid.uuid4()),
                "taken_at": "2026-11-30T00:40:00Z",
                "text": "Andi bertanya",
                "student": "Andi (kursi 4)",
            },
        ],
        "scores": [{"item_id": str(item.pk), "value": 2, "note": "Tujuan ditulis di papan"}],
    }
    first = api(client, peer, capture_url(observation), body)
    assert first.status_code == 200, first.content
    assert len(first.json()["stored"]) == 2 and first.json()["scores_changed"] == 1
    again = api(client, peer, capture_url(observation), body)
    assert again.json()["stored"] == [] and sorted(again.json()["already"]) == sorted(
        n["id"] for n in body["notes"]
    )
    assert again.json()["scores_changed"] == 0
    with scopes_disabled():
        assert Note.objects.count() == 2 and Score.objects.count() == 1


def test_notes_after_the_record_is_closed_are_refused_clearly(client, observation, peer):
    note = {"id": str(uuid.uuid4()), "taken_at": "2026-11-30T00:35:00Z", "text": "Catatan"}
    assert (
        api(client, peer, capture_url(observation), {"notes": [note], "submit": True}).status_code
        == 200
    )
    # The same batch again (the phone did not hear the answer): acknowledged, nothing doubled.
    replay = api(client, peer, capture_url(observation), {"notes": [note]})
    assert replay.status_code == 200 and replay.json()["already"] == [note["id"]]
    late = {"id": str(uuid.uuid4()), "taken_at": "2026-11-30T01:35:00Z", "text": "Terlambat"}
    refused = api(client, peer, capture_url(observation), {"notes": [note, late]})
    assert refused.status_code == 409
    assert "submitted your record" in refused.json()["detail"]
    with scopes_disabled():
        assert list(Note.objects.values_list("text", flat=True)) == ["Catatan"]


def test_someone_not_observing_cannot_capture(client, observation, colleague, principal):
    body = {"notes": [{"id": str(uuid.uuid4()), "taken_at": "2026-11-30T00:35:00Z", "text": "x"}]}
    assert api(client, colleague, capture_url(observation), body).status_code in (403, 404)
    assert api(client, principal, capture_url(observation), body).status_code == 403


def test_the_observed_teacher_sees_scores_only_after_release(
    client, observation, teacher, peer, colleague, parent
):
    scored(observation, peer, {"d111": 3, "d112": 2})
    url = f"/api/v1/schools/{observation.school.npsn}/observations/{observation.pk}"
    assert api(client, teacher, url).json()["records"] is None
    assert api(client, colleague, url).status_code == 404  # may not see it: not told it exists
    assert api(client, parent, url).status_code == 404
    with scopes_disabled():
        services.observation_release(observation=observation, actor=peer)
    records = api(client, teacher, url).json()["records"]
    # Both records were made at the same (pinned) instant: their order is not the point.
    assert sorted(sorted(s["value"] for s in r["scores"]) for r in records) == [[], [2, 3]]
    assert api(client, colleague, url).status_code == 404  # not shared
    with scopes_disabled():
        services.observation_share(observation=observation, actor=teacher, shared=True)
    assert api(client, colleague, url).json()["records"] is not None
    assert api(client, parent, url).status_code == 403


def test_the_stages_run_to_reflection_with_a_follow_up(client, observation, teacher, peer, mentor):
    with scopes_disabled():
        assert observation.stage == Stage.PREPARATION
        scored(observation, peer, {"d111": 2})
        observation.refresh_from_db()
        assert observation.stage == Stage.OBSERVATION
        observation = services.observation_advance(observation=observation, actor=peer)
        assert observation.stage == Stage.DISCUSSION and observation.released_at is not None
        with pytest.raises(ValidationError):
            services.observation_advance(observation=observation, actor=peer)
        services.debrief_save(observation=observation, actor=peer, version=None, debrief="Sepakat")
        item = action_item_create(
            actor=peer,
            source=observation,
            owner=teacher,
            description="Coba pertanyaan pemantik",
            due_date=LESSON.date(),
        )
        assert item.source_type == "observations.observation"
        assert item.source_url.endswith(f"/observations/{observation.pk}/")
        observation = services.observation_advance(observation=observation, actor=peer)
        assert observation.stage == Stage.ACTION
        observation = services.observation_advance(observation=observation, actor=peer)
        services.reflection_save(
            observation=observation, actor=teacher, version=None, reflection="Belajar"
        )
        observation = services.observation_advance(observation=observation, actor=teacher)
        assert observation.stage == Stage.DONE
    client.force_login(teacher)
    page = client.get(f"/s/{observation.school.npsn}/observations/{observation.pk}/")
    assert "Coba pertanyaan pemantik" in page.content.decode()


def test_the_page_says_who_acts_next(client, observation, teacher, peer):
    client.force_login(teacher)
    page = client.get(
        f"/s/{observation.school.npsn}/observations/{observation.pk}/"
    ).content.decode()
    assert "agrees the focus" in page and "Budi Santoso" in page
    scored(observation, peer, {"d111": 2})
    page = client.get(
        f"/s/{observation.school.npsn}/observations/{observation.pk}/"
    ).content.decode()
    assert "Ratna Juwita</strong> submit their record" in page


def test_the_list_shows_each_their_own(
    client, school, d1, observation, teacher, colleague, principal, peer
):
    other = planned(teacher=colleague, observers=[peer], version=d1, starts_at=LESSON)
    url = f"/api/v1/schools/{school.npsn}/observations"
    assert [o["id"] for o in api(client, teacher, url).json()["items"]] == [str(observation.pk)]
    assert len(api(client, principal, url).json()["items"]) == 2
    assert {o["id"] for o in api(client, peer, url).json()["items"]} == {
        str(observation.pk),
        str(other.pk),
    }


def test_the_observation_page_costs_the_same_queries_at_two_sizes(
    client, observation, peer, mentor, django_assert_num_queries
):
    scored(observation, peer, {"d111": 2, "d112": 3})
    client.force_login(peer)
    url = f"/s/{observation.school.npsn}/observations/{observation.pk}/"
    client.get(url)
    with django_assert_num_queries(8) as counted:
        client.get(url)
    scored(observation, mentor, {"d111": 3, "d112": 3, "d113": 1})
    with django_assert_num_queries(len(counted.captured_queries)):
        client.get(url)


def test_an_observation_links_a_lesson_plan_of_its_school(client, school, d1, teacher, peer):
    from kombel.schools.enums import Role
    from tests.factories import SchoolFactory
    from tests.factories.lessons import plan_for
    from tests.observations.conftest import member

    plan = plan_for(school, teacher, title="Pecahan di kebun karet")
    other = SchoolFactory()
    foreign = plan_for(other, member(other, Role.TEACHER), title="Bukan milik kita")
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.observation_plan(
            school=school,
            actor=peer,
            version=d1,
            teacher=teacher,
            observers=[peer],
            starts_at=LESSON,
            lesson_plan=foreign,
        )
    assert "lesson_plan" in error.value.message_dict
    observation = planned(teacher=teacher, observers=[peer], version=d1, lesson_plan=plan)
    client.force_login(teacher)
    page = client.get(f"/s/{school.npsn}/observations/{observation.pk}/").content.decode()
    assert f"/lessons/{plan.pk}/" in page


def test_the_api_answers_422_on_the_field_of_a_foreign_or_unknown_id(
    client, school, d1, teacher, peer, mentor
):
    """Ids in a body resolve through object_of_school: 422 {"detail", "errors": {field}}."""
    from kombel.observations.models import Observation, Visit
    from kombel.schools.enums import Role
    from tests.factories import SchoolClassFactory, SchoolFactory
    from tests.observations.conftest import member

    other = SchoolFactory()
    stranger = member(other, Role.TEACHER)
    foreign_class = SchoolClassFactory(school=other)
    url = f"/api/v1/schools/{school.npsn}/observations"
    base = {
        "version_id": str(d1.pk),
        "teacher_id": str(teacher.pk),
        "observer_ids": [str(peer.pk)],
        "starts_at": LESSON.isoformat(),
    }
    for field, value in (
        ("school_class_id", str(foreign_class.pk)),
        ("teacher_id", str(stranger.pk)),
        ("observer_ids", [str(peer.pk), str(stranger.pk)]),
        ("version_id", str(uuid.uuid4())),
    ):
        answer = api(client, peer, url, {**base, field: value})
        assert answer.status_code == 422, field
        assert field in answer.json()["errors"], answer.json()
    visits = f"/api/v1/schools/{school.npsn}/mentoring-visits"
    visit = {"teacher_ids": [str(teacher.pk)], "visited_on": "2026-11-30"}
    for field, value in (
        ("school_class_id", str(foreign_class.pk)),
        ("teacher_ids", [str(stranger.pk)]),
    ):
        answer = api(client, mentor, visits, {**visit, field: value})
        assert answer.status_code == 422, field
        assert field in answer.json()["errors"], answer.json()
    with scopes_disabled():
        assert not Observation.objects.exists() and not Visit.objects.exists()


def test_the_api_does_not_tell_a_colleague_that_an_observation_exists(
    client, observation, colleague, peer
):
    """get_observation_for_user filters through observations_for_user: 404 over the API for
    someone who may not see it; the page (the school's row, then require_perm) stays 403."""
    url = f"/api/v1/schools/{observation.school.npsn}/observations/{observation.pk}"
    assert api(client, colleague, url).status_code == 404
    assert api(client, peer, url).status_code == 200
    page = client.get(f"/s/{observation.school.npsn}/observations/{observation.pk}/")
    assert page.status_code == 200  # peer (logged in last) observes it
    client.force_login(colleague)
    page = client.get(f"/s/{observation.school.npsn}/observations/{observation.pk}/")
    assert page.status_code == 403


def test_next_stage_tapped_twice_moves_one_stage_without_a_conflict(client, observation, peer):
    """A double tap on "Move to the next stage" said it moved and that someone else had saved
    changes meanwhile (the second tap against the version the first had just moved on)."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    with scopes_disabled():
        scored(observation, peer, {"d111": 2})
    client.force_login(peer)
    npsn = observation.school.npsn
    page = client.get(reverse("observations:detail", args=[npsn, observation.pk]))
    advance = reverse("observations:advance", args=[npsn, observation.pk])
    form = page.content.decode().split(f'action="{advance}"', 1)[1].split("</form>", 1)[0]
    data = {
        "version": form.split('name="version" value="', 1)[1].split('"', 1)[0],
        "_draft": form.split('name="_draft" value="', 1)[1].split('"', 1)[0],
    }
    client.post(advance, data)
    again = client.post(advance, data)
    assert again.status_code == 302
    assert not [m for m in get_messages(again.wsgi_request) if m.level_tag == "error"]
    with scopes_disabled():
        observation.refresh_from_db()
    assert observation.stage == Stage.DISCUSSION
