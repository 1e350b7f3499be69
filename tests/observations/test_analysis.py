import datetime
import io
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from kombel.observations.models import Observation, Score
from kombel.observations.services import instruments
from tests.factories.observations import SMALL, instrument, planned, scored, shipped
from tests.observations.conftest import LESSON, NOW

pytestmark = pytest.mark.django_db


def _two_observers(school, d1, teacher, peer, mentor, lessons):  # type: ignore[no-untyped-def]
    """`lessons` lessons of the teacher, each scored by the peer and the mentor."""
    made = []
    for n in range(lessons):
        obs = planned(teacher=teacher, observers=[peer, mentor], version=d1, starts_at=LESSON)
        scored(obs, peer, {"d111": 1 + n % 3, "d112": 2, "d131": 1 + (n + 1) % 3})
        scored(obs, mentor, {"d111": 1 + n % 3, "d112": 2 + (n % 2), "d131": 1 + (n + 1) % 3})
        made.append(obs)
    return made


def test_agreement_per_instrument_and_item_in_the_page_and_the_api(
    client, school, d1, teacher, peer, mentor, principal
):
    _two_observers(school, d1, teacher, peer, mentor, 6)
    client.force_login(principal)
    data = client.get(f"/api/v1/schools/{school.npsn}/observation-agreement").json()["items"]
    assert len(data) == 1
    result = data[0]
    assert (result["lessons"], result["complete"]) == (6, 6)
    assert result["icc_a"]["n"] == 6 and result["icc_a"]["value"] is not None
    assert result["icc_a"]["ci_low"] <= result["icc_a"]["value"] <= result["icc_a"]["ci_high"]
    by_code = {i["code"]: i for i in result["items"]}
    assert by_code["d111"]["kappa"]["value"] == pytest.approx(1.0)
    assert by_code["d111"]["kappa"]["reading"] == "excellent"
    assert by_code["d113"]["kappa"]["n"] == 0  # nobody scored it
    page = client.get(f"/s/{school.npsn}/observations/agreement/").content.decode()
    assert "ICC(A,1)" in page and "excellent" in page


def test_kappa_and_alpha_come_with_their_interval_in_the_api_and_the_page(
    client, school, d1, teacher, peer, mentor, principal
):
    made = _two_observers(school, d1, teacher, peer, mentor, 12)
    # The mentor missed d112 in two lessons: Krippendorff's alpha for that item.
    with scopes_disabled():
        Score.objects.filter(
            record__observation__in=made[:2], record__observer=mentor, item__code="d112"
        ).delete()
    client.force_login(principal)
    result = client.get(f"/api/v1/schools/{school.npsn}/observation-agreement").json()["items"][0]
    by_code = {i["code"]: i for i in result["items"]}
    kappa = by_code["d112"]["kappa"]
    alpha = by_code["d112"]["alpha"]
    assert kappa["n"] == 10 and alpha["n"] == 10
    assert kappa["ci_low"] <= kappa["value"] <= kappa["ci_high"]
    assert alpha["ci_low"] <= alpha["value"] <= alpha["ci_high"]
    pooled = result["kappa"]
    assert pooled["ci_low"] < pooled["value"] < pooled["ci_high"]
    assert by_code["d111"]["kappa"]["ci_low"] == pytest.approx(1.0)  # agree everywhere
    # The same data, the same interval (a fixed seed).
    again = client.get(f"/api/v1/schools/{school.npsn}/observation-agreement").json()
    assert again["items"][0]["items"] == result["items"]
    page = client.get(f"/s/{school.npsn}/observations/agreement/").content.decode()
    assert f"{alpha['ci_low']:.2f} \u2013 {alpha['ci_high']:.2f}" in page
    assert f"{kappa['ci_low']:.2f} \u2013 {kappa['ci_high']:.2f}" in page


def test_the_pair_is_the_first_two_observers_who_submitted(
    school, d1, teacher, peer, mentor, colleague, django_assert_num_queries
):
    from kombel.observations.agreement import school_agreement

    lessons = _two_observers(school, d1, teacher, peer, mentor, 6)
    with scopes_disabled(), time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        for obs in lessons:  # a third observer, an hour later, disagreeing everywhere
            obs.records.create(school=school, observer=colleague)
            scored(obs, colleague, {"d111": 3, "d112": 1, "d131": 3})
    with scopes_disabled():
        result = school_agreement(school)[0]
    assert (result.lessons, result.complete) == (6, 6)
    by_code = {item.code: item for item in result.items}
    assert by_code["d111"].kappa.value == pytest.approx(1.0)
    # The statistics read the whole school in four queries, whatever the number of lessons.
    with scopes_disabled(), django_assert_num_queries(4):
        school_agreement(school)
    _two_observers(school, d1, teacher, peer, mentor, 6)
    with scopes_disabled(), django_assert_num_queries(4):
        assert school_agreement(school)[0].lessons == 12


def test_too_few_lessons_say_so(client, school, d1, teacher, peer, mentor, principal):
    _two_observers(school, d1, teacher, peer, mentor, 2)
    client.force_login(principal)
    result = client.get(f"/api/v1/schools/{school.npsn}/observation-agreement").json()["items"][0]
    assert result["icc_a"] == {
        "name": "ICC(A,1)",
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "n": 2,
        "reading": "too_few",
    }


def test_the_disagreement_view_puts_the_largest_spread_first(
    client, school, d1, teacher, peer, mentor
):
    obs = planned(teacher=teacher, observers=[peer, mentor], version=d1, starts_at=LESSON)
    scored(obs, peer, {"d111": 1, "d112": 2})
    scored(obs, mentor, {"d111": 3, "d112": 2})
    client.force_login(peer)
    rows = client.get(f"/api/v1/schools/{school.npsn}/observations/{obs.pk}/disagreement").json()
    assert (rows[0]["code"], rows[0]["values"], rows[0]["spread"]) == ("d111", [1, 3], 2)
    assert rows[1]["spread"] == 0
    page = client.get(f"/s/{school.npsn}/observations/{obs.pk}/disagreement/")
    assert page.status_code == 200


def test_the_growth_chart_shows_a_teachers_sections_over_time(
    client, school, d1, teacher, peer, mentor
):
    _two_observers(school, d1, teacher, peer, mentor, 2)
    client.force_login(teacher)
    response = client.get(f"/s/{school.npsn}/observations/growth/{teacher.pk}/")
    assert response.status_code == 200
    growth = response.context["growth"]
    assert growth.sections == ["Manajemen kelas", "Metode pembelajaran"]
    assert len(growth.points) == 2
    assert (
        "<svg" in response.content.decode()
        and "<polyline" not in str(response.context["chart"])[:0]
    )


def test_a_teacher_does_not_see_a_colleagues_growth(client, school, teacher, colleague):
    client.force_login(colleague)
    assert client.get(f"/s/{school.npsn}/observations/growth/{teacher.pk}/").status_code == 403


def _upload(body: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("observasi.xlsx", body)


def test_the_export_imports_back_changing_nothing(
    client, school, d1, teacher, peer, mentor, principal
):
    _two_observers(school, d1, teacher, peer, mentor, 1)
    client.force_login(principal)
    body = client.get(f"/s/{school.npsn}/observations/export.xlsx").content
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    with scopes_disabled():
        n_items = d1.items.count()
        before = sorted(Score.objects.values_list("record_id", "item_id", "value", "note"))
    assert len(rows) == 1 + 2 * n_items  # one row per observation x item, for each observer
    response = client.post(f"/s/{school.npsn}/observations/import/", {"file": _upload(body)})
    assert response.status_code == 302
    with scopes_disabled():
        assert sorted(Score.objects.values_list("record_id", "item_id", "value", "note")) == before
        assert Observation.objects.count() == 1


def _sheet(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    from kombel.observations.exporters import HEADER

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_paper_observation_is_imported_all_or_nothing(
    client, school, d1, teacher, peer, principal
):
    def row(item: str, score: object) -> list[object]:
        return [
            "",
            "2026-10-05 07:30",
            teacher.username,
            "",
            "",
            "Matematika",
            "observasi-kelas-d1",
            1,
            peer.username,
            "",
            "",
            item,
            "",
            score,
            "",
            "Dari kertas",
        ]

    client.force_login(principal)
    bad = _sheet([row("d111", 3), row("d112", 4), row("d999", 1)])
    response = client.post(f"/s/{school.npsn}/observations/import/", {"file": _upload(bad)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 3: 4 is not on the item" in page and "Row 4: the item is not part" in page
    with scopes_disabled():
        assert Observation.objects.count() == 0 and Score.objects.count() == 0
    good = _sheet([row("d111", 3), row("d112", 2)])
    response = client.post(f"/s/{school.npsn}/observations/import/", {"file": _upload(good)})
    assert response.status_code == 302
    with scopes_disabled():
        obs = Observation.objects.get()
        assert obs.teacher == teacher and obs.stage == "done" and obs.released_at is not None
        assert sorted(Score.objects.values_list("value", flat=True)) == [2, 3]


def _import_file_errors(client, school, body: bytes) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.post(f"/s/{school.npsn}/observations/import/", {"file": _upload(body)})
    assert response.status_code == 200
    return list(response.context["form"].errors["file"])


def test_an_import_file_that_is_no_workbook_or_lacks_columns_is_refused(
    client, school, d1, principal
):
    from openpyxl import Workbook

    client.force_login(principal)
    assert _import_file_errors(client, school, b"observer;date\n") == [
        "This file is not an Excel workbook (.xlsx)."
    ]
    workbook = Workbook()
    workbook.active.append(["observer", "date", "teacher"])
    out = io.BytesIO()
    workbook.save(out)
    (message,) = _import_file_errors(client, school, out.getvalue())
    assert message.startswith("Columns missing: observation_id, ") and "item" in message
    with scopes_disabled():
        assert Observation.objects.count() == 0


def test_an_import_of_too_many_rows_is_refused(client, school, d1, teacher, principal, monkeypatch):
    from kombel.observations.services import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    client.force_login(principal)
    row = ["", "2026-10-05 07:30", teacher.username]
    body = _sheet([row, [], row, row])  # the empty row does not count
    assert _import_file_errors(client, school, body) == ["At most 20,000 rows at once."]
    assert len(imports.read_rows(io.BytesIO(_sheet([row, [], row])))) == 2


def test_the_growth_of_no_teacher_of_the_school_is_404(client, school, principal):
    client.force_login(principal)
    for pk in (uuid.uuid4(), principal.pk):
        assert client.get(f"/s/{school.npsn}/observations/growth/{pk}/").status_code == 404


def test_the_builder_keeps_versions(client, school, principal):
    version = instrument(school, SMALL)
    client.force_login(principal)
    url = f"/s/{school.npsn}/observations/instruments/{version.instrument_id}/"
    response = client.post(
        url + "items/new/",
        {
            "section": "Bagian A",
            "kind": "scale",
            "text": "Butir baru",
            "levels": "1 | Kurang\n2 | Baik",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url + "items/new/", {"section": "Bagian A", "kind": "scale", "text": "Salah", "levels": "x"}
    )
    assert "Line 1" in response.content.decode()
    client.post(url + "publish/")
    with scopes_disabled():
        numbers = sorted(
            (v.number, v.status, v.items.count()) for v in version.instrument.versions.all()
        )
    assert numbers == [(1, "published", 3), (2, "published", 4)]
    with scopes_disabled():
        assert instruments.current_version(version.instrument).number == 2


def test_capture_ids_are_uuids_made_by_the_client(client, observation, peer):
    note_id = uuid.uuid4()
    client.force_login(peer)
    response = client.post(
        f"/api/v1/schools/{observation.school.npsn}/observations/{observation.pk}/capture",
        {"notes": [{"id": str(note_id), "taken_at": "2026-11-30T00:35:00Z", "text": "A"}]},
        content_type="application/json",
    )
    assert response.json()["stored"] == [str(note_id)]


def test_growth_per_competency_over_every_instrument(
    client, school, d1, teacher, peer, mentor, principal
):
    from kombel.observations.services.observations import observation_release

    first = planned(teacher=teacher, observers=[peer, mentor], version=d1, starts_at=LESSON)
    scored(first, peer, {"d111": 1, "d113": 2, "d121": 1, "d134": 3})
    later = planned(
        teacher=teacher,
        observers=[peer],
        version=d1,
        starts_at=LESSON + datetime.timedelta(days=14),
    )
    scored(later, peer, {"d111": 3, "d113": 3, "d121": 2, "d122": 3})
    with scopes_disabled():
        observation_release(observation=first, actor=peer)
    client.force_login(principal)
    response = client.get(f"/s/{school.npsn}/observations/growth/{teacher.pk}/")
    competencies = response.context["competencies"]
    assert competencies.sections == ["Pedagogical", "Personal", "Social", "Professional"]
    # On the 1-3 sheet: 1 is 0 %, 2 is 50 %, 3 is 100 %; d122 and d121 are both social.
    assert [p.by_section for p in competencies.points] == [
        {"Pedagogical": 0, "Personal": 50, "Professional": 100, "Social": 0},
        {"Pedagogical": 100, "Personal": 100, "Social": 75},
    ]
    page = response.content.decode()
    assert "By competency" in page and "75%" in page
    # The teacher sees only what the observer released.
    client.force_login(teacher)
    response = client.get(f"/s/{school.npsn}/observations/growth/{teacher.pk}/")
    assert [p.day for p in response.context["competencies"].points] == [LESSON.date()]


def test_a_supervisor_sees_growth_across_the_schools_they_supervise_only(
    client, school, d1, teacher, peer, principal
):
    from kombel.schools.enums import Role
    from tests.factories import MembershipFactory, SchoolFactory, UserFactory
    from tests.observations.conftest import member

    supervisor = member(school, Role.SUPERVISOR, full_name="Pak Pengawas")
    other = SchoolFactory(name="SMP Negeri 2 Kabupaten Tebo")
    MembershipFactory(user=supervisor, school=other, role=Role.SUPERVISOR)
    elsewhere = SchoolFactory(name="SMP Negeri 9 (not supervised)")
    MembershipFactory(user=supervisor, school=elsewhere, role=Role.TEACHER)
    outsider = UserFactory()
    MembershipFactory(user=outsider, school=elsewhere, role=Role.TEACHER)
    colleague = member(elsewhere, Role.TEACHER)
    lesson = planned(teacher=teacher, observers=[peer], version=d1, starts_at=LESSON)
    scored(lesson, peer, {"d111": 3, "d121": 2})
    hidden = planned(
        teacher=colleague, observers=[outsider], version=shipped(elsewhere), starts_at=LESSON
    )
    scored(hidden, outsider, {"d111": 1})
    client.force_login(supervisor)
    response = client.get(f"/s/{school.npsn}/observations/growth/schools/")
    assert response.status_code == 200
    rows = {row.school.name: row for row in response.context["rows"]}
    assert set(rows) == {"SMP Negeri 1 Kabupaten Tebo", "SMP Negeri 2 Kabupaten Tebo"}
    first = rows["SMP Negeri 1 Kabupaten Tebo"]
    assert first.lessons == 1
    assert first.by_competency == {"Pedagogical": (100, 100), "Social": (50, 50)}
    assert rows["SMP Negeri 2 Kabupaten Tebo"].lessons == 0
    assert "not supervised" not in response.content.decode()
    school_page = client.get(f"/s/{school.npsn}/observations/growth/").content.decode()
    assert "/observations/growth/schools/" in school_page
    client.force_login(principal)
    assert client.get(f"/s/{school.npsn}/observations/growth/schools/").status_code == 403
    assert (
        "/observations/growth/schools/"
        not in client.get(f"/s/{school.npsn}/observations/growth/").content.decode()
    )
