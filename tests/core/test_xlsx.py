import csv
import io

import pytest

from kombel.core.xlsx import append_row, csv_text, new_sheet, workbook_bytes
from tests.spreadsheets import FORMULA_NAME, cells, formulas

DANGEROUS = [FORMULA_NAME, "+62812", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "#N/A", "=1"]


def test_append_row_writes_every_string_as_text_and_keeps_other_types():
    workbook, sheet = new_sheet("Export", [FORMULA_NAME, "Nama"])
    append_row(sheet, [*DANGEROUS, 7, None])
    body = workbook_bytes(workbook)
    assert formulas(body) == []
    got = cells(body)
    assert got["Export!A1"] == (FORMULA_NAME, "s")
    # A carriage return may read back as a line feed (XML end-of-line handling, parser-dependent).
    read = [
        (v.replace("\r", "\n") if isinstance(v, str) else v, kind)
        for v, kind in (got[f"Export!{col}2"] for col in "ABCDEFGHI")
    ]
    assert read == [*((value.replace("\r", "\n"), "s") for value in DANGEROUS), (7, "n")]
    # Marked so that Excel keeps it text even when someone edits the cell.
    assert sheet["A2"].quotePrefix is True
    assert sheet["I2"].quotePrefix is False


@pytest.mark.parametrize("value", DANGEROUS[:-2])
def test_csv_text_makes_formula_starts_inert(value):
    out = io.StringIO()
    csv.writer(out).writerow([csv_text(value), csv_text("Budi"), csv_text(3)])
    first, name, number = next(csv.reader(io.StringIO(out.getvalue())))
    assert (first, name, number) == ("'" + value, "Budi", "3")
