"""Pages for a school's people: list, detail, add, edit, roles, roster import."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.accounts.models import User
from kombel.accounts.services import (
    FIRST_LOGIN_CODE_VALIDITY,
    LOGIN_CODE_VALIDITY,
    login_code_link,
    phone_code_link,
)
from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.whatsapp import wa_link
from kombel.core.xlsx import xlsx_response
from kombel.schools import queries, roster, services
from kombel.schools.access import account_change_refusal, grantable_roles
from kombel.schools.enums import Role
from kombel.schools.forms import (
    ROLE_CHOICES,
    MembershipForm,
    PersonCreateForm,
    PersonForm,
    RosterUploadForm,
    TeacherDetailsForm,
)
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import TeacherProfile

PAGE_SIZE = 50


@login_required
def people_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.view_people", school)
    role = request.GET.get("role", "")
    if role not in dict(ROLE_CHOICES):
        role = ""
    search = request.GET.get("q", "").strip()[:100]
    people = queries.people_of_school(school, role=role, search=search)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "school": school,
        "page": page,
        "role": role,
        "search": search,
        "role_choices": ROLE_CHOICES,
        "can_manage": request.user.has_perm("schools.manage_people", school),
    }
    return render(request, "schools/people_list.html", context)


def _teacher_profile(person: User) -> TeacherProfile | None:
    try:
        return person.teacher_profile
    except TeacherProfile.DoesNotExist:
        return None


@login_required
def person_detail(request: SchoolHttpRequest, npsn: str, user_id: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.view_people", school)
    person = queries.get_person_for_school(school, user_id)
    actor = request.user
    can_manage = actor.has_perm("schools.manage_people", school)
    # Shown to those who manage people: why this account is not theirs to change.
    refusal = account_change_refusal(actor, school, person) if can_manage else None
    grantable: frozenset[str] = frozenset()
    if actor.has_perm("schools.grant_roles", school) and actor.pk != person.pk:
        grantable = grantable_roles(actor, school)
    offered = grantable - {m.role for m in person.school_memberships}  # type: ignore[attr-defined]
    context = {
        "school": school,
        "person": person,
        "person_wa_link": wa_link("", phone=person.wa_number) if person.phone else "",
        "profile": _teacher_profile(person),
        "homeroom_classes": queries.classes_of_school(school).filter(homeroom_teacher=person),
        "can_change_account": can_manage and refusal is None,
        "can_send_login_code": can_manage and refusal is None and actor.pk != person.pk,
        "account_refusal": refusal,
        "removable_roles": grantable,
        "membership_form": MembershipForm(roles=offered) if offered else None,
    }
    return render(request, "schools/person_detail.html", context)


@login_required
def person_add(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.manage_people", school)
    form = PersonCreateForm(request.POST or None, roles=grantable_roles(request.user, school))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.person_create(actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            # The password is shown this once, on this response, for the operator to pass on.
            return render(
                request,
                "schools/person_created.html",
                {"school": school, "person": created.user, "password": created.password},
            )
    return render(request, "schools/person_form.html", {"school": school, "form": form})


def _person_to_change(request: SchoolHttpRequest, user_id: str) -> User:
    """A member whose account the user may change through this school; else 403 saying why."""
    require_perm(request, "schools.manage_people", request.school)
    person = queries.get_person_for_school(request.school, user_id)
    refusal = account_change_refusal(request.user, request.school, person)
    if refusal:
        raise PermissionDenied(refusal)
    return person


@login_required
def person_edit(request: SchoolHttpRequest, npsn: str, user_id: str) -> HttpResponse:
    school = request.school
    person = _person_to_change(request, user_id)
    initial = {
        "full_name": person.full_name,
        "phone": person.pending_phone or person.phone,
        "email": person.pending_email or person.email,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.person_update(
                actor=request.user, school=school, user=person, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            if change.email_sent_to:
                messages.info(
                    request,
                    _("%(name)s's new address is used once they open the link sent to %(email)s.")
                    % {"name": person, "email": change.email_sent_to},
                )
            if change.phone_code:
                # The code is shown this once, on this response, for the school to send.
                context = {
                    "school": school,
                    "person": person,
                    "phone": change.phone,
                    "link": phone_code_link(change, person),
                }
                return render(request, "schools/person_code.html", context)
            return redirect("schools:person", npsn=school.npsn, user_id=person.pk)
    context = {"school": school, "form": form, "person": person}
    return render(request, "schools/person_form.html", context)


@login_required
@require_POST
def person_login_code(request: SchoolHttpRequest, npsn: str, user_id: str) -> HttpResponse:
    """A one-time login code for a person who forgot their password, to send by WhatsApp."""
    school = request.school
    person = _person_to_change(request, user_id)
    try:
        code = services.person_login_code_create(actor=request.user, school=school, user=person)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    context = {
        "school": school,
        "person": person,
        "code": code,
        "hours": int(LOGIN_CODE_VALIDITY.total_seconds() // 3600),
        "link": login_code_link(user=person, code=code, valid_for=LOGIN_CODE_VALIDITY),
    }
    return render(request, "schools/person_code.html", context)


@login_required
def teacher_edit(request: SchoolHttpRequest, npsn: str, user_id: str) -> HttpResponse:
    school = request.school
    person = _person_to_change(request, user_id)
    profile = _teacher_profile(person)
    initial: dict[str, Any] = {"version": profile.version if profile else None}
    if profile is not None:
        initial.update(
            nuptk=profile.nuptk,
            nip=profile.nip,
            subjects=list(profile.subjects.all()),
            grades=profile.grades,
        )
    form = TeacherDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.teacher_details_update(
                actor=request.user, school=school, user=person, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Teacher details saved."))
            return redirect("schools:person", npsn=school.npsn, user_id=person.pk)
    context = {"school": school, "form": form, "person": person, "teacher": True}
    return render(request, "schools/person_form.html", context)


@login_required
def membership_add(request: SchoolHttpRequest, npsn: str, user_id: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.grant_roles", school)
    person = queries.get_person_for_school(school, user_id)
    if person.pk == request.user.pk:
        raise PermissionDenied(_("Nobody changes their own roles: ask someone else."))
    held = {m.role for m in person.school_memberships}  # type: ignore[attr-defined]
    form = MembershipForm(request.POST or None, roles=grantable_roles(request.user, school) - held)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_create(
                actor=request.user, school=school, user=person, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Role added."))
            return redirect("schools:person", npsn=school.npsn, user_id=person.pk)
    context = {"school": school, "form": form, "person": person, "membership": True}
    return render(request, "schools/person_form.html", context)


@login_required
@require_POST
def membership_remove(request: SchoolHttpRequest, npsn: str, membership_id: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.grant_roles", school)
    membership = queries.get_membership_for_school(school, membership_id)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s no longer has the role %(role)s.")
            % {"name": membership.user, "role": Role(membership.role).label},
        )
    return redirect("schools:person", npsn=school.npsn, user_id=membership.user_id)


@login_required
def roster_upload(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.manage_people", school)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"school": school, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = roster.read_rows(upload, upload.name)
        except roster.RosterFileError as exc:
            form.add_error("file", str(exc))
        else:
            result = roster.roster_import(actor=request.user, school=school, rows=rows)
            context["result"] = result
            if result.errors:
                form.add_error(None, _("Nothing was imported: correct the rows below and retry."))
            # Shown this once: the login codes of the new people, the codes of new numbers.
            week = FIRST_LOGIN_CODE_VALIDITY
            context["created"] = [
                (person, code, login_code_link(user=person, code=code, valid_for=week))
                for person, code in result.created
            ]
            context["new_numbers"] = [
                (person, change, phone_code_link(change, person))
                for person, change in result.new_numbers
            ]
    return render(request, "schools/roster_upload.html", context)


@login_required
def roster_template(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "schools.manage_people", request.school)
    return xlsx_response(roster.template_xlsx(), "kombel-roster-template.xlsx")
