"""Pages of instruments: the list, the shipped ones installed, a school's own built."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.observations import queries
from kombel.observations.enums import VersionStatus
from kombel.observations.forms import (
    InstrumentForm,
    ItemEditForm,
    ItemForm,
    SectionForm,
)
from kombel.observations.services import instruments as services
from kombel.schools.http import SchoolHttpRequest


@login_required
def instrument_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.view_instruments", request.school)
    context = {
        "instruments": list(queries.instruments_for_user(request.school, request.user)),
        "can_manage": request.user.has_perm("observations.manage_instruments", request.school),
        "english": queries.english(),
    }
    return render(request, "observations/instrument_list.html", context)


@login_required
@require_POST
def install_shipped(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.manage_instruments", request.school)
    added = services.instruments_install_shipped(school=request.school, actor=request.user)
    messages.success(
        request,
        _("%(n)s instruments were added.") % {"n": len(added)}
        if added
        else _("The shipped instruments are already here."),
    )
    return redirect(reverse("observations:instruments", args=[npsn]))


@login_required
def instrument_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.manage_instruments", request.school)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_create(
                school=request.school, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The instrument was created: add its sections and items."))
            return redirect(reverse("observations:instrument", args=[npsn, instrument.pk]))
    context = {"form": form, "heading": _("New instrument"), "autosave_key": "instrument"}
    return render(request, "observations/form_page.html", context)


@login_required
def instrument_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The version in use, the draft being built (with the builder's forms) and the history."""
    instrument = queries.get_instrument_for_user(request.school, request.user, pk)
    require_perm(request, "observations.view_instruments", instrument)
    versions = list(instrument.versions.order_by("-number"))
    current = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    can_manage = request.user.has_perm("observations.manage_instruments", instrument)
    shown = draft if (can_manage and draft is not None) else current
    sheet = queries.sheet(shown) if shown is not None else []
    context: dict[str, Any] = {
        "instrument": instrument,
        "versions": versions,
        "current": current,
        "draft": draft,
        "shown": shown,
        "sheet": sheet,
        "can_manage": can_manage,
        "english": queries.english(),
    }
    if can_manage:
        context["section_form"] = SectionForm()
        context["item_form"] = ItemForm(sections=[s.section.title for s in sheet])
        if shown is not None and shown == draft:
            context["builder"] = [
                (s, [(i, _item_form(i)) for i in s.items], _section_form(s.section)) for s in sheet
            ]
    return render(request, "observations/instrument_detail.html", context)


def _back(npsn: str, pk: Any, anchor: str = "") -> HttpResponse:
    url = reverse("observations:instrument", args=[npsn, pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _item_form(item: Any, data: Any = None) -> ItemEditForm:
    initial = {
        "text": item.text,
        "text_en": item.text_en,
        "competency": item.competency,
        "levels": services.levels_format(item.levels),
        "evidence": item.evidence,
    }
    return ItemEditForm(data, kind=item.kind, initial=initial, auto_id=f"id_{item.pk}_%s")


def _section_form(section: Any, data: Any = None) -> SectionForm:
    initial = {"title": section.title, "title_en": section.title_en}
    return SectionForm(data, initial=initial, auto_id=f"id_{section.pk}_%s")


def _errors(request: SchoolHttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _managed(request: SchoolHttpRequest, pk: Any) -> Any:
    instrument = queries.get_instrument_for_user(request.school, request.user, pk)
    require_perm(request, "observations.manage_instruments", instrument)
    return instrument


@login_required
@require_POST
def section_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_add(instrument=instrument, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The section was added to the draft."))
    else:
        messages.error(request, _("Give the section a title."))
    return _back(npsn, pk)


@login_required
def item_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    draft = instrument.versions.filter(status=VersionStatus.DRAFT).first()
    base = draft or services.current_version(instrument)
    sections = [s.section.title for s in queries.sheet(base)] if base else []
    form = ItemForm(request.POST or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            levels = services.levels_parse(d["levels"]) if d["kind"] == "scale" else []
            services.item_add(
                instrument=instrument,
                actor=request.user,
                section_title=d["section"],
                kind=d["kind"],
                text=d["text"],
                text_en=d["text_en"],
                competency=d["competency"],
                levels=levels,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The item was added to the draft."))
            return _back(npsn, pk)
    context = {"form": form, "heading": _("Add an item"), "subheading": instrument.name}
    return render(request, "observations/form_page.html", context)


@login_required
@require_POST
def publish(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    try:
        version = services.version_publish(instrument=instrument, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Version %(n)s is now in use.") % {"n": version.number})
    return _back(npsn, pk)


@login_required
@require_POST
def draft_start(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """Start a new version to change an instrument in use (a copy of it, as a draft)."""
    instrument = _managed(request, pk)
    draft = services.version_draft(instrument=instrument, actor=request.user)
    messages.success(
        request,
        _("Version %(n)s is a draft: change it, then put it in use.") % {"n": draft.number},
    )
    return _back(npsn, pk)


@login_required
def item_edit(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    """A draft item's wording, competency, levels and evidence (the instrument page carries the
    same small form; this page shows it again with what was wrong)."""
    instrument = _managed(request, pk)
    item = queries.get_item(instrument, item_pk)
    if item.version.status != VersionStatus.DRAFT:
        messages.error(
            request,
            _("This item is in a version in use, which never changes: change it in the draft."),
        )
        return _back(npsn, pk)
    form = _item_form(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            levels = services.levels_parse(d["levels"]) if "levels" in d else None
            services.item_update(
                instrument=instrument,
                item=item,
                actor=request.user,
                text=d["text"],
                text_en=d["text_en"],
                competency=d["competency"],
                levels=levels,
                evidence=d.get("evidence", False),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The item was changed in the draft."))
            return _back(npsn, pk, f"item-{item.pk}")
    context = {"form": form, "heading": _("Change an item"), "subheading": instrument.name}
    return render(request, "observations/form_page.html", context)


@login_required
@require_POST
def item_remove(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    item = queries.get_item(instrument, item_pk)
    try:
        services.item_remove(instrument=instrument, item=item, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The item was removed from the draft."))
    return _back(npsn, pk)


@login_required
@require_POST
def item_move(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    item = queries.get_item(instrument, item_pk)
    try:
        services.item_move(
            instrument=instrument,
            item=item,
            actor=request.user,
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    return _back(npsn, pk, f"item-{item.pk}")


@login_required
def section_edit(request: SchoolHttpRequest, npsn: str, pk: Any, section_pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    section = queries.get_section(instrument, section_pk)
    if section.version.status != VersionStatus.DRAFT:
        messages.error(
            request,
            _("This section is in a version in use, which never changes: change it in the draft."),
        )
        return _back(npsn, pk)
    form = _section_form(section, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                instrument=instrument, section=section, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The section was changed in the draft."))
            return _back(npsn, pk, f"section-{section.pk}")
    context = {"form": form, "heading": _("Change a section"), "subheading": instrument.name}
    return render(request, "observations/form_page.html", context)


@login_required
@require_POST
def section_remove(request: SchoolHttpRequest, npsn: str, pk: Any, section_pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    section = queries.get_section(instrument, section_pk)
    try:
        n = services.section_remove(instrument=instrument, section=section, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "The section and its %(n)s item were removed from the draft.",
                "The section and its %(n)s items were removed from the draft.",
                n,
            )
            % {"n": n},
        )
    return _back(npsn, pk)


@login_required
@require_POST
def section_move(request: SchoolHttpRequest, npsn: str, pk: Any, section_pk: Any) -> HttpResponse:
    instrument = _managed(request, pk)
    section = queries.get_section(instrument, section_pk)
    try:
        services.section_move(
            instrument=instrument,
            section=section,
            actor=request.user,
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    return _back(npsn, pk, f"section-{section.pk}")
