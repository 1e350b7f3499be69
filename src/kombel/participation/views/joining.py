"""Invitations (made by the school, opened by a parent or community leader), one's own page
(consent, own data, deletion request) and the operator's deletion requests."""

import io
import zipfile
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kombel.core.audit import log_action
from kombel.core.dates import day_text
from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.whatsapp import wa_link
from kombel.participation import consent as consent_text
from kombel.participation import queries, services
from kombel.participation.enums import InvitationStatus
from kombel.participation.forms import (
    DeletionRequestForm,
    InvitationForm,
    JoinExistingForm,
    JoinForm,
)
from kombel.participation.models import Invitation
from kombel.schools.enums import Role
from kombel.schools.http import SchoolHttpRequest

PAGE_SIZE = 20


def _hide_forum(request: SchoolHttpRequest) -> bool:
    """Pages reached without the forum (an operator's): no link to it in the breadcrumbs."""
    return not request.user.has_perm("participation.forum", request.school)


# --- the school's invitations ----------------------------------------------------------------


def _share(request: SchoolHttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """The link of an invitation, shown once: a wa.me message, a QR code for a letter."""
    link = request.build_absolute_uri(reverse("participation_join", args=[token]))
    school = request.school
    until = day_text(invitation.expires_at)  # in the school's time zone, as the letter
    if invitation.role == Role.PARENT:
        text = _(
            "Assalamualaikum, %(name)s. %(school)s invites you to the parents' learning "
            "forum on Kombel. Open this link on your phone to join (valid until %(until)s): "
            "%(link)s"
        )
    else:
        text = _(
            "Assalamualaikum, %(name)s. %(school)s invites you as a community leader "
            "to the learning forum on Kombel. Open this link on your phone to join (valid until "
            "%(until)s): %(link)s"
        )
    message = text % {
        "name": invitation.addressed,
        "school": school.name,
        "until": until,
        "link": link,
    }
    phone = invitation.phone
    wa_phone = ("62" + phone[1:]) if phone.startswith("0") else phone.lstrip("+")
    context = {
        "school": school,
        "invitation": invitation,
        "link": link,
        "message": message,
        "wa": wa_link(message, wa_phone),
        "qr_svg": segno.make(link, error="m").svg_inline(scale=5, dark="#000", light="#fff"),
        "hide_forum": _hide_forum(request),
    }
    return render(request, "participation/invitation_share.html", context)


@login_required
def invitations(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "participation.invite", school)
    form = InvitationForm(request.POST or None, classes=queries.classes_of(school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, token = services.invitation_create(
                actor=request.user,
                school=school,
                role=data["role"],
                name=data["name"],
                phone=data["phone"],
                school_class=data["school_class"],
                child_name=data["child_name"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return _share(request, invitation, token)
    status = request.GET.get("status", "")
    if status not in InvitationStatus.values:
        status = ""
    page = Paginator(queries.invitations_of_school(school, status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "school": school,
        "form": form,
        "page": page,
        "status": status,
        "statuses": InvitationStatus.choices,
        "hide_forum": _hide_forum(request),
        "can_requests": request.user.has_perm("participation.requests", school),
    }
    return render(request, "participation/invitations.html", context)


@login_required
def invitation_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    invitation = queries.get_invitation(request.school, pk)
    require_perm(request, "participation.invite", invitation)
    return render(
        request,
        "participation/invitation_detail.html",
        {"school": request.school, "invitation": invitation, "hide_forum": _hide_forum(request)},
    )


@login_required
@require_POST
def invitation_renew(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    invitation = queries.get_invitation(request.school, pk)
    require_perm(request, "participation.invite", invitation)
    try:
        token = services.invitation_renew(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("participation:invitation", npsn, invitation.pk)
    return _share(request, invitation, token)


@login_required
@require_POST
def invitation_revoke(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    invitation = queries.get_invitation(request.school, pk)
    require_perm(request, "participation.invite", invitation)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation was withdrawn: its link no longer works."))
    return redirect("participation:invitation", npsn, invitation.pk)


# --- opening an invitation (public) ----------------------------------------------------------


@never_cache
def join(request: HttpRequest, token: str) -> HttpResponse:
    """A parent or community leader opens their invitation: name, username, PIN, consent."""
    invitation = services.invitation_for_token(token)
    refusal = services.invitation_refusal(invitation)
    if refusal or invitation is None:
        return render(request, "participation/join_refused.html", {"refusal": refusal}, status=410)
    user = request.user if request.user.is_authenticated else None
    form: JoinForm | JoinExistingForm
    if user is not None:
        form = JoinExistingForm(request.POST or None)
    else:
        form = JoinForm(
            request.POST or None,
            initial={
                "full_name": invitation.name,
                "username": services.suggest_username(invitation),
            },
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            joined = services.invitation_accept(
                token=token,
                consent=data["consent"],
                user=user,
                full_name=data.get("full_name", ""),
                username=data.get("username", ""),
                password=data.get("password", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if user is None:
                login(request, joined, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome! Remember your username: %(username)s")
                    % {"username": joined.username},
                )
            else:
                messages.success(
                    request, _("You have joined %(school)s.") % {"school": invitation.school.name}
                )
            return redirect("home")
    context = {
        "invitation": invitation,
        "school": invitation.school,
        "form": form,
        "consent": consent_text.current(),
        "existing": user,
    }
    return render(request, "participation/join.html", context)


# --- one's own page --------------------------------------------------------------------------


@login_required
def me(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "participation.own_data", school)
    consents = queries.consents_of(school, request.user)
    in_force = next((c for c in consents if c.withdrawn_at is None), None)
    context = {
        "school": school,
        "consents": consents,
        "in_force": in_force,
        "consent": consent_text.text_of(in_force.version) if in_force else consent_text.current(),
        "children": queries.children_of(school, request.user),
        "pending": queries.pending_request(school, request.user),
        "deletion_form": DeletionRequestForm(),
        "is_outsider": bool(request.roles & {Role.PARENT, Role.COMMUNITY_LEADER}),
        "hide_forum": _hide_forum(request),
    }
    return render(request, "participation/me.html", context)


@login_required
@require_POST
def consent_give(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "participation.own_data", request.school)
    services.consent_give(actor=request.user, school=request.school)
    messages.success(request, _("Thank you: your consent is recorded."))
    return redirect("participation:me", npsn)


@login_required
@require_POST
def consent_withdraw(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "participation.own_data", request.school)
    if services.consent_withdraw(actor=request.user, school=request.school):
        messages.success(
            request,
            _(
                "Your consent is withdrawn. What you wrote stays; you take no more part until "
                "you give it again. You may also ask for your data to be deleted."
            ),
        )
    return redirect("participation:me", npsn)


def _own_data_logged(request: SchoolHttpRequest, fmt: str) -> None:
    log_action(
        "participation.data.downloaded",
        actor=request.user,
        school=request.school,
        obj=request.user,
        data={"format": fmt},
    )


@login_required
def own_data_json(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "participation.own_data", request.school)
    body = queries.own_data_json(request.school, request.user)
    _own_data_logged(request, "json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kombel-data-{npsn}.json"'
    return response


@login_required
def own_data_zip(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The data as JSON with the photos one posted, in one ZIP."""
    require_perm(request, "participation.own_data", request.school)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", queries.own_data_json(request.school, request.user))
        for post in queries.own_photos(request.school, request.user):
            try:
                with post.photo.open("rb") as handle:
                    name = (post.photo.name or "photo.jpg").rsplit("/", 1)[-1]
                    archive.writestr(f"photos/{name}", handle.read())
            except FileNotFoundError:
                continue
    _own_data_logged(request, "zip")
    response = HttpResponse(out.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kombel-data-{npsn}.zip"'
    return response


@login_required
@require_POST
def deletion_request(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "participation.own_data", request.school)
    form = DeletionRequestForm(request.POST)
    form.is_valid()
    services.deletion_request(
        actor=request.user, school=request.school, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(
        request, _("Your request is sent: the school's operator will delete your data.")
    )
    return redirect("participation:me", npsn)


# --- deletion requests (operator) ------------------------------------------------------------


@login_required
def requests(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "participation.requests", school)
    page = Paginator(queries.requests_of_school(school), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"school": school, "page": page, "hide_forum": _hide_forum(request)}
    return render(request, "participation/requests.html", context)


@login_required
@require_POST
def request_complete(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    data_request = queries.get_request(request.school, pk)
    require_perm(request, "participation.requests", data_request)
    try:
        services.deletion_complete(actor=request.user, request=data_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The data was deleted; the posts stay without a name."))
    return redirect("participation:requests", npsn)
