"""The learning forum: spaces, threads (small pages for slow phones), replies, photos,
moderation and reports."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.uploads import photo_response
from kombel.participation import queries, services
from kombel.participation.enums import SpaceKind
from kombel.participation.forms import (
    PostForm,
    ProgrammeSpacesForm,
    ReasonForm,
    SpaceForm,
    ThreadForm,
)
from kombel.participation.models import Post, Space, Thread
from kombel.schools.http import SchoolHttpRequest


def _require_space(request: SchoolHttpRequest, space: Space) -> None:
    """403 with the reason for a space one does not belong to (a class not one's child's, a
    programme of another school year)."""
    require_perm(request, "participation.forum", request.school)
    if not request.user.has_perm("participation.view_space", space):
        if space.kind == SpaceKind.CLASS:
            raise PermissionDenied(_("This forum space is for the parents of another class."))
        if space.programme is not None:
            raise PermissionDenied(
                _(
                    "This forum space is for the parents of the programme %(programme)s, "
                    "whose children are in its school year."
                )
                % {"programme": space.programme.title}
            )
        raise PermissionDenied(_("This forum space is not open to you."))


def _consent_redirect(request: SchoolHttpRequest) -> HttpResponse | None:
    if services.needs_consent(request.school, request.user):
        messages.warning(
            request,
            _("You have withdrawn your consent: give it again here to take part in the forum."),
        )
        return redirect("participation:me", request.school.npsn)
    return None


@login_required
def forum(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The spaces one belongs to; the facilitator team adds spaces here."""
    school = request.school
    require_perm(request, "participation.forum", school)
    if (to_consent := _consent_redirect(request)) is not None:
        return to_consent
    can_moderate = request.user.has_perm("participation.moderate", school)
    choices = {"classes": queries.classes_of(school), "programmes": queries.programmes_of(school)}
    setup_posted = request.method == "POST" and "setup-programme" in request.POST
    form = SpaceForm(None if setup_posted else request.POST or None, **choices)
    setup = ProgrammeSpacesForm(request.POST if setup_posted else None, **choices)
    if request.method == "POST":
        require_perm(request, "participation.moderate", school)
        if setup_posted and setup.is_valid():
            try:
                made = services.programme_spaces_create(
                    actor=request.user,
                    programme=setup.cleaned_data["programme"],
                    classes=list(setup.cleaned_data["classes"]),
                )
            except ValidationError as exc:
                apply_service_errors(setup, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d forum space made.", "%(count)d forum spaces made.", len(made)
                    )
                    % {"count": len(made)}
                    if made
                    else _("The programme has these spaces already."),
                )
                return redirect("participation:forum", npsn)
        elif not setup_posted and form.is_valid():
            data = form.cleaned_data
            try:
                space = services.space_create(
                    actor=request.user,
                    school=school,
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    school_class=data["school_class"],
                    programme=data["programme"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("participation:space", npsn, space.pk)
    context = {
        "school": school,
        "spaces": list(queries.spaces_for_user(school, request.user)),
        "form": form if can_moderate else None,
        "setup": setup if can_moderate else None,
        "can_moderate": can_moderate,
        "can_invite": request.user.has_perm("participation.invite", school),
        "can_feedback": request.user.has_perm("participation.feedback_give", school),
        "can_read_feedback": request.user.has_perm("participation.feedback_view", school),
        "can_input": request.user.has_perm("participation.input_give", school)
        or request.user.has_perm("participation.input_answer", school),
        "can_figures": request.user.has_perm("participation.figures", school),
        "can_meetings": request.user.has_perm("participation.meetings", school),
        "open_reports": queries.open_reports(school).count() if can_moderate else 0,
    }
    return render(request, "participation/forum.html", context)


@login_required
def space(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    space = queries.get_space(request.school, pk)
    _require_space(request, space)
    if (to_consent := _consent_redirect(request)) is not None:
        return to_consent
    can_moderate = request.user.has_perm("participation.moderate", space)
    threads = queries.threads_of_space(space, request.user, can_moderate)
    page = Paginator(threads, queries.THREADS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"school": request.school, "space": space, "page": page, "can_moderate": can_moderate}
    return render(request, "participation/space.html", context)


@login_required
def thread_create(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    space = queries.get_space(request.school, pk)
    _require_space(request, space)
    if (to_consent := _consent_redirect(request)) is not None:
        return to_consent
    can_pin = request.user.has_perm("participation.moderate", space)
    form = ThreadForm(request.POST or None, request.FILES or None, can_pin=can_pin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                actor=request.user,
                space=space,
                title=data["title"],
                body=data["body"],
                link=data["link"],
                photo=data["photo"],
                pinned=bool(data.get("pinned")),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("participation:thread", npsn, thread.pk)
    context = {"school": request.school, "space": space, "form": form}
    return render(request, "participation/thread_form.html", context)


def _thread_context(request: SchoolHttpRequest, thread: Thread, form: PostForm) -> dict[str, Any]:
    can_moderate = request.user.has_perm("participation.moderate", thread)
    if thread.is_hidden and not can_moderate and thread.author_id != request.user.pk:
        raise Http404
    page = Paginator(queries.posts_of_thread(thread), queries.POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "school": request.school,
        "thread": thread,
        "space": thread.space,
        "page": page,
        "form": form,
        "can_moderate": can_moderate,
        "can_reply": not thread.is_locked and not thread.is_hidden,
    }


@login_required
def thread(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """A thread, a small page of posts at a time, the reply form at the end."""
    thread = queries.get_thread(request.school, pk)
    _require_space(request, thread.space)
    if (to_consent := _consent_redirect(request)) is not None:
        return to_consent
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_create(
                actor=request.user,
                thread=thread,
                body=data["body"],
                link=data["link"],
                photo=data["photo"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            last = (thread.reply_count // queries.POSTS_PER_PAGE) + 1
            return redirect(
                reverse("participation:thread", args=[npsn, thread.pk]) + f"?page={last}#end"
            )
    return render(request, "participation/thread.html", _thread_context(request, thread, form))


@login_required
@require_POST
def thread_flag(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    thread = queries.get_thread(request.school, pk)
    require_perm(request, "participation.moderate", thread)
    action = request.POST.get("action", "")
    flags = {
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
        "lock": {"locked": True},
        "unlock": {"locked": False},
    }
    if action in flags:
        services.thread_flag(actor=request.user, thread=thread, **flags[action])
    return redirect("participation:thread", npsn, thread.pk)


@login_required
def post_hide(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    post = queries.get_post(request.school, pk)
    require_perm(request, "participation.moderate", post)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The post is hidden; its author sees why."))
            return redirect("participation:thread", npsn, post.thread_id)
    context = {"school": request.school, "post": post, "form": form, "hide": True}
    return render(request, "participation/post_reason.html", context)


@login_required
@require_POST
def post_show(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    post = queries.get_post(request.school, pk)
    require_perm(request, "participation.moderate", post)
    services.post_show(actor=request.user, post=post)
    return redirect("participation:thread", npsn, post.thread_id)


@login_required
def post_report(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    post = queries.get_post(request.school, pk)
    _require_space(request, post.thread.space)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the facilitator team will look at it."))
            return redirect("participation:thread", npsn, post.thread_id)
    context = {"school": request.school, "post": post, "form": form, "hide": False}
    return render(request, "participation/post_reason.html", context)


@login_required
def post_photo(request: SchoolHttpRequest, npsn: str, pk: Any, variant: str) -> FileResponse:
    """A post's photo, for the members of its space only (children may be in it)."""
    post = queries.get_post(request.school, pk)
    _require_space(request, post.thread.space)
    can_moderate = request.user.has_perm("participation.moderate", post)
    if post.is_hidden and not can_moderate and post.author_id != request.user.pk:
        raise Http404
    return photo_response(post.thumbnail if variant == "thumb" else post.photo)


@login_required
def moderation(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Reports waiting for the facilitator team."""
    school = request.school
    require_perm(request, "participation.moderate", school)
    page = Paginator(queries.open_reports(school), 20).get_page(request.GET.get("page"))
    return render(request, "participation/moderation.html", {"school": school, "page": page})


@login_required
@require_POST
def report_resolve(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    report = queries.get_report(request.school, pk)
    require_perm(request, "participation.moderate", report)
    services.report_resolve(actor=request.user, report=report)
    messages.success(request, _("The post stays; the report is closed."))
    return redirect("participation:moderation", npsn)


def post_anchor(post: Post) -> str:
    return f"post-{post.pk}"
