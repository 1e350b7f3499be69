"""Spreadsheets as rows of values: Excel workbooks (.xlsx with openpyxl, the older .xls with
xlrd, the reader pyxform itself uses), told apart by their content rather than their name.

OpenDocument spreadsheets (.ods, LibreOffice's own format) are refused with the way out: neither
pyxform nor KoboToolbox reads them, and saving as .xlsx is one step in LibreOffice.
"""

import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (Excel 97-2003)
ZIP = b"PK\x03\x04"  # .xlsx and .ods
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"

Rows = list[tuple[Any, ...]]


def kind_of(data: bytes) -> str:
    """ "xlsx", "xls", "ods" or "" (none of these)."""
    if data.startswith(OLE2):
        return "xls"
    if data.startswith(ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME:
                    return "ods"
        except zipfile.BadZipFile:
            return ""
        return "xlsx"
    return ""


def _ods_refused() -> ValidationError:
    return ValidationError(
        _(
            "OpenDocument spreadsheets (.ods) cannot be read. In LibreOffice choose "
            "File > Save As > Excel 2007-365 (.xlsx), then upload that file."
        ),
        code="ods",
    )


def read_sheets(data: bytes, not_a_workbook: str) -> dict[str, Rows]:
    """Every sheet of an .xlsx or .xls by its name (as written), as rows of cell values
    (numbers, text, dates as datetime). `not_a_workbook`: the message for anything else."""
    kind = kind_of(data)
    if kind == "ods":
        raise _ods_refused()
    if kind == "xls":
        return _read_xls(data, not_a_workbook)
    if kind != "xlsx":
        raise ValidationError(not_a_workbook)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return {
            sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets
        }
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(not_a_workbook) from exc


def _read_xls(data: bytes, not_a_workbook: str) -> dict[str, Rows]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as exc:  # xlrd.XLRDError, struct errors, ... for a damaged file
        raise ValidationError(not_a_workbook) from exc
    sheets: dict[str, Rows] = {}
    for sheet in book.sheets():
        rows: Rows = []
        for number in range(sheet.nrows):
            values: list[Any] = []
            for cell in sheet.row(number):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        values.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    values.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    values.append(None)
                else:
                    values.append(cell.value)
            rows.append(tuple(values))
        sheets[sheet.name] = rows
    return sheets


def first_sheet(data: bytes, not_a_workbook: str) -> Rows:
    sheets = read_sheets(data, not_a_workbook)
    return next(iter(sheets.values()), [])
