"""Pages of interviews (evaluators only) and of the documentation gallery."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.uploads import file_response
from kombel.evaluation import queries
from kombel.evaluation.enums import ActivityKind
from kombel.evaluation.forms import DocumentationForm, InterviewForm
from kombel.evaluation.models import DocumentationItem, Interview
from kombel.evaluation.services import records
from kombel.schools.http import SchoolHttpRequest


@login_required
def interview_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "evaluation.evaluate", request.school)
    interviews = list(
        Interview.objects.filter(school=request.school).select_related("programme", "interviewer")
    )
    return render(request, "evaluation/interview_list.html", {"interviews": interviews})


INTERVIEW_FIELDS = (
    "held_on",
    "interviewee_role",
    "interviewee",
    "consent_given",
    "consent_note",
    "transcript",
    "audio",
)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in INTERVIEW_FIELDS}


def _interview_form(request: SchoolHttpRequest, initial: dict[str, Any]) -> InterviewForm:
    return InterviewForm(
        request.POST or None, request.FILES or None, initial=initial, school=request.school
    )


@login_required
def interview_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "evaluation.evaluate", request.school)
    form = _interview_form(request, {})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            interview = records.interview_create(
                programme=d["programme"], actor=request.user, **_fields(d)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The interview was recorded."))
            return redirect(reverse("evaluation:interview", args=[npsn, interview.pk]))
    context = {"form": form, "heading": _("Record an interview"), "autosave_key": "interview"}
    return render(request, "evaluation/form_page.html", context)


@login_required
def interview_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    interview = queries.get_interview(request.school, pk)
    require_perm(request, "evaluation.evaluate", interview)
    return render(request, "evaluation/interview_detail.html", {"interview": interview})


@login_required
def interview_edit(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    interview = queries.get_interview(request.school, pk)
    require_perm(request, "evaluation.evaluate", interview)
    initial = {name: getattr(interview, name) for name in INTERVIEW_FIELDS if name != "audio"}
    initial["version"] = interview.version
    form = _interview_form(request, initial)
    del form.fields["programme"]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            records.interview_update(
                interview=interview, actor=request.user, version=d["version"], **_fields(d)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The interview was saved."))
            return redirect(reverse("evaluation:interview", args=[npsn, interview.pk]))
    context = {"form": form, "heading": str(interview), "autosave_key": f"interview-{pk}"}
    return render(request, "evaluation/form_page.html", context)


@login_required
def interview_audio(request: SchoolHttpRequest, npsn: str, pk: Any) -> Any:
    interview = queries.get_interview(request.school, pk)
    require_perm(request, "evaluation.evaluate", interview)
    return file_response(interview.audio, interview.audio_name or "wawancara")


@login_required
def gallery(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Photos and files of the activities, programme by programme, newest first."""
    require_perm(request, "evaluation.view_results", request.school)
    items = list(
        DocumentationItem.objects.filter(school=request.school)
        .select_related("programme")
        .order_by("-programme__start", "programme_id", "-taken_on", "-created_at")
    )
    linked = {d.observation_id for d in items if d.observation_id}
    links = queries.activity_links(request.school, request.user, items)
    for d in items:  # the workshop session's or meeting's page, for those who may open it
        d.page_link = links.get(d.pk, "")  # type: ignore[attr-defined]
    context = {
        "items": items,
        "can_add": request.user.has_perm("evaluation.evaluate", request.school),
        # a link to an observation only for those who may open it
        "openable": set(
            queries.openable_observations(request.school, request.user, linked).values_list(
                "pk", flat=True
            )
        )
        if linked
        else set(),
    }
    return render(request, "evaluation/gallery.html", context)


@login_required
def documentation_add(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "evaluation.evaluate", request.school)
    form = DocumentationForm(
        request.POST or None,
        request.FILES or None,
        school=request.school,
        observations=queries.openable_observations(request.school, request.user).order_by(
            "-starts_at"
        ),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kind, activity_id = d["activity_kind"], d["activity_id"]
        if d.get("workshop_session"):
            kind, activity_id = ActivityKind.WORKSHOP, d["workshop_session"].pk
        elif d.get("meeting"):
            kind, activity_id = ActivityKind.MEETING, d["meeting"].pk
        try:
            records.documentation_add(
                programme=d["programme"],
                actor=request.user,
                upload=d["file"],
                caption=d["caption"],
                taken_on=d["taken_on"],
                activity_kind=kind,
                activity_id=activity_id,
                activity_label=d["activity_label"],
                observation=d.get("observation"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The documentation was added."))
            return redirect(reverse("evaluation:gallery", args=[npsn]))
    return render(
        request,
        "evaluation/form_page.html",
        {"form": form, "heading": _("Add documentation"), "autosave_key": "documentation"},
    )


VARIANTS = {"original", "display", "thumbnail"}


@login_required
def documentation_file(request: SchoolHttpRequest, npsn: str, pk: Any, variant: str) -> Any:
    """The original as uploaded, or (photos) the copies sized for phones."""
    item = queries.get_documentation(request.school, pk)
    require_perm(request, "evaluation.view_results", item)
    if variant not in VARIANTS:
        raise Http404
    field = getattr(item, variant)
    name = item.file_name if variant == "original" else f"{variant}-{item.pk}.jpg"
    response = file_response(field, name)
    if variant != "original":
        response["Content-Disposition"] = "inline"
    return response
