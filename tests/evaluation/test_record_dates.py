"""An interview or a photo of the month is dated when it happened: a day still to come (a
mistyped year, 2062 for 2026) would file it under a month that has not come yet."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from kombel.evaluation.services import records
from tests.evaluation.conftest import TODAY
from tests.evaluation.test_documentation import _photo

TOMORROW = TODAY + datetime.timedelta(days=1)


def test_an_interview_cannot_be_held_tomorrow(programme, facilitator):  # type: ignore[no-untyped-def]
    with scope(school=[programme.school_id]), pytest.raises(ValidationError) as caught:
        records.interview_create(
            programme=programme, actor=facilitator, held_on=TOMORROW, interviewee_role="teacher"
        )
    assert "held_on" in caught.value.message_dict
    with scope(school=[programme.school_id]):
        interview = records.interview_create(
            programme=programme, actor=facilitator, held_on=TODAY, interviewee_role="teacher"
        )
    assert interview.month == TODAY.replace(day=1)


def test_a_photo_cannot_be_taken_tomorrow(programme, facilitator):  # type: ignore[no-untyped-def]
    with scope(school=[programme.school_id]), pytest.raises(ValidationError) as caught:
        records.documentation_add(
            programme=programme,
            actor=facilitator,
            upload=_photo(),
            caption="Pameran proyek",
            taken_on=TOMORROW,
        )
    assert "taken_on" in caught.value.message_dict
    with scope(school=[programme.school_id]):
        item = records.documentation_add(
            programme=programme,
            actor=facilitator,
            upload=_photo(),
            caption="Pameran proyek",
            taken_on=TODAY,
        )
    assert item.taken_on == TODAY


def test_an_interview_without_transcript_or_recording_needs_no_consent_yet(programme, facilitator):  # type: ignore[no-untyped-def]
    """Consent guards what is kept of the interviewee's words: a record with neither (the
    transcript typed later) is not refused for a recording it does not have."""
    with scope(school=[programme.school_id]):
        interview = records.interview_create(
            programme=programme, actor=facilitator, held_on=TODAY, interviewee_role="teacher"
        )
    assert not interview.consent_given
    with scope(school=[programme.school_id]), pytest.raises(ValidationError) as caught:
        records.interview_create(
            programme=programme,
            actor=facilitator,
            held_on=TODAY,
            interviewee_role="teacher",
            transcript="Saya lebih percaya diri.",
        )
    assert "consent_given" in caught.value.message_dict


def test_the_demo_records_as_of_its_own_day(programme, facilitator):  # type: ignore[no-untyped-def]
    """seed-demo --today builds the school around another day: its records are dated by it."""
    with scope(school=[programme.school_id]):
        item = records.documentation_add(
            programme=programme,
            actor=facilitator,
            upload=_photo(),
            caption="Pameran proyek",
            taken_on=TOMORROW,
            today=TOMORROW,
        )
    assert item.taken_on == TOMORROW
