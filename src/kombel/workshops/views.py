"""Workshop pages: resolve, authorize, call a service or query, render."""

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.accounts.models import User
from kombel.core.forms import apply_service_errors
from kombel.core.http import one_or_404, require_perm
from kombel.core.uploads import file_response
from kombel.core.xlsx import xlsx_response
from kombel.followups import queries as followup_queries
from kombel.programs import queries as programme_queries
from kombel.programs.enums import AttendanceStatus
from kombel.schools.http import SchoolHttpRequest
from kombel.workshops import queries, services
from kombel.workshops.enums import SESSION_SOURCE
from kombel.workshops.exporters import AttendanceRegisterExporter
from kombel.workshops.forms import (
    AttendanceForm,
    CheckInForm,
    FeedbackForm,
    OutputForm,
    ResourceForm,
    SessionForm,
)
from kombel.workshops.models import SessionOutput, SessionResource, WorkshopSession


def _session_url(session: WorkshopSession) -> str:
    return queries.session_path(session)


LIST_PAGE = 20


@login_required
def session_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "workshops.view_session", school)
    programme_id = request.GET.get("programme") or None
    events = list(queries.workshop_events(school, programme_id))
    today = timezone.localdate()
    # The register of one programme, offered when the list shows one programme's workshops.
    register_of = events[0].programme if programme_id and events else None
    context = {
        "register_of": register_of
        if register_of and request.user.has_perm("workshops.view_register", school)
        else None,
        # Long lists are paged: the next workshops first, the latest past ones first.
        "upcoming": Paginator([e for e in events if e.date >= today], LIST_PAGE).get_page(
            request.GET.get("next")
        ),
        "past": Paginator([e for e in events if e.date < today][::-1], LIST_PAGE).get_page(
            request.GET.get("past")
        ),
        "can_manage": request.user.has_perm("workshops.manage_session", school),
        "can_attend": request.user.has_perm("workshops.attend_session", school),
    }
    return render(request, "workshops/session_list.html", context)


@login_required
def attendance_export(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    """A programme's attendance register (held sessions by attendees) as an Excel workbook."""
    programme = programme_queries.get_programme_for_user(request, programme_pk)
    require_perm(request, "workshops.view_register", request.school)
    today = timezone.localdate()
    exporter = AttendanceRegisterExporter(
        programme=programme,
        register=queries.attendance_register(programme, today),
        today=today,
    )
    return xlsx_response(exporter.render(), exporter.filename)


@login_required
def session_create(request: SchoolHttpRequest, npsn: str, event_pk: Any) -> HttpResponse:
    event = queries.get_workshop_event_for_user(request, event_pk)
    require_perm(request, "workshops.manage_session", request.school)
    existing = WorkshopSession.objects.filter(event=event).first()
    if existing is not None:
        return redirect(_session_url(existing))
    form = SessionForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                event=event,
                actor=request.user,
                venue=data["venue"],
                agenda=data["agenda"],
                materials=data["materials"],
                facilitators=data["facilitators"],
                outside_speaker=data["outside_speaker"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The session was prepared."))
            return redirect(_session_url(session))
    return render(
        request, "workshops/session_form.html", {"form": form, "event": event, "session": None}
    )


@login_required
def session_edit(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.manage_session", session)
    initial = {
        "venue": session.venue,
        "materials": list(session.materials.all()),
        "facilitators": list(session.facilitators.all()),
        "outside_speaker": session.outside_speaker,
        "agenda": session.agenda,
        "version": session.version,
    }
    form = SessionForm(request.POST or None, initial=initial, school=request.school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session=session,
                actor=request.user,
                version=data["version"],
                venue=data["venue"],
                agenda=data["agenda"],
                materials=data["materials"],
                facilitators=data["facilitators"],
                outside_speaker=data["outside_speaker"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The session was saved."))
            return redirect(_session_url(session))
    return render(
        request,
        "workshops/session_form.html",
        {"form": form, "event": session.event, "session": session},
    )


@login_required
def session_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.view_session", session)
    user = request.user
    can_feedback = user.has_perm("workshops.view_feedback", session)
    participant = services.is_participant(session=session, user=user)
    outputs = SessionOutput.objects.filter(session=session).prefetch_related(
        Prefetch("authors", queryset=User.objects.order_by("full_name"))
    )
    context = {
        "session": session,
        "event": session.event,
        "resources": list(SessionResource.objects.filter(session=session)),
        "outputs": list(outputs),
        "counts": queries.attendance_counts(session),
        "statuses": AttendanceStatus.choices,
        "can_manage": user.has_perm("workshops.manage_session", session),
        "can_add_output": user.has_perm("workshops.add_output", session),
        "can_attend": participant and user.has_perm("workshops.attend_session", session),
        "is_participant": participant,
        "my_attendance": session.attendances.filter(user=user).first(),
        "my_feedback": queries.feedback_of(session, user),
        "has_started": services.session_has_started(session),
        "feedback": queries.feedback_summary(session) if can_feedback else None,
        "followups": _followups_of(request, session),
    }
    return render(request, "workshops/session_detail.html", context)


def _followups_of(request: SchoolHttpRequest, session: WorkshopSession) -> list[Any]:
    """The session's follow-ups: all of them for those who see every item, else one's own."""
    items = followup_queries.items_from_sources(session.school, SESSION_SOURCE, [session.pk]).get(
        str(session.pk), []
    )
    if request.user.has_perm("followups.view_all", session.school):
        return items
    return [i for i in items if i.owner_id == request.user.pk]


@login_required
def attendance(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The one-screen register: one tap per person, each tap saved at once."""
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.manage_session", session)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        error = _("Choose present, late, excused or absent.")
        row = None
        if form.is_valid():
            row = queries.attendance_row(session, form.cleaned_data["participant"])
            if row is None:
                error = str(services.NOT_A_PARTICIPANT)
            else:
                try:
                    record = services.attendance_set(
                        session=session,
                        actor=request.user,
                        participant=row.user,
                        status=form.cleaned_data["status"],
                    )
                except ValidationError as exc:
                    error = " ".join(exc.messages)
                else:
                    error = ""
                    row = queries.AttendanceRow(user=row.user, attendance=record)
        if request.htmx and row is not None:
            return render(
                request,
                "components/attendance_row.html",
                {
                    "person": row.user,
                    "status": row.recorded_status,
                    "saved": row.saved,
                    "action": reverse("workshops:attendance", args=[npsn, session.pk]),
                    "statuses": AttendanceStatus.choices,
                    "error": error,
                },
            )
        if error:
            messages.error(request, error)
        return redirect(reverse("workshops:attendance", args=[npsn, session.pk]))
    rows = queries.attendance_rows(session)
    context = {
        "session": session,
        "event": session.event,
        "rows": rows,
        "unsaved": sum(1 for r in rows if not r.saved),
        "statuses": AttendanceStatus.choices,
        # Attendance is recorded from the session's day on (never for one yet to come).
        "can_record": session.event.date <= timezone.localdate(),
    }
    return render(request, "workshops/attendance.html", context)


@login_required
@require_POST
def attendance_rest_present(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.manage_session", session)
    try:
        count = services.attendance_rest_present_mark(session=session, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d more marked present.") % {"count": count})
    return redirect(reverse("workshops:attendance", args=[npsn, session.pk]))


@login_required
def checkin_code(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """What the facilitator projects: the short code and a QR code of the check-in link."""
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.manage_session", session)
    link = request.build_absolute_uri(
        reverse("workshops:checkin", args=[npsn]) + f"?code={session.checkin_code}"
    )
    qr_svg = segno.make(link, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    start, end = services.session_window(session)
    context = {
        "session": session,
        "event": session.event,
        "link": link,
        "qr_svg": qr_svg,
        "opens": start - services.CHECKIN_OPENS_BEFORE,
        "closes": end,
    }
    return render(request, "workshops/checkin_code.html", context)


@login_required
def checkin(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """A teacher checks in with the code (typed, or from the QR link)."""
    school = request.school
    require_perm(request, "workshops.attend_session", school)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.attendance_check_in(
                school=school, actor=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("You are checked in: %(status)s.") % {"status": record.get_status_display()},
            )
            return redirect(_session_url(record.session))
    today = queries.sessions_today_for_user(request.user)
    context = {"form": form, "today": [s for s in today if s.school_id == school.pk]}
    return render(request, "workshops/checkin.html", context)


@login_required
def feedback(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.attend_session", session)
    existing = queries.feedback_of(session, request.user)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_submit(
                session=session,
                actor=request.user,
                rating=data["rating"],
                comment=data["comment"],
                show_name=data["show_name"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(_session_url(session))
    context = {"form": form, "session": session, "event": session.event, "existing": existing}
    return render(request, "workshops/feedback.html", context)


@login_required
def resource_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.manage_session", session)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_add(
                session=session,
                actor=request.user,
                title=data["title"],
                upload=data["file"],
                url=data["url"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The material was attached."))
            return redirect(_session_url(session))
    context = {
        "form": form,
        "session": session,
        "event": session.event,
        "heading": _("Attach a material"),
    }
    return render(request, "workshops/form_page.html", context)


@login_required
def output_add(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.add_output", session)
    form = OutputForm(
        request.POST or None,
        request.FILES or None,
        initial={"authors": [request.user]},
        school=request.school,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.output_add(
                session=session,
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                authors=data["authors"],
                upload=data["file"],
                url=data["url"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The output was added."))
            return redirect(_session_url(session))
    context = {
        "form": form,
        "session": session,
        "event": session.event,
        "heading": _("Add an output"),
    }
    return render(request, "workshops/form_page.html", context)


def _download(obj: SessionResource | SessionOutput) -> FileResponse:
    return file_response(obj.file, obj.file_name or obj.file.name or "")


@login_required
def resource_download(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> Any:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.view_session", session)
    resource = one_or_404(SessionResource.objects.filter(session=session), item_pk)
    return _download(resource)


@login_required
def output_download(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> Any:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.view_session", session)
    output = one_or_404(SessionOutput.objects.filter(session=session), item_pk)
    return _download(output)


@login_required
@require_POST
def resource_delete(request: SchoolHttpRequest, npsn: str, pk: Any, item_pk: Any) -> HttpResponse:
    session = queries.get_session_for_user(request, pk)
    require_perm(request, "workshops.manage_session", session)
    resource = one_or_404(SessionResource.objects.filter(session=session), item_pk)
    services.resource_delete(resource=resource, actor=request.user)
    messages.success(request, _("The material was removed."))
    return redirect(_session_url(session))
