"""Parents' monthly feedback, community leaders' local input, forum meetings, figures."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.communities.models import Community
from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.participation import queries, services
from kombel.participation.enums import InputStatus
from kombel.participation.forms import AnswerForm, FeedbackForm, LocalInputForm, MeetingForm
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Material, Programme
from kombel.schools.http import SchoolHttpRequest


def _hide_forum(request: SchoolHttpRequest) -> bool:
    return not request.user.has_perm("participation.forum", request.school)


@login_required
def feedback(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """A parent's feedback for this month, one form per child's class, and what they gave."""
    school = request.school
    require_perm(request, "participation.feedback_give", school)
    if services.needs_consent(school, request.user):
        messages.warning(request, _("You have withdrawn your consent: give it again to take part."))
        return redirect("participation:me", npsn)
    children = queries.children_of(school, request.user)
    month = services.month_of(timezone.localdate())
    this_month = {
        f.school_class_id: f for f in queries.own_feedback(school, request.user).filter(month=month)
    }
    chosen = request.POST.get("child") if request.method == "POST" else None
    forms = []
    for child in children:
        existing = this_month.get(child.school_class_id)
        initial = (
            {
                "engagement": existing.engagement,
                "talks_about": existing.talks_about,
                "suggestion": existing.suggestion,
            }
            if existing
            else None
        )
        bound = chosen == str(child.pk)
        form = FeedbackForm(
            request.POST if bound else None, initial=initial, prefix=f"c{child.pk.hex[:8]}"
        )
        if bound and form.is_valid():
            try:
                services.feedback_submit(
                    actor=request.user, school_class=child.school_class, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you for your feedback."))
                return redirect("participation:feedback", npsn)
        forms.append((child, form, existing))
    history = queries.own_feedback(school, request.user).order_by("-month")[:12]
    context = {"school": school, "forms": forms, "month": month, "history": history}
    return render(request, "participation/feedback.html", context)


@login_required
def feedback_summary(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "participation.feedback_view", school)
    summary = queries.feedback_summary(school, timezone.localdate())
    return render(
        request,
        "participation/feedback_summary.html",
        {"school": school, "summary": summary, "hide_forum": _hide_forum(request)},
    )


# --- local input -----------------------------------------------------------------------------


def _input_form(request: SchoolHttpRequest) -> LocalInputForm:
    school = request.school
    return LocalInputForm(
        request.POST or None,
        materials=Material.objects.all(),
        communities=Community.objects.filter(school=school).order_by("name"),
        plans=queries.open_plans(school),
    )


@login_required
def inputs(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Community leaders' suggestions: theirs for a leader, all of them for the teachers."""
    school = request.school
    require_perm(request, "participation.input_list", school)
    can_give = request.user.has_perm("participation.input_give", school)
    form = _input_form(request) if can_give else None
    if request.method == "POST":
        require_perm(request, "participation.input_give", school)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                item = services.input_create(actor=request.user, school=school, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you: the teachers will answer your suggestion."))
                return redirect("participation:input", npsn, item.pk)
    page = Paginator(queries.inputs_for_user(school, request.user), 15).get_page(
        request.GET.get("page")
    )
    context = {"school": school, "form": form, "page": page, "hide_forum": _hide_forum(request)}
    return render(request, "participation/inputs.html", context)


@login_required
def input_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    item = queries.get_input(request.school, pk)
    require_perm(request, "participation.input_view", item)
    can_answer = request.user.has_perm("participation.input_answer", item)
    form = AnswerForm(request.POST or None, initial={"answer": item.answer}) if can_answer else None
    if request.method == "POST":
        require_perm(request, "participation.input_answer", item)
        if form is not None and form.is_valid():
            try:
                services.input_answer(actor=request.user, item=item, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Your answer is saved."))
                return redirect("participation:input", npsn, item.pk)
    comment = queries.lesson_comment(item)
    plan = comment.plan if comment is not None else None
    context = {
        "school": request.school,
        "item": item,
        "comment": comment,
        "plan_url": reverse("lessons:plan", args=[request.school.npsn, plan.pk])
        if plan is not None and request.user.has_perm("lessons.view_plan", plan)
        else "",
        "form": form,
        "accepted": item.status == InputStatus.ACCEPTED,
        "hide_forum": _hide_forum(request),
    }
    return render(request, "participation/input_detail.html", context)


# --- forum meetings --------------------------------------------------------------------------


@login_required
def meetings(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Learning forum meetings (forum belajar bersama) of the school's programmes."""
    school = request.school
    require_perm(request, "participation.forum", school)
    can_manage = request.user.has_perm("participation.meetings", school)
    programmes = Programme.objects.filter(school=school).order_by("-start")
    form = MeetingForm(request.POST or None, programmes=programmes) if can_manage else None
    if request.method == "POST":
        require_perm(request, "participation.meetings", school)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                event = services.meeting_create(actor=request.user, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting is in the programme's calendar."))
                return redirect("participation:meeting", npsn, event.pk)
    events = list(queries.meetings_of_school(school)[:30])
    today = timezone.localdate()
    context = {
        "school": school,
        "upcoming": [e for e in reversed(events) if e.date >= today],
        "past": [e for e in events if e.date < today],
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "participation/meetings.html", context)


@login_required
def meeting(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The attendance of a forum meeting, one tap per person."""
    event = queries.get_meeting(request.school, pk)
    require_perm(request, "participation.meetings", event)
    if request.method == "POST":
        people = {str(u.pk): u for u in queries.forum_people(request.school)}
        person = people.get(request.POST.get("participant", ""))
        status = request.POST.get("status", "")
        if person is None:
            messages.error(request, _("Choose a parent or community leader of this school."))
        else:
            try:
                services.meeting_attendance_set(
                    actor=request.user, event=event, user=person, status=status
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("participation:meeting", npsn, event.pk)
    context = {
        "school": request.school,
        "event": event,
        "rows": queries.meeting_rows(event),
        "statuses": AttendanceStatus.choices,
    }
    return render(request, "participation/meeting.html", context)


# --- figures ---------------------------------------------------------------------------------


@login_required
def figures(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "participation.figures", school)
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(4):
        months.append(queries.figures(school, month))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    context = {
        "school": school,
        "months": months,  # this month first: on a phone the older ones scroll in
        "hide_forum": _hide_forum(request),
    }
    return render(request, "participation/figures.html", context)
