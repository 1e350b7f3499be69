"""Observations: planned, captured by each observer (in class, possibly offline), released to
the observed teacher, discussed, followed up and reflected on.

Stages (Stage): preparation → observation → follow-up discussion → follow-up action →
reflection → completed. Capture (scores and notes) is open in preparation and observation, and
for each observer until they submit their record.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.dates import day_text
from kombel.core.uploads import PHONE_PX, THUMBNAIL_PX, photo_jpeg, photo_open
from kombel.core.versioning import check_version
from kombel.lessons.models import LessonPlan
from kombel.observations.enums import STAGE_ORDER, ItemKind, Stage, VersionStatus
from kombel.observations.models import (
    InstrumentVersion,
    Item,
    LessonStudyCycle,
    Note,
    Observation,
    Record,
    Score,
)
from kombel.schools.access import has_capability
from kombel.schools.enums import STAFF_ROLES, TEACHING_ROLES
from kombel.schools.models import Membership, School, SchoolClass

MAX_BATCH = 500


def _forbidden(message: str) -> ValidationError:
    return ValidationError(message, code="forbidden")


def _people_with(school: School, roles: Iterable[str], ids: Iterable[Any]) -> set[Any]:
    return set(
        Membership.objects.filter(school=school, role__in=list(roles), user_id__in=list(ids))
        .values_list("user_id", flat=True)
        .distinct()
    )


def _check_people(school: School, teacher: User, observers: list[User]) -> None:
    if teacher.pk not in _people_with(school, TEACHING_ROLES, [teacher.pk]):
        raise ValidationError({"teacher": _("Choose a teacher of this school.")})
    if not observers:
        raise ValidationError({"observers": _("Choose at least one observer.")})
    ids = {o.pk for o in observers}
    if ids - _people_with(school, STAFF_ROLES, ids):
        raise ValidationError({"observers": _("Observers must be staff of this school.")})
    if teacher.pk in ids:
        raise ValidationError({"observers": _("A teacher does not observe their own lesson.")})


@transaction.atomic
def observation_plan(
    *,
    school: School,
    actor: User,
    version: InstrumentVersion,
    teacher: User,
    observers: list[User],
    starts_at: datetime.datetime,
    minutes: int = 80,
    school_class: SchoolClass | None = None,
    subject: str = "",
    focus: str = "",
    teacher_plan: str = "",
    cycle: LessonStudyCycle | None = None,
    lesson_plan: LessonPlan | None = None,
) -> Observation:
    """Plan a lesson observation. A teacher (peer observation) plans only one they take part
    in, as the observed teacher or an observer; those who observe by office plan any."""
    if version.school_id != school.pk or version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"instrument": _("Choose an instrument of this school in use.")})
    if school_class is not None and school_class.school_id != school.pk:
        raise ValidationError({"school_class": _("Choose a class of this school.")})
    if lesson_plan is not None and lesson_plan.school_id != school.pk:
        raise ValidationError({"lesson_plan": _("Choose a lesson plan of this school.")})
    if cycle is not None and cycle.school_id != school.pk:
        raise ValidationError({"cycle": _("Choose a lesson study cycle of this school.")})
    _check_people(school, teacher, observers)
    # A lesson within a year of today, before or after: 1900 or 2099 is a slip of the year
    # (papers of older lessons come in through the import).
    today = timezone.localdate()
    if abs((timezone.localtime(starts_at).date() - today).days) > 366:
        raise ValidationError(
            {
                "starts_at": _("Choose a lesson between %(first)s and %(last)s.")
                % {
                    "first": day_text(today - datetime.timedelta(days=366)),
                    "last": day_text(today + datetime.timedelta(days=366)),
                }
            }
        )
    by_office = has_capability(actor, school, "observation.observe")
    if not by_office and actor.pk != teacher.pk and actor.pk not in {o.pk for o in observers}:
        raise _forbidden(_("You may plan only an observation you take part in."))
    observation = Observation(
        school=school,
        instrument_version=version,
        teacher=teacher,
        school_class=school_class,
        subject=subject.strip(),
        starts_at=starts_at,
        minutes=minutes,
        focus=focus.strip(),
        teacher_plan=teacher_plan.strip(),
        cycle=cycle,
        lesson_plan=lesson_plan or (cycle.lesson_plan if cycle is not None else None),
        created_by=actor,
    )
    observation.full_clean()
    observation.save()
    Record.objects.bulk_create(
        [Record(school=school, observation=observation, observer=o) for o in observers]
    )
    log_action(
        "observations.observation.planned",
        actor=actor,
        school=school,
        obj=observation,
        data={"teacher": str(teacher.pk), "observers": [str(o.pk) for o in observers]},
    )
    return observation


def _locked(observation: Observation, version: int | None = None) -> Observation:
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    check_version(current, version)
    return current


def _bump(observation: Observation, fields: list[str]) -> None:
    observation.version += 1
    observation.full_clean()
    observation.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def observation_prepare(
    *,
    observation: Observation,
    actor: User,
    version: int | None,
    focus: str,
    teacher_plan: str,
) -> Observation:
    """The focus agreed in the pre-observation talk and the teacher's plan, before the lesson."""
    current = _locked(observation, version)
    if current.stage != Stage.PREPARATION:
        raise ValidationError(_("The lesson has been observed: its preparation is closed."))
    current.focus, current.teacher_plan = focus.strip(), teacher_plan.strip()
    _bump(current, ["focus", "teacher_plan"])
    log_action("observations.observation.prepared", actor=actor, school=current.school, obj=current)
    return current


def _next(stage: str) -> str:
    return STAGE_ORDER[min(STAGE_ORDER.index(stage) + 1, len(STAGE_ORDER) - 1)]


@transaction.atomic
def observation_advance(
    *, observation: Observation, actor: User, version: int | None = None
) -> Observation:
    """Move to the next stage, when what that stage needs is there."""
    current = _locked(observation, version)
    stage = current.stage
    if stage == Stage.DONE:
        raise ValidationError(_("This observation is completed."))
    if stage == Stage.OBSERVATION:
        if not current.records.filter(submitted_at__isnull=False).exists():
            raise ValidationError(
                _("At least one observer must submit their record before the discussion.")
            )
        if current.released_at is None:  # the discussion is held with the teacher
            current.released_at = timezone.now()
    if stage == Stage.DISCUSSION and not current.debrief.strip():
        raise ValidationError(_("Write what the discussion agreed before moving on."))
    if stage == Stage.REFLECTION and not current.reflection.strip():
        raise ValidationError(_("The teacher's reflection is still missing."))
    current.stage = _next(stage)
    _bump(current, ["stage", "released_at"])
    log_action(
        "observations.observation.advanced",
        actor=actor,
        school=current.school,
        obj=current,
        data={"stage": current.stage},
    )
    return current


@transaction.atomic
def observation_release(*, observation: Observation, actor: User) -> Observation:
    """Let the observed teacher see the scores and notes."""
    current = _locked(observation)
    if not current.records.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("No observer has submitted a record yet."))
    if current.released_at is None:
        current.released_at = timezone.now()
        _bump(current, ["released_at"])
        log_action(
            "observations.observation.released", actor=actor, school=current.school, obj=current
        )
    return current


@transaction.atomic
def observation_share(*, observation: Observation, actor: User, shared: bool) -> Observation:
    """The observed teacher shares (or stops sharing) a released observation with colleagues."""
    current = _locked(observation)
    current.shared = shared
    _bump(current, ["shared"])
    log_action(
        "observations.observation.shared" if shared else "observations.observation.unshared",
        actor=actor,
        school=current.school,
        obj=current,
    )
    return current


@transaction.atomic
def debrief_save(
    *, observation: Observation, actor: User, version: int | None, debrief: str
) -> Observation:
    current = _locked(observation, version)
    if STAGE_ORDER.index(current.stage) < STAGE_ORDER.index(Stage.DISCUSSION):
        raise ValidationError(_("The discussion comes after the lesson has been observed."))
    current.debrief = debrief.strip()
    _bump(current, ["debrief"])
    log_action("observations.debrief.saved", actor=actor, school=current.school, obj=current)
    return current


@transaction.atomic
def reflection_save(
    *, observation: Observation, actor: User, version: int | None, reflection: str
) -> Observation:
    current = _locked(observation, version)
    if STAGE_ORDER.index(current.stage) < STAGE_ORDER.index(Stage.ACTION):
        raise ValidationError(_("The reflection comes after the follow-up discussion."))
    current.reflection = reflection.strip()
    _bump(current, ["reflection"])
    log_action("observations.reflection.saved", actor=actor, school=current.school, obj=current)
    return current


# --- capture -----------------------------------------------------------------------------------


def _closed_message(record: Record) -> str:
    if record.submitted_at is not None:
        return _("You have submitted your record of this lesson: it takes no more notes or scores.")
    return _("This observation is closed: it takes no more notes or scores.")


def _is_closed(observation: Observation, record: Record) -> bool:
    return record.submitted_at is not None or not observation.capture_open


def _check_value(item: Item, value: Any) -> int | None:
    """A score of an item: a level of its scale (1 or 0 for yes/no), or None (not scored)."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number not in item.values or str(number) != str(value).strip():
        allowed = ", ".join(str(v) for v in item.values)
        raise ValidationError(
            {
                f"item_{item.pk}": _("“%(value)s” is not on this item's scale (%(allowed)s).")
                % {"value": value, "allowed": allowed}
            }
        )
    return number


def record_for(observation: Observation, actor: User) -> Record:
    record = Record.objects.filter(observation=observation, observer=actor).first()
    if record is None:
        raise _forbidden(_("You are not an observer of this lesson."))
    return record


@dataclass
class ScoreInput:
    item_id: Any
    value: Any = None
    text: str = ""
    note: str = ""
    captured_at: datetime.datetime | None = None


def _items(observation: Observation) -> dict[str, Item]:
    return {str(i.pk): i for i in Item.objects.filter(version_id=observation.instrument_version_id)}


def _apply_scores(
    observation: Observation, record: Record, scores: list[ScoreInput]
) -> tuple[int, int]:
    """Validate every score first (nothing is written when one is wrong), then write: a score
    captured earlier than the one stored does not overwrite it. Returns (changed, unchanged)."""
    items = _items(observation)
    checked: list[tuple[Item, ScoreInput, int | None]] = []
    errors: dict[str, list[str]] = {}
    for s in scores:
        item = items.get(str(s.item_id))
        if item is None:
            errors.setdefault("scores", []).append(
                _("An item is not part of this observation's instrument.")
            )
            continue
        try:
            value = _check_value(item, s.value) if item.is_scored else None
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            continue
        checked.append((item, s, value))
    if errors:
        raise ValidationError(errors)
    existing = {sc.item_id: sc for sc in Score.objects.filter(record=record)}
    changed = unchanged = 0
    for item, s, value in checked:
        text = s.text.strip() if item.kind == ItemKind.TEXT else ""
        note = s.note.strip()
        score = existing.get(item.pk)
        if score is None:
            Score.objects.create(
                school=record.school,
                record=record,
                item=item,
                value=value,
                text=text,
                note=note,
                captured_at=s.captured_at,
            )
            changed += 1
            continue
        if (score.value, score.text, score.note) == (value, text, note):
            unchanged += 1
            continue
        if s.captured_at and score.captured_at and s.captured_at < score.captured_at:
            unchanged += 1  # a newer setting is stored already
            continue
        score.value, score.text, score.note, score.captured_at = value, text, note, s.captured_at
        score.save(update_fields=["value", "text", "note", "captured_at", "updated_at"])
        changed += 1
    return changed, unchanged


@transaction.atomic
def record_save(
    *, observation: Observation, actor: User, scores: list[ScoreInput], submit: bool = False
) -> Record:
    """An observer's scores, evidence and answers (the page's form); `submit` ends their
    capture."""
    record = Record.objects.select_for_update().get(pk=record_for(observation, actor).pk)
    current = Observation.objects.get(pk=observation.pk)
    if _is_closed(current, record):
        raise ValidationError(_closed_message(record), code="conflict")
    _apply_scores(current, record, scores)
    if submit:
        _submit(current, record, actor)
    else:
        log_action("observations.record.saved", actor=actor, school=record.school, obj=current)
    return record


def _submit(observation: Observation, record: Record, actor: User) -> None:
    record.submitted_at = timezone.now()
    record.save(update_fields=["submitted_at", "updated_at"])
    if observation.stage == Stage.PREPARATION:
        observation.stage = Stage.OBSERVATION
        observation.version += 1
        observation.save(update_fields=["stage", "version", "updated_at"])
    log_action("observations.record.submitted", actor=actor, school=record.school, obj=observation)


@transaction.atomic
def record_submit(*, observation: Observation, actor: User) -> Record:
    record = Record.objects.select_for_update().get(pk=record_for(observation, actor).pk)
    current = Observation.objects.get(pk=observation.pk)
    if record.submitted_at is None:
        if not current.capture_open:
            raise ValidationError(_closed_message(record), code="conflict")
        _submit(current, record, actor)
    return record


@dataclass
class NoteInput:
    id: uuid.UUID
    taken_at: datetime.datetime
    text: str
    student: str = ""
    group: str = ""


@dataclass
class BatchResult:
    stored: list[str] = field(default_factory=list)  # new note ids
    already: list[str] = field(default_factory=list)  # ids stored by an earlier batch
    scores_changed: int = 0
    scores_unchanged: int = 0
    submitted: bool = False


def _parse_time(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value)) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


@transaction.atomic
def capture_batch(
    *,
    observation: Observation,
    actor: User,
    notes: list[NoteInput],
    scores: list[ScoreInput],
    submit: bool = False,
) -> BatchResult:
    """What a phone captured, sent as one idempotent batch.

    Notes carry ids made on the phone: a note already stored (this batch sent before, or sent
    twice at once) is acknowledged, never stored again; scores are set values, so a replay
    changes nothing. A batch bringing anything new after the observer submitted their record or
    after the observation moved past the lesson is refused whole ("conflict"), saying so; a pure
    replay of what is stored is still acknowledged.
    """
    if len(notes) + len(scores) > MAX_BATCH:
        raise ValidationError(_("Send at most %(n)s notes and scores at once.") % {"n": MAX_BATCH})
    record = Record.objects.select_for_update().get(pk=record_for(observation, actor).pk)
    current = Observation.objects.get(pk=observation.pk)
    result = BatchResult()
    ids = [n.id for n in notes]
    known = {
        str(pk): rec for pk, rec in Note.objects.filter(pk__in=ids).values_list("pk", "record_id")
    }
    if any(rec != record.pk for rec in known.values()):
        raise ValidationError({"notes": _("A note id belongs to another record.")})
    new_notes = [n for n in notes if str(n.id) not in known]
    closed = _is_closed(current, record)
    if closed:
        # Only a replay is acknowledged: anything new is refused, nothing half-written.
        changes = new_notes or (scores and _scores_differ(current, record, scores))
        if changes or (submit and record.submitted_at is None):
            raise ValidationError(_closed_message(record), code="conflict")
        result.already = [str(n.id) for n in notes]
        result.scores_unchanged = len(scores)
        result.submitted = record.submitted_at is not None
        return result
    errors: dict[str, list[str]] = {}
    for n in new_notes:
        if not n.text.strip():
            errors.setdefault("notes", []).append(_("A note is empty."))
    if errors:
        raise ValidationError(errors)
    result.scores_changed, result.scores_unchanged = _apply_scores(current, record, scores)
    seen: set[str] = set()
    for n in new_notes:
        if str(n.id) in seen:
            continue
        seen.add(str(n.id))
        try:
            with transaction.atomic():
                Note.objects.create(
                    id=n.id,
                    school=record.school,
                    record=record,
                    taken_at=n.taken_at,
                    text=n.text.strip()[:5000],
                    student=n.student.strip()[:100],
                    group=n.group.strip()[:100],
                )
        except IntegrityError:  # the same batch sent twice at once: stored by the other
            result.already.append(str(n.id))
            continue
        result.stored.append(str(n.id))
    result.already += [str(n.id) for n in notes if str(n.id) in known]
    if submit:
        _submit(current, record, actor)
        result.submitted = True
    if result.stored or result.scores_changed:
        log_action(
            "observations.record.captured",
            actor=actor,
            school=record.school,
            obj=current,
            data={"notes": len(result.stored), "scores": result.scores_changed},
        )
    return result


@transaction.atomic
def note_photo_attach(
    *, observation: Observation, actor: User, note_id: uuid.UUID, upload: Any
) -> bool:
    """The photo of a note the observer already sent, resized for phones (and a thumbnail),
    re-encoded without EXIF or GPS. Returns False when the note already has its photo: the
    phone sends it again when it did not hear the answer, and the first one stays (a note holds
    one photo). A note not (yet) in the observer's own record: ValidationError "not_found"
    (404 in the API), which the phone retries later. After the record is closed a new photo is
    refused ("conflict") like a new note; a replay is still acknowledged."""
    record = Record.objects.select_for_update().get(pk=record_for(observation, actor).pk)
    note = Note.objects.select_for_update().filter(pk=note_id, record=record).first()
    if note is None:
        raise ValidationError(
            _("This note has not arrived yet: send the note first, then its photo."),
            code="not_found",
        )
    if note.photo:
        return False
    current = Observation.objects.get(pk=observation.pk)
    if _is_closed(current, record):
        raise ValidationError(_closed_message(record), code="conflict")
    image = photo_open(upload, field="photo")
    note.photo = photo_jpeg(image, PHONE_PX)
    note.thumbnail = photo_jpeg(image, THUMBNAIL_PX)
    note.save(update_fields=["photo", "thumbnail"])
    log_action(
        "observations.note.photo_added",
        actor=actor,
        school=record.school,
        obj=current,
        data={"note": str(note.pk)},
    )
    return True


def _scores_differ(observation: Observation, record: Record, scores: list[ScoreInput]) -> bool:
    stored = {
        str(s.item_id): (s.value, s.text, s.note) for s in Score.objects.filter(record=record)
    }
    items = _items(observation)
    for s in scores:
        item = items.get(str(s.item_id))
        if item is None:
            return True
        try:
            value = _check_value(item, s.value) if item.is_scored else None
        except ValidationError:
            return True
        text = s.text.strip() if item.kind == ItemKind.TEXT else ""
        if stored.get(str(s.item_id)) != (value, text, s.note.strip()):
            return True
    return False


def parse_time(value: Any) -> datetime.datetime | None:
    return _parse_time(value)
