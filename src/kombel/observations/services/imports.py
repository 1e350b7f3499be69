"""Observations from Excel (the export's columns), all-or-nothing.

A row with an `observation_id` of the school updates that observer's score of the item (the
exported file imported back changes nothing); rows without one are past (paper) observations:
rows sharing date, teacher, instrument and version make one observation, each observer one
submitted record; it is stored completed and released (it was discussed on paper).
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.workbooks import cell_text, sheet_rows
from kombel.observations.enums import ItemKind, Stage
from kombel.observations.exporters import HEADER
from kombel.observations.models import InstrumentVersion, Item, Observation, Record, Score
from kombel.observations.services.observations import _check_value
from kombel.schools.enums import STAFF_ROLES, TEACHING_ROLES
from kombel.schools.models import Membership, School, SchoolClass

MAX_ROWS = 20_000


def read_rows(upload: Any) -> list[dict[str, Any]]:
    """Every non-empty row of the first sheet, by column name (cells as read: numbers and
    dates stay so). Reading stops past MAX_ROWS. Raises ValidationError on "file"."""
    rows = sheet_rows(upload.read(), _("This file is not an Excel workbook (.xlsx)."))
    try:
        header = [cell_text(h) for h in next(rows, ())]
        missing = [h for h in HEADER if h not in header]
        if missing:
            raise ValidationError(_("Columns missing: %(cols)s.") % {"cols": ", ".join(missing)})
        out = []
        for values in rows:
            if not any(v not in (None, "") for v in values):
                continue
            out.append({h: values[i] if i < len(values) else None for i, h in enumerate(header)})
            if len(out) > MAX_ROWS:
                raise ValidationError(_("At most 20,000 rows at once."))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return out


def _when(value: Any, school: School) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = cell_text(value)
        parsed = None
        zone = ZoneInfo(school.timezone)
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
            try:
                parsed = datetime.datetime.strptime(text, fmt).replace(tzinfo=zone)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=ZoneInfo(school.timezone))
    return parsed


@transaction.atomic
def observations_import(
    *, school: School, actor: User, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Check every row first; write only when all are right. Returns counts."""
    errors: list[str] = []
    people = {
        u.username: u
        for u in User.objects.filter(
            pk__in=Membership.objects.filter(school=school, role__in=STAFF_ROLES).values("user_id")
        )
    }
    teachers = set(
        Membership.objects.filter(school=school, role__in=TEACHING_ROLES).values_list(
            "user__username", flat=True
        )
    )
    versions = {
        (v.instrument.code, v.number): v
        for v in InstrumentVersion.objects.filter(school=school).select_related("instrument")
    }
    items = {(i.version_id, i.code): i for i in Item.objects.filter(school=school)}
    classes = {c.name: c for c in SchoolClass.objects.filter(school=school)}
    existing = {
        str(o.pk): o
        for o in Observation.objects.filter(
            school=school,
            pk__in=[
                r["observation_id"]
                for r in rows
                if _looks_like_uuid(cell_text(r.get("observation_id")))
            ],
        )
    }
    planned: list[
        tuple[
            int, Any, Observation | None, tuple[Any, ...] | None, User, Item, int | None, str, str
        ]
    ] = []
    for number, row in enumerate(rows, start=2):

        def fail(message: str, number: int = number) -> None:
            errors.append(_("Row %(row)s: %(message)s") % {"row": number, "message": message})

        obs_id = cell_text(row.get("observation_id"))
        observer = people.get(cell_text(row.get("observer")))
        if observer is None:
            fail(_("the observer is not staff of this school."))
            continue
        observation = existing.get(obs_id) if obs_id else None
        if obs_id and observation is None:
            fail(_("no observation of this school has this id."))
            continue
        if observation is not None:
            version = observation.instrument_version
            key = None
        else:
            found = versions.get((cell_text(row.get("instrument")), _int(row.get("version")) or 0))
            if found is None:
                fail(_("no instrument of this school has this code and version."))
                continue
            version = found
            teacher = cell_text(row.get("teacher"))
            if teacher not in teachers:
                fail(_("the teacher is not a teacher of this school."))
                continue
            when = _when(row.get("date"), school)
            if when is None:
                fail(_("write the date as 2026-11-30 07:30."))
                continue
            class_name = cell_text(row.get("class"))
            if class_name and class_name not in classes:
                fail(_("no class of this school has this name."))
                continue
            key = (when, teacher, version.pk, class_name, cell_text(row.get("subject")))
        item = items.get((version.pk, cell_text(row.get("item"))))
        if item is None:
            fail(_("the item is not part of this instrument version."))
            continue
        value: int | None = None
        if item.is_scored:
            raw = row.get("score")
            raw = int(raw) if isinstance(raw, float) and raw.is_integer() else raw
            try:
                value = _check_value(item, raw)
            except ValidationError:
                fail(
                    _("%(value)s is not on the item's scale (%(allowed)s).")
                    % {"value": raw, "allowed": ", ".join(str(v) for v in item.values)}
                )
                continue
        answer = cell_text(row.get("answer")) if item.kind == ItemKind.TEXT else ""
        evidence = cell_text(row.get("evidence"))
        planned.append((number, obs_id, observation, key, observer, item, value, answer, evidence))
    if errors:
        raise ValidationError(errors)
    made: dict[tuple[Any, ...], Observation] = {}
    now = timezone.now()
    counts = {"observations": 0, "scores": 0}
    records: dict[tuple[Any, Any], Record] = {
        (r.observation_id, r.observer_id): r
        for r in Record.objects.filter(observation__in=list(existing.values()))
    }
    for _n, _obs_id, observation, key, observer, item, value, answer, evidence in planned:
        if observation is None:
            if key is None:  # a new observation's row always has its key
                continue
            if key not in made:
                when, teacher, version_pk, class_name, subject = key
                made[key] = Observation.objects.create(
                    school=school,
                    instrument_version_id=version_pk,
                    teacher=people.get(teacher) or User.objects.get(username=teacher),
                    school_class=classes.get(class_name),
                    subject=subject,
                    starts_at=when,
                    stage=Stage.DONE,
                    released_at=now,
                    created_by=actor,
                )
                counts["observations"] += 1
            observation = made[key]
        record = records.get((observation.pk, observer.pk))
        if record is None:
            record = Record.objects.create(
                school=school, observation=observation, observer=observer, submitted_at=now
            )
            records[(observation.pk, observer.pk)] = record
        if value is None and not answer and not evidence:
            continue  # an item left empty on paper: nothing to keep
        Score.objects.update_or_create(
            record=record,
            item=item,
            defaults={"school": school, "value": value, "text": answer, "note": evidence},
        )
        counts["scores"] += 1
    log_action("observations.import.imported", actor=actor, school=school, data=counts)
    return counts


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _looks_like_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
