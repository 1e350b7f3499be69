"""Interviews (consent first, transcript, optional audio) and the documentation gallery (photos
resized for phones, originals kept without their EXIF data)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _

from kombel.communities.models import Meeting
from kombel.core.audit import log_action
from kombel.core.dates import day_text
from kombel.core.uploads import (
    EVIDENCE_EXTENSIONS,
    PHONE_PX,
    THUMBNAIL_PX,
    photo_jpeg,
    photo_open,
    validate_upload,
)
from kombel.core.versioning import check_version
from kombel.evaluation.enums import ActivityKind
from kombel.evaluation.models import DocumentationItem, Interview
from kombel.evaluation.queries import openable_observations
from kombel.programs.models import Programme
from kombel.workshops.models import WorkshopSession

MAX_AUDIO_BYTES = 30 * 1024 * 1024
# extension -> (the bytes an audio file of that kind holds at `offset`, offset)
AUDIO_SIGNATURES: dict[str, list[tuple[bytes, int]]] = {
    "mp3": [(b"ID3", 0), (b"\xff\xfb", 0), (b"\xff\xf3", 0), (b"\xff\xf2", 0)],
    "m4a": [(b"ftyp", 4)],
    "ogg": [(b"OggS", 0)],
    "opus": [(b"OggS", 0)],
    "wav": [(b"WAVE", 8)],
}


def validate_audio(upload: Any) -> str:
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in AUDIO_SIGNATURES:
        raise ValidationError(
            _("Audio of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(AUDIO_SIGNATURES)}
        )
    if upload.size is None or upload.size > MAX_AUDIO_BYTES:
        raise ValidationError(_("The recording is too large; the limit is 30 MB."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(
        head[offset : offset + len(magic)] == magic for magic, offset in AUDIO_SIGNATURES[ext]
    ):
        raise ValidationError(
            _("The file's content is not a valid .%(ext)s recording.") % {"ext": ext}
        )
    return ext


def _check_consent(consent_given: bool, transcript: str, audio: Any) -> None:
    if (transcript.strip() or audio is not None) and not consent_given:
        raise ValidationError(
            {
                "consent_given": _(
                    "Record the interviewee's consent before keeping a transcript or recording."
                )
            }
        )


def _not_to_come(field: str, day: datetime.date, today: datetime.date | None) -> None:
    """A record of what happened is dated on or before today (a mistyped year would file it
    under a month still to come). `today`: the day it is recorded (the demo's own)."""
    if day > (today or localdate()):
        raise ValidationError({field: _("This day has not come yet.")})


def _attach_audio(interview: Interview, audio: Any) -> None:
    try:
        validate_audio(audio)
    except ValidationError as exc:
        raise ValidationError({"audio": exc.messages}) from exc
    interview.audio_name = audio.name[:200]
    interview.audio = audio


def _fill(
    interview: Interview,
    *,
    held_on: datetime.date,
    interviewee_role: str,
    interviewee: str,
    consent_given: bool,
    consent_note: str,
    transcript: str,
    audio: Any,
    today: datetime.date | None = None,
) -> None:
    """Check consent, then set the fields a form or the API gives (create and update alike)."""
    _not_to_come("held_on", held_on, today)
    # A new interview's empty FileField is a FieldFile all the same: no recording unless named.
    kept_audio = audio if audio is not None else (interview.audio or None)
    _check_consent(consent_given, transcript, kept_audio)
    interview.held_on, interview.month = held_on, held_on.replace(day=1)
    interview.interviewee_role = interviewee_role
    interview.interviewee = interviewee.strip()
    interview.consent_given, interview.consent_note = consent_given, consent_note.strip()
    interview.transcript = transcript.strip()
    if audio is not None:
        _attach_audio(interview, audio)
    interview.full_clean(exclude=["audio"])


def _log(action: str, actor: Any, interview: Interview) -> None:
    # Who was interviewed and what they said stay out of the log.
    log_action(action, actor=actor, school=interview.school, data={"interview": str(interview.pk)})


@transaction.atomic
def interview_create(
    *,
    programme: Programme,
    actor: Any,
    held_on: datetime.date,
    interviewee_role: str,
    interviewee: str = "",
    consent_given: bool = False,
    consent_note: str = "",
    transcript: str = "",
    audio: Any = None,
    today: datetime.date | None = None,
) -> Interview:
    """A transcript or a recording needs the interviewee's consent."""
    interview = Interview(school=programme.school, programme=programme, interviewer=actor)
    _fill(
        interview,
        held_on=held_on,
        interviewee_role=interviewee_role,
        interviewee=interviewee,
        consent_given=consent_given,
        consent_note=consent_note,
        transcript=transcript,
        audio=audio,
        today=today,
    )
    interview.save()
    _log("evaluation.interview.recorded", actor, interview)
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    actor: Any,
    version: int | None,
    held_on: datetime.date,
    interviewee_role: str,
    interviewee: str = "",
    consent_given: bool = False,
    consent_note: str = "",
    transcript: str = "",
    audio: Any = None,
    today: datetime.date | None = None,
) -> Interview:
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    check_version(current, version)
    _fill(
        current,
        held_on=held_on,
        interviewee_role=interviewee_role,
        interviewee=interviewee,
        consent_given=consent_given,
        consent_note=consent_note,
        transcript=transcript,
        audio=audio,
        today=today,
    )
    current.version += 1
    current.save()
    _log("evaluation.interview.updated", actor, current)
    return current


def _activity(programme: Programme, kind: str, activity_id: Any) -> tuple[Any, str]:
    """The workshop session or meeting shown, checked to be of the programme's school."""
    if not activity_id or kind not in (ActivityKind.WORKSHOP, ActivityKind.MEETING):
        return None, ""
    if kind == ActivityKind.WORKSHOP:
        session = (
            WorkshopSession.objects.filter(school=programme.school, pk=activity_id)
            .select_related("event")
            .first()
        )
        if session is None:
            raise ValidationError({"activity_id": _("Choose a workshop session of this school.")})
        return session.pk, str(session.event.title)
    meeting = (
        Meeting.objects.filter(school=programme.school, pk=activity_id)
        .select_related("community")
        .first()
    )
    if meeting is None:
        raise ValidationError({"activity_id": _("Choose a meeting of this school.")})
    return meeting.pk, f"{meeting.community.name} · {meeting.date:%d/%m/%Y}"


def _observation(programme: Programme, actor: Any, observation: Any) -> Any:
    """The classroom observation shown: one of the school's that the actor may open (the
    observations app's own rule of who sees which, read through its queries)."""
    if observation is None:
        return None
    found = (
        openable_observations(programme.school, actor, [getattr(observation, "pk", observation)])
        .select_related("school_class")
        .first()
    )
    if found is None:
        raise ValidationError(
            {"observation": _("Choose an observation of this school that you may open.")}
        )
    return found


def _observation_label(observation: Any) -> str:
    """What the gallery says of a linked observation: its subject or class, and its date (the
    teacher's name is left out: the gallery is read by more people than the observation)."""
    what = observation.subject or (
        str(observation.school_class) if observation.school_class_id else ""
    )
    when = day_text(localtime(observation.starts_at))
    return f"{what} · {when}" if what else when


@transaction.atomic
def documentation_add(
    *,
    programme: Programme,
    actor: Any,
    upload: Any,
    caption: str,
    taken_on: datetime.date,
    activity_kind: str = ActivityKind.OTHER,
    activity_id: Any = None,
    activity_label: str = "",
    observation: Any = None,
    today: datetime.date | None = None,
) -> DocumentationItem:
    """A photo or file of an activity. A photo is kept at full size without its EXIF data
    (where and with what it was taken) and gets two JPEG copies for phones (the gallery's
    1280 px and a 320 px thumbnail), all turned upright by that EXIF data first.
    `observation` (an Observation or its id) links the classroom observation it shows: one of
    the school's that the actor may open; the activity is then that observation."""
    _not_to_come("taken_on", taken_on, today)
    try:
        ext = validate_upload(upload, EVIDENCE_EXTENSIONS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    observed = _observation(programme, actor, observation)
    if observed is not None:
        activity_kind, activity_id = ActivityKind.OBSERVATION, None
    found_id, found_label = _activity(programme, activity_kind, activity_id)
    if observed is not None:
        found_label = _observation_label(observed)
    item = DocumentationItem(
        school=programme.school,
        programme=programme,
        caption=caption.strip(),
        taken_on=taken_on,
        activity_kind=activity_kind,
        activity_id=found_id,
        activity_label=(activity_label.strip() or found_label)[:200],
        observation=observed,
        file_name=upload.name[:200],
        file_size=upload.size,
        is_image=ext in ("jpg", "jpeg", "png"),
        added_by=actor,
    )
    if item.is_image:
        image = photo_open(upload, field="file")
        item.display = photo_jpeg(image, PHONE_PX)
        item.thumbnail = photo_jpeg(image, THUMBNAIL_PX)
        # The full-size photo too is written again, without its EXIF data: a phone's photo of
        # a classroom carries where it was taken, and results readers include the district.
        item.original = photo_jpeg(image, max_px=None)
        item.file_name = f"{item.file_name.rsplit('.', 1)[0]}.jpg"[:200]
    else:
        item.original = upload
    item.full_clean(exclude=["original", "display", "thumbnail"])
    item.save()
    log_action("evaluation.documentation.added", actor=actor, obj=item)
    return item
