"""Writes of questionnaires: the defaults, the builder, and XLSForm import.

Once a wave of a questionnaire has answers, its structure is locked (answers are keyed by item
name and scored on the item's scale): texts may still be corrected, nothing else.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kombel.core.audit import log_action
from kombel.core.versioning import check_version
from kombel.evaluation.defaults import QuestionnaireSpec
from kombel.evaluation.enums import ItemKind, ResponseStatus
from kombel.evaluation.models import (
    Construct,
    Item,
    Questionnaire,
    Response,
    Scale,
    Section,
)
from kombel.evaluation.models.questionnaires import MAX_POINTS, MIN_POINTS
from kombel.evaluation.models.waves import encode_likert
from kombel.evaluation.xlsform import ParsedForm, parse_xlsform
from kombel.schools.models import School


def is_locked(questionnaire: Questionnaire) -> bool:
    """Whether a wave of the questionnaire has answers (its structure can no longer change)."""
    return Response.objects.filter(
        wave__questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
    ).exists()


def _refuse_if_locked(questionnaire: Questionnaire) -> None:
    if is_locked(questionnaire):
        raise ValidationError(
            _(
                "This questionnaire has answers already: its questions can no longer be added, "
                "removed or rescored. Copy it into a new questionnaire instead."
            ),
            code="locked",
        )


def _same_questionnaire(questionnaire: Questionnaire, field: str, obj: Any) -> None:
    if obj is not None and obj.questionnaire_id != questionnaire.pk:
        raise ValidationError({field: _("Choose one of this questionnaire's own.")})


def _bump(questionnaire: Questionnaire, version: int | None) -> Questionnaire:
    current = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    check_version(current, version)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    return current


def _next_order(questionnaire: Questionnaire) -> int:
    last = questionnaire.items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def _next_slot(questionnaire: Questionnaire) -> int:
    last = questionnaire.items.order_by("-slot").values_list("slot", flat=True).first()
    return 0 if last is None else last + 1


def slots_of(questionnaire_id: Any) -> dict[str, int]:
    """Each Likert item's slot in Response.vector, by item name."""
    return dict(
        Item.objects.filter(questionnaire_id=questionnaire_id, kind=ItemKind.LIKERT).values_list(
            "name", "slot"
        )
    )


def _save(obj: Any, field: str = "name") -> Any:
    """full_clean then save; a name taken meanwhile becomes the same clear message."""
    try:
        obj.full_clean()
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(
            {field: _("This name is already used in the questionnaire.")}
        ) from exc
    return obj


def _create(school: School, form: ParsedForm, audience: str) -> Questionnaire:
    questionnaire = Questionnaire(
        school=school,
        title=form.title[:200] or form.form_id or _("Questionnaire"),
        title_en=form.title_en[:200],
        audience=audience,
        form_id=form.form_id or "angket",
    )
    try:
        questionnaire.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        ) from exc
    if Questionnaire.objects.filter(school=school, form_id=questionnaire.form_id).exists():
        raise ValidationError(
            {
                "form_id": _("The school already has a questionnaire with the form id “%(id)s”.")
                % {"id": questionnaire.form_id}
            }
        )
    questionnaire.save()
    sections = {}
    for order, (name, title, title_en) in enumerate(form.sections, start=1):
        sections[name] = _save(
            Section(
                school=school,
                questionnaire=questionnaire,
                name=name,
                title=title[:200],
                title_en=title_en[:200],
                order=order,
            )
        )
    scales = {
        name: _save(Scale(school=school, questionnaire=questionnaire, name=name, labels=labels))
        for name, labels in form.scales.items()
    }
    constructs = {}
    for order, (code, (name, name_en)) in enumerate(form.constructs.items(), start=1):
        constructs[code] = _save(
            Construct(
                school=school,
                questionnaire=questionnaire,
                code=code,
                name=name[:120],
                name_en=name_en[:120],
                order=order,
            ),
            "code",
        )
    for order, parsed in enumerate(form.items, start=1):
        _save(
            Item(
                slot=order - 1,
                school=school,
                questionnaire=questionnaire,
                section=sections.get(parsed.section or ""),
                construct=constructs.get(parsed.construct or ""),
                scale=scales.get(parsed.scale or ""),
                name=parsed.name,
                kind=parsed.kind,
                text=parsed.text,
                text_en=parsed.text_en,
                reverse=parsed.reverse,
                required=parsed.required,
                order=order,
            )
        )
    _renumber(questionnaire)
    return questionnaire


def _parsed_from_spec(spec: QuestionnaireSpec) -> ParsedForm:
    from kombel.evaluation.xlsform import ParsedItem

    form = ParsedForm(title=spec.title, title_en=spec.title_en, form_id=spec.form_id)
    form.scales[spec.scale_name] = list(spec.scale)
    for construct in spec.constructs:
        form.sections.append((construct.code, construct.name, construct.name_en))
        form.constructs[construct.code] = (construct.name, construct.name_en)
        for item in construct.items:
            form.items.append(
                ParsedItem(
                    name=item.name,
                    kind=ItemKind.LIKERT,
                    text=item.text,
                    text_en=item.text_en,
                    required=True,
                    section=construct.code,
                    scale=spec.scale_name,
                    construct=construct.code,
                    reverse=item.reverse,
                )
            )
    if spec.open_questions:
        form.sections.append(("terbuka", "Pertanyaan terbuka", "Open questions"))
        for question in spec.open_questions:
            form.items.append(
                ParsedItem(
                    question.name,
                    ItemKind.OPEN,
                    question.text,
                    question.text_en,
                    False,
                    "terbuka",
                )
            )
    return form


@transaction.atomic
def questionnaire_from_spec(
    *, school: School, actor: Any, spec: QuestionnaireSpec
) -> Questionnaire:
    """One of the model's questionnaires (defaults.TEACHER, defaults.PARENT) for the school.
    Asking again returns the one made before."""
    existing = Questionnaire.objects.filter(school=school, form_id=spec.form_id).first()
    if existing is not None:
        return existing
    questionnaire = _create(school, _parsed_from_spec(spec), spec.audience)
    questionnaire.description = spec.description
    questionnaire.save(update_fields=["description"])
    log_action("evaluation.questionnaire.created", actor=actor, school=school, obj=questionnaire)
    return questionnaire


@transaction.atomic
def questionnaire_import_xlsform(
    *, school: School, actor: Any, data: bytes, audience: str, file_name: str = ""
) -> Questionnaire:
    """A questionnaire from an XLSForm workbook: all of it, or nothing and every problem."""
    questionnaire = _create(school, parse_xlsform(data), audience)
    log_action(
        "evaluation.questionnaire.imported",
        actor=actor,
        school=school,
        obj=questionnaire,
        data={"file": file_name[:200]},
    )
    return questionnaire


@transaction.atomic
def section_add(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    version: int | None,
    name: str,
    title: str,
    title_en: str = "",
) -> Section:
    questionnaire = _bump(questionnaire, version)
    last = questionnaire.sections.order_by("-order").values_list("order", flat=True).first()
    order = (last or 0) + 1
    section = _save(
        Section(
            school=questionnaire.school,
            questionnaire=questionnaire,
            name=name.strip(),
            title=title.strip(),
            title_en=title_en.strip(),
            order=order,
        )
    )
    log_action("evaluation.questionnaire.updated", actor=actor, obj=questionnaire)
    return section


@transaction.atomic
def construct_add(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    version: int | None,
    code: str,
    name: str,
    name_en: str = "",
) -> Construct:
    questionnaire = _bump(questionnaire, version)
    construct = _save(
        Construct(
            school=questionnaire.school,
            questionnaire=questionnaire,
            code=code.strip(),
            name=name.strip(),
            name_en=name_en.strip(),
            order=questionnaire.constructs.count() + 1,
        ),
        "code",
    )
    log_action("evaluation.questionnaire.updated", actor=actor, obj=questionnaire)
    return construct


@transaction.atomic
def scale_add(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    version: int | None,
    name: str,
    labels: list[tuple[str, str]],
) -> Scale:
    """A labelled Likert scale of 2 to 7 points (label i is point i)."""
    labels = [(a.strip(), b.strip()) for a, b in labels if a.strip()]
    if not MIN_POINTS <= len(labels) <= MAX_POINTS:
        raise ValidationError(
            {
                "labels": _("A scale has from %(min)d to %(max)d labelled points.")
                % {"min": MIN_POINTS, "max": MAX_POINTS}
            }
        )
    questionnaire = _bump(questionnaire, version)
    scale = _save(
        Scale(
            school=questionnaire.school,
            questionnaire=questionnaire,
            name=name.strip(),
            labels=[list(pair) for pair in labels],
        )
    )
    log_action("evaluation.questionnaire.updated", actor=actor, obj=questionnaire)
    return scale


@transaction.atomic
def item_add(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    version: int | None,
    name: str,
    kind: str,
    text: str,
    text_en: str = "",
    section: Section | None = None,
    construct: Construct | None = None,
    scale: Scale | None = None,
    reverse: bool = False,
    required: bool = True,
) -> Item:
    _refuse_if_locked(questionnaire)
    _same_questionnaire(questionnaire, "section", section)
    _same_questionnaire(questionnaire, "construct", construct)
    _same_questionnaire(questionnaire, "scale", scale)
    if kind == ItemKind.LIKERT and scale is None:
        raise ValidationError({"scale": _("A Likert question needs its scale.")})
    if kind == ItemKind.OPEN:
        scale, construct, reverse = None, None, False
    questionnaire = _bump(questionnaire, version)
    item = _save(
        Item(
            school=questionnaire.school,
            questionnaire=questionnaire,
            name=name.strip(),
            kind=kind,
            text=text.strip(),
            text_en=text_en.strip(),
            section=section,
            construct=construct,
            scale=scale,
            reverse=reverse,
            required=required,
            order=_next_order(questionnaire),
            slot=_next_slot(questionnaire),
        )
    )
    _renumber(questionnaire)
    log_action("evaluation.questionnaire.updated", actor=actor, obj=questionnaire)
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    actor: Any,
    version: int | None,
    text: str,
    text_en: str = "",
    section: Section | None = None,
    construct: Construct | None = None,
    reverse: bool = False,
    required: bool = True,
) -> Item:
    """Correct a question; its construct and scoring stay once the questionnaire has answers."""
    questionnaire = item.questionnaire
    _same_questionnaire(questionnaire, "section", section)
    _same_questionnaire(questionnaire, "construct", construct)
    if item.kind == ItemKind.OPEN:
        construct, reverse = None, False
    if (construct != item.construct or reverse != item.reverse) and is_locked(questionnaire):
        _refuse_if_locked(questionnaire)
    _bump(questionnaire, version)
    if section != item.section:  # to the end of its new section (or of the form)
        last = questionnaire.items.filter(section=section).exclude(pk=item.pk)
        end = last.order_by("-order").values_list("order", flat=True).first()
        if end is None:
            item.order = _next_order(questionnaire)
        else:  # right after the section's last question
            questionnaire.items.filter(order__gt=end).update(order=F("order") + 1)
            item.order = end + 1
    item.text, item.text_en = text.strip(), text_en.strip()
    item.section, item.construct = section, construct
    item.reverse, item.required = reverse, required
    _save(item)
    _renumber(questionnaire)
    log_action("evaluation.questionnaire.updated", actor=actor, obj=questionnaire)
    return item


@transaction.atomic
def item_delete(*, item: Item, actor: Any, version: int | None) -> None:
    """Remove a question while no wave has answers to it; unsent answers to it (drafts) go
    with it. Once answers were submitted it is refused: they are scored on the whole form."""
    questionnaire = _bump(item.questionnaire, version)
    _refuse_if_locked(questionnaire)
    _forget_in_drafts(questionnaire, [item.name])
    log_action(
        "evaluation.questionnaire.updated",
        actor=actor,
        obj=questionnaire,
        data={"removed": item.name},
    )
    item.delete()
    _renumber(questionnaire)


# --- order and removal of sections -------------------------------------------------------------


def ordered_items(questionnaire: Questionnaire) -> list[Item]:
    """The questions in the order respondents see them (Item.order), each section's questions
    together where its first question stands; questions outside any section keep their place."""
    items = list(
        Item.objects.filter(questionnaire=questionnaire)
        .select_related("section", "construct", "scale")
        .order_by("order", "slot")
    )
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.section_id or item.pk, index)
    return sorted(items, key=lambda i: first[i.section_id or i.pk])


@dataclass
class Group:
    """A run of questions: one section's, or questions outside any section (section None)."""

    section: Section | None
    items: list[Item]


def groups_of(questionnaire: Questionnaire) -> list[Group]:
    """The form as respondents see it, then the sections that hold no question yet."""
    groups: list[Group] = []
    for item in ordered_items(questionnaire):
        if groups and groups[-1].items[0].section_id == item.section_id:
            groups[-1].items.append(item)
        else:
            groups.append(Group(item.section, [item]))
    used = {g.section.pk for g in groups if g.section is not None}
    groups += [Group(s, []) for s in questionnaire.sections.all() if s.pk not in used]
    return groups


def _renumber(questionnaire: Questionnaire, groups: list[Group] | None = None) -> None:
    """Item.order 1..n in the order of `groups` (what the answer page and the XLSForm export
    read), and Section.order 1..m by where each section stands."""
    groups = groups_of(questionnaire) if groups is None else groups
    items = [item for group in groups for item in group.items]
    for n, item in enumerate(items, start=1):
        item.order = n
    Item.objects.bulk_update(items, ["order"])
    sections = [g.section for g in groups if g.section is not None]
    for n, section in enumerate(sections, start=1):
        section.order = n
    Section.objects.bulk_update(sections, ["order"])


def _forget_in_drafts(questionnaire: Questionnaire, names: list[str]) -> None:
    """Drop answers to removed questions from unsent responses (no submitted one exists)."""
    drafts = list(
        Response.objects.select_for_update().filter(
            wave__questionnaire=questionnaire, status=ResponseStatus.DRAFT
        )
    )
    slots = {k: v for k, v in slots_of(questionnaire.pk).items() if k not in names}
    for response in drafts:
        for name in names:
            response.likert.pop(name, None)
            response.open.pop(name, None)
        response.vector = encode_likert(response.likert, slots)
    Response.objects.bulk_update(drafts, ["likert", "open", "vector"])


def _neighbour(rows: list[Any], row: Any, up: bool) -> Any:
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if up else index + 1
    return rows[other] if 0 <= other < len(rows) else None


@transaction.atomic
def item_move(*, item: Item, actor: Any, version: int | None, up: bool) -> Item:
    """One place up or down. At the edge of its section a question moves into the neighbouring
    section (the order respondents see changes, their answers do not: order is no structure,
    so it may change while a wave is open or answered)."""
    questionnaire = _bump(item.questionnaire, version)
    items = ordered_items(questionnaire)
    current = next(i for i in items if i.pk == item.pk)
    other = _neighbour(items, current, up)
    if other is None:
        raise ValidationError(
            _("The question is already the first.")
            if up
            else _("The question is already the last.")
        )
    if other.section_id == current.section_id:
        current.order, other.order = other.order, current.order
        Item.objects.bulk_update([current, other], ["order"])
    else:  # into the neighbouring section, at its near end
        current.section_id = other.section_id  # its order puts it at that section's near end
        current.save(update_fields=["section", "updated_at"])
    _renumber(questionnaire)
    log_action(
        "evaluation.questionnaire.updated",
        actor=actor,
        obj=questionnaire,
        data={"moved": current.name},
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def section_move(*, section: Section, actor: Any, version: int | None, up: bool) -> Section:
    """One place up or down with its questions, past the neighbouring section or the
    neighbouring questions outside any section."""
    questionnaire = _bump(section.questionnaire, version)
    groups = [g for g in groups_of(questionnaire) if g.items]
    index = next(
        (n for n, g in enumerate(groups) if g.section and g.section.pk == section.pk), None
    )
    if index is None:
        raise ValidationError(_("Add a question to the section first; then it can be moved."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(groups):
        raise ValidationError(
            _("The section is already the first.") if up else _("The section is already the last.")
        )
    groups[index], groups[other] = groups[other], groups[index]
    empty = [g for g in groups_of(questionnaire) if not g.items]
    _renumber(questionnaire, groups + empty)
    log_action(
        "evaluation.questionnaire.updated",
        actor=actor,
        obj=questionnaire,
        data={"moved": section.name},
    )
    return section


@transaction.atomic
def section_delete(
    *, section: Section, actor: Any, version: int | None, with_items: bool = False
) -> None:
    """Remove a section. Its questions stay (outside any section) unless `with_items`, which
    removes them too. Once the questionnaire has answers a section that holds questions is not
    removed (it is part of the form that was answered); an empty one may go."""
    questionnaire = _bump(section.questionnaire, version)
    names = list(section.items.values_list("name", flat=True))
    if names and is_locked(questionnaire):
        raise ValidationError(
            _(
                "This questionnaire has answers already: a section that holds questions can no "
                "longer be removed. Copy the questionnaire into a new one instead."
            ),
            code="locked",
        )
    if with_items and names:
        _forget_in_drafts(questionnaire, names)
        section.items.all().delete()
    log_action(
        "evaluation.questionnaire.updated",
        actor=actor,
        obj=questionnaire,
        data={"removed": section.name, "questions": names if with_items else []},
    )
    section.delete()
    _renumber(questionnaire)
