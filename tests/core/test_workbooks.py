"""core.workbooks, the one reader of uploaded spreadsheets: kinds told by content, .ods refused
with the way out, CSV in the encodings the caller accepts, rows read one at a time."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from kombel.core import workbooks

NOT_A_WORKBOOK = "Not a workbook."


def _xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    return out.getvalue()


def test_kinds_are_told_by_content_not_name():
    assert workbooks.kind_of(_xlsx(("a", [[1]]))) == "xlsx"
    assert workbooks.kind_of(workbooks.OLE2 + b"\0" * 10) == "xls"
    assert workbooks.kind_of(_ods()) == "ods"
    assert workbooks.kind_of(b"PK\x03\x04 broken") == ""
    assert workbooks.kind_of(b"nama,peran\n") == ""


def test_sheets_by_name_and_the_first_one_row_by_row():
    data = _xlsx(("survey", [["type", "name"], ["text", "q1"]]), ("choices", [["x"]]))
    assert workbooks.read_sheets(data, NOT_A_WORKBOOK) == {
        "survey": [("type", "name"), ("text", "q1")],
        "choices": [("x",)],
    }
    assert workbooks.first_sheet(data, NOT_A_WORKBOOK) == [("type", "name"), ("text", "q1")]
    rows = workbooks.sheet_rows(data, NOT_A_WORKBOOK)
    assert next(rows) == ("type", "name")
    rows.close()  # a caller that stops early: the workbook is closed


@pytest.mark.parametrize("reader", [workbooks.read_sheets, workbooks.first_sheet])
def test_anything_else_is_refused_with_the_callers_message_and_ods_with_the_way_out(reader):
    for data in (b"not a workbook", b"PK\x03\x04 broken", workbooks.OLE2 + b"\0" * 10):
        with pytest.raises(ValidationError) as refused:
            reader(data, NOT_A_WORKBOOK)
        assert refused.value.messages == [NOT_A_WORKBOOK]
    with pytest.raises(ValidationError) as ods:
        reader(_ods(), NOT_A_WORKBOOK)
    assert ods.value.code == "ods" and "Excel 2007-365 (.xlsx)" in ods.value.messages[0]


def test_csv_delimiters_and_encodings():
    text = "nama;peran\r\nBudi;guru\r\n"
    assert list(workbooks.csv_rows(text.encode("utf-8-sig"), not_text="x")) == [
        ["nama", "peran"],
        ["Budi", "guru"],
    ]
    latin = "nama,kota\nAndré,Jambi\n".encode("latin-1")
    with pytest.raises(ValidationError) as refused:
        workbooks.csv_rows(latin, not_text="Save it as UTF-8.")
    assert refused.value.messages == ["Save it as UTF-8."]
    rows = workbooks.csv_rows(latin, not_text="", encodings=("utf-8-sig", "latin-1"))
    assert list(rows) == [["nama", "kota"], ["André", "Jambi"]]


def test_cells_as_the_text_a_person_typed():
    assert [
        workbooks.cell_text(v)
        for v in (None, 12.0, 12.5, " Budi ", datetime.date(2026, 12, 1), 81234567890)
    ] == ["", "12", "12.5", "Budi", "2026-12-01", "81234567890"]
