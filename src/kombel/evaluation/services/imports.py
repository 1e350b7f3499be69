"""Importing answers collected elsewhere (KoboToolbox/ODK, Google Forms) into a wave: upload,
preview of the matching, then all-or-nothing."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.core.audit import log_action
from kombel.evaluation.enums import ImportStatus, ResponseSource, ResponseStatus
from kombel.evaluation.models import Item, Response, ResponseImport, Wave, encode_likert
from kombel.evaluation.services.questionnaires import slots_of
from kombel.evaluation.tabular import ImportPlan, detect_format, plan_import, read_table

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@transaction.atomic
def import_upload(*, wave: Wave, actor: Any, upload: Any) -> ResponseImport:
    """Keep the uploaded export until its preview is confirmed; refuse one that cannot be read."""
    name = getattr(upload, "name", "") or ""
    if upload.size is None or upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("The file is too large; the limit is 10 MB.")})
    data = upload.read()
    upload.seek(0)
    try:
        table = read_table(data, name)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    record = ResponseImport(
        school=wave.school,
        wave=wave,
        format=detect_format(table.header),
        file_name=name[:200],
        uploaded_by=actor,
    )
    record.file = upload
    record.save()
    return record


def import_plan(record: ResponseImport) -> ImportPlan:
    """What the import would do, read again from the stored file (the preview)."""
    with record.file.open("rb") as handle:
        data = handle.read()
    items = list(
        Item.objects.filter(questionnaire_id=record.wave.questionnaire_id).select_related(
            "scale", "section"
        )
    )
    imported = set(
        Response.objects.filter(wave=record.wave)
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    )
    return plan_import(read_table(data, record.file_name), items, imported)


@transaction.atomic
def import_apply(*, record: ResponseImport, actor: Any) -> int:
    """Create every planned response, or none: any row in error refuses the whole file."""
    current = ResponseImport.objects.select_for_update().get(pk=record.pk)
    if current.status == ImportStatus.APPLIED:
        return 0  # a replayed confirmation imports nothing twice
    plan = import_plan(current)
    if plan.errors:
        raise ValidationError(
            [
                _("Row %(row)d, column “%(column)s”: %(message)s")
                % {"row": e.row, "column": e.column, "message": e.message}
                for e in plan.errors[:50]
            ]
        )
    if not plan.matches:
        raise ValidationError(_("No column of the file matches a question of the questionnaire."))
    wave = current.wave
    today = timezone.localdate()
    slots = slots_of(wave.questionnaire_id)
    rows = [
        Response(
            school=wave.school,
            wave=wave,
            status=ResponseStatus.SUBMITTED,
            source=ResponseSource.IMPORT,
            external_id=planned.external_id,
            submitted_on=None if wave.anonymous else (planned.submitted_on or today),
            likert=planned.likert,
            open=planned.open,
            vector=encode_likert(planned.likert, slots),
        )
        for planned in plan.responses
    ]
    try:
        with transaction.atomic():
            Response.objects.bulk_create(rows)
    except IntegrityError as exc:  # another file brought the same rows in meanwhile
        raise ValidationError(
            _("Some of these rows were imported meanwhile; upload the file again to see them.")
        ) from exc
    current.status = ImportStatus.APPLIED
    current.imported = len(plan.responses)
    current.save(update_fields=["status", "imported", "updated_at"])
    log_action(
        "evaluation.responses.imported",
        actor=actor,
        obj=wave,
        data={"file": current.file_name, "count": len(plan.responses), "format": current.format},
    )
    return len(plan.responses)
