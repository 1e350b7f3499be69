"""Uploaded spreadsheets as rows of values, the one reader every import uses: Excel workbooks
(.xlsx with openpyxl, the older .xls with xlrd, the reader pyxform itself uses), told apart by
their content rather than their name, and CSV files (comma, semicolon or tab, in the encodings
the caller accepts).

OpenDocument spreadsheets (.ods, LibreOffice's own format) are refused with the way out: saving
as .xlsx is one step in LibreOffice.

What a file must hold (columns, how many rows) and what a caller says about a file it cannot
read stay with the caller: each function takes the message for "not a workbook" / "not text".
openpyxl and xlrd are imported inside the functions: only an upload pays for them.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator, Sequence
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


def _workbook_kind(data: bytes, not_a_workbook: str) -> str:
    kind = kind_of(data)
    if kind == "ods":
        raise _ods_refused()
    if kind not in ("xls", "xlsx"):
        raise ValidationError(not_a_workbook)
    return kind


def read_sheets(data: bytes, not_a_workbook: str) -> dict[str, Rows]:
    """Every sheet of an .xlsx or .xls by its name (as written), as rows of cell values
    (numbers, text, dates as datetime). `not_a_workbook`: the message for anything else."""
    if _workbook_kind(data, not_a_workbook) == "xls":
        return _read_xls(data, not_a_workbook)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {
                sheet.title: list(sheet.iter_rows(values_only=True))
                for sheet in workbook.worksheets
            }
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(not_a_workbook) from exc


def first_sheet(data: bytes, not_a_workbook: str) -> Rows:
    return list(sheet_rows(data, not_a_workbook))


def sheet_rows(data: bytes, not_a_workbook: str) -> Iterator[tuple[Any, ...]]:
    """The first sheet's rows, one at a time: a caller that stops early (a row limit) does not
    pay for the rest of an .xlsx. Raises ValidationError (at the first row asked for)."""
    if _workbook_kind(data, not_a_workbook) == "xls":
        yield from next(iter(_read_xls(data, not_a_workbook).values()), [])
        return
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(not_a_workbook) from exc
    try:
        if not workbook.worksheets:
            return
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails while it is read
                raise ValidationError(not_a_workbook) from exc
            yield row
    finally:
        workbook.close()


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


def csv_rows(
    data: bytes, *, not_text: str, encodings: Sequence[str] = ("utf-8-sig",)
) -> Iterator[list[str]]:
    """A CSV file's rows (comma, semicolon or tab, found from its start), decoded with the
    first of `encodings` that fits (UTF-8 with or without BOM by default; add "latin-1" to
    take any bytes). `not_text`: the message when none fits. Raises ValidationError."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(not_text)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: empty for none, 12 for Excel's 12.0, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()
