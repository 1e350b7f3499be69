"""Observations to Excel: one row per observation x item, for each observer's record (the
columns `services.imports` reads back)."""

from typing import Any

from django.utils import timezone

from kombel.core.xlsx import append_row, new_sheet, workbook_bytes
from kombel.observations.models import Item, Observation, Score

HEADER = [
    "observation_id",
    "date",
    "teacher",
    "teacher_name",
    "class",
    "subject",
    "instrument",
    "version",
    "observer",
    "observer_name",
    "section",
    "item",
    "item_text",
    "score",
    "answer",
    "evidence",
]


def observations_xlsx(observations: list[Observation]) -> bytes:
    """Every record's item rows (items a record left empty included, so the file can be filled
    in and imported back)."""
    workbook, sheet = new_sheet("observasi", HEADER)
    ids = [o.pk for o in observations]
    scores: dict[tuple[Any, Any], Score] = {
        (s.record_id, s.item_id): s for s in Score.objects.filter(record__observation_id__in=ids)
    }
    versions = {o.instrument_version_id for o in observations}
    items: dict[Any, list[Item]] = {}
    for item in (
        Item.objects.filter(version_id__in=versions)
        .select_related("section")
        .order_by("section__order", "order")
    ):
        items.setdefault(item.version_id, []).append(item)
    for o in observations:
        day = timezone.localtime(o.starts_at).strftime("%Y-%m-%d %H:%M")
        for record in o.records.all():
            for item in items.get(o.instrument_version_id, []):
                score = scores.get((record.pk, item.pk))
                append_row(
                    sheet,
                    [
                        str(o.pk),
                        day,
                        o.teacher.username,
                        o.teacher.full_name,
                        o.school_class.name if o.school_class else "",
                        o.subject,
                        o.instrument_version.instrument.code,
                        o.instrument_version.number,
                        record.observer.username,
                        record.observer.full_name,
                        item.section.title,
                        item.code,
                        item.text,
                        score.value if score and score.value is not None else None,
                        score.text if score else "",
                        score.note if score else "",
                    ],
                )
    return workbook_bytes(workbook)
