"""The questionnaire builder: questions and sections put in order and removed; removal refused
once a wave has answers; a change saved meanwhile is never overwritten."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from kombel.evaluation.enums import ItemKind, ResponseStatus
from kombel.evaluation.models import Item, Questionnaire, Response, Section
from kombel.evaluation.services import questionnaires as services
from kombel.evaluation.services import waves
from kombel.evaluation.xlsform import export_xlsform, parse_xlsform
from tests.evaluation.conftest import full_answers
from tests.factories.evaluation import ResponseFactory


@pytest.fixture
def scoped(school):  # type: ignore[no-untyped-def]
    with scope(school=[school.pk]):
        yield


def _names(questionnaire: Questionnaire) -> list[str]:
    return [i.name for i in services.ordered_items(questionnaire)]


def _page_order(questionnaire: Questionnaire) -> list[str]:
    """What the answer page and the XLSForm export read: Item.order."""
    return list(questionnaire.items.order_by("order").values_list("name", flat=True))


def _fresh(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.get(pk=questionnaire.pk)


def test_a_question_moves_within_its_section_and_across_its_edge(questionnaire, principal, scoped):
    assert _names(questionnaire)[:5] == ["kol1", "kol2", "kol3", "kol4", "ref1"]
    kol2 = questionnaire.items.get(name="kol2")
    services.item_move(item=kol2, actor=principal, version=questionnaire.version, up=True)
    assert _names(questionnaire)[:5] == ["kol2", "kol1", "kol3", "kol4", "ref1"]
    # down past the end of its section: the first question of the next one
    kol4 = questionnaire.items.get(name="kol4")
    moved = services.item_move(
        item=kol4, actor=principal, version=_fresh(questionnaire).version, up=False
    )
    assert moved.section.name == "refleksi"
    assert _names(questionnaire)[:6] == ["kol2", "kol1", "kol3", "kol4", "ref1", "ref2"]
    assert _page_order(questionnaire) == _names(questionnaire)
    first = questionnaire.items.get(name="kol2")
    with pytest.raises(ValidationError, match="already the first"):
        services.item_move(item=first, actor=principal, version=None, up=True)


def test_a_section_moves_with_its_questions_and_the_form_follows(questionnaire, principal, scoped):
    ref = questionnaire.sections.get(name="refleksi")
    services.section_move(section=ref, actor=principal, version=questionnaire.version, up=True)
    assert [s.name for s in questionnaire.sections.all()][:2] == ["refleksi", "kolaborasi"]
    assert _names(questionnaire)[:5] == ["ref1", "ref2", "ref3", "ref4", "kol1"]
    assert _page_order(questionnaire) == _names(questionnaire)
    # the XLSForm follows the new order, one group per section
    form = parse_xlsform(export_xlsform(_fresh(questionnaire)))
    assert [s[0] for s in form.sections][:2] == ["refleksi", "kolaborasi"]
    assert [i.name for i in form.items][:5] == ["ref1", "ref2", "ref3", "ref4", "kol1"]


def test_a_section_goes_keeping_or_removing_its_questions(questionnaire, principal, scoped):
    total = questionnaire.items.count()
    kol = questionnaire.sections.get(name="kolaborasi")
    services.section_delete(section=kol, actor=principal, version=questionnaire.version)
    assert not Section.objects.filter(pk=kol.pk).exists()
    assert questionnaire.items.count() == total
    assert _names(questionnaire)[:4] == ["kol1", "kol2", "kol3", "kol4"]  # outside any section
    assert questionnaire.items.get(name="kol1").section is None
    ref = questionnaire.sections.get(name="refleksi")
    services.section_delete(
        section=ref, actor=principal, version=_fresh(questionnaire).version, with_items=True
    )
    assert questionnaire.items.count() == total - 4
    assert not questionnaire.items.filter(name__startswith="ref").exists()


def test_removing_is_refused_once_a_wave_has_answers_but_order_may_change(
    wave, questionnaire, principal, scoped
):
    ResponseFactory(wave=wave, respondent=principal, likert=full_answers())
    item = questionnaire.items.get(name="kol1")
    with pytest.raises(ValidationError, match="has answers already") as error:
        services.item_delete(item=item, actor=principal, version=questionnaire.version)
    assert error.value.code == "locked"
    section = questionnaire.sections.get(name="kolaborasi")
    with pytest.raises(ValidationError, match="has answers already"):
        services.section_delete(section=section, actor=principal, version=None, with_items=True)
    assert questionnaire.items.filter(name="kol1").exists()
    assert Section.objects.filter(pk=section.pk).exists()
    # order is not structure: it may still change, and the answers stay as they were
    services.item_move(item=item, actor=principal, version=None, up=False)
    assert _names(questionnaire)[:2] == ["kol2", "kol1"]
    assert Response.objects.get().likert == full_answers()
    # an empty section may still go
    empty = services.section_add(
        questionnaire=questionnaire, actor=principal, version=None, name="x", title="X"
    )
    services.section_delete(section=empty, actor=principal, version=None)
    assert not Section.objects.filter(pk=empty.pk).exists()


def test_a_change_saved_meanwhile_is_not_overwritten(questionnaire, principal, scoped):
    loaded = questionnaire.version
    kol2 = questionnaire.items.get(name="kol2")
    services.item_move(item=kol2, actor=principal, version=loaded, up=True)
    kol1 = questionnaire.items.get(name="kol1")
    for act in (
        lambda: services.item_move(item=kol1, actor=principal, version=loaded, up=True),
        lambda: services.item_delete(item=kol1, actor=principal, version=loaded),
        lambda: services.section_move(
            section=kol1.section, actor=principal, version=loaded, up=False
        ),
        lambda: services.section_delete(section=kol1.section, actor=principal, version=loaded),
    ):
        with pytest.raises(ValidationError) as error:
            act()
        assert error.value.code == "conflict"
    assert _names(questionnaire)[:2] == ["kol2", "kol1"]


def test_removing_a_question_drops_its_unsent_answers(wave, questionnaire, teacher, principal):
    with scope(school=[wave.school_id]):
        waves.response_save(wave=wave, actor=teacher, likert={"kol1": 4, "kol2": 5})
        services.item_delete(
            item=questionnaire.items.get(name="kol1"), actor=principal, version=None
        )
        draft = Response.objects.get(status=ResponseStatus.DRAFT)
        assert draft.likert == {"kol2": 5}
        answers = {k: v for k, v in full_answers().items() if k != "kol1"}
        waves.response_submit(wave=wave, actor=teacher, likert=answers)


# --- the page ---------------------------------------------------------------------------------


def _page(questionnaire: Questionnaire, rest: str = "") -> str:
    return f"/s/{questionnaire.school.npsn}/evaluation/questionnaires/{questionnaire.pk}/{rest}"


def test_the_builder_page_moves_and_removes_with_its_version(client, questionnaire, facilitator):
    client.force_login(facilitator)
    page = client.get(_page(questionnaire)).content.decode()
    assert "Remove the section and its questions" in page
    assert "Yes, remove the question" in page
    with scopes_disabled():
        kol2 = questionnaire.items.get(name="kol2")
        version = questionnaire.version
    response = client.post(
        _page(questionnaire, f"items/{kol2.pk}/move/"),
        {"version": version, "direction": "up"},
        follow=True,
    )
    assert "The question was moved." in response.content.decode()
    # the same form again, loaded before that move: refused, nothing changes
    response = client.post(
        _page(questionnaire, f"items/{kol2.pk}/delete/"), {"version": version}, follow=True
    )
    assert "Someone else saved a change" in response.content.decode()
    with scopes_disabled():
        assert Item.objects.filter(pk=kol2.pk).exists()
        assert _names(questionnaire)[:2] == ["kol2", "kol1"]
        section = questionnaire.sections.get(name="kolaborasi")
        version = _fresh(questionnaire).version
    response = client.post(
        _page(questionnaire, f"sections/{section.pk}/delete/"),
        {"version": version, "with_items": "on"},
        follow=True,
    )
    assert "The section was removed." in response.content.decode()
    with scopes_disabled():
        assert not questionnaire.items.filter(name__startswith="kol").exists()


def test_the_builder_says_why_nothing_can_be_removed_once_answered(
    client, wave, questionnaire, facilitator, principal
):
    ResponseFactory(wave=wave, respondent=principal, likert=full_answers())
    client.force_login(facilitator)
    page = client.get(_page(questionnaire)).content.decode()
    assert "This questionnaire has answers: questions can be corrected and put in" in page
    assert "Yes, remove the question" not in page
    assert "Remove the section" not in page
    with scopes_disabled():
        kol1 = questionnaire.items.get(name="kol1")
    response = client.post(_page(questionnaire, f"items/{kol1.pk}/delete/"), {}, follow=True)
    assert "has answers already" in response.content.decode()
    with scopes_disabled():
        assert Item.objects.filter(pk=kol1.pk, kind=ItemKind.LIKERT).exists()


def test_a_section_of_another_questionnaire_is_404(client, school, questionnaire, principal):
    from tests.factories.evaluation import parent_questionnaire

    other = parent_questionnaire(school)
    client.force_login(principal)
    with scopes_disabled():
        section = other.sections.first()
    url = _page(questionnaire, f"sections/{section.pk}/move/")
    assert client.post(url, {"direction": "up"}).status_code == 404


def test_questions_outside_sections_keep_their_place_and_sections_move_past_them(
    questionnaire, principal, scoped
):
    """The open questions' section removed (questions kept): they stay last; the section
    before them moves past them; one of them moves into a section."""
    open_section = questionnaire.sections.get(name="terbuka")
    services.section_delete(section=open_section, actor=principal, version=None)
    names = _names(questionnaire)
    assert names[-2:] == ["perubahan", "hambatan"]
    outside = names[-2:]
    last = questionnaire.sections.order_by("-order").first()
    services.section_move(section=last, actor=principal, version=None, up=False)
    assert _names(questionnaire)[-6:-4] == outside  # the section now follows them
    moved = services.item_move(
        item=questionnaire.items.get(name=outside[1]), actor=principal, version=None, up=False
    )
    assert moved.section == last and _names(questionnaire)[-5] == outside[1]
    # a question given another section goes to that section's end
    kol1 = questionnaire.items.get(name="kol1")
    services.item_update(
        item=kol1, actor=principal, version=None, text=kol1.text, section=last, construct=None
    )
    assert _names(questionnaire)[-1] == "kol1"
    assert _page_order(questionnaire) == _names(questionnaire)


# --- the API ----------------------------------------------------------------------------------


def _api(questionnaire: Questionnaire, rest: str = "") -> str:
    return (
        f"/api/v1/schools/{questionnaire.school.npsn}/evaluation/questionnaires/"
        f"{questionnaire.pk}{rest}"
    )


def test_the_api_moves_and_removes_with_the_version_and_refuses_once_answered(
    client, wave, questionnaire, principal
):
    client.force_login(principal)
    body = client.get(_api(questionnaire)).json()
    assert [i["name"] for i in body["groups"][0]["items"]][:2] == ["kol1", "kol2"]
    kol2 = body["groups"][0]["items"][1]["id"]
    moved = client.post(
        _api(questionnaire, f"/items/{kol2}/move"),
        {"version": body["version"], "direction": "up"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert [i["name"] for i in moved.json()["groups"][0]["items"]][:2] == ["kol2", "kol1"]
    stale = client.delete(_api(questionnaire, f"/items/{kol2}?version={body['version']}"))
    assert stale.status_code == 409
    section = body["groups"][1]["section"]["id"]
    version = moved.json()["version"]
    gone = client.delete(_api(questionnaire, f"/sections/{section}?version={version}"))
    assert gone.status_code == 200 and not gone.json()["locked"]
    ResponseFactory(wave=wave, respondent=principal, likert=full_answers())
    refused = client.delete(_api(questionnaire, f"/items/{kol2}"))
    assert refused.status_code == 422
    assert "has answers already" in refused.json()["detail"]
    assert client.get(_api(questionnaire)).json()["locked"] is True
