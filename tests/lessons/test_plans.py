"""Plans, sections, revisions: behaviour through the services and the pages."""

import pytest
from django.core.exceptions import ValidationError

from kombel.lessons import services
from kombel.lessons.enums import PlanStatus
from kombel.lessons.models import PlanTemplate, Revision
from kombel.lessons.text import compare, render_markdown, word_diff
from tests.factories.lessons import plan_for

pytestmark = pytest.mark.django_db


def test_the_two_shipped_templates_are_installed_once(team):
    services.defaults_install(school=team.school)
    services.defaults_install(school=team.school)
    keys = set(PlanTemplate.objects.filter(school=team.school).values_list("key", flat=True))
    assert keys == {"modul-ajar", "rpp-pembelajaran-mendalam"}
    rpp = PlanTemplate.objects.get(school=team.school, key="rpp-pembelajaran-mendalam")
    dims = next(s for s in rpp.sections if s["key"] == "dimensi_profil_lulusan")
    assert len(dims["options"]) == 8


def test_a_section_save_records_a_revision_and_an_unchanged_save_does_not(team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, co_authors=[team.teachers[1]])
    section = plan.sections.get(key="tujuan_pembelajaran")
    rev = services.section_save(actor=author, section=section, content="Tujuan A", version=1)
    assert rev is not None and rev.number == 1 and rev.content["tujuan_pembelajaran"] == "Tujuan A"
    section.refresh_from_db()
    assert (
        services.section_save(actor=author, section=section, content="Tujuan A\r\n", version=2)
        is None
    )
    # the co-author edits too
    rev2 = services.section_save(
        actor=team.teachers[1], section=section, content="Tujuan B", version=2
    )
    assert rev2 is not None and rev2.number == 2 and rev2.author == team.teachers[1]


def test_a_stale_section_save_is_refused_as_a_conflict(team):
    a, b = team.teachers[0], team.teachers[1]
    plan = plan_for(team.school, a, co_authors=[b])
    section = plan.sections.get(key="asesmen")
    services.section_save(actor=a, section=section, content="Versi A", version=1)
    with pytest.raises(ValidationError) as e:
        services.section_save(actor=b, section=section, content="Versi B", version=1)
    assert e.value.error_list[0].code == "conflict"
    section.refresh_from_db()
    assert section.content == "Versi A"


def test_a_replayed_section_save_is_no_conflict(client, team):
    """A double tap, or a save sent again after the connection dropped: the same text with the
    version it was loaded at. It is what the section holds now: nothing to merge, nothing
    changed (it said the author herself "saved this section while you were editing")."""
    a, b = team.teachers[0], team.teachers[1]
    plan = plan_for(team.school, a, co_authors=[b])
    section = plan.sections.get(key="asesmen")
    services.section_save(actor=b, section=section, content="Kuis uraian", version=1)
    assert (
        services.section_save(actor=b, section=section, content="Kuis uraian\r\n", version=1)
        is None
    )
    client.force_login(b)
    url = f"/s/{team.school.npsn}/lessons/{plan.pk}/sections/asesmen/"
    assert client.post(url, {"content": "Kuis uraian", "version": 1}).status_code == 302
    # Another text on a stale version still is a conflict.
    with pytest.raises(ValidationError) as e:
        services.section_save(actor=a, section=section, content="Kuis lisan", version=1)
    assert e.value.error_list[0].code == "conflict"
    section.refresh_from_db()
    assert (section.content, section.version, Revision.objects.filter(plan=plan).count()) == (
        "Kuis uraian",
        2,
        1,
    )


def test_only_authors_edit_and_choices_are_checked(team):
    plan = plan_for(team.school, team.teachers[0])
    section = plan.sections.get(key="tujuan_pembelajaran")
    with pytest.raises(ValidationError) as e:
        services.section_save(actor=team.teachers[2], section=section, content="x", version=1)
    assert e.value.error_list[0].code == "forbidden"
    choices = plan.sections.get(key="profil_pancasila")
    with pytest.raises(ValidationError):
        services.section_save(
            actor=team.teachers[0], section=choices, content="Bukan opsi", version=1
        )
    services.section_save(
        actor=team.teachers[0], section=choices, content="Mandiri\nBernalar kritis", version=1
    )
    choices.refresh_from_db()
    assert choices.choice_values == ["Mandiri", "Bernalar kritis"]  # in the options' order


def test_restore_brings_back_an_old_revision_as_a_new_one(team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"asesmen": "Kuis awal"})
    section = plan.sections.get(key="asesmen")
    services.section_save(actor=author, section=section, content="Proyek", version=section.version)
    first = Revision.objects.get(plan=plan, number=1)
    new = services.revision_restore(actor=author, plan=plan, revision=first)
    assert new.number == 3 and new.restored_from == first
    section.refresh_from_db()
    assert section.content == "Kuis awal"
    assert Revision.objects.filter(plan=plan).count() == 3


def test_word_diff_marks_words_and_compare_goes_section_by_section():
    pieces = word_diff("Siswa membaca teks", "Siswa menulis teks pendek")
    assert [(p.op, p.text) for p in pieces if p.op != "same"] == [
        ("del", "membaca"),
        ("ins", "menulis"),
        ("ins", " pendek"),
    ]
    changes = compare(
        [("a", "Tujuan"), ("b", "Asesmen")], {"a": "x y", "b": "z"}, {"a": "x y", "b": "z <b>"}
    )
    assert [c.changed for c in changes] == [False, True]
    assert "<ins> &lt;b&gt;</ins>" in str(changes[1].html)


def test_markdown_is_rendered_and_sanitised():
    html = str(
        render_markdown(
            "**Tebal** <script>alert(1)</script> [x](javascript:alert(1))\n\n![p](https://e.org/a.png)"
        )
    )
    assert "<strong>Tebal</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert '<img src="https://e.org/a.png" alt="p">' in html


def test_plan_page_shows_sections_and_status(client, team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"tujuan_pembelajaran": "Menjelaskan **ekosistem**"})
    client.force_login(author)
    response = client.get(f"/s/{team.school.npsn}/lessons/{plan.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>ekosistem</strong>" in body
    assert str(PlanStatus.DRAFT.label) in body


def test_section_page_refuses_a_stale_save_and_shows_their_text(client, team):
    a, b = team.teachers[0], team.teachers[1]
    plan = plan_for(team.school, a, co_authors=[b])
    section = plan.sections.get(key="asesmen")
    services.section_save(actor=a, section=section, content="Teks dari A", version=1)
    client.force_login(b)
    url = f"/s/{team.school.npsn}/lessons/{plan.pk}/sections/asesmen/"
    response = client.post(url, {"content": "Teks dari B", "version": 1})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Teks dari A" in body and "Teks dari B" in body
    assert 'name="version" value="2"' in body
    response = client.post(url, {"content": "Teks A dan B", "version": 2})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.content == "Teks A dan B"


def test_compare_page_shows_the_word_diff(client, team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"asesmen": "Kuis pilihan ganda"})
    section = plan.sections.get(key="asesmen")
    services.section_save(
        actor=author, section=section, content="Kuis uraian", version=section.version
    )
    client.force_login(team.teachers[3])
    response = client.get(f"/s/{team.school.npsn}/lessons/{plan.pk}/compare/?a=1&b=2")
    body = response.content.decode()
    assert "<del>pilihan ganda</del>" in body and "<ins>uraian</ins>" in body


def test_a_too_long_section_is_a_message_on_the_page_not_an_error(client, team):
    """A field error of the service (a dict) was read as a conflict: 500 before."""
    from django.urls import reverse

    from kombel.lessons.enums import SECTION_MAX_CHARS

    author = team.teachers[0]
    plan = plan_for(team.school, author)
    client.force_login(author)
    url = reverse("lessons:section", args=[team.school.npsn, plan.pk, "asesmen"])
    response = client.post(url, {"content": "x" * (SECTION_MAX_CHARS + 1), "version": 1})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
