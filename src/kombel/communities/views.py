"""Community pages: overview with regularity, suggest groups, a community, practices."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.communities import queries, services
from kombel.communities.forms import (
    CommunityForm,
    PracticeForm,
    PracticeSearchForm,
    ProposalFormSet,
    user_choices,
)
from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.uploads import file_response
from kombel.programs.models import Programme
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.queries import teachers_of_school


def _programmes(request: SchoolHttpRequest) -> QuerySet[Programme]:
    return Programme.objects.filter(school=request.school).order_by("-start")


@login_required
def overview(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Every community of the school with its regularity; dormant ones flagged."""
    school = request.school
    require_perm(request, "communities.view_community", school)
    communities = list(queries.communities_of_school(school))
    today = timezone.localdate()
    stats = queries.regularity(school, communities, today)
    rows = [(c, stats[c.pk]) for c in communities]
    context = {
        "school": school,
        "rows": rows,
        "dormant": [c for c, r in rows if r.dormant],
        "can_create": request.user.has_perm("communities.create_community", school),
    }
    return render(request, "communities/overview.html", context)


@login_required
def suggest(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Propose communities from teachers' subjects and grades; nothing exists until accepted."""
    school = request.school
    require_perm(request, "communities.create_community", school)
    proposals = queries.suggest_groups(school)
    teachers = teachers_of_school(school)
    programmes = list(_programmes(request))
    initial = [{"accept": True, "name": p.name, "facilitator": p.facilitator} for p in proposals]
    formset = ProposalFormSet(
        request.POST or None,
        initial=initial,
        form_kwargs={"teachers": teachers, "choices": user_choices(teachers)},
    )
    programme_error = ""
    if request.method == "POST" and formset.is_valid():
        programme = next(
            (p for p in programmes if str(p.pk) == request.POST.get("programme")), None
        )
        accepted = [
            {
                "name": form.cleaned_data["name"],
                "facilitator": form.cleaned_data["facilitator"],
                "members": proposal.members,
                "subjects": proposal.subjects,
                "grades": proposal.grades,
            }
            for form, proposal in zip(formset.forms, proposals, strict=False)
            if form.cleaned_data.get("accept")
        ]
        if programme is None:
            programme_error = _("Choose the programme the communities belong to.")
        else:
            try:
                created = services.communities_create(
                    school=school, programme=programme, proposals=accepted, actor=request.user
                )
            except ValidationError as e:
                programme_error = " ".join(e.messages)
            else:
                messages.success(
                    request, _("%(n)d communities were created.") % {"n": len(created)}
                )
                return redirect("communities:overview", npsn)
    context = {
        "school": school,
        "formset": formset,
        "pairs": list(zip(formset.forms, proposals, strict=False)),
        "programmes": programmes,
        "programme_error": programme_error,
    }
    return render(request, "communities/suggest.html", context)


@login_required
def community_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "communities.create_community", school)
    form = CommunityForm(
        request.POST or None,
        teachers=teachers_of_school(school),
        programmes=_programmes(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community = services.community_create(
                school=school,
                programme=data["programme"],
                name=data["name"],
                theme=data["theme"],
                goals=data["goals"],
                subjects=list(data["subjects"]),
                grades=data["grades"],
                facilitator=data["facilitator"],
                members=list(data["members"]),
                interval_weeks=data["interval_weeks"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The community was created."))
            return redirect("communities:detail", npsn, community.pk)
    return render(
        request, "communities/form.html", {"school": school, "form": form, "community": None}
    )


@login_required
def community_detail(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    community = queries.get_community(school, pk)
    require_perm(request, "communities.view_community", community)
    members = queries.members_of(community)
    meetings = list(queries.meetings_of(community))
    today = timezone.localdate()
    context = {
        "school": school,
        "community": community,
        "members": members,
        "meetings": meetings,
        "next_meeting": next((m for m in meetings if m.date >= today), None),
        "practices": list(queries.practices_of_school(school, community=community)[:10]),
        "stats": queries.regularity(school, [community], today)[community.pk],
        "can_manage": request.user.has_perm("communities.manage_community", community),
        "can_contribute": request.user.has_perm("communities.contribute", community),
        "today": today,
    }
    return render(request, "communities/detail.html", context)


@login_required
def community_edit(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    community = queries.get_community(school, pk)
    require_perm(request, "communities.manage_community", community)
    initial = {
        "name": community.name,
        "theme": community.theme,
        "goals": community.goals,
        "subjects": list(community.subjects.all()),
        "grades": community.grades,
        "facilitator": community.facilitator,
        "members": queries.members_of(community),
        "interval_weeks": community.interval_weeks,
        "version": community.version,
    }
    form = CommunityForm(request.POST or None, initial=initial, teachers=teachers_of_school(school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.community_update(
                community=community,
                actor=request.user,
                version=data["version"],
                name=data["name"],
                theme=data["theme"],
                goals=data["goals"],
                subjects=list(data["subjects"]),
                grades=data["grades"],
                facilitator=data["facilitator"],
                members=list(data["members"]),
                interval_weeks=data["interval_weeks"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The community was saved."))
            return redirect("communities:detail", npsn, community.pk)
    return render(
        request, "communities/form.html", {"school": school, "form": form, "community": community}
    )


@login_required
@require_POST
def plan(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    community = queries.get_community(request.school, pk)
    require_perm(request, "communities.manage_community", community)
    created = services.meetings_plan(community=community, actor=request.user)
    messages.success(request, _("%(n)d meetings were planned.") % {"n": len(created)})
    return redirect("communities:detail", npsn, community.pk)


@login_required
def practice_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Good practices of all the school's communities: browse and search."""
    school = request.school
    require_perm(request, "communities.view_community", school)
    form = PracticeSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    practices = queries.practices_of_school(
        school,
        q=filters.get("q") or "",
        subject=filters.get("subject"),
        grade=filters.get("grade"),
    )
    page = Paginator(practices, 30).get_page(request.GET.get("page"))
    template = (
        "communities/practices.html#results" if request.htmx else "communities/practices.html"
    )
    return render(request, template, {"school": school, "form": form, "page": page})


@login_required
def practice_detail(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    practice = queries.get_practice(request.school, pk)
    require_perm(request, "communities.view_community", practice)
    return render(
        request, "communities/practice.html", {"school": request.school, "practice": practice}
    )


@login_required
def practice_file(request: SchoolHttpRequest, npsn: str, pk: UUID) -> FileResponse:
    """Evidence files are served through the storage API after the permission check."""
    pf = queries.get_practice_file(request.school, pk)
    require_perm(request, "communities.view_community", pf)
    return file_response(pf.file, pf.name)


@login_required
def practice_create(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    community = queries.get_community(school, pk)
    require_perm(request, "communities.contribute", community)
    meetings = community.meetings.order_by("-date")
    initial = {"meeting": request.GET.get("meeting") or None}
    if community.grades:
        initial["grade"] = community.grades[0]
    form = PracticeForm(
        request.POST or None, request.FILES or None, meetings=meetings, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice = services.practice_share(
                community=community,
                actor=request.user,
                title=data["title"],
                description=data["description"],
                subject=data["subject"],
                grade=data["grade"],
                link=data["link"],
                meeting=data["meeting"],
                files=data["files"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Thank you for sharing your practice."))
            return redirect("communities:practice", npsn, practice.pk)
    return render(
        request,
        "communities/practice_form.html",
        {"school": school, "community": community, "form": form},
    )
