from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kombel.core.extensions import home_panels, school_figures, school_links
from kombel.core.http import require_perm
from kombel.schools import queries
from kombel.schools.access import roles_in, schools_of
from kombel.schools.enums import Role
from kombel.schools.http import AuthenticatedHttpRequest, SchoolHttpRequest
from kombel.schools.models import School


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The apps' home panels (core.extensions.HomePanel), each shown to whom it concerns."""
    schools = schools_of(request.user)
    my_roles = frozenset(role for school in schools for role in roles_in(request.user, school))
    shown: dict[str, tuple[str, dict[str, Any]]] = {}
    for panel in home_panels():
        if panel.roles is not None and not (panel.roles & my_roles):
            continue
        data = panel.context(request, schools)
        if data is not None:
            shown[panel.name] = (panel.template, data)
    return render(request, "schools/home.html", {"panels": shown})


def my_schools_panel(request: AuthenticatedHttpRequest, schools: list[School]) -> dict[str, Any]:
    """Home: the user's schools with their roles there."""
    return {
        "schools": [
            (school, [Role(r).label for r in sorted(roles_in(request.user, school))])
            for school in schools
        ]
    }


# Who reads a summary of schools on their home page: those who oversee schools, not run them.
OVERSEEING_ROLES = frozenset({Role.SUPERVISOR, Role.DISTRICT_OFFICER})


def schools_summary_panel(
    request: AuthenticatedHttpRequest, schools: list[School]
) -> dict[str, Any] | None:
    """Home of a supervisor or district officer: each school they oversee at a glance (the apps'
    figures, core.extensions.SchoolFigures), in a few queries per app whatever the schools."""
    overseen = [s for s in schools if roles_in(request.user, s) & OVERSEEING_ROLES]
    if not overseen:
        return None
    today = timezone.localdate()
    rows: dict[Any, list[Any]] = {s.pk: [] for s in overseen}
    for source in school_figures():
        for school_id, figures in source.figures(overseen, today).items():
            if school_id in rows:
                rows[school_id].extend(figures)
    return {"schools": [(s, rows[s.pk]) for s in overseen], "today": today}


@login_required
def school_detail(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.view_school", school)
    can_see_people = request.user.has_perm("schools.view_people", school)
    context = {
        "school": school,
        "people_by_role": queries.people_by_role(school) if can_see_people else [],
        "can_see_people": can_see_people,
        "can_manage_people": request.user.has_perm("schools.manage_people", school),
        "can_see_classes": request.user.has_perm("schools.view_classes", school),
        "can_manage_school": request.user.has_perm("schools.manage_school", school),
        "can_view_audit": request.user.has_perm("schools.view_audit", school),
        "app_links": [
            (link.label, reverse(link.url_name, args=[school.npsn]))
            for link in school_links()
            if request.user.has_perm(link.perm, school)
        ],
    }
    return render(request, "schools/school_detail.html", context)
