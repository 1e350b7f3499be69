"""A programme's workshop attendance register as an Excel workbook (evidence of the programme)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kombel.core.xlsx import append_row, new_sheet, workbook_bytes
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Programme
from kombel.workshops.models import WorkshopSession
from kombel.workshops.queries import Register

SHORT_TITLE = 30


@dataclass
class AttendanceRegisterExporter:
    """One sheet: a row per attendee, a column per held session, the rate last. No queries."""

    programme: Programme
    register: Register
    today: datetime.date

    @property
    def filename(self) -> str:
        slug = slugify(self.programme.title)[:40] or "programme"
        return f"daftar-hadir-{slug}-{self.today.isoformat()}.xlsx"

    def session_label(self, session: WorkshopSession) -> str:
        title = session.event.title
        if len(title) > SHORT_TITLE:
            title = title[: SHORT_TITLE - 1] + "…"
        return f"{date_format(session.event.date, 'j M Y')} · {title}"

    def header(self) -> list[str]:
        return [
            _("Name"),
            *(self.session_label(s) for s in self.register.sessions),
            _("Attendance rate"),
        ]

    def rows(self) -> list[list[Any]]:
        labels = dict(AttendanceStatus.choices)
        return [
            [
                row.user.full_name,
                *(str(labels[s]) if s else "" for s in row.statuses),
                row.attendance_rate,
            ]
            for row in self.register.rows
        ]

    def render(self) -> bytes:
        from openpyxl.utils import get_column_letter

        workbook, sheet = new_sheet(_("Attendance"), self.header(), freeze="B2")
        for values in self.rows():
            append_row(sheet, values)
        last = len(self.register.sessions) + 2
        sheet.column_dimensions["A"].width = 32
        for index in range(2, last):
            sheet.column_dimensions[get_column_letter(index)].width = 16
        sheet.column_dimensions[get_column_letter(last)].width = 14
        for (cell,) in sheet.iter_rows(min_row=2, min_col=last, max_col=last):
            cell.number_format = "0%"
        return workbook_bytes(workbook)
