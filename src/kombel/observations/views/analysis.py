"""Agreement between observers, one lesson's disagreements, growth charts, Excel export and
import."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kombel.core.http import one_or_404, require_perm
from kombel.core.xlsx import xlsx_response
from kombel.observations import agreement, charts, growth, queries
from kombel.observations.exporters import observations_xlsx
from kombel.observations.forms import ImportForm
from kombel.observations.models import Instrument
from kombel.observations.services import imports
from kombel.schools.http import SchoolHttpRequest


@login_required
def agreement_page(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Inter-rater reliability per instrument and per item, with n and a plain reading."""
    require_perm(request, "observations.view_all", request.school)
    context = {
        "results": agreement.school_agreement(request.school),
        "readings": agreement.READINGS,
        "english": queries.english(),
    }
    return render(request, "observations/agreement.html", context)


@login_required
def disagreement(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    observation = queries.get_observation(request.school, pk)
    require_perm(request, "observations.view_scores", observation)
    records = list(observation.records.all())
    context = {
        "observation": observation,
        "records": records,
        "rows": agreement.disagreement(observation, records),
        "english": queries.english(),
    }
    return render(request, "observations/disagreement.html", context)


def _instrument(request: SchoolHttpRequest, teacher: Any | None) -> Instrument | None:
    chosen = request.GET.get("instrument")
    if chosen:
        found = (
            Instrument.objects.filter(school=request.school, pk=chosen).first()
            if len(chosen) == 36
            else None
        )
        if found is not None:
            return found
    return growth.instrument_for_growth(request.school, teacher)


@login_required
def teacher_growth(request: SchoolHttpRequest, npsn: str, user_pk: Any) -> HttpResponse:
    """A teacher's scores over the programme, by section: the teacher themselves and those who
    oversee the school's teaching."""
    school = request.school
    teacher = one_or_404(queries.teachers_of(school), user_pk)
    if teacher.pk != request.user.pk:
        require_perm(request, "observations.view_all", school)
    else:
        require_perm(request, "observations.list", school)
    instrument = _instrument(request, teacher)
    data = growth.teacher_growth(school, teacher, instrument)
    competencies = growth.competency_growth(
        school, teacher, released_only=teacher.pk == request.user.pk
    )
    context = {
        "teacher": teacher,
        "growth": data,
        "chart": charts.growth_chart(data),
        "competencies": competencies,
        "competency_chart": charts.growth_chart(competencies),
        "instruments": queries.instruments_for_user(school, request.user),
    }
    return render(request, "observations/growth.html", context)


@login_required
def school_growth(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "observations.view_all", school)
    instrument = _instrument(request, None)
    names = dict(queries.teachers_of(school).values_list("pk", "full_name"))
    data, summaries = growth.school_growth(school, instrument, names)
    context = {
        "growth": data,
        "chart": charts.growth_chart(data),
        "summaries": summaries,
        "instruments": queries.instruments_for_user(school, request.user),
    }
    return render(request, "observations/growth_school.html", context)


@login_required
def supervised_growth(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """A supervisor's schools side by side: each one's lessons by competency, first and
    latest month. Only the schools where the user is a supervisor."""
    from kombel.schools.enums import Role

    require_perm(request, "observations.view_all", request.school)
    if Role.SUPERVISOR not in request.roles:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    rows = growth.supervised_growth(request.user)
    labels = [str(label) for label in dict(growth.Competency.choices).values()]
    context = {"rows": rows, "labels": labels}
    return render(request, "observations/growth_supervised.html", context)


@login_required
def export(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.view_all", request.school)
    observations = list(queries.observations_for_user(request.school, request.user))
    return xlsx_response(observations_xlsx(observations), f"observasi-{npsn}.xlsx")


@login_required
def import_upload(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "observations.import", request.school)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_rows(form.cleaned_data["file"])
            counts = imports.observations_import(
                school=request.school, actor=request.user, rows=rows
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                problems = exc.messages
        else:
            messages.success(
                request,
                _("Imported: %(obs)s new observations, %(scores)s scores.")
                % {"obs": counts["observations"], "scores": counts["scores"]},
            )
            return redirect(reverse("observations:index", args=[npsn]))
    context = {"form": form, "problems": problems}
    return render(request, "observations/import.html", context)
