"""Instruments: the shipped ones installed as data, a school's own built item by item, and
versions (a version in use never changes; editing it starts a draft copy)."""

import re
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kombel.core.audit import log_action
from kombel.observations import defaults
from kombel.observations.enums import ItemKind, VersionStatus
from kombel.observations.models import Instrument, InstrumentVersion, Item, Section
from kombel.schools.models import School

_Row = TypeVar("_Row", Item, Section)


def levels_parse(text: str) -> list[dict[str, Any]]:
    """A scale typed one level per line: "1 | Belum dilakukan | what it looks like"."""
    levels: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if not re.fullmatch(r"-?\d+", parts[0]) or len(parts) < 2 or not parts[1]:
            raise ValidationError(
                {
                    "levels": _(
                        "Line %(line)s: write a whole number, a bar and the level's name, "
                        "e.g. “1 | Belum dilakukan | descriptor”."
                    )
                    % {"line": number}
                }
            )
        levels.append(
            {
                "value": int(parts[0]),
                "label": parts[1],
                "label_en": "",
                "descriptor": parts[2] if len(parts) > 2 else "",
                "descriptor_en": "",
            }
        )
    return levels


def _check_levels(kind: str, levels: list[dict[str, Any]]) -> None:
    if kind != ItemKind.SCALE:
        return
    values = [int(level["value"]) for level in levels]
    if len(values) < 2:
        raise ValidationError({"levels": _("A scale needs at least two levels.")})
    if values != sorted(set(values)):
        raise ValidationError({"levels": _("Give the levels in rising order, each value once.")})


def _add_items(version: InstrumentVersion, sections: list[dict[str, Any]]) -> None:
    school = version.school
    for s_order, spec in enumerate(sections):
        section = Section.objects.create(
            school=school,
            version=version,
            order=s_order,
            title=spec["title"],
            title_en=spec.get("title_en", ""),
        )
        for i_order, item in enumerate(spec["items"]):
            levels = item.get("levels", []) if item["kind"] == ItemKind.SCALE else []
            _check_levels(item["kind"], levels)
            Item.objects.create(
                school=school,
                version=version,
                section=section,
                order=i_order,
                code=item["code"],
                kind=item["kind"],
                text=item["text"],
                text_en=item.get("text_en", ""),
                competency=item.get("competency", ""),
                levels=levels,
                evidence=item.get("evidence", item["kind"] != ItemKind.TEXT),
            )


def version_spec(version: InstrumentVersion) -> list[dict[str, Any]]:
    """A version's sections and items as data (the shape of `defaults`)."""
    items_by_section: dict[Any, list[dict[str, Any]]] = {}
    for item in version.items.all().order_by("order"):
        items_by_section.setdefault(item.section_id, []).append(
            {
                "code": item.code,
                "kind": item.kind,
                "text": item.text,
                "text_en": item.text_en,
                "competency": item.competency,
                "levels": item.levels,
                "evidence": item.evidence,
            }
        )
    return [
        {"title": s.title, "title_en": s.title_en, "items": items_by_section.get(s.pk, [])}
        for s in version.sections.all().order_by("order")
    ]


@transaction.atomic
def instrument_from_spec(
    *, school: School, actor: Any, spec: dict[str, Any], shipped: bool = False
) -> Instrument:
    """An instrument with its first version, in use at once (the shipped instruments, imports)."""
    instrument = Instrument(
        school=school,
        code=spec["code"],
        name=spec["name"],
        name_en=spec.get("name_en", ""),
        description=spec.get("description", ""),
        kind=spec.get("kind", "other"),
        shipped=shipped,
        created_by=actor,
    )
    instrument.full_clean()
    instrument.save()
    version = InstrumentVersion.objects.create(
        school=school,
        instrument=instrument,
        number=1,
        status=VersionStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    _add_items(version, spec["sections"])
    log_action("observations.instrument.created", actor=actor, school=school, obj=instrument)
    return instrument


def instruments_install_shipped(*, school: School, actor: Any) -> list[Instrument]:
    """The three shipped instruments, each once per school (a second call adds nothing)."""
    added = []
    for spec in defaults.SHIPPED:
        if Instrument.objects.filter(school=school, code=spec["code"]).exists():
            continue
        try:
            added.append(instrument_from_spec(school=school, actor=actor, spec=spec, shipped=True))
        except IntegrityError:  # installed at the same moment by someone else
            continue
    return added


def _free_code(school: School, name: str) -> str:
    base = slugify(name)[:30] or "instrumen"
    code, n = base, 1
    while Instrument.objects.filter(school=school, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def instrument_create(
    *,
    school: School,
    actor: Any,
    name: str,
    name_en: str = "",
    description: str = "",
    kind: str = "other",
) -> Instrument:
    """A school's own instrument, starting as an empty draft version 1."""
    instrument = Instrument(
        school=school,
        code=_free_code(school, name),
        name=name.strip(),
        name_en=name_en.strip(),
        description=description.strip(),
        kind=kind,
        created_by=actor,
    )
    instrument.full_clean()
    instrument.save()
    InstrumentVersion.objects.create(school=school, instrument=instrument, number=1)
    log_action("observations.instrument.created", actor=actor, school=school, obj=instrument)
    return instrument


def current_version(instrument: Instrument) -> InstrumentVersion | None:
    """The newest version in use."""
    return instrument.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


def draft_version(*, instrument: Instrument, actor: Any) -> InstrumentVersion:
    """The draft being built: the existing one, or a copy of the version in use."""
    Instrument.objects.select_for_update().filter(pk=instrument.pk).first()  # one draft at once
    draft = instrument.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    base = current_version(instrument)
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = InstrumentVersion.objects.create(
        school=instrument.school, instrument=instrument, number=number
    )
    if base is not None:
        _add_items(draft, version_spec(base))
    return draft


@transaction.atomic
def section_add(*, instrument: Instrument, actor: Any, title: str, title_en: str = "") -> Section:
    draft = draft_version(instrument=instrument, actor=actor)
    order = (draft.sections.aggregate(n=Max("order"))["n"] or 0) + 1
    section = Section(
        school=instrument.school,
        version=draft,
        order=order,
        title=_check_title(draft, title),
        title_en=title_en.strip(),
    )
    section.full_clean()
    section.save()
    log_action("observations.section.added", actor=actor, school=instrument.school, obj=section)
    return section


@transaction.atomic
def item_add(
    *,
    instrument: Instrument,
    actor: Any,
    section_title: str,
    kind: str,
    text: str,
    text_en: str = "",
    competency: str = "",
    levels: list[dict[str, Any]] | None = None,
    evidence: bool = True,
) -> Item:
    """An item in the draft's section of that title (the draft copies the version in use, so
    sections are named, not addressed by id)."""
    draft = draft_version(instrument=instrument, actor=actor)
    section = draft.sections.filter(title=section_title).first()
    if section is None:
        raise ValidationError({"section": _("Choose a section of this instrument.")})
    levels = (levels or []) if kind == ItemKind.SCALE else []
    _check_levels(kind, levels)
    order = (section.items.aggregate(n=Max("order"))["n"] or 0) + 1
    code = slugify(text)[:30].replace("-", "_") or "butir"
    base, n = code, 1
    while draft.items.filter(code=code).exists():
        n += 1
        code = f"{base}_{n}"
    item = Item(
        school=instrument.school,
        version=draft,
        section=section,
        order=order,
        code=code,
        kind=kind,
        text=text.strip(),
        text_en=text_en.strip(),
        competency=competency,
        levels=levels,
        evidence=evidence and kind != ItemKind.TEXT,
    )
    item.full_clean()
    item.save()
    log_action("observations.item.added", actor=actor, school=instrument.school, obj=item)
    return item


@transaction.atomic
def version_publish(*, instrument: Instrument, actor: Any) -> InstrumentVersion:
    """Put the draft in use; observations planned from now on take it, earlier ones keep
    theirs."""
    draft = (
        InstrumentVersion.objects.select_for_update()
        .filter(instrument=instrument, status=VersionStatus.DRAFT)
        .first()
    )
    if draft is None:
        raise ValidationError(_("There is no draft to put in use."))
    if not draft.items.exists():
        raise ValidationError(_("Add at least one item before putting the instrument in use."))
    draft.status, draft.published_at = VersionStatus.PUBLISHED, timezone.now()
    draft.save(update_fields=["status", "published_at", "updated_at"])
    log_action(
        "observations.instrument.published",
        actor=actor,
        school=instrument.school,
        obj=instrument,
        data={"version": draft.number},
    )
    return draft


# --- editing the draft -------------------------------------------------------------------------
# Only a draft changes: the version in use and every version an observation used stay as they
# were. Each change locks the instrument (like `draft_version`) and then the draft's row (like
# `version_publish`), so an edit and "put in use" never cross.


def _locked_draft(instrument: Instrument, version_id: Any) -> InstrumentVersion:
    """The draft holding what is being changed, locked; refused if that version is in use."""
    Instrument.objects.select_for_update().filter(pk=instrument.pk).first()
    version = InstrumentVersion.objects.select_for_update().get(
        pk=version_id, instrument=instrument
    )
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _(
                "Version %(n)s is in use and never changes (observations keep the version they "
                "used). Start a new version to change it."
            )
            % {"n": version.number},
            code="published",
        )
    return version


def _fresh(instrument: Instrument, row: _Row, gone: str) -> tuple[InstrumentVersion, _Row]:
    """The draft holding `row` (an item or a section), locked, and `row` read again in it;
    `gone` when someone removed it meanwhile."""
    draft = _locked_draft(instrument, row.version_id)
    fresh = type(row).objects.filter(pk=row.pk, version=draft).first()
    if fresh is None:
        raise ValidationError(gone)
    return draft, fresh


def _check_title(draft: InstrumentVersion, title: str, section: Section | None = None) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    same = draft.sections.filter(title=title)
    if section is not None:
        same = same.exclude(pk=section.pk)
    if same.exists():
        raise ValidationError({"title": _("This instrument already has a section of that title.")})
    return title


def _keep_english(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Levels typed anew keep the English of a level whose Indonesian did not change."""
    by_value = {int(level["value"]): level for level in old}
    for level in new:
        before = by_value.get(int(level["value"]))
        if before is None:
            continue
        if before.get("label") == level["label"]:
            level["label_en"] = before.get("label_en", "")
        if before.get("descriptor") == level["descriptor"]:
            level["descriptor_en"] = before.get("descriptor_en", "")
    return new


def levels_format(levels: list[dict[str, Any]]) -> str:
    """Levels as typed in the builder (the inverse of `levels_parse`)."""
    lines = []
    for level in levels:
        line = f"{level['value']} | {level['label']}"
        if level.get("descriptor"):
            line += f" | {level['descriptor']}"
        lines.append(line)
    return "\n".join(lines)


def _renumber(rows: list[Any]) -> None:
    """Orders 0, 1, 2... in the list's order, written in one statement for the rows that moved."""
    now = timezone.now()
    moved = []
    for order, row in enumerate(rows):
        if row.order != order:
            row.order, row.updated_at = order, now
            moved.append(row)
    if moved:
        type(moved[0]).objects.bulk_update(moved, ["order", "updated_at"])


def _moved(rows: list[Any], pk: Any, direction: str) -> list[Any]:
    """`rows` (in order) with the one of `pk` swapped with its neighbour up or down."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move up or down."))
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    return rows


@transaction.atomic
def version_draft(*, instrument: Instrument, actor: Any) -> InstrumentVersion:
    """Start changing an instrument: the draft (a copy of the version in use), made if there is
    none yet."""
    had = instrument.versions.filter(status=VersionStatus.DRAFT).exists()
    draft = draft_version(instrument=instrument, actor=actor)
    if not had:
        log_action(
            "observations.instrument.drafted",
            actor=actor,
            school=instrument.school,
            obj=instrument,
            data={"version": draft.number},
        )
    return draft


@transaction.atomic
def item_update(
    *,
    instrument: Instrument,
    item: Item,
    actor: Any,
    text: str,
    text_en: str = "",
    competency: str = "",
    levels: list[dict[str, Any]] | None = None,
    evidence: bool = True,
) -> Item:
    """Change a draft's item: its wording, competency, levels (scales) and whether it asks for
    evidence. Its kind and code stay (the code ties the item across versions)."""
    item = _fresh(instrument, item, _("This item is no longer in the draft."))[1]
    if item.kind == ItemKind.SCALE:
        new_levels = _keep_english(item.levels, levels or [])
        _check_levels(item.kind, new_levels)
        item.levels = new_levels
    item.text = text.strip()
    item.text_en = text_en.strip()
    item.competency = competency
    item.evidence = evidence and item.kind != ItemKind.TEXT
    item.full_clean()
    item.save()
    log_action("observations.item.updated", actor=actor, school=instrument.school, obj=item)
    return item


@transaction.atomic
def item_remove(*, instrument: Instrument, item: Item, actor: Any) -> None:
    item = _fresh(instrument, item, _("This item is no longer in the draft."))[1]
    section = item.section
    log_action(
        "observations.item.removed",
        actor=actor,
        school=instrument.school,
        obj=item,
        data={"code": item.code, "text": item.text[:200]},
    )
    item.delete()
    _renumber(list(section.items.order_by("order", "created_at")))


@transaction.atomic
def item_move(*, instrument: Instrument, item: Item, actor: Any, direction: str) -> Item:
    """Move a draft's item one place up or down within its section (the first stays first)."""
    item = _fresh(instrument, item, _("This item is no longer in the draft."))[1]
    siblings = list(item.section.items.order_by("order", "created_at"))
    _renumber(_moved(siblings, item.pk, direction))
    log_action(
        "observations.item.moved",
        actor=actor,
        school=instrument.school,
        obj=item,
        data={"direction": direction},
    )
    return Item.objects.get(pk=item.pk)


@transaction.atomic
def section_update(
    *, instrument: Instrument, section: Section, actor: Any, title: str, title_en: str = ""
) -> Section:
    draft, section = _fresh(instrument, section, _("This section is no longer in the draft."))
    section.title = _check_title(draft, title, section)
    section.title_en = title_en.strip()
    section.full_clean()
    section.save()
    log_action("observations.section.updated", actor=actor, school=instrument.school, obj=section)
    return section


@transaction.atomic
def section_remove(*, instrument: Instrument, section: Section, actor: Any) -> int:
    """Remove a draft's section together with its items; returns how many items went."""
    draft, section = _fresh(instrument, section, _("This section is no longer in the draft."))
    items = section.items.count()
    log_action(
        "observations.section.removed",
        actor=actor,
        school=instrument.school,
        obj=section,
        data={"title": section.title, "items": items},
    )
    section.items.all().delete()
    section.delete()
    _renumber(list(draft.sections.order_by("order", "created_at")))
    return items


@transaction.atomic
def section_move(
    *, instrument: Instrument, section: Section, actor: Any, direction: str
) -> Section:
    draft, section = _fresh(instrument, section, _("This section is no longer in the draft."))
    siblings = list(draft.sections.order_by("order", "created_at"))
    _renumber(_moved(siblings, section.pk, direction))
    log_action(
        "observations.section.moved",
        actor=actor,
        school=instrument.school,
        obj=section,
        data={"direction": direction},
    )
    return Section.objects.get(pk=section.pk)
