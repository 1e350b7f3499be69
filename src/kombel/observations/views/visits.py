"""Pages of mentoring visits (pendampingan), the mentor's own page and lesson-study cycles."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.followups.queries import items_from_sources
from kombel.observations import queries
from kombel.observations.enums import VISIT_SOURCE, CycleStage, VisitStatus
from kombel.observations.forms import CycleForm, CycleUpdateForm, VisitForm
from kombel.observations.services import visits as services
from kombel.schools.http import SchoolHttpRequest


@login_required
def visit_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.view_visits", request.school)
    context = {
        "visits": queries.visits_for_user(request.school, request.user),
        "can_record": request.user.has_perm("observations.record_visits", request.school),
    }
    return render(request, "observations/visit_list.html", context)


VISIT_FIELDS = ("visited_on", "status", "school_class", "focus", "seen", "recommendations")


@login_required
def visit_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.record_visits", request.school)
    form = VisitForm(
        request.POST or None,
        school=request.school,
        initial={"visited_on": timezone.localdate(), "status": VisitStatus.DONE},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.visit_create(
                school=request.school,
                actor=request.user,
                teachers=list(d["teachers"]),
                **{k: d[k] for k in VISIT_FIELDS},
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect(reverse("observations:visit", args=[npsn, visit.pk]))
    context = {"form": form, "heading": _("Record a mentoring visit"), "autosave_key": "visit"}
    return render(request, "observations/form_page.html", context)


def _followups(visit: Any) -> list[ActionItem]:
    return items_from_sources(visit.school, VISIT_SOURCE, [visit.pk]).get(str(visit.pk), [])


@login_required
def visit_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The visit, opening with the previous visit's recommendations and their follow-ups."""
    visit = queries.get_visit_for_user(request.school, request.user, pk)
    require_perm(request, "observations.view_visit", visit)
    previous = visit.previous
    context = {
        "visit": visit,
        "previous": previous,
        "previous_followups": _followups(previous) if previous else [],
        "followups": _followups(visit),
        "can_change": request.user.has_perm("observations.change_visit", visit),
    }
    return render(request, "observations/visit_detail.html", context)


@login_required
def visit_edit(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    visit = queries.get_visit_for_user(request.school, request.user, pk)
    require_perm(request, "observations.change_visit", visit)
    initial: dict[str, Any] = {k: getattr(visit, k) for k in VISIT_FIELDS}
    initial.update(version=visit.version, teachers=visit.teacher_ids)  # type: ignore[attr-defined]
    form = VisitForm(request.POST or None, school=request.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.visit_update(
                visit=visit,
                actor=request.user,
                version=d["version"],
                teachers=list(d["teachers"]),
                **{k: d[k] for k in VISIT_FIELDS},
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The visit was saved."))
            return redirect(reverse("observations:visit", args=[npsn, visit.pk]))
    context = {"form": form, "heading": _("Mentoring visit"), "autosave_key": f"visit-{pk}"}
    return render(request, "observations/form_page.html", context)


@login_required
def mentor_page(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """A mentor's own page: the teachers they support here, visits done and planned, and the
    open follow-ups of their visits."""
    require_perm(request, "observations.record_visits", request.school)
    user = request.user
    mine = [v for v in queries.visits_for_user(request.school, user) if v.mentor_id == user.pk]
    teachers: dict[Any, Any] = {}
    for v in mine:
        for t in v.teachers.all():
            teachers.setdefault(t.pk, t)
    today = timezone.localdate()
    open_items = list(
        ActionItem.objects.filter(
            school=request.school,
            source_type=VISIT_SOURCE,
            source_id__in=[str(v.pk) for v in mine],
            status=ItemStatus.OPEN,
        ).select_related("owner")
    )
    context = {
        "planned": [v for v in mine if v.status == VisitStatus.PLANNED or v.visited_on > today],
        "done": [v for v in mine if v.status == VisitStatus.DONE and v.visited_on <= today],
        "teachers": sorted(teachers.values(), key=lambda t: t.full_name),
        "open_items": open_items,
        "schools": request.user.memberships.filter(role="mentor").select_related("school"),
    }
    return render(request, "observations/mentor.html", context)


@login_required
def cycle_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.view_cycles", request.school)
    context = {
        "cycles": list(queries.cycles_for_user(request.school, request.user)),
        "can_manage": request.user.has_perm("observations.manage_cycles", request.school),
    }
    return render(request, "observations/cycle_list.html", context)


@login_required
def cycle_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.manage_cycles", request.school)
    form = CycleForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            cycle = services.cycle_create(
                school=request.school,
                actor=request.user,
                title=d["title"],
                teacher=d["teacher"],
                members=list(d["members"]),
                school_class=d["school_class"],
                plan=d["plan"],
                plan_link=d["plan_link"],
                lesson_plan=d["lesson_plan"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The lesson study cycle was started."))
            return redirect(reverse("observations:cycle", args=[npsn, cycle.pk]))
    context = {"form": form, "heading": _("New lesson study cycle"), "autosave_key": "cycle"}
    return render(request, "observations/form_page.html", context)


@login_required
def cycle_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The cycle's stage and every part of it: the plan, the lesson's observation (do), the
    reflection (see) and the revised plan."""
    cycle = queries.get_cycle_for_user(request.school, request.user, pk)
    require_perm(request, "observations.view_cycles", cycle)
    can_run = request.user.has_perm("observations.run_cycle", cycle)
    form = None
    if can_run:
        form = CycleUpdateForm(
            request.POST or None,
            initial={
                "version": cycle.version,
                "plan": cycle.plan,
                "plan_link": cycle.plan_link,
                "reflection": cycle.reflection,
                "revised_plan": cycle.revised_plan,
            },
        )
    elif request.method == "POST":
        require_perm(request, "observations.run_cycle", cycle)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.cycle_update(cycle=cycle, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The cycle was saved."))
            return redirect(reverse("observations:cycle", args=[npsn, cycle.pk]))
    observations = [
        o for o in queries.observations_for_user(request.school, request.user).filter(cycle=cycle)
    ]
    stages = [s for s in CycleStage]
    index = stages.index(CycleStage(cycle.stage))
    context = {
        "cycle": cycle,
        "form": form,
        "observations": observations,
        "stages": [(s.label, i < index, i == index) for i, s in enumerate(stages)],
        "can_plan": request.user.has_perm("observations.plan", request.school),
        "lesson_plan_link": reverse("lessons:plan", args=[npsn, cycle.lesson_plan_id])
        if cycle.lesson_plan_id and request.user.has_perm("lessons.view_plan", cycle.lesson_plan)
        else "",
    }
    return render(request, "observations/cycle_detail.html", context)
