"""Answering a wave: saved as it goes, submitted once, anonymous means anonymous."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from kombel.core.models import AuditLog
from kombel.evaluation.enums import EVALUATION_KIND, ResponseStatus, WaveKind
from kombel.evaluation.models import Receipt, Response, Wave
from kombel.evaluation.queries import wave_links
from kombel.evaluation.services import waves
from kombel.programs.models import Event
from kombel.schools.enums import Role
from tests.evaluation.conftest import TODAY, full_answers, member
from tests.factories import EventFactory


@pytest.fixture
def scoped(school):  # type: ignore[no-untyped-def]
    with scope(school=[school.pk]):
        yield


def test_a_monthly_wave_hangs_on_the_months_evaluation_event(
    programme, questionnaire, facilitator, scoped
):
    event = EventFactory(programme=programme, kind="evaluation", date=datetime.date(2026, 11, 30))
    wave = waves.wave_create(
        programme=programme,
        questionnaire=questionnaire,
        actor=facilitator,
        kind=WaveKind.MONTHLY,
        title="Angket November",
        month=datetime.date(2026, 11, 17),
        opens_on=datetime.date(2026, 11, 27),
        closes_on=datetime.date(2026, 12, 4),
    )
    assert (wave.month, wave.event) == (datetime.date(2026, 11, 1), event)
    assert Event.objects.get(pk=event.pk).evaluation_waves.get() == wave


def test_a_monthly_wave_needs_its_month_and_sane_dates(
    programme, questionnaire, facilitator, scoped
):
    with pytest.raises(ValidationError) as error:
        waves.wave_create(
            programme=programme,
            questionnaire=questionnaire,
            actor=facilitator,
            kind=WaveKind.MONTHLY,
            title="X",
            opens_on=TODAY,
            closes_on=TODAY,
        )
    assert "month" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        waves.wave_create(
            programme=programme,
            questionnaire=questionnaire,
            actor=facilitator,
            kind=WaveKind.ENDLINE,
            title="X",
            opens_on=TODAY,
            closes_on=TODAY - datetime.timedelta(1),
        )
    assert "closes_on" in error.value.message_dict


def test_answers_are_kept_as_they_come_and_submitted_once(wave, teacher, scoped):
    draft = waves.response_save(wave=wave, actor=teacher, likert={"kol1": 4, "kol2": "5"})
    waves.response_save(wave=wave, actor=teacher, likert={"kol2": None, "ref1": 3})
    resumed = waves.draft_of(wave, teacher)
    assert resumed == draft
    assert resumed.likert == {"kol1": 4, "ref1": 3}
    with pytest.raises(ValidationError) as error:
        waves.response_submit(wave=wave, actor=teacher)
    assert "kol2" in error.value.message_dict  # still missing, nothing submitted
    assert Response.objects.get().status == ResponseStatus.DRAFT
    response = waves.response_submit(wave=wave, actor=teacher, likert=full_answers())
    assert (response.status, response.submitted_on, response.respondent) == (
        ResponseStatus.SUBMITTED,
        TODAY,
        teacher,
    )
    with pytest.raises(ValidationError) as error:
        waves.response_submit(wave=wave, actor=teacher, likert=full_answers(2))
    assert error.value.code == "duplicate"
    assert Response.objects.get().likert == full_answers()


@pytest.mark.parametrize("value", [0, 6, "4.5", "empat", 2.5])
def test_a_likert_answer_off_the_scale_is_refused_clearly(wave, teacher, scoped, value):
    with pytest.raises(ValidationError) as error:
        waves.response_save(wave=wave, actor=teacher, likert={"kol1": value})
    assert error.value.message_dict == {"kol1": ["Choose one of the points 1 to 5 of the scale."]}
    assert not Response.objects.exists()


def test_unknown_questions_and_closed_or_foreign_waves_are_refused(
    wave, teacher, principal, scoped
):
    with pytest.raises(ValidationError) as error:
        waves.response_save(wave=wave, actor=teacher, likert={"nope": 3})
    assert "nope" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        waves.response_save(wave=wave, actor=principal, likert={"kol1": 3})
    assert error.value.code == "forbidden"
    with pytest.raises(ValidationError) as error:
        waves.response_save(
            wave=wave, actor=teacher, likert={"kol1": 3}, today=datetime.date(2026, 12, 5)
        )
    assert error.value.code == "closed"


def test_an_anonymous_answer_keeps_nothing_that_leads_back(anonymous_wave, teacher, scoped):
    wave = anonymous_wave
    waves.response_save(wave=wave, actor=teacher, likert={"kol1": 2})
    draft = Response.objects.get()
    assert draft.respondent is None and draft.draft_key  # resumable, by a keyed hash only
    assert teacher.username not in draft.draft_key and str(teacher.pk) not in draft.draft_key
    waves.response_submit(
        wave=wave,
        actor=teacher,
        likert=full_answers(),
        open_answers={"perubahan": "Lebih percaya diri"},
    )
    response = Response.objects.get()
    assert (response.respondent, response.draft_key) == (None, "")
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"created_at", "updated_at"}  # no time to match against the log
    receipt = Receipt.objects.get()
    assert {f.name for f in Receipt._meta.concrete_fields} == {"id", "school", "wave", "key"}
    assert waves.has_answered(wave, teacher)
    with pytest.raises(ValidationError) as error:
        waves.response_submit(wave=wave, actor=teacher, likert=full_answers())
    assert error.value.code == "duplicate"
    with scopes_disabled():
        entry = AuditLog.objects.get(action="evaluation.response.submitted")
    assert (entry.object_id, entry.data) == (str(wave.pk), {})
    assert str(response.pk) not in str(entry.__dict__) and receipt.key not in str(entry.data)


def test_a_second_answer_is_refused_even_from_a_new_draft(anonymous_wave, teacher, scoped):
    waves.response_submit(wave=anonymous_wave, actor=teacher, likert=full_answers())
    with pytest.raises(ValidationError) as error:
        waves.response_save(wave=anonymous_wave, actor=teacher, likert={"kol1": 1})
    assert error.value.code == "duplicate"
    assert Response.objects.count() == 1


def test_reminders_list_who_has_not_answered_in_named_waves_only(
    wave, anonymous_wave, teachers, facilitator, scoped
):
    waves.response_submit(wave=wave, actor=teachers[0], likert=full_answers())
    assert waves.reminder_list(wave) == sorted(
        [*teachers[1:], facilitator], key=lambda u: u.full_name
    )
    assert waves.reminder_list(anonymous_wave) == []


def test_updating_a_wave_checks_the_version_and_keeps_its_anonymity(
    anonymous_wave, facilitator, scoped
):
    updated = waves.wave_update(
        wave=anonymous_wave,
        actor=facilitator,
        version=1,
        title="Angket akhir bulan",
        opens_on=TODAY,
        closes_on=TODAY,
        names_visible=True,
    )
    assert (updated.version, updated.names_visible, updated.anonymous) == (2, False, True)
    with pytest.raises(ValidationError) as error:
        waves.wave_update(
            wave=anonymous_wave,
            actor=facilitator,
            version=1,
            title="X",
            opens_on=TODAY,
            closes_on=TODAY,
            names_visible=False,
        )
    assert error.value.code == "conflict"


def test_the_event_offers_answer_only_to_the_waves_respondents(school, wave, teacher, principal):
    outsider = member(school, Role.TEACHER, full_name="Guru di luar program")
    event = EventFactory(programme=wave.programme, kind=EVALUATION_KIND)
    with scopes_disabled():
        Wave.objects.filter(pk=wave.pk).update(event=event)
    with scope(school=[school.pk]):
        labels = {
            user: [label for label, _url in wave_links(event, user)]
            for user in (teacher, outsider, principal)
        }
    assert labels[teacher] == ["Answer: Angket November", "Results: Angket November"]
    # Not in the programme: the answer page would refuse them (403), so no link to it.
    assert labels[outsider] == ["Results: Angket November"]
    assert labels[principal] == ["Results: Angket November"]
