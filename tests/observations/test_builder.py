"""The instrument builder changes only a draft: the version in use, and every version an
observation used, never change; editing, removing and moving happen in the next version."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from kombel.core.models import AuditLog
from kombel.observations.enums import VersionStatus
from kombel.observations.models import Instrument, Item, Section
from kombel.observations.services import instruments
from tests.factories import SchoolFactory
from tests.factories.observations import planned, shipped

pytestmark = pytest.mark.django_db


def base(school) -> str:  # type: ignore[no-untyped-def]
    return f"/s/{school.npsn}/observations/instruments/"


def codes(version) -> list[str]:  # type: ignore[no-untyped-def]
    return list(version.items.order_by("section__order", "order").values_list("code", flat=True))


def titles(version) -> list[str]:  # type: ignore[no-untyped-def]
    return list(version.sections.order_by("order").values_list("title", flat=True))


def draft_of(instrument, actor):  # type: ignore[no-untyped-def]
    return instruments.version_draft(instrument=instrument, actor=actor)


def test_an_edit_after_an_observation_goes_to_a_new_version(
    client, school, observation, principal, peer
) -> None:
    with scopes_disabled():
        v1 = observation.instrument_version
        instrument = v1.instrument
        before = {i.code: (i.text, i.levels, i.evidence, i.order) for i in v1.items.all()}
        v1_titles = titles(v1)
        draft = draft_of(instrument, principal)
        assert draft.number == 2 and codes(draft) == codes(v1)
        item = draft.items.get(code="d111")
        instruments.item_update(
            instrument=instrument,
            item=item,
            actor=principal,
            text="Guru menata tempat duduk untuk diskusi",
            competency="social",
            levels=instruments.levels_parse(
                "1 | Belum dilakukan\n2 | Dilakukan tapi belum efektif\n3 | Efektif sekali"
            ),
            evidence=False,
        )
        instruments.item_move(instrument=instrument, item=item, actor=principal, direction="down")
        rekomendasi = draft.sections.get(title="Rekomendasi")
        instruments.section_move(
            instrument=instrument, section=rekomendasi, actor=principal, direction="up"
        )
        instruments.section_update(
            instrument=instrument,
            section=draft.sections.get(title="Manajemen kelas"),
            actor=principal,
            title="Pengelolaan kelas",
        )
        removed = draft.items.get(code="d131")
        instruments.item_remove(instrument=instrument, item=removed, actor=principal)
        v2 = instruments.version_publish(instrument=instrument, actor=principal)

        # v1 as it was: every item, its words, levels, flags and order.
        assert {i.code: (i.text, i.levels, i.evidence, i.order) for i in v1.items.all()} == before
        assert titles(v1) == v1_titles
        changed = v2.items.get(code="d111")
        assert changed.text == "Guru menata tempat duduk untuk diskusi"
        assert changed.competency == "social" and changed.evidence is False
        assert [level["label"] for level in changed.levels][2] == "Efektif sekali"
        # The English of the levels whose Indonesian stayed is kept.
        assert changed.levels[0]["label_en"] == v1.items.get(code="d111").levels[0]["label_en"]
        assert changed.levels[2]["label_en"] == ""
        assert not v2.items.filter(code="d131").exists()
        assert titles(v2) == [
            "Pengelolaan kelas",
            "Dukungan psikologis",
            "Rekomendasi",
            "Metode pembelajaran",
        ]
        first_section = v2.sections.get(title="Pengelolaan kelas")
        assert list(first_section.items.order_by("order").values_list("code", flat=True))[:2] == [
            "d112",
            "d111",
        ]
        actions = set(AuditLog.objects.values_list("action", flat=True))
        assert {
            "observations.instrument.drafted",
            "observations.item.updated",
            "observations.item.moved",
            "observations.item.removed",
            "observations.section.moved",
            "observations.section.updated",
        } <= actions

    # The observation still shows v1; a new one takes v2.
    client.force_login(peer)
    page = client.get(f"/s/{school.npsn}/observations/{observation.pk}/capture/")
    assert page.status_code == 200
    assert "Guru menata tempat duduk untuk diskusi" not in page.content.decode()
    with scopes_disabled():
        observation.refresh_from_db()
        assert observation.instrument_version_id == v1.pk
        new = planned(teacher=observation.teacher, observers=[peer], version=v2)
        assert new.instrument_version.number == 2


def test_a_published_version_is_never_edited(client, school, d1, principal) -> None:
    with scopes_disabled():
        instrument = d1.instrument
        item = d1.items.get(code="d111")
        section = d1.sections.first()
        draft_of(instrument, principal)
        for change in (
            lambda: instruments.item_update(
                instrument=instrument, item=item, actor=principal, text="Baru"
            ),
            lambda: instruments.item_remove(instrument=instrument, item=item, actor=principal),
            lambda: instruments.item_move(
                instrument=instrument, item=item, actor=principal, direction="down"
            ),
            lambda: instruments.section_update(
                instrument=instrument, section=section, actor=principal, title="Baru"
            ),
            lambda: instruments.section_remove(
                instrument=instrument, section=section, actor=principal
            ),
        ):
            with pytest.raises(ValidationError) as error:
                change()
            assert "Version 1 is in use and never changes" in error.value.messages[0]
        item.refresh_from_db()
        assert item.text != "Baru" and d1.items.count() == 11

    client.force_login(principal)
    url = base(school) + f"{instrument.pk}/items/{item.pk}/"
    page = client.post(url, {"text": "Baru"}, follow=True)
    assert "in a version in use, which never changes" in page.content.decode()
    page = client.post(url + "remove/", follow=True)
    assert "Version 1 is in use and never changes" in page.content.decode()
    with scopes_disabled():
        assert Item.objects.filter(pk=item.pk).exists()


def test_the_pages_change_remove_and_move_in_the_draft(client, school, d1, principal) -> None:
    with scopes_disabled():
        instrument = d1.instrument
    client.force_login(principal)
    url = base(school) + f"{instrument.pk}/"
    assert client.post(url + "draft/").status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    with scopes_disabled():
        draft = instrument.versions.get(status=VersionStatus.DRAFT)
        item = draft.items.get(code="d111")
        section = draft.sections.get(title="Rekomendasi")
    html = page.content.decode()
    assert f"items/{item.pk}/move/" in html and f"sections/{section.pk}/remove/" in html

    # A wrong scale is shown again on the item's page with what was wrong.
    bad = client.post(url + f"items/{item.pk}/", {"text": "Teks", "levels": "satu | a"})
    assert bad.status_code == 200 and "Line 1" in bad.content.decode()
    ok = client.post(
        url + f"items/{item.pk}/",
        {"text": "Teks baru", "levels": "1 | a\n2 | b", "evidence": "on"},
    )
    assert ok.status_code == 302 and ok["Location"].endswith(f"#item-{item.pk}")
    assert client.post(url + f"items/{item.pk}/move/", {"direction": "down"}).status_code == 302
    assert client.post(url + f"sections/{section.pk}/move/", {"direction": "up"}).status_code == 302
    assert (
        client.post(
            url + f"sections/{section.pk}/", {"title": "Saran", "title_en": "Advice"}
        ).status_code
        == 302
    )
    gone = client.post(url + f"sections/{section.pk}/remove/", follow=True)
    assert "The section and its 1 item were removed from the draft." in gone.content.decode()
    with scopes_disabled():
        item.refresh_from_db()
        assert item.text == "Teks baru" and item.values == [1, 2] and item.order == 1
        assert not Section.objects.filter(pk=section.pk).exists()
        assert titles(draft) == ["Manajemen kelas", "Dukungan psikologis", "Metode pembelajaran"]
        assert list(draft.sections.order_by("order").values_list("order", flat=True)) == [0, 1, 2]
        assert codes(d1)[:2] == ["d111", "d112"]  # v1 untouched


def test_a_section_title_is_one_of_a_kind(school, d1, principal) -> None:
    with scopes_disabled():
        instrument = d1.instrument
        draft = draft_of(instrument, principal)
        with pytest.raises(ValidationError):
            instruments.section_update(
                instrument=instrument,
                section=draft.sections.get(title="Rekomendasi"),
                actor=principal,
                title="Manajemen kelas",
            )
        with pytest.raises(ValidationError):
            instruments.section_add(instrument=instrument, actor=principal, title="Rekomendasi")


def test_moving_past_the_ends_changes_nothing(school, d1, principal) -> None:
    with scopes_disabled():
        instrument = d1.instrument
        draft = draft_of(instrument, principal)
        first = draft.sections.order_by("order").first()
        instruments.section_move(
            instrument=instrument, section=first, actor=principal, direction="up"
        )
        assert titles(draft)[0] == first.title
        with pytest.raises(ValidationError):
            instruments.section_move(
                instrument=instrument, section=first, actor=principal, direction="sideways"
            )


def test_hostile_requests(client, school, d1, principal, teacher) -> None:
    other = SchoolFactory(name="SMP Negeri 2")
    with scopes_disabled():
        instrument = d1.instrument
        draft = draft_of(instrument, principal)
        item = draft.items.get(code="d111")
        section = draft.sections.first()
        foreign_version = shipped(other)
        foreign_instrument = foreign_version.instrument
        foreign_draft = draft_of(foreign_instrument, None)
        foreign_item = foreign_draft.items.get(code="d111")
        foreign_section = foreign_draft.sections.first()
    url = base(school) + f"{instrument.pk}/"

    client.force_login(principal)
    # Another school's instrument, item or section, through this school: 404.
    assert client.post(base(school) + f"{foreign_instrument.pk}/draft/").status_code == 404
    for path in (
        f"items/{foreign_item.pk}/",
        f"items/{foreign_item.pk}/remove/",
        f"items/{foreign_item.pk}/move/",
        f"sections/{foreign_section.pk}/",
        f"sections/{foreign_section.pk}/remove/",
        f"sections/{foreign_section.pk}/move/",
    ):
        assert client.post(url + path, {"text": "x", "direction": "up"}).status_code == 404, path

    # A teacher may read the instrument but not change it.
    client.force_login(teacher)
    assert client.get(url).status_code == 200
    for path in (
        "draft/",
        f"items/{item.pk}/",
        f"items/{item.pk}/remove/",
        f"items/{item.pk}/move/",
        f"sections/{section.pk}/",
        f"sections/{section.pk}/remove/",
        f"sections/{section.pk}/move/",
    ):
        assert client.post(url + path, {"text": "x", "direction": "up"}).status_code == 403, path
    with scopes_disabled():
        assert Item.objects.filter(pk=item.pk, text=item.text).exists()
        assert Item.objects.filter(pk=foreign_item.pk).exists()
        assert Section.objects.filter(pk=foreign_section.pk).exists()
        assert Instrument.objects.filter(pk=foreign_instrument.pk).exists()
