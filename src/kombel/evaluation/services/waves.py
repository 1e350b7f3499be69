"""Writes of waves and responses: a wave for a programme month, answering (saved as it goes,
submitted once), and the reminders.

Anonymity: in an anonymous wave the answers are never stored with the respondent. A draft is
found again through a keyed hash of (wave, person); on submission the draft loses that key and a
`Receipt` holding the hash (nothing else, not even a time) refuses a second answer. The audit log
records that someone answered the wave, never which response is theirs.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.versioning import check_version
from kombel.evaluation.anonymity import respondent_key
from kombel.evaluation.enums import EVALUATION_KIND, Audience, ItemKind, ResponseStatus, WaveKind
from kombel.evaluation.models import Item, Questionnaire, Receipt, Response, Wave, encode_likert
from kombel.evaluation.services.questionnaires import slots_of
from kombel.programs.models import Event, Participant, Programme
from kombel.schools.enums import TEACHING_ROLES, Role
from kombel.schools.models import Membership

MAX_OPEN_ANSWER = 5000


def audience_of(wave: Wave) -> QuerySet[User]:
    """Who the wave asks: the programme's teachers, or the school's parents."""
    if wave.questionnaire.audience == Audience.PARENTS:
        parents = Membership.objects.filter(school=wave.school, role=Role.PARENT)
        people = User.objects.filter(pk__in=parents.values("user_id"))
    else:
        teachers = Participant.objects.filter(programme=wave.programme, role__in=TEACHING_ROLES)
        people = User.objects.filter(pk__in=teachers.values("user_id"))
    return people.filter(is_active=True).order_by("full_name")


def is_respondent(wave: Wave, user: Any) -> bool:
    return audience_of(wave).filter(pk=user.pk).exists()


def is_open(wave: Wave, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return wave.opens_on <= today <= wave.closes_on


def _month_event(programme: Programme, month: datetime.date | None) -> Event | None:
    if month is None:
        return None
    return Event.objects.filter(
        programme=programme,
        kind=EVALUATION_KIND,
        date__year=month.year,
        date__month=month.month,
        is_cancelled=False,
    ).first()


@transaction.atomic
def wave_create(
    *,
    programme: Programme,
    questionnaire: Questionnaire,
    actor: Any,
    kind: str,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    month: datetime.date | None = None,
    anonymous: bool = True,
    names_visible: bool = False,
) -> Wave:
    """A wave of the questionnaire in the programme; a monthly wave hangs on that month's
    evaluation event of the programme calendar."""
    if questionnaire.school_id != programme.school_id:
        raise ValidationError({"questionnaire": _("Choose a questionnaire of this school.")})
    if kind == WaveKind.MONTHLY and month is None:
        raise ValidationError({"month": _("Say which month of the programme the wave evaluates.")})
    month = month.replace(day=1) if month else None
    wave = Wave(
        school=programme.school,
        programme=programme,
        questionnaire=questionnaire,
        kind=kind,
        month=month,
        event=_month_event(programme, month),
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        names_visible=names_visible and not anonymous,
    )
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The wave must close on or after the day it opens.")})
    wave.full_clean()
    wave.save()
    log_action(
        "evaluation.wave.created",
        actor=actor,
        obj=wave,
        data={"anonymous": anonymous, "kind": kind},
    )
    return wave


@transaction.atomic
def wave_update(
    *,
    wave: Wave,
    actor: Any,
    version: int | None,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    names_visible: bool,
) -> Wave:
    """Dates, title and (named waves) whether names are shown. Whether a wave is anonymous is
    fixed when it is created: respondents answered on that promise."""
    current = Wave.objects.select_for_update().get(pk=wave.pk)
    check_version(current, version)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The wave must close on or after the day it opens.")})
    current.title = title.strip()
    current.opens_on, current.closes_on = opens_on, closes_on
    current.names_visible = names_visible and not current.anonymous
    current.version += 1
    current.full_clean()
    current.save()
    log_action("evaluation.wave.updated", actor=actor, obj=current)
    return current


def _duplicate() -> ValidationError:
    return ValidationError(
        _("You have already answered this questionnaire; your answers were kept as they were."),
        code="duplicate",
    )


def _clean_answers(
    items: dict[str, Item], likert: dict[str, Any], open_answers: dict[str, Any]
) -> tuple[dict[str, int | None], dict[str, str]]:
    """Answers checked against the items: a Likert value on its scale, text within bounds.
    None (or "") clears an answer."""
    errors: dict[str, list[str]] = {}
    clean_likert: dict[str, int | None] = {}
    for name, raw in likert.items():
        item = items.get(name)
        if item is None or item.kind != ItemKind.LIKERT:
            errors[name] = [_("There is no such question in this questionnaire.")]
            continue
        if raw in (None, ""):
            clean_likert[name] = None
            continue
        points = item.scale.points if item.scale else 0
        try:
            value = int(raw)
            if str(raw).strip() not in (str(value), f"{value}.0"):
                raise ValueError
        except (TypeError, ValueError):
            value = -1
        if not 1 <= value <= points:
            errors[name] = [
                _("Choose one of the points 1 to %(points)d of the scale.") % {"points": points}
            ]
            continue
        clean_likert[name] = value
    clean_open: dict[str, str] = {}
    for name, raw in open_answers.items():
        item = items.get(name)
        if item is None or item.kind != ItemKind.OPEN:
            errors[name] = [_("There is no such question in this questionnaire.")]
            continue
        text = str(raw or "").strip()
        if len(text) > MAX_OPEN_ANSWER:
            errors[name] = [
                _("Keep the answer under %(max)d characters.") % {"max": MAX_OPEN_ANSWER}
            ]
            continue
        clean_open[name] = text
    if errors:
        raise ValidationError(errors)
    return clean_likert, clean_open


def _items(wave: Wave) -> dict[str, Item]:
    return {
        item.name: item
        for item in Item.objects.filter(questionnaire_id=wave.questionnaire_id).select_related(
            "scale"
        )
    }


def _check_can_answer(wave: Wave, user: Any, today: datetime.date | None) -> None:
    if not is_open(wave, today):
        raise ValidationError(_("This wave is not open for answers."), code="closed")
    if not is_respondent(wave, user):
        # "forbidden": who may answer, a 403 in the API (kombel.core.api).
        raise ValidationError(_("This questionnaire is not addressed to you."), code="forbidden")


def _own_response(wave: Wave, user: Any, *, lock: bool = False) -> Response | None:
    """The person's response in the wave: by name in a named wave, by key while an anonymous
    answer is a draft."""
    qs = Response.objects.filter(wave=wave)
    if lock:
        qs = qs.select_for_update()
    if wave.anonymous:
        return qs.filter(draft_key=respondent_key(wave, user)).first()
    return qs.filter(respondent=user).first()


def has_answered(wave: Wave, user: Any) -> bool:
    if wave.anonymous:
        return Receipt.objects.filter(wave=wave, key=respondent_key(wave, user)).exists()
    return Response.objects.filter(
        wave=wave, respondent=user, status=ResponseStatus.SUBMITTED
    ).exists()


def draft_of(wave: Wave, user: Any) -> Response | None:
    """The person's unsent answers, to resume them."""
    response = _own_response(wave, user)
    return response if response and response.status == ResponseStatus.DRAFT else None


@transaction.atomic
def response_save(
    *,
    wave: Wave,
    actor: Any,
    likert: dict[str, Any] | None = None,
    open_answers: dict[str, Any] | None = None,
    today: datetime.date | None = None,
) -> Response:
    """Keep what the respondent answered so far (a phone may lose its connection any moment):
    the answers given are merged into the draft; nothing is submitted."""
    _check_can_answer(wave, actor, today)
    if has_answered(wave, actor):
        raise _duplicate()
    clean_likert, clean_open = _clean_answers(_items(wave), likert or {}, open_answers or {})
    response = _own_response(wave, actor, lock=True)
    if response is None:
        response = Response(school=wave.school, wave=wave)
        if wave.anonymous:
            response.draft_key = respondent_key(wave, actor)
        else:
            response.respondent = actor
    elif response.status != ResponseStatus.DRAFT:
        raise _duplicate()
    for name, value in clean_likert.items():
        if value is None:
            response.likert.pop(name, None)
        else:
            response.likert[name] = value
    for name, text in clean_open.items():
        if text:
            response.open[name] = text
        else:
            response.open.pop(name, None)
    response.vector = encode_likert(response.likert, slots_of(wave.questionnaire_id))
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:  # a second tab created the draft at the same moment
        raise ValidationError(
            _("Your answers were being saved from another window; reload the page."),
            code="conflict",
        ) from exc
    return response


@transaction.atomic
def response_submit(
    *,
    wave: Wave,
    actor: Any,
    likert: dict[str, Any] | None = None,
    open_answers: dict[str, Any] | None = None,
    today: datetime.date | None = None,
) -> Response:
    """Save the last answers and submit, once. Every required question must be answered."""
    response = response_save(
        wave=wave, actor=actor, likert=likert, open_answers=open_answers, today=today
    )
    items = _items(wave)
    missing = {
        name: [_("Please answer this question.")]
        for name, item in items.items()
        if item.required
        and not (response.likert.get(name) if item.is_likert else response.open.get(name))
    }
    if missing:
        raise ValidationError(missing)
    if wave.anonymous:
        try:
            with transaction.atomic():
                Receipt.objects.create(
                    school=wave.school, wave=wave, key=respondent_key(wave, actor)
                )
        except IntegrityError as exc:
            raise _duplicate() from exc
        response.draft_key = ""
    response.status = ResponseStatus.SUBMITTED
    # An anonymous answer keeps no day either: in a group of twenty, the day can name the person.
    response.submitted_on = None if wave.anonymous else (today or timezone.localdate())
    response.save()
    # The wave, not the response: the log must not tell which answers are whose.
    # In an anonymous wave not even who answered when is logged (the receipt refuses a second).
    log_action("evaluation.response.submitted", actor=None if wave.anonymous else actor, obj=wave)
    return response


def reminder_list(wave: Wave) -> list[User]:
    """Named waves: the people asked who have not submitted. Anonymous waves: nobody (who has
    answered is not known there)."""
    if wave.anonymous:
        return []
    answered = Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED).values(
        "respondent_id"
    )
    return list(audience_of(wave).exclude(pk__in=answered))
