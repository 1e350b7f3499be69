"""The meeting screen (usable on a phone) and the writes made from it."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.communities import queries, services
from kombel.communities.enums import MeetingStatus
from kombel.communities.forms import (
    AttendanceForm,
    EntryForm,
    MeetingForm,
    RecordForm,
    ReflectionForm,
)
from kombel.communities.models import Meeting
from kombel.communities.whatsapp import meeting_whatsapp_link
from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.programs.enums import AttendanceStatus
from kombel.schools.http import SchoolHttpRequest


def _sheet_context(request: SchoolHttpRequest, meeting: Meeting, **extra: object) -> dict:
    sheet = queries.meeting_sheet(meeting)
    community = meeting.community
    can_manage = request.user.has_perm("communities.manage_community", community)
    context: dict = {
        "school": request.school,
        "meeting": meeting,
        "community": community,
        "sheet": sheet,
        "can_manage": can_manage,
        "can_contribute": request.user.has_perm("communities.contribute", community),
        "entry_form": EntryForm(),
        "statuses": AttendanceStatus.choices,
        # Attendance is recorded from the meeting's day on, never for a cancelled meeting.
        "can_record_attendance": can_manage
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.date <= timezone.localdate(),
        "wa_link": meeting_whatsapp_link(meeting) if can_manage else "",
    }
    context.update(extra)
    return context


@login_required
def meeting_detail(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    meeting = queries.get_meeting(request.school, pk)
    require_perm(request, "communities.view_community", meeting)
    return render(request, "communities/meeting.html", _sheet_context(request, meeting))


@login_required
def meeting_create(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    community = queries.get_community(request.school, pk)
    require_perm(request, "communities.manage_community", community)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                community=community, actor=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The meeting was added."))
            return redirect("communities:meeting", npsn, meeting.pk)
    return render(
        request,
        "communities/meeting_form.html",
        {"school": request.school, "community": community, "form": form},
    )


def _meeting_edit(request: SchoolHttpRequest, npsn: str, pk: UUID, *, full: bool) -> HttpResponse:
    """The facilitator's minutes (`full`) or the members' reflection: both version-checked."""
    meeting = queries.get_meeting(request.school, pk)
    perm = "communities.manage_community" if full else "communities.contribute"
    require_perm(request, perm, meeting.community)
    form_class = RecordForm if full else ReflectionForm
    initial = {name: getattr(meeting, name) for name in form_class.base_fields if name != "version"}
    initial["version"] = meeting.version
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.meeting_update(
                meeting=meeting,
                actor=request.user,
                version=form.cleaned_data["version"],
                **changes,
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The meeting record was saved."))
            return redirect("communities:meeting", npsn, meeting.pk)
    return render(
        request,
        "communities/meeting_edit.html",
        {"school": request.school, "meeting": meeting, "form": form, "full": full},
    )


@login_required
def meeting_record(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    return _meeting_edit(request, npsn, pk, full=True)


@login_required
def meeting_reflection(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    return _meeting_edit(request, npsn, pk, full=False)


@login_required
@require_POST
def attendance(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    """One tap: one member's status, saved at once; htmx gets the member's row back."""
    meeting = queries.get_meeting(request.school, pk)
    require_perm(request, "communities.manage_community", meeting.community)
    form = AttendanceForm(request.POST)
    member = queries.get_member(meeting.community, form.data.get("participant"))
    error, record = "", None
    if not form.is_valid() or member is None:
        error = _("Choose a member and present, late, excused or absent.")
    else:
        try:
            (record,) = services.meeting_attendance_set(
                meeting=meeting,
                actor=request.user,
                statuses={member.pk: form.cleaned_data["status"]},
            )
        except ValidationError as e:
            error = " ".join(e.messages)
    if request.htmx and member is not None:
        context = {
            "person": member,
            "status": record.status if record else request.POST.get("status", ""),
            "saved": record is not None,
            "action": reverse("communities:attendance", args=[npsn, meeting.pk]),
            "statuses": AttendanceStatus.choices,
            "error": error,
        }
        return render(request, "components/attendance_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Attendance was saved."))
    return redirect("communities:meeting", npsn, meeting.pk)


@login_required
@require_POST
def add_entry(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    meeting = queries.get_meeting(request.school, pk)
    require_perm(request, "communities.contribute", meeting.community)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.minute_entry_add(
                meeting=meeting, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Your addition to the minutes was saved."))
            return redirect("communities:meeting", npsn, meeting.pk)
    context = _sheet_context(request, meeting, entry_form=form)
    return render(request, "communities/meeting.html", context)
