"""What every spreadsheet Kombel hands out shares: text stays text, a bold frozen header, the
download.

**Every exporter writes its rows with `append_row` (and its header through `new_sheet`)**, never
`sheet.append` or `cell.value = ...` directly: names, titles and descriptions are typed by people,
and a cell written from `=HYPERLINK("http://…"&B1,"Guru 10")` would otherwise be a live formula
in the reader's Excel (openpyxl turns a string starting with "=" into a formula). `append_row`
stores every string as a text cell, and marks the ones a spreadsheet could read as a formula
(starting with =, +, -, @, a tab or a carriage return) with Excel's quote prefix, so they stay
text even when someone edits the cell. A CSV export has no cell types: write each value through
`csv_text`, which puts an apostrophe before such a string (the form Excel and LibreOffice show
as text).

openpyxl is imported inside the functions: only a request for a workbook pays for it.
"""

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes a spreadsheet read a typed or imported value as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def append_row(sheet: "Worksheet", values: Iterable[Any]) -> None:
    """Append `values` as the sheet's next row; every string is a text cell, never a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error
            if cell.value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: a string a spreadsheet would read as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file: the header, then every row with each value through `csv_text`; UTF-8 with a
    BOM, which Excel needs to open it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_text(v) for v in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def new_sheet(title: str, header: list[str], *, freeze: str = "A2") -> "tuple[Workbook, Worksheet]":
    """A workbook whose first sheet has `header` in bold, frozen above the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for sheet names
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = freeze
    return workbook, sheet


def workbook_bytes(workbook: "Workbook") -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
