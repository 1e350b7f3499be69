"""Answers collected elsewhere: reading a KoboToolbox/ODK export (XLSX or CSV) or a Google Forms
CSV and matching it to a questionnaire, without writing anything.

`plan_import` returns the whole plan: which column answers which question (by the question's
name, a "group/name" path, or its Indonesian or English text), the columns ignored, the
questions no column answers, and every row's answers or its errors. services.imports shows it as
the preview and applies it all-or-nothing.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kombel.core.workbooks import cell_text, csv_rows, first_sheet
from kombel.evaluation.enums import ImportFormat, ItemKind
from kombel.evaluation.models import Item
from kombel.evaluation.xlsform import SKIPPED_TYPES

MAX_ROWS = 20_000
GOOGLE_TIMESTAMPS = {"timestamp", "stempelwaktu", "capwaktu", "tandawaktu", "waktu"}
ID_COLUMNS = ("_uuid", "meta/instanceid", "instanceid", "key", "_id")
DATE_COLUMNS = ("_submission_time", "submissiondate", "end", "today")
# KoboToolbox and ODK Central add these; none answers a question.
META_COLUMNS = SKIPPED_TYPES | {
    "key",
    "submissiondate",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "edits",
    "formversion",
    "meta/instanceid",
    "instanceid",
    "formhub/uuid",
}


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


def read_table(data: bytes, file_name: str) -> Table:
    """The first sheet of an .xlsx or .xls, or a .csv (comma or semicolon, UTF-8 with or
    without BOM)."""
    name = file_name.lower()
    if name.endswith((".xlsx", ".xls", ".ods")):
        sheet = first_sheet(data, _("This file is not a readable Excel workbook."))
        rows = [[cell_text(v) for v in row] for row in sheet]
    elif name.endswith(".csv"):
        lines = csv_rows(data, not_text=_("Save the CSV file as UTF-8 and upload it again."))
        rows = [[c.strip() for c in row] for row in lines]
    else:
        raise ValidationError(_("Upload the export as .xlsx, .xls or .csv."))
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        raise ValidationError(_("The file holds no answers (a header row and at least one row)."))
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(
            _("The file holds more than %(max)d rows; split it.") % {"max": MAX_ROWS}
        )
    width = len(rows[0])
    return Table(header=rows[0], rows=[(row + [""] * width)[:width] for row in rows[1:]])


def normalise(text: str) -> str:
    """For matching headers and labels: case, accents, spaces and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[\W_]+", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def detect_format(header: list[str]) -> str:
    first = normalise(header[0]) if header else ""
    return ImportFormat.GOOGLE if first in GOOGLE_TIMESTAMPS else ImportFormat.KOBO


@dataclass
class ColumnMatch:
    column: int
    header: str
    item: Item
    by: str  # "name" | "path" | "label" | "grid"


@dataclass
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    message: str


@dataclass
class PlannedResponse:
    row: int
    external_id: str
    submitted_on: datetime.date | None
    likert: dict[str, int] = field(default_factory=dict)
    open: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportPlan:
    format: str
    matches: list[ColumnMatch]
    ignored: list[str]
    unanswered: list[Item]
    responses: list[PlannedResponse]
    duplicates: int
    errors: list[RowError]
    rows: int

    @property
    def ready(self) -> bool:
        return not self.errors and bool(self.matches) and bool(self.responses)


# A Google Forms grid question (multiple-choice or checkbox grid) has one column per row of the
# grid, headed "Question [Row]".
_GRID = re.compile(r"^(?P<question>.*?)\s*\[(?P<row>[^\[\]]+)\]\s*$")


def _grid_match(
    raw: str, by_name: dict[str, Item], by_label: dict[str, list[Item]], taken: set[str]
) -> Item | None:
    """A "Question [Row]" column: the row is a question's name or text; when several questions
    have that text, the one in the section titled like the grid's question."""
    grid = _GRID.match(raw.strip())
    if grid is None:
        return None
    row = grid["row"].strip()
    found = by_name.get(row.casefold())
    if found is not None:
        return found
    candidates = [i for i in by_label.get(normalise(row), []) if i.name not in taken]
    if len(candidates) > 1:
        title = normalise(grid["question"])
        in_section = [
            i
            for i in candidates
            if i.section is not None
            and title in {normalise(i.section.title), normalise(i.section.title_en)}
        ]
        candidates = in_section or candidates
    return candidates[0] if candidates else None


def _match_columns(header: list[str], items: list[Item]) -> tuple[list[ColumnMatch], list[str]]:
    by_name = {item.name.casefold(): item for item in items}
    by_label: dict[str, list[Item]] = {}
    for item in items:
        for label in {normalise(item.text), normalise(item.text_en)}:
            if label:
                by_label.setdefault(label, []).append(item)
    matches: list[ColumnMatch] = []
    ignored: list[str] = []
    taken: set[str] = set()
    for index, raw in enumerate(header):
        key = raw.strip().casefold()
        found: Item | None = by_name.get(key)
        by = "name"
        if found is None and "/" in key:
            found, by = by_name.get(key.rsplit("/", 1)[1]), "path"
        if found is None:
            found, by = next(iter(by_label.get(normalise(raw), [])), None), "label"
        if found is None:
            found, by = _grid_match(raw, by_name, by_label, taken), "grid"
        if found is None or found.name in taken:
            ignored.append(raw)
            continue
        taken.add(found.name)
        matches.append(ColumnMatch(index, raw, found, by))
    return matches, ignored


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def _date(value: str) -> datetime.date | None:
    try:
        if m := _ISO.search(value):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.search(value):  # Google Forms in Indonesia: day/month/year
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _likert(item: Item, value: str) -> int | None:
    """A cell as a point of the item's scale: its number, or its label (either language)."""
    scale = item.scale
    points = scale.points if scale else 0
    number = value.replace(",", ".")
    try:
        as_float = float(number)
    except ValueError:
        as_float = None
    if as_float is not None:
        return int(as_float) if as_float.is_integer() and 1 <= as_float <= points else None
    wanted = normalise(value)
    for point, pair in enumerate(scale.labels if scale else [], start=1):
        if wanted in {normalise(pair[0]), normalise(pair[1] or "")}:
            return point
    return None


def plan_import(table: Table, items: list[Item], imported_ids: set[str]) -> ImportPlan:
    kind = detect_format(table.header)
    matches, ignored = _match_columns(table.header, items)
    lowered = [h.strip().casefold() for h in table.header]
    id_column = next((lowered.index(c) for c in ID_COLUMNS if c in lowered), None)
    date_column = next((lowered.index(c) for c in DATE_COLUMNS if c in lowered), None)
    if kind == ImportFormat.GOOGLE:
        id_column = date_column = 0
        ignored = ignored[1:] if ignored and ignored[0] == table.header[0] else ignored
    ignored = [h for h in ignored if h.strip().casefold() not in META_COLUMNS]
    answered = {m.item.name for m in matches}
    plan = ImportPlan(
        format=kind,
        matches=matches,
        ignored=[h for h in ignored if not h.startswith("_") and h.strip()],
        unanswered=[i for i in items if i.name not in answered],
        responses=[],
        duplicates=0,
        errors=[],
        rows=len(table.rows),
    )
    seen: dict[str, int] = {}
    for number, row in enumerate(table.rows, start=2):
        key = row[id_column] if id_column is not None and row[id_column] else ""
        if not key or kind == ImportFormat.GOOGLE:
            key = key or hashlib.sha1("\x1f".join(row).encode(), usedforsecurity=False).hexdigest()
            seen[key] = seen.get(key, 0) + 1
            key = f"{key}#{seen[key]}"
        external_id = f"{kind}:{key}"[:100]
        if external_id in imported_ids:
            plan.duplicates += 1
            continue
        planned = PlannedResponse(
            row=number,
            external_id=external_id,
            submitted_on=_date(row[date_column]) if date_column is not None else None,
        )
        for match in matches:
            value = row[match.column]
            if not value:
                continue
            if match.item.kind == ItemKind.OPEN:
                planned.open[match.item.name] = value[:5000]
                continue
            point = _likert(match.item, value)
            if point is None:
                points = match.item.scale.points if match.item.scale else 0
                plan.errors.append(
                    RowError(
                        number,
                        match.header,
                        _("“%(value)s” is not a point of the scale 1 to %(points)d.")
                        % {"value": value[:40], "points": points},
                    )
                )
                continue
            planned.likert[match.item.name] = point
        if planned.likert or planned.open:
            plan.responses.append(planned)
    return plan
