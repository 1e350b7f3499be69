"""Pages for a school's classes (rombel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.schools import queries, services
from kombel.schools.forms import SchoolClassForm
from kombel.schools.http import SchoolHttpRequest


@login_required
def class_list(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.view_classes", school)
    context = {
        "school": school,
        "classes": queries.classes_of_school(school),
        "can_manage": request.user.has_perm("schools.manage_classes", school),
    }
    return render(request, "schools/class_list.html", context)


@login_required
def class_add(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.manage_classes", school)
    form = SchoolClassForm(
        request.POST or None,
        initial={"school_year": queries.school_year_on(timezone.localdate())},
        teachers=queries.teachers_of_school(school),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            services.class_create(actor=request.user, school=school, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Class added."))
            return redirect("schools:classes", npsn=school.npsn)
    return render(request, "schools/class_form.html", {"school": school, "form": form})


@login_required
def class_edit(request: SchoolHttpRequest, npsn: str, class_id: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.manage_classes", school)
    school_class = queries.get_class_for_school(school, class_id)
    initial = {
        "school_year": school_class.school_year,
        "grade": school_class.grade,
        "name": school_class.name,
        "homeroom_teacher": school_class.homeroom_teacher,
        "version": school_class.version,
    }
    form = SchoolClassForm(
        request.POST or None, initial=initial, teachers=queries.teachers_of_school(school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.class_update(
                actor=request.user, school_class=school_class, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Class saved."))
            return redirect("schools:classes", npsn=school.npsn)
    context = {"school": school, "form": form, "school_class": school_class}
    return render(request, "schools/class_form.html", context)
