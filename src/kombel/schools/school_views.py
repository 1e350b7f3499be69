"""A school's own settings and its audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.schools import queries, services
from kombel.schools.forms import SchoolForm
from kombel.schools.http import SchoolHttpRequest


@login_required
def school_edit(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.manage_school", school)
    form = SchoolForm.for_school(school, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schools:detail", npsn=school.npsn)
    return render(request, "schools/school_form.html", {"school": school, "form": form})


@login_required
def audit_log(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "schools.view_audit", school)
    page = Paginator(queries.audit_log_of_school(school), 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    queries.audit_names_live(school, page.object_list)
    return render(request, "schools/audit_log.html", {"school": school, "page": page})
