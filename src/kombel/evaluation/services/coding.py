"""Writes of qualitative coding: the programme's codebook (the default mirrors the paper's
findings; a REFI-QDA .qdc can be imported), the texts taken for coding, and codings."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kombel.communities.models import Meeting, MinuteEntry
from kombel.core.audit import log_action
from kombel.evaluation import refi
from kombel.evaluation.defaults import CODEBOOK
from kombel.evaluation.enums import ItemKind, ResponseStatus, SourceType
from kombel.evaluation.models import (
    Code,
    Codebook,
    Coding,
    Document,
    Interview,
    Item,
    Response,
    Wave,
)
from kombel.programs.models import Programme

# The parts of a meeting's reflection, in the order of the kombel cycle.
REFLECTION_FIELDS = ("need", "practice_shared", "went_well", "lacking", "next_steps", "follow_up")


@transaction.atomic
def codebook_for(*, programme: Programme, actor: Any) -> Codebook:
    """The programme's codebook; the first time, the default one (the paper's six findings as
    themes, each with its codes)."""
    existing = Codebook.objects.filter(programme=programme).first()
    if existing is not None:
        return existing
    codebook = Codebook.objects.create(
        school=programme.school,
        programme=programme,
        name=_("Codebook: %(programme)s") % {"programme": programme.title},
    )
    for order, theme in enumerate(CODEBOOK, start=1):
        parent = Code.objects.create(
            school=programme.school,
            codebook=codebook,
            name=theme.name,
            description=theme.description,
            is_codable=False,
            color=theme.color,
            order=order,
        )
        Code.objects.bulk_create(
            Code(
                school=programme.school,
                codebook=codebook,
                parent=parent,
                name=name,
                description=description,
                color=theme.color,
                order=n,
            )
            for n, (name, description) in enumerate(theme.codes, start=1)
        )
    log_action("evaluation.codebook.created", actor=actor, obj=codebook)
    return codebook


@transaction.atomic
def code_add(
    *,
    codebook: Codebook,
    actor: Any,
    name: str,
    description: str = "",
    parent: Code | None = None,
    color: str = "",
) -> Code:
    if parent is not None and parent.codebook_id != codebook.pk:
        raise ValidationError({"parent": _("Choose a theme of this codebook.")})
    code = Code(
        school=codebook.school,
        codebook=codebook,
        parent=parent,
        name=name.strip(),
        description=description.strip(),
        is_codable=parent is not None,
        color=color or (parent.color if parent else ""),
        order=codebook.codes.filter(parent=parent).count() + 1,
    )
    code.full_clean(validate_unique=False, validate_constraints=False)
    if Code.objects.filter(codebook=codebook, parent=parent, name=code.name).exists():
        raise ValidationError({"name": _("The codebook already has this code here.")})
    code.save()
    log_action("evaluation.code.added", actor=actor, obj=code)
    return code


def _import_code(
    codebook: Codebook, parsed: refi.ParsedCode, parent: Code | None, order: int
) -> int:
    existing = Code.objects.filter(codebook=codebook, parent=parent, name=parsed.name[:200]).first()
    if existing is None:
        try:
            code_id = uuid.UUID(parsed.guid)
        except ValueError:
            code_id = uuid.uuid4()
        if Code.objects.model._default_manager.with_scopes_disabled().filter(pk=code_id).exists():
            code_id = uuid.uuid4()  # the GUID is taken (another codebook): a new one here
        existing = Code.objects.create(
            id=code_id,
            school=codebook.school,
            codebook=codebook,
            parent=parent,
            name=parsed.name[:200],
            description=parsed.description,
            is_codable=parsed.is_codable or parent is not None,
            color=parsed.color if parsed.color.startswith("#") and len(parsed.color) == 7 else "",
            order=order,
        )
        added = 1
    else:
        added = 0
    for n, child in enumerate(parsed.children, start=1):
        added += _import_code(codebook, child, existing, n)
    return added


@transaction.atomic
def codebook_import_qdc(*, codebook: Codebook, actor: Any, data: bytes, file_name: str = "") -> int:
    """Add the codes of a REFI-QDA codebook (.qdc) that this codebook lacks, keeping their GUIDs.
    A file that is not a valid codebook adds nothing."""
    parsed = refi.parse_qdc(data)
    offset = codebook.codes.filter(parent=None).count()
    added = sum(
        _import_code(codebook, code, None, offset + n) for n, code in enumerate(parsed, start=1)
    )
    log_action(
        "evaluation.codebook.imported",
        actor=actor,
        obj=codebook,
        data={"file": file_name[:200], "added": added},
    )
    return added


def _labelled(parts: Iterable[tuple[str, str]]) -> str:
    return "\n\n".join(f"{label}: {text.strip()}" for label, text in parts if text and text.strip())


def source_text(
    programme: Programme, source_type: str, source_id: Any, key: str = ""
) -> tuple[str, str, Any]:
    """(title, text, month) of a source of the programme; ValidationError when it has none."""

    if source_type == SourceType.INTERVIEW:
        interview = Interview.objects.filter(programme=programme, pk=source_id).first()
        if interview is None or not interview.transcript:
            raise ValidationError(_("This interview has no transcript to code."))
        return str(interview), interview.transcript, interview.month
    if source_type in (SourceType.REFLECTION, SourceType.MEETING_NOTES):
        meeting = (
            Meeting.objects.filter(community__programme=programme, pk=source_id)
            .select_related("community")
            .first()
        )
        if meeting is None:
            raise ValidationError(_("This meeting is not part of the programme."))
        if source_type == SourceType.REFLECTION:
            labels = {
                f: str(getattr(Meeting._meta.get_field(f), "verbose_name", f)).capitalize()
                for f in REFLECTION_FIELDS
            }
            text = _labelled((labels[f], getattr(meeting, f)) for f in REFLECTION_FIELDS)
            title = _("Reflection: %(meeting)s") % {"meeting": meeting}
        else:
            entries = MinuteEntry.objects.filter(meeting=meeting).values_list("text", flat=True)
            text = "\n\n".join(t.strip() for t in [meeting.notes, *entries] if t and t.strip())
            title = _("Notes: %(meeting)s") % {"meeting": meeting}
        if not text:
            raise ValidationError(_("This meeting has no text to code yet."))
        return title, text, meeting.date.replace(day=1)
    if source_type == SourceType.OPEN_ANSWERS:
        wave = Wave.objects.filter(programme=programme, pk=source_id).first()
        item = (
            Item.objects.filter(
                questionnaire_id=wave.questionnaire_id, name=key, kind=ItemKind.OPEN
            ).first()
            if wave is not None
            else None
        )
        if wave is None or item is None:
            raise ValidationError(_("This question has no answers to code."))
        # Each answer a paragraph, in no particular order (ids are random): no respondent order.
        answers = [
            text
            for text in Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
            .order_by("pk")
            .values_list(f"open__{key}", flat=True)
            if text and str(text).strip()
        ]
        if not answers:
            raise ValidationError(_("This question has no answers to code."))
        month = wave.month or wave.opens_on.replace(day=1)
        return (
            f"{item.text[:120]} · {wave.title}",
            "\n\n".join(str(a).strip() for a in answers),
            month,
        )
    raise ValidationError(_("Unknown kind of source."))


@transaction.atomic
def document_open(
    *, programme: Programme, actor: Any, source_type: str, source_id: Any, key: str = ""
) -> Document:
    """The text as it is now, kept for coding (once: later calls return the same copy)."""
    existing = Document.objects.filter(
        programme=programme, source_type=source_type, source_id=source_id, source_key=key
    ).first()
    if existing is not None:
        return existing
    title, text, month = source_text(programme, source_type, source_id, key)
    document = Document(
        school=programme.school,
        programme=programme,
        source_type=source_type,
        source_id=source_id,
        source_key=key,
        title=title[:300],
        text=text,
        month=month,
    )
    document.full_clean()
    document.save()
    log_action("evaluation.document.created", actor=actor, obj=document)
    return document


def locate(text: str, passage: str, start: int | None, end: int | None) -> tuple[int, int]:
    """The passage's offsets: the ones given when they select it, else its only occurrence."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        selected = text[start:end]
        if not passage or selected == passage:
            return start, end
    passage = passage.strip()
    if not passage:
        raise ValidationError({"passage": _("Select a passage of the text.")})
    count = text.count(passage)
    if count == 0:
        raise ValidationError({"passage": _("This passage is not in the text.")})
    if count > 1:
        raise ValidationError(
            {
                "passage": _("This passage occurs %(count)d times; select a longer one.")
                % {"count": count}
            }
        )
    begin = text.index(passage)
    return begin, begin + len(passage)


@transaction.atomic
def coding_add(
    *,
    document: Document,
    actor: Any,
    codes: Iterable[Code],
    start: int,
    end: int,
) -> list[Coding]:
    """Tag the passage [start, end) with one or more codes, as this coder (again: no change)."""
    codes = list(codes)
    if not codes:
        raise ValidationError({"codes": _("Choose at least one code.")})
    if not 0 <= start < end <= len(document.text):
        raise ValidationError({"passage": _("Select a passage of the text.")})
    codebook = Codebook.objects.filter(programme_id=document.programme_id).first()
    if any(c.codebook_id != getattr(codebook, "pk", None) or not c.is_codable for c in codes):
        raise ValidationError({"codes": _("Choose codes of this programme's codebook.")})
    made = []
    for code in codes:
        coding, _created = Coding.objects.get_or_create(
            document=document,
            code=code,
            coder=actor,
            start=start,
            end=end,
            defaults={"school": document.school},
        )
        made.append(coding)
    log_action(
        "evaluation.coding.added",
        actor=actor,
        obj=document,
        data={"codes": [str(c.pk) for c in codes], "start": start, "end": end},
    )
    return made


@transaction.atomic
def coding_delete(*, coding: Coding, actor: Any) -> None:
    if coding.coder_id != actor.pk:
        raise ValidationError(_("Only the coder who applied a code removes it."))
    log_action(
        "evaluation.coding.removed",
        actor=actor,
        obj=coding.document,
        data={"code": str(coding.code_id), "start": coding.start, "end": coding.end},
    )
    coding.delete()
