"""Pages of questionnaires: the list, the builder, XLSForm in and out."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.core.forms import apply_service_errors
from kombel.core.http import one_or_404, require_perm
from kombel.core.xlsx import xlsx_response
from kombel.evaluation import defaults, queries, xlsform
from kombel.evaluation.forms import (
    BuilderActionForm,
    ConstructForm,
    ItemForm,
    ScaleForm,
    SectionForm,
    XlsFormImportForm,
)
from kombel.evaluation.models import Item, Questionnaire, Section
from kombel.evaluation.services import questionnaires as services
from kombel.schools.http import SchoolHttpRequest


def _url(questionnaire: Questionnaire) -> str:
    return reverse("evaluation:questionnaire", args=[questionnaire.school.npsn, questionnaire.pk])


@login_required
def questionnaire_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "evaluation.manage", request.school)
    context = {"questionnaires": list(queries.questionnaires_of(request.school))}
    return render(request, "evaluation/questionnaire_list.html", context)


@login_required
@require_POST
def questionnaire_defaults(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The model's teacher and parent questionnaires for this school (once)."""
    require_perm(request, "evaluation.manage", request.school)
    for spec in (defaults.TEACHER, defaults.PARENT):
        services.questionnaire_from_spec(school=request.school, actor=request.user, spec=spec)
    messages.success(request, _("The model's questionnaires are ready."))
    return redirect(reverse("evaluation:questionnaires", args=[npsn]))


@login_required
def questionnaire_import(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "evaluation.manage", request.school)
    form = XlsFormImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            questionnaire = services.questionnaire_import_xlsform(
                school=request.school,
                actor=request.user,
                data=upload.read(),
                audience=form.cleaned_data["audience"],
                file_name=upload.name,
            )
        except ValidationError as exc:
            # Every problem of the form, next to the file field.
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The questionnaire was imported."))
            return redirect(_url(questionnaire))
    context = {"form": form, "heading": _("Import an XLSForm")}
    return render(request, "evaluation/form_page.html", context)


@login_required
def questionnaire_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The builder: sections, scales, constructs and questions, with a form for each."""
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    version = {"version": questionnaire.version}
    groups = services.groups_of(questionnaire)
    items = [item for group in groups for item in group.items]
    filled = [g for g in groups if g.items]
    # A section moves past its neighbour: another section or questions outside any section.
    rows = [
        {
            "section": g.section,
            "items": g.items,
            "up": g.section is not None and bool(g.items) and g is not filled[0],
            "down": g.section is not None and bool(g.items) and g is not filled[-1],
        }
        for g in groups
    ]
    sections = [g.section for g in groups if g.section is not None]
    context = {
        "questionnaire": questionnaire,
        "items": items,
        "groups": rows,
        "first_pk": items[0].pk if items else None,
        "last_pk": items[-1].pk if items else None,
        "sections": sections,
        "scales": list(questionnaire.scales.all()),
        "constructs": list(questionnaire.constructs.all()),
        "locked": services.is_locked(questionnaire),
        "section_form": SectionForm(initial=version),
        "construct_form": ConstructForm(initial=version),
        "scale_form": ScaleForm(initial=version),
        "section_action": reverse("evaluation:section_add", args=[npsn, pk]),
        "construct_action": reverse("evaluation:construct_add", args=[npsn, pk]),
        "scale_action": reverse("evaluation:scale_add", args=[npsn, pk]),
    }
    return render(request, "evaluation/questionnaire_detail.html", context)


def _builder_post(request: SchoolHttpRequest, pk: Any, form_class: Any, add: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            add(questionnaire, form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        messages.success(request, _("The questionnaire was saved."))
    return redirect(_url(questionnaire))


@login_required
@require_POST
def section_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    return _builder_post(
        request,
        pk,
        SectionForm,
        lambda q, d: services.section_add(
            questionnaire=q,
            actor=request.user,
            version=d["version"],
            name=d["name"],
            title=d["title"],
            title_en=d["title_en"],
        ),
    )


@login_required
@require_POST
def construct_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    return _builder_post(
        request,
        pk,
        ConstructForm,
        lambda q, d: services.construct_add(
            questionnaire=q,
            actor=request.user,
            version=d["version"],
            code=d["code"],
            name=d["name"],
            name_en=d["name_en"],
        ),
    )


@login_required
@require_POST
def scale_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    return _builder_post(
        request,
        pk,
        ScaleForm,
        lambda q, d: services.scale_add(
            questionnaire=q,
            actor=request.user,
            version=d["version"],
            name=d["name"],
            labels=d["labels"],
        ),
    )


@login_required
def item_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    form = ItemForm(
        request.POST or None,
        questionnaire=questionnaire,
        initial={"version": questionnaire.version, "required": True},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.item_add(
                questionnaire=questionnaire,
                actor=request.user,
                version=d["version"],
                name=d["name"],
                kind=d["kind"],
                text=d["text"],
                text_en=d["text_en"],
                section=d["section"],
                construct=d["construct"],
                scale=d["scale"],
                reverse=d["reverse"],
                required=d["required"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect(_url(questionnaire))
    context = {"form": form, "heading": _("Add a question"), "questionnaire": questionnaire}
    return render(request, "evaluation/form_page.html", context)


def _item(questionnaire: Questionnaire, item_pk: Any) -> Item:
    item = one_or_404(Item.objects.filter(questionnaire=questionnaire), item_pk)
    item.questionnaire = questionnaire
    return item


@login_required
def item_edit(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    item = _item(questionnaire, item_pk)
    initial = {
        "text": item.text,
        "text_en": item.text_en,
        "section": item.section_id,
        "construct": item.construct_id,
        "reverse": item.reverse,
        "required": item.required,
        "version": questionnaire.version,
    }
    form = ItemForm(request.POST or None, questionnaire=questionnaire, edit=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.item_update(
                item=item,
                actor=request.user,
                version=d["version"],
                text=d["text"],
                text_en=d["text_en"],
                section=d["section"],
                construct=d["construct"],
                reverse=d["reverse"],
                required=d["required"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The question was saved."))
            return redirect(_url(questionnaire))
    context = {"form": form, "heading": item.name, "questionnaire": questionnaire, "item": item}
    return render(request, "evaluation/form_page.html", context)


def _builder_action(
    request: SchoolHttpRequest, questionnaire: Questionnaire, act: Any, done: str
) -> HttpResponse:
    """A move or removal: the service's refusal (answers exist, a change saved meanwhile, the
    edge reached) shown as it says it, else `done`; back to the builder either way."""
    form = BuilderActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        act(data.get("version"), data.get("direction") != "down", bool(data.get("with_items")))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(_url(questionnaire))


@login_required
@require_POST
def item_delete(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    item = _item(questionnaire, item_pk)
    return _builder_action(
        request,
        questionnaire,
        lambda version, _up, _all: services.item_delete(
            item=item, actor=request.user, version=version
        ),
        _("The question was removed."),
    )


@login_required
@require_POST
def item_move(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    item = _item(questionnaire, item_pk)
    return _builder_action(
        request,
        questionnaire,
        lambda version, up, _all: services.item_move(
            item=item, actor=request.user, version=version, up=up
        ),
        _("The question was moved."),
    )


def _section(questionnaire: Questionnaire, section_pk: Any) -> Section:
    section = one_or_404(Section.objects.filter(questionnaire=questionnaire), section_pk)
    section.questionnaire = questionnaire
    return section


@login_required
@require_POST
def section_move(request: SchoolHttpRequest, npsn: str, pk: Any, section_pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    section = _section(questionnaire, section_pk)
    return _builder_action(
        request,
        questionnaire,
        lambda version, up, _all: services.section_move(
            section=section, actor=request.user, version=version, up=up
        ),
        _("The section was moved."),
    )


@login_required
@require_POST
def section_delete(request: SchoolHttpRequest, npsn: str, pk: Any, section_pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    section = _section(questionnaire, section_pk)
    return _builder_action(
        request,
        questionnaire,
        lambda version, _up, with_items: services.section_delete(
            section=section, actor=request.user, version=version, with_items=with_items
        ),
        _("The section was removed."),
    )


@login_required
def xlsform_export(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    questionnaire = queries.get_questionnaire(request.school, pk)
    require_perm(request, "evaluation.manage", questionnaire)
    return xlsx_response(xlsform.export_xlsform(questionnaire), f"{questionnaire.form_id}.xlsx")
