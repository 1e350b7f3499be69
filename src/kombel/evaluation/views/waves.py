"""Pages of waves: the overview, creating a wave, answering it, its results, its answers."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kombel.core.forms import apply_service_errors
from kombel.core.http import require_perm
from kombel.core.whatsapp import wa_link
from kombel.core.xlsx import csv_response, xlsx_response
from kombel.evaluation import charts, queries, report
from kombel.evaluation.enums import ResponseStatus
from kombel.evaluation.exporters import ResponsesExporter
from kombel.evaluation.forms import UploadForm, WaveEditForm, WaveForm, answer_form
from kombel.evaluation.models import Item, Response, Wave
from kombel.evaluation.queries import results as result_queries
from kombel.evaluation.services import imports, waves
from kombel.schools.http import SchoolHttpRequest


def _wave_url(wave: Wave) -> str:
    return queries.wave_path(wave)


@login_required
def index(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The school's evaluation: waves by programme, and the way to questionnaires, interviews,
    documentation and coding for those who run them."""
    school = request.school
    require_perm(request, "evaluation.view_results", school)
    user = request.user
    context = {
        "waves": list(queries.waves_of(school)),
        "programmes": list(queries.programmes_of(school)),
        "today": timezone.localdate(),
        "can_manage": user.has_perm("evaluation.manage", school),
        "can_evaluate": user.has_perm("evaluation.evaluate", school),
    }
    return render(request, "evaluation/index.html", context)


@login_required
def wave_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "evaluation.manage", school)
    form = WaveForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wave = waves.wave_create(
                programme=data["programme"],
                questionnaire=data["questionnaire"],
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                month=data["month"],
                anonymous=data["anonymous"],
                names_visible=data["names_visible"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The wave was created."))
            return redirect(_wave_url(wave))
    context = {"form": form, "heading": _("New wave"), "autosave_key": "wave"}
    return render(request, "evaluation/form_page.html", context)


@login_required
def wave_edit(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.manage", wave)
    initial = {
        "title": wave.title,
        "opens_on": wave.opens_on,
        "closes_on": wave.closes_on,
        "names_visible": wave.names_visible,
        "version": wave.version,
    }
    form = WaveEditForm(request.POST or None, initial=initial)
    if wave.anonymous:
        del form.fields["names_visible"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            waves.wave_update(
                wave=wave,
                actor=request.user,
                version=data["version"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                names_visible=data.get("names_visible", False),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The wave was saved."))
            return redirect(_wave_url(wave))
    return render(
        request, "evaluation/form_page.html", {"form": form, "heading": wave.title, "wave": wave}
    )


def _table(result: result_queries.ConstructResult) -> list[tuple[int, str, int, int]]:
    """(point, label, answers, percent) for the table beside the distribution chart."""
    total = result.answers or 1
    scale = result.scale
    lang = get_language() or "id"
    return [
        (
            point,
            scale.label(point, lang) if scale and point <= scale.points else "",
            n,
            round(100 * n / total),
        )
        for point, n in enumerate(result.distribution, start=1)
    ]


@login_required
def wave_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """The wave's results as a short report: a sentence per construct, the figures with their n,
    a chart of the answers beside the same numbers as a table."""
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.view_results", wave)
    user = request.user
    results = result_queries.cached("wave", wave, result_queries.wave_results)
    constructs = [
        {
            "result": r,
            "sentence": report.construct_sentence(r),
            "chart": charts.distribution_chart(r.distribution),
            "table": _table(r),
        }
        for r in results.constructs
    ]
    can_manage = user.has_perm("evaluation.manage", wave)
    context = {
        "wave": wave,
        "results": results,
        "constructs": constructs,
        "changes": [(c, report.change_sentence(c)) for c in results.changes],
        "is_open": waves.is_open(wave),
        "rate": queries.response_rate(wave) if can_manage else None,
        "can_manage": can_manage,
        "can_answer": user.has_perm("evaluation.answer_wave", wave),
        "can_see_names": user.has_perm("evaluation.view_named", wave),
        "report": report,
    }
    return render(request, "evaluation/wave_detail.html", context)


@login_required
def wave_change(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """Change across the programme's waves: means per wave (chart and table), the trend, and
    the first wave against the last."""
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.view_results", wave)
    results = result_queries.cached("change", wave, result_queries.programme_results)
    labels = [w.title for w in results.waves]
    chart = charts.change_chart(
        [w.month.strftime("%m/%y") if w.month else w.get_kind_display()[:8] for w in results.waves],
        [
            (report.construct_name(s.construct), [x.mean for x in s.summaries])
            for s in results.series
        ],
        1,
        results.points,
    )
    context = {
        "wave": wave,
        "results": results,
        "labels": labels,
        "chart": chart,
        "changes": [(c, report.change_sentence(c)) for c in results.changes],
        "report": report,
    }
    return render(request, "evaluation/wave_change.html", context)


def _answer_context(wave: Wave, form: Any, items: list[Item], response: Response | None) -> dict:
    sections: list[tuple[Any, list[Any]]] = []
    for item in items:
        if not sections or sections[-1][0] != item.section:
            sections.append((item.section, []))
        sections[-1][1].append(form[item.name])
    answered = len(response.likert) + len(response.open) if response else 0
    return {
        "wave": wave,
        "form": form,
        "sections": sections,
        "answered": answered,
        "total": len(items),
    }


@login_required
def answer(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """Answering on a phone: every change is saved on the server as it is made (and kept in the
    browser while offline); "Save for later" without JavaScript; "Submit" once."""
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.answer_wave", wave)
    user = request.user
    if not waves.is_respondent(wave, user):
        raise PermissionDenied
    if waves.has_answered(wave, user):
        return render(request, "evaluation/answered.html", {"wave": wave})
    if not waves.is_open(wave):
        return render(request, "evaluation/answered.html", {"wave": wave, "closed": True})
    lang = get_language() or "id"
    items = list(
        Item.objects.filter(questionnaire_id=wave.questionnaire_id).select_related(
            "scale", "section"
        )
    )
    draft = waves.draft_of(wave, user)
    initial = {**draft.likert, **draft.open} if draft else {}
    form = answer_form(items, lang, request.POST or None, initial=initial)
    autosave = request.POST.get("action") == "autosave"
    if request.method == "POST" and autosave and not form.is_valid():
        return HttpResponse(
            " ".join(str(e) for errs in form.errors.values() for e in errs), status=422
        )
    if request.method == "POST" and form.is_valid():
        likert = {i.name: form.cleaned_data.get(i.name) for i in items if i.is_likert}
        texts = {i.name: form.cleaned_data.get(i.name) for i in items if not i.is_likert}
        action = request.POST.get("action") or ("save" if "save" in request.POST else "submit")
        if action == "autosave":  # one field, from evaluation.js; answered without a page
            posted = set(request.POST) - {"csrfmiddlewaretoken", "action", "save"}
            likert = {k: v for k, v in likert.items() if k in posted}
            texts = {k: v for k, v in texts.items() if k in posted}
        try:
            if action == "submit":
                waves.response_submit(wave=wave, actor=user, likert=likert, open_answers=texts)
            else:
                waves.response_save(wave=wave, actor=user, likert=likert, open_answers=texts)
        except ValidationError as exc:
            if action == "autosave":
                return HttpResponse(" ".join(exc.messages), status=422)
            apply_service_errors(form, exc)
        else:
            if action == "autosave":
                return HttpResponse(status=204)
            if action == "submit":
                messages.success(request, _("Thank you: your answers were submitted."))
                return redirect(reverse("evaluation:answer", args=[npsn, wave.pk]))
            messages.success(request, _("Your answers so far were saved; come back any time."))
            return redirect(reverse("evaluation:answer", args=[npsn, wave.pk]))
    return render(request, "evaluation/answer.html", _answer_context(wave, form, items, draft))


def _export(request: SchoolHttpRequest, pk: Any) -> ResponsesExporter:
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.manage", wave)
    items = list(
        Item.objects.filter(questionnaire_id=wave.questionnaire_id).select_related("scale")
    )
    responses = Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
    names = None
    if request.user.has_perm("evaluation.view_named", wave):
        responses = responses.select_related("respondent").order_by("respondent__full_name")
        names = {r.respondent_id: r.respondent.full_name for r in responses if r.respondent}
    else:
        responses = responses.order_by("pk")  # random ids: no order that hints at anyone
    return ResponsesExporter(wave, items, list(responses), names)


@login_required
def export_xlsx(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    exporter = _export(request, pk)
    return xlsx_response(exporter.xlsx(), f"{exporter.basename}.xlsx")


@login_required
def export_csv(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    exporter = _export(request, pk)
    return csv_response(exporter.csv(), f"{exporter.basename}.csv")


@login_required
def named(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """A named wave's answers with names: the facilitator team and the principal, when the wave
    says so."""
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.view_named", wave)
    items = list(
        Item.objects.filter(questionnaire_id=wave.questionnaire_id).select_related("scale")
    )
    responses = list(
        Response.objects.filter(
            wave=wave, status=ResponseStatus.SUBMITTED, respondent__isnull=False
        )
        .select_related("respondent")
        .order_by("respondent__full_name")
    )
    return render(
        request, "evaluation/named.html", {"wave": wave, "items": items, "responses": responses}
    )


@login_required
def reminders(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """Named waves: who has not answered, each with a WhatsApp message ready to send."""
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.manage", wave)
    link = request.build_absolute_uri(reverse("evaluation:answer", args=[npsn, wave.pk]))
    today = timezone.localdate()
    if not waves.is_open(wave, today):  # nobody is asked to fill in a wave that takes no answers
        closed, not_yet = wave.closes_on < today, wave.opens_on > today
        context = {"wave": wave, "people": [], "closed": closed, "not_yet": not_yet}
        return render(request, "evaluation/reminders.html", context)
    group_link = ""
    if wave.anonymous:  # who has not answered is not known: one message for the group
        group_link = wa_link(
            _(
                "Hello, please fill in the questionnaire “%(wave)s” before %(date)s; it is "
                "anonymous: nobody sees who answered what. %(link)s"
            )
            % {"wave": wave.title, "date": wave.closes_on.strftime("%d/%m/%Y"), "link": link}
        )
    people = []
    for person in waves.reminder_list(wave):
        text = _(
            "Hello %(name)s, please fill in the questionnaire “%(wave)s” before %(date)s: %(link)s"
        ) % {
            "name": person.get_short_name(),
            "wave": wave.title,
            "date": wave.closes_on.strftime("%d/%m/%Y"),
            "link": link,
        }
        people.append((person, wa_link(text, person.wa_number)))
    context = {"wave": wave, "people": people, "group_link": group_link}
    return render(request, "evaluation/reminders.html", context)


@login_required
def import_upload(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.manage", wave)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = imports.import_upload(
                wave=wave, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(reverse("evaluation:import_preview", args=[npsn, wave.pk, record.pk]))
    return render(request, "evaluation/import_upload.html", {"form": form, "wave": wave})


@login_required
def import_preview(request: SchoolHttpRequest, npsn: str, pk: Any, import_pk: Any) -> HttpResponse:
    """What the file holds and how it matches the questions; confirming imports all or nothing."""
    wave = queries.get_wave(request.school, pk)
    require_perm(request, "evaluation.manage", wave)
    record = queries.get_import(wave, import_pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            count = imports.import_apply(record=record, actor=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("%(count)d answers were imported.") % {"count": count})
            return redirect(_wave_url(wave))
    plan = imports.import_plan(record)
    context = {"wave": wave, "record": record, "plan": plan, "errors": errors}
    return render(request, "evaluation/import_preview.html", context)
