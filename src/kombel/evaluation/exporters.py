"""A wave's answers as a spreadsheet (XLSX and CSV), each Likert answer as its code and its
label. Rows of an anonymous wave carry no name and come in no meaningful order; a named wave
shows names only to those allowed (`names`). People's text is always text, never a formula."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kombel.core.xlsx import append_row, csv_bytes, new_sheet, workbook_bytes
from kombel.evaluation.models import Item, Response, Wave


@dataclass
class ResponsesExporter:
    wave: Wave
    items: list[Item]
    responses: list[Response]
    names: dict[Any, str] | None = None  # respondent id -> name, when names may be shown

    @property
    def basename(self) -> str:
        return f"jawaban-{self.wave.school.npsn}-{self.wave.opens_on.isoformat()}"

    def header(self) -> list[str]:
        head = [_("Respondent")] if self.names is not None else []
        head += [_("Source")] if self.wave.anonymous else [_("Submitted"), _("Source")]
        for item in self.items:
            head.append(item.name)
            if item.is_likert:
                head.append(f"{item.name}_label")
        return head

    def rows(self) -> list[list[Any]]:
        lang = get_language() or "id"
        rows = []
        for response in self.responses:
            row: list[Any] = []
            if self.names is not None:
                row.append(self.names.get(response.respondent_id, ""))
            if not self.wave.anonymous:
                row.append(response.submitted_on)
            row.append(response.get_source_display())
            for item in self.items:
                if item.is_likert:
                    value = response.likert.get(item.name)
                    row.append(value)
                    row.append(item.scale.label(value, lang) if value and item.scale else "")
                else:
                    row.append(response.open.get(item.name, ""))
            rows.append(row)
        return rows

    def xlsx(self) -> bytes:
        workbook, sheet = new_sheet(_("Answers"), self.header())
        for row in self.rows():
            append_row(sheet, row)
        return workbook_bytes(workbook)

    def csv(self) -> bytes:
        return csv_bytes(self.header(), self.rows())
