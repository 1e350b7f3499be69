"""Roster import: a school's people from an XLSX or CSV file, all or nothing.

One row per person: username, full_name, roles, phone, email, nuptk, nip, subjects, grades.
Several values in one cell (roles, subjects, grades) are separated by commas. Roles, subjects
and grades are accepted as ids or as their names in either language ("guru", "Teacher",
"teacher"; "matematika"; "VII" or "7").

- Every row is checked and written inside one transaction; when any row fails, the whole import
  is rolled back and the row-by-row errors are returned: nothing is half-written.
- Re-uploading the same file changes nothing: people already in this school (same username) are
  updated in place and keep their password; roles they already hold are skipped. The import
  never removes anyone: removing is done person by person.
- A username that belongs to someone outside this school is refused (an operator must not take
  over another school's account); so are changes to the name or contact details of a person
  who also belongs elsewhere, and roles the importer may not give (schools.services).
- New people get a one-time login code (valid a week), listed once after the import with a
  ready WhatsApp message: they log in with it and choose their password. A changed number gets
  a code to confirm it, listed the same way; a changed e-mail address a link.
"""

from collections.abc import Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kombel.accounts.models import User, normalize_phone
from kombel.accounts.services import ContactChange
from kombel.core.audit import log_action
from kombel.core.uploads import MAX_UPLOAD_BYTES
from kombel.core.workbooks import cell_text, csv_rows, sheet_rows
from kombel.core.xlsx import append_row, new_sheet, workbook_bytes
from kombel.schools import services
from kombel.schools.enums import SCHOOL_ROLES, Grade, Role
from kombel.schools.models import Membership, School, Subject, TeacherProfile

COLUMNS = ["username", "full_name", "roles", "phone", "email", "nuptk", "nip", "subjects", "grades"]
REQUIRED = ["username", "full_name", "roles"]
COLUMN_HELP = {
    "username": gettext_lazy("Login name: letters, digits and . @ + - _ (e.g. budi.santoso)."),
    "full_name": gettext_lazy("Full name with titles, e.g. Budi Santoso, S.Pd."),
    "roles": gettext_lazy("One or more of: %(roles)s, separated by commas."),
    "phone": gettext_lazy("WhatsApp number, e.g. 081234567890 (optional)."),
    "email": gettext_lazy("E-mail address (optional)."),
    "nuptk": gettext_lazy("NUPTK, 16 digits (optional; teachers)."),
    "nip": gettext_lazy("NIP, 18 digits (optional; civil servants)."),
    "subjects": gettext_lazy("Subjects taught, by name or code, separated by commas."),
    "grades": gettext_lazy("Grades taught: VII, VIII, IX, separated by commas."),
}
_ALIASES = {
    "nama": "full_name",
    "nama lengkap": "full_name",
    "full name": "full_name",
    "name": "full_name",
    "role": "roles",
    "peran": "roles",
    "no hp": "phone",
    "no. hp": "phone",
    "whatsapp": "phone",
    "telepon": "phone",
    "e-mail": "email",
    "surel": "email",
    "mapel": "subjects",
    "mata pelajaran": "subjects",
    "kelas": "grades",
    "tingkat": "grades",
}
_ROLE_WORDS = {
    "guru": Role.TEACHER,
    "fasilitator": Role.FACILITATOR,
    "fasilitator internal": Role.FACILITATOR,
    "kepala sekolah": Role.PRINCIPAL,
    "kepsek": Role.PRINCIPAL,
    "pengawas": Role.SUPERVISOR,
    "pendamping": Role.MENTOR,
    "orang tua": Role.PARENT,
    "wali murid": Role.PARENT,
    "tokoh masyarakat": Role.COMMUNITY_LEADER,
    "operator": Role.OPERATOR,
}
MAX_ROWS = 1000


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RosterResult:
    created: list[tuple[User, str]] = field(default_factory=list)  # (user, login code)
    updated: list[User] = field(default_factory=list)
    # (user, the change) for each new number waiting for its code to be sent by WhatsApp
    new_numbers: list[tuple[User, ContactChange]] = field(default_factory=list)
    unchanged: list[User] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RosterFileError(ValueError):
    """The file itself cannot be read (wrong type, missing columns)."""


def _header_key(value: Any) -> str:
    text = str(value or "").strip().lower().replace("_", " ")
    text = " ".join(text.split())
    if text.replace(" ", "_") in COLUMNS:
        return text.replace(" ", "_")
    return _ALIASES.get(text, text)


def read_rows(upload: IO[bytes], filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty row of an XLSX or CSV file.

    Reading stops at the first row past MAX_ROWS: a file of a million rows costs no more than
    one of MAX_ROWS + 1.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _file_rows(upload, "xlsx")
    elif name.endswith(".csv"):
        raw = _file_rows(upload, "csv")
    else:
        raise RosterFileError(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."))
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise RosterFileError(
            _("The file is too large (%(size)s MB); the limit is 10 MB.")
            % {"size": f"{size / 1024 / 1024:.1f}"}
        )
    with closing(raw):
        header = [_header_key(cell) for cell in next(raw, [])]
        if not header:
            raise RosterFileError(_("The file is empty."))
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise RosterFileError(
                _("The file lacks the columns: %(columns)s. Start from the template.")
                % {"columns": ", ".join(missing)}
            )
        rows: list[tuple[int, dict[str, str]]] = []
        for number, cells in enumerate(raw, start=2):
            pairs = zip(header, cells, strict=False)
            values = {key: cell_text(cell) for key, cell in pairs if key in COLUMNS}
            if not any(values.values()):
                continue
            if len(rows) == MAX_ROWS:
                raise RosterFileError(
                    _("A file may hold at most %(max)s people; split it.") % {"max": MAX_ROWS}
                )
            rows.append((number, values))
    return rows


def _file_rows(upload: IO[bytes], kind: str) -> Generator[Sequence[Any], None, None]:
    """The file's rows, read only when the first is asked for (after the size check)."""
    data = upload.read()
    try:
        if kind == "csv":
            yield from csv_rows(data, not_text="", encodings=("utf-8-sig", "latin-1"))
        else:
            yield from sheet_rows(data, _("This file cannot be read as an Excel (.xlsx) file."))
    except ValidationError as exc:
        raise RosterFileError(exc.messages[0]) from exc


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _parse_roles(text: str) -> list[str]:
    by_word: dict[str, Role] = dict(_ROLE_WORDS)
    for role in SCHOOL_ROLES:
        by_word[role.value] = role
        by_word[str(role.label).lower()] = role
    roles: list[str] = []
    for word in _split(text):
        found = by_word.get(word.lower())
        if found is None:
            raise ValidationError({"roles": _("Unknown role: %(role)s.") % {"role": word}})
        roles.append(found.value)
    return roles


def _parse_grades(text: str) -> list[int]:
    by_word = {label.lower(): value for value, label in Grade.choices}
    grades: list[int] = []
    for word in _split(text):
        value = by_word.get(word.lower()) or (int(word) if word.isdigit() else None)
        if value not in Grade.values:
            raise ValidationError({"grades": _("Grades must be VII, VIII or IX.")})
        grades.append(int(value))
    return grades


def _parse_subjects(text: str, subjects: dict[str, Subject]) -> list[Subject]:
    found: list[Subject] = []
    for word in _split(text):
        subject = subjects.get(word.lower())
        if subject is None:
            raise ValidationError(
                {"subjects": _("Unknown subject: %(subject)s.") % {"subject": word}}
            )
        found.append(subject)
    return found


def _errors_of(row: int, exc: ValidationError) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [
            RowError(row=row, column=column if column in COLUMNS else "", message=message)
            for column, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row=row, column="", message=message) for message in exc.messages]


def roster_import(
    *, actor: Any, school: School, rows: Iterable[tuple[int, dict[str, str]]]
) -> RosterResult:
    """Create or update the school's people from `rows` (see `read_rows`), all or nothing."""
    rows = list(rows)
    result = RosterResult()
    subjects: dict[str, Subject] = {}
    for subject in Subject.objects.all():
        subjects[subject.code.lower()] = subject
        subjects[subject.name.lower()] = subject
    # Usernames are unique regardless of case (see person_create): "Budi.Santoso" in the file is
    # the existing "budi.santoso".
    usernames = {values.get("username", "").strip().lower() for _number, values in rows}
    existing = {
        user.username.lower(): user
        for user in User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=usernames)
        .select_related("teacher_profile")
        .prefetch_related("teacher_profile__subjects")
    }
    members = set(
        Membership.objects.filter(school=school, user__in=existing.values()).values_list(
            "user_id", "role"
        )
    )
    member_ids = {user_id for user_id, _role in members}
    seen: dict[tuple[str, str], int] = {}
    drafts: list[tuple[int, services.PersonDraft]] = []
    updates: list[tuple[int, Any, dict[str, str], dict[str, Any]]] = []
    # First every row is read and every new person checked, reading only; the transaction
    # below writes them all at once and stays short.
    for number, values in rows:
        errors = _repeated(number, values, seen)
        if errors:
            result.errors.extend(errors)
            continue
        username = values.get("username", "").strip()
        user = existing.get(username.lower())
        try:
            parsed = _parse_row(values, subjects)
            if user is None:
                draft = services.person_draft(
                    actor=actor,
                    school=school,
                    username=username,
                    full_name=values.get("full_name", ""),
                    roles=parsed["roles"],
                    phone=values.get("phone", ""),
                    email=values.get("email", ""),
                    **parsed["teacher"],
                )
                drafts.append((number, draft))
            else:
                updates.append((number, user, values, parsed))
        except ValidationError as exc:
            result.errors.extend(_errors_of(number, exc))
    with transaction.atomic():
        for number, person, values, parsed in updates:
            try:
                with transaction.atomic():
                    _update_row(
                        actor=actor,
                        school=school,
                        user=person,
                        values=values,
                        parsed=parsed,
                        member_ids=member_ids,
                        members=members,
                        result=result,
                    )
            except ValidationError as exc:
                result.errors.extend(_errors_of(number, exc))
        if not result.errors and drafts:
            try:
                created = services.people_save(
                    actor=actor, school=school, drafts=[d for _n, d in drafts], login_codes=True
                )
            except ValidationError as exc:
                result.errors.extend(_errors_of(drafts[0][0], exc))
            else:
                result.created = [(c.user, c.login_code) for c in created]
        if result.errors:
            transaction.set_rollback(True)
            return RosterResult(errors=sorted(result.errors, key=lambda e: e.row))
        log_action(
            "schools.roster.imported",
            actor=actor,
            school=school,
            data={
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
            },
        )
    return result


# Columns whose value names one person: the same value on two rows is a mistake in the file.
_ONE_PERSON_COLUMNS = ("username", "nuptk", "nip")


def _repeated(
    number: int, values: dict[str, str], seen: dict[tuple[str, str], int]
) -> list[RowError]:
    errors = []
    for column in _ONE_PERSON_COLUMNS:
        value = values.get(column, "").strip().lower()
        if not value:
            continue
        if (column, value) in seen:
            errors.append(
                RowError(
                    row=number,
                    column=column,
                    message=_("%(value)s is also on row %(other)s.")
                    % {"value": values[column].strip(), "other": seen[column, value]},
                )
            )
        else:
            seen[column, value] = number
    return errors


def _parse_row(values: dict[str, str], subjects: dict[str, Subject]) -> dict[str, Any]:
    """The row's roles, and its teacher details with subjects and grades parsed."""
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for key, parse in (
        ("roles", _parse_roles),
        ("grades", _parse_grades),
        ("subjects", lambda text: _parse_subjects(text, subjects)),
    ):
        try:
            parsed[key] = parse(values.get(key, ""))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "roles": parsed["roles"],
        "teacher": {
            "nuptk": values.get("nuptk", ""),
            "nip": values.get("nip", ""),
            "subjects": parsed["subjects"],
            "grades": parsed["grades"],
        },
    }


def _update_row(
    *,
    actor: Any,
    school: School,
    user: User,
    values: dict[str, str],
    parsed: dict[str, Any],
    member_ids: set[Any],
    members: set[tuple[Any, str]],
    result: RosterResult,
) -> None:
    teacher = parsed["teacher"]
    has_teacher_details = any(teacher.values())
    if user.pk not in member_ids:
        raise ValidationError(
            {"username": _("This username belongs to someone outside this school.")}
        )
    if not parsed["roles"]:
        raise ValidationError({"roles": _("Choose at least one role.")})
    changed = False
    # Details waiting for their owner's confirmation count as the person's: a re-upload of the
    # same file asks for nothing again.
    before = (user.full_name, user.pending_phone or user.phone, user.pending_email or user.email)
    contact = {
        "full_name": values.get("full_name", ""),
        "phone": values.get("phone", ""),
        "email": values.get("email", ""),
    }
    # An unchanged row skips the service and its membership re-check: checked above already.
    if before != (
        contact["full_name"].strip(),
        normalize_phone(contact["phone"]),
        contact["email"].strip(),
    ):
        change = services.person_update(actor=actor, school=school, user=user, **contact)
        changed = True
        if change.phone_code:
            result.new_numbers.append((user, change))
    for role in parsed["roles"]:
        if (user.pk, role) not in members:
            services.membership_create(actor=actor, school=school, user=user, role=role)
            changed = True
    if has_teacher_details and _teacher_details_differ(user, teacher):
        services.teacher_details_update(actor=actor, school=school, user=user, **teacher)
        changed = True
    (result.updated if changed else result.unchanged).append(user)


def _teacher_details_differ(user: User, teacher: dict[str, Any]) -> bool:
    try:
        profile = user.teacher_profile
    except TeacherProfile.DoesNotExist:
        return True
    return (
        profile.nuptk != teacher["nuptk"].strip()
        or profile.nip != teacher["nip"].strip()
        or sorted(profile.grades) != sorted(set(teacher["grades"]))
        or {s.pk for s in profile.subjects.all()} != {s.pk for s in teacher["subjects"]}
    )


def template_xlsx() -> bytes:
    """The import template: the columns, one example row, and a sheet explaining each column."""
    workbook, sheet = new_sheet("roster", list(COLUMNS))
    append_row(
        sheet,
        [
            "budi.santoso",
            "Budi Santoso, S.Pd.",
            "guru",
            "081234567890",
            "budi@example.org",
            "1234567890123456",
            "",
            "Matematika",
            "VII, VIII",
        ],
    )
    for column, width in zip("ABCDEFGHI", (18, 28, 18, 16, 24, 20, 22, 22, 12), strict=True):
        sheet.column_dimensions[column].width = width
    help_sheet = workbook.create_sheet(_("Instructions"))
    append_row(help_sheet, [_("Column"), _("What to write")])
    roles = ", ".join(f"{role.value} ({role.label})" for role in SCHOOL_ROLES)
    for column in COLUMNS:
        text = str(COLUMN_HELP[column])
        if column == "roles":
            text = text % {"roles": roles}
        required = _("required") if column in REQUIRED else _("optional")
        append_row(help_sheet, [column, f"{text} [{required}]"])
    help_sheet.column_dimensions["A"].width = 14
    help_sheet.column_dimensions["B"].width = 90
    return workbook_bytes(workbook)
