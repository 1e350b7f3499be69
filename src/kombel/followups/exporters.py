"""The follow-up list as an Excel workbook (evidence for principals and facilitator teams)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.core.xlsx import append_row, new_sheet, workbook_bytes
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.schools.models import School

DATE_FORMAT = "DD/MM/YYYY"
# description, owner, due date, status, overdue, done on, note, source, created
WIDTHS = (60, 28, 13, 12, 10, 13, 40, 32, 13)
DATE_COLUMNS = (3, 6, 9)  # 1-based: due date, done on, created


@dataclass
class ActionItemsExporter:
    """Rows of `items` (already filtered, owners loaded) in one sheet; no queries of its own."""

    school: School
    items: Iterable[ActionItem]
    today: datetime.date

    @property
    def filename(self) -> str:
        return f"tindak-lanjut-{self.school.npsn}-{self.today.isoformat()}.xlsx"

    def header(self) -> list[str]:
        return [
            _("Description"),
            _("Owner"),
            _("Due date"),
            _("Status"),
            _("Overdue"),
            _("Done on"),
            _("Note"),
            _("Source"),
            _("Created"),
        ]

    def row(self, item: ActionItem) -> list[Any]:
        overdue = item.status == ItemStatus.OPEN and item.due_date < self.today
        done_on = (
            timezone.localdate(item.completed_at)
            if item.status == ItemStatus.DONE and item.completed_at
            else None
        )
        return [
            item.description,
            item.owner.full_name,
            item.due_date,
            item.get_status_display(),
            _("yes") if overdue else _("no"),
            done_on,
            item.status_note,
            item.source_label,
            timezone.localdate(item.created_at),
        ]

    def render(self) -> bytes:
        from openpyxl.utils import get_column_letter

        workbook, sheet = new_sheet(_("Follow-ups"), self.header())
        for item in self.items:
            append_row(sheet, self.row(item))
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for column in DATE_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = DATE_FORMAT
        return workbook_bytes(workbook)
