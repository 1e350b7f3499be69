from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.core.extensions import followup_source_for
from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.xlsx import xlsx_response
from kombel.followups import queries, services
from kombel.followups.exporters import ActionItemsExporter
from kombel.followups.forms import ActionItemForm, FilterForm, StatusForm
from kombel.followups.models import ActionItem
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.queries import staff_of_school


def _filtered(request: SchoolHttpRequest) -> tuple[FilterForm, QuerySet[ActionItem]]:
    """The list's filter form and the items it selects (the page and the export alike)."""
    school = request.school
    form = FilterForm(
        request.GET or None,
        owners=list(staff_of_school(school)),
        source_types=queries.source_types_of_school(school),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    items = queries.items_of_school(
        school,
        owner=filters.get("owner") or None,
        status=filters.get("status", ""),
        source_type=filters.get("source_type", ""),
        overdue=bool(filters.get("overdue")),
    )
    return form, items


@login_required
def item_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The facilitator team's view of every follow-up, overdue ones flagged."""
    school = request.school
    require_perm(request, "followups.view_all", school)
    form, items = _filtered(request)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {"school": school, "form": form, "page": page}
    template = "followups/list.html#rows" if request.htmx else "followups/list.html"
    return render(request, template, context)


@login_required
def item_export(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The list, with the page's filters and every row, as an Excel workbook."""
    school = request.school
    require_perm(request, "followups.view_all", school)
    _form, items = _filtered(request)
    exporter = ActionItemsExporter(school=school, items=items, today=timezone.localdate())
    return xlsx_response(exporter.render(), exporter.filename)


@login_required
def my_items(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "followups.view_own", school)
    items = list(queries.items_of_owner(school, request.user))
    return render(request, "followups/mine.html", {"school": school, "items": items})


@login_required
def item_detail(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    item = queries.get_item_for_user(school, pk)
    require_perm(request, "followups.view_item", item)
    can_change = request.user.has_perm("followups.change_item", item)
    form = None
    if can_change:
        initial = {
            "status": item.status,
            "note": item.status_note,
            "evidence_url": item.evidence_url,
            "version": item.version,
        }
        form = StatusForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.action_item_status_set(
                    item=item,
                    actor=request.user,
                    status=data["status"],
                    note=data["note"],
                    evidence_url=data["evidence_url"],
                    version=data["version"],
                )
            except ValidationError as e:
                apply_service_errors(form, e)
            else:
                messages.success(request, _("The follow-up was updated."))
                return redirect("followups:detail", npsn, item.pk)
    elif request.method == "POST":
        require_perm(request, "followups.change_item", item)
    return render(request, "followups/detail.html", {"school": school, "item": item, "form": form})


@login_required
def item_add(
    request: SchoolHttpRequest, npsn: str, source_type: str, source_id: UUID
) -> HttpResponse:
    """A follow-up (RTL) agreed at a source (a session, a meeting, a visit...), in the one tracker.

    The source's page shows the form inline (`{% followup_add_form source %}`) and posts here;
    a form with errors is shown again on this page, and success returns to the source's page.
    """
    school = request.school
    source = queries.get_source_for_user(school, source_type, source_id)
    if source is None:
        raise Http404
    spec = followup_source_for(source)
    require_perm(request, spec.add_perm, source)
    info = spec.describe(source)
    form = ActionItemForm(
        request.POST or None, people=queries.possible_owners(source), not_before=info.date
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_create(source=source, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up was added."))
            return redirect(info.url or "followups:mine", *([] if info.url else [npsn]))
    context = {"school": school, "form": form, "source_info": info}
    return render(request, "followups/item_add.html", context)
