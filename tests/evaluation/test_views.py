"""Pages: results read like a report with every figure and its n, answering resumes, exports
and names follow the wave's promise, another school gets 404."""

import csv
import datetime
import io
import re

import pytest
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from kombel.core.models import AuditLog
from kombel.evaluation.enums import WaveKind
from kombel.evaluation.models import Response
from kombel.evaluation.services import waves
from tests.evaluation.conftest import TODAY, full_answers
from tests.factories.evaluation import ResponseFactory, WaveFactory


def url(wave, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/s/{wave.school.npsn}/evaluation/waves/{wave.pk}/{suffix}"


def answered(wave, people, values):  # type: ignore[no-untyped-def]
    for person, value in zip(people, values, strict=True):
        ResponseFactory(
            wave=wave, respondent=None if wave.anonymous else person, likert=full_answers(value)
        )


@pytest.fixture
def baseline(programme, questionnaire):  # type: ignore[no-untyped-def]
    return WaveFactory(
        programme=programme,
        questionnaire=questionnaire,
        kind=WaveKind.BASELINE,
        month=None,
        title="Angket awal",
        opens_on=TODAY.replace(month=9, day=10),
        closes_on=TODAY.replace(month=9, day=20),
    )


def test_the_results_page_reads_like_a_report(
    client, wave, baseline, teachers, facilitator, principal
):
    people = [*teachers, facilitator]
    answered(baseline, people, [2, 3, 3, 2])
    for person, (kol, rest) in zip(people, [(4, 3), (4, 4), (5, 3), (3, 3)], strict=True):
        ResponseFactory(
            wave=wave,
            respondent=person,
            likert={**full_answers(rest), "kol1": kol, "kol2": kol, "kol3": kol, "kol4": 6 - kol},
        )
    client.force_login(principal)
    response = client.get(url(wave))
    page = response.content.decode()
    assert response.status_code == 200
    sentences = re.findall(r'<p class="report-line">(.*?)</p>', page)
    assert sentences[0] == (
        "Collaboration rose from 2.8 to 4.0 (paired n = 4, d_z = 1.94). "
        "A small sample: read it with care."
    )
    assert sentences[5] == (
        "Collaboration: mean 4.0 of 5 (n = 4, SD 0.82). A small sample: read it with care. "
        "Too few complete answers to judge its consistency."
    )
    assert (
        "<svg" in page and 'aria-hidden="true"' in page and "style=" not in page.split("<main")[1]
    )
    assert "Cronbach's alpha [95% CI, Feldt]" in page
    assert "small sample" in page
    assert "4 of 4 answered in Kombel" in page  # the response rate, for the facilitator team


def test_the_results_page_costs_the_same_queries_at_two_sizes(
    client, wave, teachers, principal, django_assert_num_queries
):
    client.force_login(principal)
    answered(wave, teachers[:1], [4])
    client.get(f"/s/{wave.school.npsn}/")  # warm the session and the cached roles
    with django_assert_num_queries(9):
        client.get(url(wave))
    answered(wave, teachers[1:], [3, 5])
    with django_assert_num_queries(9):
        client.get(url(wave))


def test_the_index_costs_the_same_queries_at_two_sizes(
    client, wave, programme, questionnaire, principal, django_assert_num_queries
):
    client.force_login(principal)
    client.get(f"/s/{wave.school.npsn}/evaluation/")  # warm the session and the cached roles
    with django_assert_num_queries(3):
        client.get(f"/s/{wave.school.npsn}/evaluation/")
    for n in range(3):
        WaveFactory(programme=programme, questionnaire=questionnaire, title=f"Lagi {n}")
    with django_assert_num_queries(3):
        response = client.get(f"/s/{wave.school.npsn}/evaluation/")
    assert response.content.decode().count("evaluation/waves/") >= 4


def test_answering_resumes_after_a_reload_and_submits_once(client, wave, teacher):
    client.force_login(teacher)
    page = url(wave, "answer/")
    assert client.post(page, {"action": "autosave", "kol1": "4"}).status_code == 204
    assert client.post(page, {"action": "autosave", "kol1": "9"}).status_code == 422
    reloaded = client.get(page).content.decode()
    assert 'name="kol1" value="4" class="likert" id="id_kol1_3" checked' in reloaded
    response = client.post(page, {"kol1": "5"})  # "Submit" with questions missing
    assert response.status_code == 200
    assert "Some questions still need an answer" in response.content.decode()
    response = client.post(page, {**{k: str(v) for k, v in full_answers().items()}}, follow=True)
    assert "Thank you: your answers were submitted." in response.content.decode()
    assert "You have answered this questionnaire." in response.content.decode()
    with scopes_disabled():
        assert Response.objects.get().likert == full_answers()


def test_nobody_sees_who_answered_an_anonymous_wave(
    client, anonymous_wave, teacher, facilitator, principal
):
    with scope(school=[anonymous_wave.school_id]):
        waves.response_submit(
            wave=anonymous_wave,
            actor=teacher,
            likert=full_answers(2),
            open_answers={"perubahan": '=HYPERLINK("http://x")'},
        )
    client.force_login(principal)
    assert client.get(url(anonymous_wave, "named/")).status_code == 403
    for suffix in ("answers.csv", "answers.xlsx"):
        body = client.get(url(anonymous_wave, suffix)).content
        assert teacher.full_name.encode() not in body
    rows = list(
        csv.reader(
            io.StringIO(client.get(url(anonymous_wave, "answers.csv")).content.decode("utf-8-sig"))
        )
    )
    assert rows[0][0] == "Source"  # no day: in a small group it can name the person
    assert "Submitted" not in rows[0]
    assert rows[1][rows[0].index("perubahan")] == '\'=HYPERLINK("http://x")'  # text, not a formula
    sheet = load_workbook(
        io.BytesIO(client.get(url(anonymous_wave, "answers.xlsx")).content)
    ).active
    cell = sheet.cell(row=2, column=rows[0].index("perubahan") + 1)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
    assert cell.quotePrefix  # stays text when someone edits the cell
    api = client.get(
        f"/api/v1/schools/{anonymous_wave.school.npsn}/evaluation/waves/{anonymous_wave.pk}/results"
    ).json()
    assert teacher.full_name not in str(api) and str(teacher.pk) not in str(api)
    with scopes_disabled():
        logs = list(AuditLog.objects.filter(action="evaluation.response.submitted").values())
    assert len(logs) == 1 and logs[0]["data"] == {}
    with scopes_disabled():
        assert Response.objects.get().submitted_on is None
    assert client.get(url(anonymous_wave, "reminders/")).status_code == 200  # nobody listed


def test_named_answers_show_names_only_when_the_wave_says_so(
    client, wave, teacher, facilitator, principal
):
    answered(wave, [teacher], [4])
    client.force_login(facilitator)
    assert teacher.full_name in client.get(url(wave, "named/")).content.decode()
    assert teacher.full_name in client.get(url(wave, "answers.csv")).content.decode("utf-8-sig")
    wave.names_visible = False
    with scopes_disabled():
        wave.save()
    assert client.get(url(wave, "named/")).status_code == 403
    assert teacher.full_name not in client.get(url(wave, "answers.csv")).content.decode("utf-8-sig")


def test_reminders_are_whatsapp_links_for_those_who_have_not_answered(
    client, wave, teachers, facilitator
):
    answered(wave, teachers[:1], [4])
    client.force_login(facilitator)
    page = client.get(url(wave, "reminders/")).content.decode()
    assert teachers[0].full_name not in page
    assert teachers[1].full_name in page and "https://wa.me/" in page


def test_another_school_gets_404_while_its_answers_exist(client, wave, teachers, charlie):
    answered(wave, teachers, [4, 5, 3])
    client.force_login(charlie)
    for suffix in ("", "change/", "answer/", "answers.csv", "named/", "reminders/", "import/"):
        assert client.get(url(wave, suffix)).status_code == 404
    assert (
        client.get(
            f"/api/v1/schools/{wave.school.npsn}/evaluation/waves/{wave.pk}/results"
        ).status_code
        == 404
    )


def test_the_change_page_shows_every_wave_with_its_n(client, wave, baseline, teachers, principal):
    answered(baseline, teachers, [2, 3, 3])
    answered(wave, teachers[:2], [4, 4])
    client.force_login(principal)
    page = client.get(url(wave, "change/")).content.decode()
    assert "n = 3" in page and "n = 2" in page
    assert "Angket awal against Angket November" in page
    assert "paired t-test" in page or "Wilcoxon signed-rank test" in page or "no test" in page


def test_an_anonymous_wave_is_chased_in_the_group_not_said_to_be_complete(
    client, anonymous_wave, teachers, facilitator
):
    """Who has not answered an anonymous wave is not known: the reminders page does not say
    everyone answered (nobody had), it offers one message for the group, without a number."""
    client.force_login(facilitator)
    client.cookies["django_language"] = "id"
    detail = client.get(url(anonymous_wave)).content.decode()
    assert url(anonymous_wave, "reminders/") in detail
    response = client.get(url(anonymous_wave, "reminders/"))
    page = response.content.decode()
    assert "Semua sudah mengisi" not in page
    assert "anonim" in page
    assert response.context["group_link"].startswith("https://wa.me/?text=")
    assert response.context["people"] == []
    for teacher in teachers:
        assert teacher.full_name not in page


def test_a_closed_wave_is_not_chased(client, wave, teachers, facilitator):
    """A wave that closed takes no answers: its reminders page asks nobody to fill it in "before"
    a day gone by; it says it closed (the wave can be reopened by editing its dates)."""
    with scopes_disabled():
        wave.opens_on = TODAY - datetime.timedelta(days=30)
        wave.closes_on = TODAY - datetime.timedelta(days=3)
        wave.save()
    client.force_login(facilitator)
    client.cookies["django_language"] = "id"
    response = client.get(url(wave, "reminders/"))
    page = response.content.decode()
    assert response.context["people"] == []
    assert "https://wa.me/" not in page
    assert "ditutup" in page
    assert teachers[1].full_name not in page


def test_a_wave_not_yet_open_is_not_chased(client, wave, teachers, facilitator):
    with scopes_disabled():
        wave.opens_on = TODAY + datetime.timedelta(days=2)
        wave.closes_on = TODAY + datetime.timedelta(days=9)
        wave.save()
    client.force_login(facilitator)
    response = client.get(url(wave, "reminders/"))
    assert response.context["people"] == []
    assert "https://wa.me/" not in response.content.decode()
