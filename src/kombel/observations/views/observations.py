"""Pages of observations: the list, planning, the observation page (its stage and who acts
next), capture (a plain form that the capture script turns into an offline sheet), release,
discussion, reflection."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.uploads import photo_response
from kombel.followups.queries import items_from_sources
from kombel.observations import queries
from kombel.observations.enums import OBSERVATION_SOURCE, STAGE_ORDER, ItemKind, Stage
from kombel.observations.forms import DebriefForm, PlanForm, PrepareForm, ReflectionForm
from kombel.observations.models import Observation
from kombel.observations.services import observations as services
from kombel.schools.http import SchoolHttpRequest


def _detail(npsn: str, observation: Observation) -> HttpResponse:
    return redirect(reverse("observations:detail", args=[npsn, observation.pk]))


@login_required
def index(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.list", request.school)
    user, school = request.user, request.school
    page = Paginator(queries.observations_for_user(school, user), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "can_plan": user.has_perm("observations.plan", school),
        "can_instruments": user.has_perm("observations.view_instruments", school),
        "can_view_all": user.has_perm("observations.view_all", school),
        "can_visits": user.has_perm("observations.view_visits", school),
        "can_cycles": user.has_perm("observations.view_cycles", school),
        "can_import": user.has_perm("observations.import", school),
        # "My growth": a teacher of this school (the growth page is of teachers).
        "can_mine": queries.teachers_of(school).filter(pk=user.pk).exists(),
    }
    return render(request, "observations/index.html", context)


@login_required
def plan(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.plan", request.school)
    initial = {"cycle": request.GET.get("cycle")} if request.GET.get("cycle") else {}
    form = PlanForm(request.POST or None, school=request.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            observation = services.observation_plan(
                school=request.school,
                actor=request.user,
                version=d["version"],
                teacher=d["teacher"],
                observers=list(d["observers"]),
                starts_at=d["starts_at"],
                minutes=d["minutes"],
                school_class=d["school_class"],
                subject=d["subject"],
                focus=d["focus"],
                cycle=d["cycle"],
                lesson_plan=d["lesson_plan"],
            )
        except ValidationError as exc:
            if any(e.code == "forbidden" for e in exc.error_list):
                raise PermissionDenied(exc.messages[0]) from exc
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The observation was planned."))
            return _detail(npsn, observation)
    context = {"form": form, "heading": _("Plan an observation"), "autosave_key": "plan"}
    return render(request, "observations/form_page.html", context)


@login_required
def detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The observation: its stage, who acts next, and what the user may see and do."""
    user, school = request.user, request.school
    observation = queries.get_observation(school, pk)
    require_perm(request, "observations.view_observation", observation)
    can_scores = user.has_perm("observations.view_scores", observation)
    can_run = user.has_perm("observations.run", observation)
    can_respond = user.has_perm("observations.respond", observation)
    stage_index = STAGE_ORDER.index(observation.stage)
    context: dict[str, Any] = {
        "observation": observation,
        "stages": [
            (s, label, i < stage_index, i == stage_index)
            for i, (s, label) in enumerate(Stage.choices)
        ],
        "actors": queries.next_actors(observation),
        "my_record": queries.my_record(observation, user),
        "can_record": user.has_perm("observations.record", observation),
        "can_scores": can_scores,
        "can_run": can_run,
        "can_respond": can_respond,
        "records": _record_rows(observation) if can_scores else [],
        "english": queries.english(),
        "can_advance": _can_advance(user, observation),
        "followups": items_from_sources(school, OBSERVATION_SOURCE, [observation.pk]).get(
            str(observation.pk), []
        ),
        "plan_link": reverse("lessons:plan", args=[npsn, observation.lesson_plan_id])
        if observation.lesson_plan_id
        and user.has_perm("lessons.view_plan", observation.lesson_plan)
        else "",
        "cycle_link": reverse("observations:cycle", args=[npsn, observation.cycle_id])
        if observation.cycle_id and user.has_perm("observations.view_cycles", school)
        else "",
    }
    if can_scores and len(observation.records.all()) > 1:
        context["disagreement_link"] = reverse(
            "observations:disagreement", args=[npsn, observation.pk]
        )
    if can_respond and observation.stage == Stage.PREPARATION:
        context["prepare_form"] = PrepareForm(
            initial={
                "version": observation.version,
                "focus": observation.focus,
                "teacher_plan": observation.teacher_plan,
            }
        )
    if can_run and stage_index >= STAGE_ORDER.index(Stage.DISCUSSION):
        context["debrief_form"] = DebriefForm(
            initial={"version": observation.version, "debrief": observation.debrief}
        )
    if can_respond and stage_index >= STAGE_ORDER.index(Stage.ACTION):
        context["reflection_form"] = ReflectionForm(
            initial={"version": observation.version, "reflection": observation.reflection}
        )
    return render(request, "observations/detail.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _can_advance(user: Any, observation: Observation) -> bool:
    if observation.stage == Stage.DONE:
        return False
    if observation.stage in (Stage.PREPARATION, Stage.REFLECTION) and user.has_perm(
        "observations.respond", observation
    ):
        return True
    return bool(user.has_perm("observations.run", observation))


def _record_rows(observation: Observation) -> list[tuple[Any, list[Any]]]:
    """Each observer's record as (record view, [(section, [(item, score)])])."""
    sheet = queries.sheet(observation.instrument_version)
    rows = []
    for view in queries.records_of(observation):
        sections = [
            (s.section, [(item, view.scores.get(item.pk)) for item in s.items]) for s in sheet
        ]
        rows.append((view, sections))
    return rows


def _run_service(
    request: SchoolHttpRequest, npsn: str, observation: Observation, call: Any, ok: str
) -> HttpResponse:
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, ok)
    return _detail(npsn, observation)


@login_required
@require_POST
def advance(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    respond = observation.stage in (Stage.PREPARATION, Stage.REFLECTION)
    if not (respond and request.user.has_perm("observations.respond", observation)):
        require_perm(request, "observations.run", observation)
    return _run_service(
        request,
        npsn,
        observation,
        lambda: services.observation_advance(
            observation=observation, actor=request.user, version=_int(request.POST.get("version"))
        ),
        _("The observation moved to its next stage."),
    )


@login_required
@require_POST
def release(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.run", observation)
    return _run_service(
        request,
        npsn,
        observation,
        lambda: services.observation_release(observation=observation, actor=request.user),
        _("The teacher can now see the scores and notes."),
    )


@login_required
@require_POST
def share(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.respond", observation)
    shared = request.POST.get("shared") == "1"
    return _run_service(
        request,
        npsn,
        observation,
        lambda: services.observation_share(
            observation=observation, actor=request.user, shared=shared
        ),
        _("Shared with the school's teachers.") if shared else _("No longer shared."),
    )


@login_required
@require_POST
def prepare(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    if not request.user.has_perm("observations.respond", observation):
        require_perm(request, "observations.run", observation)
    form = PrepareForm(request.POST)
    if not form.is_valid():
        return _detail(npsn, observation)
    d = form.cleaned_data
    return _run_service(
        request,
        npsn,
        observation,
        lambda: services.observation_prepare(
            observation=observation,
            actor=request.user,
            version=d["version"],
            focus=d["focus"],
            teacher_plan=d["teacher_plan"],
        ),
        _("The preparation was saved."),
    )


@login_required
@require_POST
def debrief(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.run", observation)
    form = DebriefForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the discussion agreed."))
        return _detail(npsn, observation)
    d = form.cleaned_data
    return _run_service(
        request,
        npsn,
        observation,
        lambda: services.debrief_save(
            observation=observation, actor=request.user, version=d["version"], debrief=d["debrief"]
        ),
        _("The discussion was saved."),
    )


@login_required
@require_POST
def reflect(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.respond", observation)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your reflection."))
        return _detail(npsn, observation)
    d = form.cleaned_data
    return _run_service(
        request,
        npsn,
        observation,
        lambda: services.reflection_save(
            observation=observation,
            actor=request.user,
            version=d["version"],
            reflection=d["reflection"],
        ),
        _("Your reflection was saved."),
    )


def _scores_from_post(post: Any, sheet: list[queries.SheetSection]) -> list[services.ScoreInput]:
    scores = []
    for section in sheet:
        for item in section.items:
            key = f"item_{item.pk}"
            value = post.get(key, "") if item.kind != ItemKind.TEXT else None
            text = post.get(key, "") if item.kind == ItemKind.TEXT else ""
            note = post.get(f"note_{item.pk}", "")
            if value or text or note:
                scores.append(services.ScoreInput(item.pk, value, text, note))
    return scores


@login_required
def capture(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The observer's sheet. Without its script it is a form posted here; with it, taps and
    notes are kept on the phone (IndexedDB) and sent to the API's capture batch."""
    user = request.user
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.record", observation)
    record = queries.my_record(observation, user)
    if record is None:  # "observations.record" holds for observers only
        raise PermissionDenied
    sheet = queries.sheet(observation.instrument_version)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            services.record_save(
                observation=observation,
                actor=user,
                scores=_scores_from_post(request.POST, sheet),
                submit="submit" in request.POST,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(request, _("Your record was saved."))
            if "submit" in request.POST:
                return _detail(npsn, observation)
            return redirect(request.path)
    mine = next(v for v in queries.records_of(observation) if v.record.pk == record.pk)
    rows = []
    for section in sheet:
        items = []
        for item in section.items:
            score = mine.scores.get(item.pk)
            posted = request.POST.get(f"item_{item.pk}") if errors else None
            items.append(
                {
                    "item": item,
                    "value": posted if posted is not None else (score.value if score else None),
                    "text": score.text if score else "",
                    "note": score.note if score else "",
                    "errors": errors.get(f"item_{item.pk}", []),
                }
            )
        rows.append((section.section, items))
    context = {
        "observation": observation,
        "record": record,
        "rows": rows,
        "notes": mine.notes,
        "errors": errors.get("__all__", []) + errors.get("scores", []),
        "closed": record.submitted_at is not None or not observation.capture_open,
        "english": queries.english(),
        "api_url": f"/api/v1/schools/{npsn}/observations/{observation.pk}/capture",
        # The phone puts each note's id in place of NOTE.
        "photo_api_url": f"/api/v1/schools/{npsn}/observations/{observation.pk}/notes/NOTE/photo",
    }
    return render(request, "observations/capture.html", context)


@login_required
def service_worker(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The capture pages' service worker, served under the school's observations so that its
    scope covers them (a script under /static/ could only control /static/)."""
    require_perm(request, "observations.list", request.school)
    response = render(
        request, "observations/sw.js", {"npsn": npsn}, content_type="application/javascript"
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = f"/s/{npsn}/observations/"
    return response


@login_required
def note_photo(
    request: SchoolHttpRequest, npsn: str, pk: Any, note_pk: Any, variant: str
) -> FileResponse:
    """A note's photo (children may be in it): for those who may see the record's notes, never
    through a public media address."""
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.view_scores", observation)
    note = queries.get_note(observation, note_pk)
    return photo_response(note.thumbnail if variant == "thumb" else note.photo)
