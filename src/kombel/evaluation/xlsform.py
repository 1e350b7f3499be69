"""XLSForm, the spreadsheet format of ODK and KoboToolbox: a questionnaire out and in.

Out: a `survey` sheet (sections as groups; Likert items as `select_one <scale>` with appearance
`likert`; open questions as `text`), a `choices` sheet (numeric choice names 1..k), a `settings`
sheet, labels in `label::Indonesian (id)` and `label::English (en)`, and Kombel's own columns
`kombel_construct` and `kombel_reverse` (pyxform ignores columns it does not know) plus a
`kombel_constructs` sheet naming the constructs. An exported form converts with pyxform.

In: the same shape, from .xlsx or .xls (core.workbooks), checked row by row; every problem is
reported with its sheet and row, and nothing is created unless the whole form is understood
(services.questionnaires).

openpyxl and xlrd are imported inside the functions (core.workbooks, core.xlsx).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kombel.core.workbooks import Rows, read_sheets
from kombel.core.xlsx import append_row, workbook_bytes
from kombel.evaluation.models import Questionnaire
from kombel.evaluation.models.questionnaires import MAX_POINTS, MIN_POINTS

LABEL_ID = "label::Indonesian (id)"
LABEL_EN = "label::English (en)"
CONSTRUCT_COLUMN = "kombel_construct"
REVERSE_COLUMN = "kombel_reverse"
CONSTRUCTS_SHEET = "kombel_constructs"
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,49}$")
# Types that carry no answer Kombel keeps (metadata KoboToolbox and ODK add, notes): skipped.
SKIPPED_TYPES = {
    "note",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "simserial",
    "subscriberid",
    "audit",
    "calculate",
    "start-geopoint",
}
TRUE = {"yes", "true", "1", "true()", "ya", "y"}


# --- export ----------------------------------------------------------------------------------


def export_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an XLSForm workbook (bytes of an .xlsx)."""
    from openpyxl import Workbook

    items = list(
        questionnaire.items.select_related("section", "construct", "scale").order_by("order")
    )
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    append_row(
        survey,
        [
            "type",
            "name",
            LABEL_ID,
            LABEL_EN,
            "required",
            "appearance",
            CONSTRUCT_COLUMN,
            REVERSE_COLUMN,
        ],
    )
    section = None
    for item in items:
        if item.section_id != getattr(section, "pk", None):
            if section is not None:
                append_row(survey, ["end_group", section.name])
            section = item.section
            if section is not None:
                append_row(survey, ["begin_group", section.name, section.title, section.title_en])
        if item.is_likert and item.scale is not None:
            append_row(
                survey,
                [
                    f"select_one {item.scale.name}",
                    item.name,
                    item.text,
                    item.text_en,
                    "yes" if item.required else "no",
                    "likert",
                    item.construct.code if item.construct else "",
                    "yes" if item.reverse else "",
                ],
            )
        else:
            append_row(
                survey,
                [
                    "text",
                    item.name,
                    item.text,
                    item.text_en,
                    "yes" if item.required else "no",
                    "multiline",
                ],
            )
    if section is not None:
        append_row(survey, ["end_group", section.name])
    choices = workbook.create_sheet("choices")
    append_row(choices, ["list_name", "name", LABEL_ID, LABEL_EN])
    for scale in questionnaire.scales.all():
        for value, (label_id, label_en) in enumerate(scale.labels, start=1):
            append_row(choices, [scale.name, str(value), label_id, label_en])
    settings = workbook.create_sheet("settings")
    append_row(settings, ["form_title", "form_id", "version", "default_language"])
    append_row(
        settings,
        [questionnaire.title, questionnaire.form_id, str(questionnaire.version), "Indonesian (id)"],
    )
    constructs = workbook.create_sheet(CONSTRUCTS_SHEET)
    append_row(constructs, ["name", LABEL_ID, LABEL_EN])
    for construct in questionnaire.constructs.all():
        append_row(constructs, [construct.code, construct.name, construct.name_en])
    return workbook_bytes(workbook)


# --- import ----------------------------------------------------------------------------------


@dataclass
class ParsedItem:
    name: str
    kind: str  # "likert" | "open"
    text: str
    text_en: str
    required: bool
    section: str | None
    scale: str | None = None
    construct: str | None = None
    reverse: bool = False


@dataclass
class ParsedForm:
    title: str
    title_en: str
    form_id: str
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # name, title, title_en
    scales: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    constructs: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> names
    items: list[ParsedItem] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(sheet: Rows) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (lower-cased) and the non-empty rows as dicts, with their spreadsheet row number."""
    rows = iter(sheet)
    header = [_cell(h).lower() for h in next(rows, ())]
    found = []
    for number, row in enumerate(rows, start=2):
        values = {header[i]: _cell(v) for i, v in enumerate(row) if i < len(header) and header[i]}
        if any(values.values()):
            found.append((number, values))
    return header, found


def _label_columns(header: list[str], base: str = "label") -> tuple[str | None, str | None]:
    """The Indonesian and English label columns ("label::Indonesian (id)", "label" ...)."""
    indonesian = english = None
    for column in header:
        if column == base or column.startswith(base + "::"):
            language = column.split("::", 1)[1] if "::" in column else ""
            if "(en)" in language or language.startswith("english"):
                english = english or column
            elif not language or "(id)" in language or language.startswith("indonesia"):
                indonesian = indonesian or column
    if indonesian is None:  # a form in one other language: take its labels as they are
        indonesian = next(
            (c for c in header if c.startswith(base + "::") and c != english), english
        )
    return indonesian, english


def parse_xlsform(data: bytes) -> ParsedForm:
    """Read an XLSForm workbook (.xlsx, or .xls as older forms are); ValidationError listing
    every problem (sheet and row)."""
    workbook = read_sheets(
        data, _("This file is not an Excel workbook (.xlsx or .xls) holding an XLSForm.")
    )
    sheets = {name.lower(): rows for name, rows in workbook.items()}
    if "survey" not in sheets:
        raise ValidationError(_("The workbook has no “survey” sheet: it is not an XLSForm."))
    errors: list[str] = []
    settings = _settings(sheets.get("settings"))
    form = ParsedForm(
        title=settings.get("form_title", ""),
        title_en="",
        form_id=settings.get("form_id", ""),
    )
    choices = _choices(sheets.get("choices"), errors)
    form.constructs = _constructs(sheets.get(CONSTRUCTS_SHEET.lower()))
    header, rows = _rows(sheets["survey"])
    label, label_en = _label_columns(header)
    for column in ("type", "name"):
        if column not in header:
            errors.append(_("The survey sheet has no “%(column)s” column.") % {"column": column})
    if label is None:
        errors.append(_("The survey sheet has no label column."))
    if errors:
        raise ValidationError(errors)
    groups: list[str | None] = []
    names: set[str] = set()
    for number, row in rows:
        where = _("Survey, row %(row)d") % {"row": number}
        kind = " ".join(row.get("type", "").split())
        name = row.get("name", "")
        text = row.get(label or "", "")
        text_en = row.get(label_en or "", "") if label_en else ""
        base = kind.replace(" ", "_")
        if base in ("begin_group", "begin_repeat"):
            if base == "begin_repeat":
                errors.append(_("%(where)s: repeats are not supported.") % {"where": where})
                continue
            groups.append(name or None)
            if name and NAME_RE.match(name):
                form.sections.append((name, text or name, text_en))
            continue
        if base == "end_group":
            if groups:
                groups.pop()
            continue
        if base in SKIPPED_TYPES or not kind:
            continue
        if not NAME_RE.match(name):
            errors.append(
                _(
                    "%(where)s: the name “%(name)s” must start with a letter and hold only "
                    "letters, digits and underscores."
                )
                % {"where": where, "name": name}
            )
            continue
        if name in names:
            errors.append(
                _("%(where)s: the name “%(name)s” is used twice.") % {"where": where, "name": name}
            )
            continue
        names.add(name)
        if not text:
            errors.append(_("%(where)s: the question has no label.") % {"where": where})
            continue
        section = next((g for g in reversed(groups) if g), None)
        required = row.get("required", "").lower() in TRUE
        if kind.startswith("select_one "):
            list_name = kind.split(" ", 1)[1].strip()
            if list_name not in choices:
                errors.append(
                    _("%(where)s: the choice list “%(list)s” is not on the choices sheet.")
                    % {"where": where, "list": list_name}
                )
                continue
            form.scales[list_name] = choices[list_name]
            construct = row.get(CONSTRUCT_COLUMN, "") or None
            if construct is not None and not NAME_RE.match(construct):
                errors.append(
                    _("%(where)s: the construct “%(name)s” is not a valid name.")
                    % {"where": where, "name": construct}
                )
                continue
            form.items.append(
                ParsedItem(
                    name=name,
                    kind="likert",
                    text=text,
                    text_en=text_en,
                    required=required,
                    section=section,
                    scale=list_name,
                    construct=construct,
                    reverse=row.get(REVERSE_COLUMN, "").lower() in TRUE,
                )
            )
        elif kind == "text":
            form.items.append(ParsedItem(name, "open", text, text_en, required, section))
        else:
            errors.append(
                _(
                    "%(where)s: the type “%(type)s” is not supported. A Kombel questionnaire holds "
                    "Likert questions (select_one with numbered choices) and open questions (text)."
                )
                % {"where": where, "type": kind}
            )
    if not form.items and not errors:
        errors.append(_("The form has no questions."))
    if errors:
        raise ValidationError(errors)
    for item in form.items:
        if item.construct and item.construct not in form.constructs:
            form.constructs[item.construct] = (item.construct, "")
    return form


def _settings(sheet: Rows | None) -> dict[str, str]:
    if sheet is None:
        return {}
    _header, rows = _rows(sheet)
    return rows[0][1] if rows else {}


def _choices(sheet: Rows | None, errors: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Choice lists whose names are 1..k (k from 2 to 7): the Likert scales."""
    if sheet is None:
        return {}
    header, rows = _rows(sheet)
    label, label_en = _label_columns(header)
    lists: dict[str, list[tuple[int, int, str, str]]] = {}
    for number, row in rows:
        list_name = row.get("list_name") or row.get("list name") or ""
        if not list_name:
            continue
        value = row.get("name", "")
        if not value.isdigit():
            errors.append(
                _(
                    "Choices, row %(row)d: the choice “%(name)s” of “%(list)s” is not a number; "
                    "Likert choices are named 1, 2, 3…"
                )
                % {"row": number, "name": value, "list": list_name}
            )
            continue
        lists.setdefault(list_name, []).append(
            (number, int(value), row.get(label or "", ""), row.get(label_en or "", ""))
        )
    scales = {}
    for list_name, entries in lists.items():
        values = sorted(v for _n, v, _l, _e in entries)
        if values != list(range(1, len(values) + 1)) or not (
            MIN_POINTS <= len(values) <= MAX_POINTS
        ):
            errors.append(
                _(
                    "Choices: the list “%(list)s” must number its choices 1 to k, with k from "
                    "%(min)d to %(max)d."
                )
                % {"list": list_name, "min": MIN_POINTS, "max": MAX_POINTS}
            )
            continue
        ordered = sorted(entries, key=lambda e: e[1])
        scales[list_name] = [(lab or str(v), en) for _n, v, lab, en in ordered]
    return scales


def _constructs(sheet: Rows | None) -> dict[str, tuple[str, str]]:
    if sheet is None:
        return {}
    header, rows = _rows(sheet)
    label, label_en = _label_columns(header)
    found = {}
    for _number, row in rows:
        code = row.get("name", "")
        if NAME_RE.match(code):
            found[code] = (row.get(label or "", "") or code, row.get(label_en or "", ""))
    return found
