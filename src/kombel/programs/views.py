"""Programme pages: resolve, authorize, call a service or query, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kombel.core.dates import day_text
from kombel.core.extensions import event_links
from kombel.core.forms import apply_service_errors
from kombel.core.http import one_or_404, require_perm
from kombel.core.whatsapp import wa_link
from kombel.programs import queries, services
from kombel.programs.enums import ENDED, ProgrammeStatus
from kombel.programs.forms import AddPeopleForm, AddRoleForm, ClosureForm, EventForm, ProgrammeForm
from kombel.programs.ical import calendar_bytes, google_calendar_url, ics_response, webcal_url
from kombel.programs.models import Participant, Programme, SchoolClosure
from kombel.programs.reminders import (
    audience_for,
    event_whatsapp_link,
    event_whatsapp_text,
    programme_ended_whatsapp_text,
)
from kombel.schools.http import SchoolHttpRequest


def _programme_initial(programme: Programme) -> dict[str, Any]:
    names = [
        "title",
        "description",
        "goals",
        "semester",
        "start",
        "end",
        "status",
        "workshop_weekdays",
        "workshop_start",
        "workshop_end",
        "locations",
        "community_interval_weeks",
        "community_weekday",
        "monthly_evaluation",
        "version",
    ]
    initial = {name: getattr(programme, name) for name in names}
    initial["materials"] = list(programme.materials.all())
    return initial


@login_required
def programme_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "programs.view_programme", school)
    programmes = list(queries.programmes_for_user(school, request.user))
    context = {
        "programmes": [p for p in programmes if p.status != ProgrammeStatus.ARCHIVED],
        "archived": [p for p in programmes if p.status == ProgrammeStatus.ARCHIVED],
        "can_manage": request.user.has_perm("programs.manage_programme", school),
    }
    return render(request, "programs/programme_list.html", context)


@login_required
def programme_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "programs.manage_programme", school)
    form = ProgrammeForm(
        request.POST or None,
        initial={
            "community_interval_weeks": 2,
            "community_weekday": 4,
            "workshop_weekdays": [1, 3],
            "workshop_start": "13:30",
            "workshop_end": "15:30",
            "monthly_evaluation": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a programme whose calendar is refused is not kept
                programme = services.programme_create(
                    school=school, actor=request.user, generate=False, **form.service_kwargs()
                )
                calendar = services.calendar_generate(programme=programme, actor=request.user)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The programme and its calendar were created."))
            _say_skipped(request, calendar.skipped)
            return redirect("programs:programme_detail", npsn, programme.pk)
    return render(
        request,
        "programs/programme_form.html",
        {"form": form, "title": _("New programme"), "autosave_key": "programme-new"},
    )


@login_required
def programme_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    programme = queries.get_programme_for_user(request, pk)
    require_perm(request, "programs.view_programme", programme)
    events = list(queries.events_of_programme(programme))
    months = queries.calendar_by_month(events)
    month, month_events = queries.month_page(months, request.GET.get("month"), timezone.localdate())
    feed_url = request.build_absolute_uri(reverse("feeds:programme", args=[programme.feed_token]))
    user_feed_url = request.build_absolute_uri(
        reverse("feeds:user", args=[request.user.feed_token])
    )
    # A webcal:// address subscribes (an https .ics one only downloads), with the how-to page.
    share = _("Calendar of %(title)s: %(url)s\nHow to add it to your phone: %(help)s") % {
        "title": programme.title,
        "url": webcal_url(feed_url),
        "help": request.build_absolute_uri(reverse("feeds:help")),
    }
    context = {
        "programme": programme,
        "materials": list(programme.materials.all()),
        "participants_by_role": queries.participants_by_role(programme),
        # A long calendar is shown one month at a time, with every month named above it.
        "months": [(m, len(e)) for m, e in months],
        "month": month,
        "month_events": month_events,
        "event_count": len(events),
        "feed_url": feed_url,
        "user_feed_url": user_feed_url,
        "user_feed_webcal": webcal_url(user_feed_url),
        "user_feed_google": google_calendar_url(user_feed_url),
        "share_link": wa_link(share),
        "ended_link": (
            wa_link(programme_ended_whatsapp_text(programme)) if programme.status in ENDED else ""
        ),
        "can_manage": request.user.has_perm("programs.manage_programme", programme),
    }
    return render(request, "programs/programme_detail.html", context)


def _programme_action(request: SchoolHttpRequest, npsn: str, pk: Any, action: str) -> HttpResponse:
    """End, archive or delete a programme (each asked first on the programme's page)."""
    programme = queries.get_programme_for_user(request, pk)
    require_perm(request, "programs.manage_programme", programme)
    version = request.POST.get("version") or None
    service, done = {
        "end": (services.programme_end, _("The programme was ended; everything recorded is kept.")),
        "archive": (
            services.programme_archive,
            _("The programme was archived; everything recorded is kept."),
        ),
        "delete": (services.programme_delete, _("The draft programme was deleted.")),
    }[action]
    try:
        service(programme=programme, actor=request.user, version=int(version) if version else None)
    except (ValidationError, ValueError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
        return redirect("programs:programme_detail", npsn, programme.pk)
    messages.success(request, done)
    if action == "delete":
        return redirect("programs:programme_list", npsn)
    return redirect("programs:programme_detail", npsn, programme.pk)


@login_required
@require_POST
def programme_end(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    return _programme_action(request, npsn, pk, "end")


@login_required
@require_POST
def programme_archive(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    return _programme_action(request, npsn, pk, "archive")


@login_required
@require_POST
def programme_delete(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    return _programme_action(request, npsn, pk, "delete")


@login_required
def programme_edit(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    programme = queries.get_programme_for_user(request, pk)
    require_perm(request, "programs.manage_programme", programme)
    form = ProgrammeForm(request.POST or None, initial=_programme_initial(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                programme=programme,
                actor=request.user,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("programs:programme_detail", npsn, programme.pk)
    return render(
        request,
        "programs/programme_form.html",
        {
            "form": form,
            "programme": programme,
            "title": _("Edit programme"),
            "autosave_key": f"programme-{programme.pk}",
        },
    )


@login_required
@require_POST
def programme_regenerate(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    programme = queries.get_programme_for_user(request, pk)
    require_perm(request, "programs.manage_programme", programme)
    result = services.calendar_generate(programme=programme, actor=request.user)
    messages.success(
        request,
        _(
            "Calendar updated: %(created)d added, %(updated)d changed, %(removed)d removed, "
            "%(kept)d edited by hand kept."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "removed": result.removed,
            "kept": result.kept,
        },
    )
    _say_skipped(request, result.skipped)
    return redirect("programs:programme_detail", npsn, programme.pk)


def _say_skipped(request: SchoolHttpRequest, skipped: list[tuple[Any, str]]) -> None:
    """Name the days the calendar left without their activity (a holiday, a closure)."""
    for day, reason in skipped:
        messages.info(
            request,
            _("No activity on %(date)s: %(reason)s.") % {"date": day_text(day), "reason": reason},
        )


@login_required
def participants(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    programme = queries.get_programme_for_user(request, pk)
    require_perm(request, "programs.view_programme", programme)
    can_manage = request.user.has_perm("programs.manage_programme", programme)
    # Two forms: everyone of a role at once, or people picked one by one.
    posted = request.POST if request.method == "POST" else None
    form = AddRoleForm(posted if posted and "role" in posted else None)
    people_form = AddPeopleForm(
        posted if posted and "role" not in posted else None,
        candidates=queries.participant_candidates(programme),
    )
    if posted is not None:
        require_perm(request, "programs.manage_programme", programme)
        bound = form if form.is_bound else people_form
        if bound.is_valid():
            try:
                if bound is form:
                    role = form.cleaned_data["role"]
                    added = services.participants_add_role(
                        programme=programme, actor=request.user, role=role
                    )
                else:
                    added = services.participants_add(
                        programme=programme,
                        actor=request.user,
                        users=people_form.cleaned_data["users"],
                    )
            except ValidationError as e:
                apply_service_errors(bound, e)
            else:
                messages.success(request, _("%(n)d people added.") % {"n": len(added)})
                return redirect("programs:participants", npsn, programme.pk)
    context = {
        "programme": programme,
        "participants": list(queries.participants_of_programme(programme)),
        "form": form,
        "people_form": people_form,
        "can_manage": can_manage,
    }
    return render(request, "programs/participants.html", context)


@login_required
@require_POST
def participant_remove(
    request: SchoolHttpRequest, npsn: str, pk: Any, participant_pk: Any
) -> HttpResponse:
    programme = queries.get_programme_for_user(request, pk)
    participant = one_or_404(
        Participant.objects.filter(programme=programme).select_related("programme__school"),
        participant_pk,
    )
    require_perm(request, "programs.manage_programme", programme)
    services.participant_remove(participant=participant, actor=request.user)
    messages.success(request, _("%(name)s no longer takes part.") % {"name": participant.user})
    return redirect("programs:participants", npsn, programme.pk)


@login_required
def event_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    event = queries.get_event_for_user(request, pk)
    require_perm(request, "programs.view_event", event)
    # After a notice to everyone invited: the WhatsApp button carries the same message.
    notice = request.session.pop(f"event_notice:{event.pk}", "")
    context = {
        "event": event,
        "wa_link": event_whatsapp_link(event, notice),
        "wa_text": event_whatsapp_text(event),
        "notice_sent": bool(notice),
        "can_manage": request.user.has_perm("programs.manage_event", event),
        "links": event_links(event, request.user),
    }
    if context["can_manage"]:  # said before cancelling or sending a notice
        context["invited"] = len(audience_for(event))
    return render(request, "programs/event_detail.html", context)


@login_required
def event_ics(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    event = queries.get_event_for_user(request, pk)
    require_perm(request, "programs.view_event", event)
    return ics_response(calendar_bytes([event], event.title), f"kombel-{event.date}.ics")


@login_required
def event_edit(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    event = queries.get_event_for_user(request, pk)
    require_perm(request, "programs.manage_event", event)
    initial = {
        name: getattr(event, name)
        for name in (
            "title",
            "date",
            "start_time",
            "end_time",
            "location",
            "description",
            "invites_all",
        )
    }
    initial["version"] = event.version
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                event=event,
                actor=request.user,
                version=form.cleaned_data["version"],
                confirm=form.cleaned_data["confirm"],
                **form.service_kwargs(),
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("programs:event_detail", npsn, event.pk)
    return render(
        request,
        "programs/event_form.html",
        {"form": form, "event": event, "autosave_key": f"event-{event.pk}"},
    )


@login_required
@require_POST
def event_cancel(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    event = queries.get_event_for_user(request, pk)
    require_perm(request, "programs.manage_event", event)
    try:
        services.event_cancel(
            event=event, actor=request.user, version=request.POST.get("version") or None
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _(
                "The activity was cancelled. The people invited are told in Kombel, and by "
                "e-mail where they have an address; send the WhatsApp message to the group too."
            ),
        )
    return redirect("programs:event_detail", npsn, event.pk)


@login_required
@require_POST
def event_notice(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """One tap: a notice to everyone invited (in Kombel, e-mail where they have an address);
    the event page then offers it as a WhatsApp message for the group."""
    event = queries.get_event_for_user(request, pk)
    require_perm(request, "programs.manage_event", event)
    message = request.POST.get("message", "")
    try:
        told = services.event_notice_send(event=event, actor=request.user, message=message)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        request.session[f"event_notice:{event.pk}"] = message.strip() or _("Reminder")
        messages.success(
            request,
            ngettext(
                "%(n)d person invited was told in Kombel, and by e-mail where they have an "
                "address. Send it to the WhatsApp group too.",
                "%(n)d people invited were told in Kombel, and by e-mail where they have an "
                "address. Send it to the WhatsApp group too.",
                told,
            )
            % {"n": told},
        )
    return redirect("programs:event_detail", npsn, event.pk)


@login_required
def closures(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "programs.view_programme", school)
    form = ClosureForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "programs.manage_programme", school)
        if form.is_valid():
            try:
                services.closure_add(school=school, actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                apply_service_errors(form, e)
            else:
                messages.success(request, _("The day was marked as closed."))
                return redirect("programs:closures", npsn)
    context = {
        "closures": list(queries.closures_of_school(school)),
        "form": form,
        "can_manage": request.user.has_perm("programs.manage_programme", school),
    }
    return render(request, "programs/closures.html", context)


@login_required
@require_POST
def closure_remove(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    closure = one_or_404(SchoolClosure.objects.filter(school=request.school), pk)
    require_perm(request, "programs.manage_programme", closure)
    services.closure_remove(closure=closure, actor=request.user)
    messages.success(request, _("The closure was removed."))
    return redirect("programs:closures", npsn)
