from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kombel.core.http import AuthenticatedHttpRequest, SchoolHttpRequest, require_perm
from kombel.schools import queries
from kombel.schools.access import roles_in
from kombel.schools.enums import Role


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    schools = list(queries.schools_for_user(request.user))
    my_schools = [
        (school, [Role(r).label for r in sorted(roles_in(request.user, school))])
        for school in schools
    ]
    # The home page gathers the apps' panels; imported here as programs sits above schools.
    from kombel.followups.queries import open_items_for_user
    from kombel.programs.queries import home_panel
    from kombel.workshops.queries import sessions_today_for_user

    open_items = list(open_items_for_user(request.user)[:10])
    if len(open_items) < 10:  # every open item is here: its schools are known
        open_item_school_ids = {item.school_id for item in open_items}
    else:
        open_item_school_ids = set(
            open_items_for_user(request.user).values_list("school_id", flat=True).distinct()
        )
    context = {
        "my_schools": my_schools,
        "programme_panel": home_panel(request.user, schools),
        "sessions_today": sessions_today_for_user(request.user),
        "open_items": open_items,
        # "see all" links, so that an item past the first ten is never out of reach
        "open_item_schools": [s for s in schools if s.pk in open_item_school_ids],
    }
    return render(request, "schools/home.html", context)


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
    }
    return render(request, "schools/school_detail.html", context)
