"""Pages of qualitative coding (evaluators): the codebook, the texts, coding a passage, the
passages of a code, the analysis, and REFI-QDA exchange."""

import itertools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.communities.enums import MeetingStatus
from kombel.communities.models import Meeting
from kombel.core.forms import apply_service_errors
from kombel.core.http import one_or_404, require_perm
from kombel.evaluation import queries, refi
from kombel.evaluation.enums import AgreementUnit, ItemKind, SourceType
from kombel.evaluation.forms import AgreementForm, CodeForm, CodingForm, OpenSourceForm, UploadForm
from kombel.evaluation.models import Code, Codebook, Coding, Document, Interview, Item, Wave
from kombel.evaluation.queries import coding as coding_queries
from kombel.evaluation.services import coding as services
from kombel.programs.models import Programme
from kombel.schools.http import SchoolHttpRequest


def _programme(request: SchoolHttpRequest, programme_pk: Any) -> Programme:
    programme = queries.get_programme(request.school, programme_pk)
    require_perm(request, "evaluation.evaluate", programme)
    return programme


def _codebook(request: SchoolHttpRequest, programme_pk: Any) -> tuple[Programme, Codebook]:
    """For a POST: the programme's codebook, the default one made the first time. A page only
    reads it (`queries.codebook_of`): showing a page writes nothing."""
    programme = _programme(request, programme_pk)
    return programme, services.codebook_for(programme=programme, actor=request.user)


def _overview_url(programme: Programme) -> str:
    return reverse("evaluation:coding", args=[programme.school.npsn, programme.pk])


def _sources(programme: Programme, opened: set[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The texts of the programme that can be coded, and whether coding has begun."""
    found: list[dict[str, Any]] = []
    for interview in Interview.objects.filter(programme=programme).exclude(transcript=""):
        found.append(
            {
                "type": SourceType.INTERVIEW,
                "id": interview.pk,
                "key": "",
                "title": str(interview),
                "month": interview.month,
            }
        )
    meetings = (
        Meeting.objects.filter(community__programme=programme, status=MeetingStatus.HELD)
        .select_related("community")
        .order_by("-date")
    )
    for meeting in meetings:
        for kind in (SourceType.REFLECTION, SourceType.MEETING_NOTES):
            found.append(
                {
                    "type": kind,
                    "id": meeting.pk,
                    "key": "",
                    "title": str(meeting),
                    "month": meeting.date.replace(day=1),
                }
            )
    waves = Wave.objects.filter(programme=programme).select_related("questionnaire")
    open_items = Item.objects.filter(
        questionnaire__waves__programme=programme, kind=ItemKind.OPEN
    ).distinct()
    names: dict[Any, list[Item]] = {}
    for item in open_items:
        names.setdefault(item.questionnaire_id, []).append(item)
    for wave in waves:
        for item in names.get(wave.questionnaire_id, []):
            found.append(
                {
                    "type": SourceType.OPEN_ANSWERS,
                    "id": wave.pk,
                    "key": item.name,
                    "title": f"{item.text[:80]} · {wave.title}",
                    "month": wave.month or wave.opens_on.replace(day=1),
                }
            )
    labels = dict(SourceType.choices)
    for source in found:
        source["label"] = labels[source["type"]]
        source["opened"] = (source["type"], str(source["id"]), source["key"]) in opened
    return found


@login_required
def coding_home(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    require_perm(request, "evaluation.evaluate", request.school)
    programmes = list(queries.programmes_of(request.school))
    if len(programmes) == 1:
        return redirect(_overview_url(programmes[0]))
    return render(request, "evaluation/coding_home.html", {"programmes": programmes})


@login_required
def coding_overview(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    """The texts being coded and the codebook; before the first code, a button that starts the
    default codebook (opening a text or importing a codebook starts it as well)."""
    programme = _programme(request, programme_pk)
    codebook = queries.codebook_of(programme)
    documents = list(coding_queries.documents_of(codebook)) if codebook else []
    opened = {(d.source_type, str(d.source_id), d.source_key) for d in documents}
    context = {
        "programme": programme,
        "codebook": codebook,
        "codes": coding_queries.codes_of(codebook) if codebook else [],
        "documents": documents,
        "sources": [s for s in _sources(programme, opened) if not s["opened"]],
        "code_form": CodeForm(themes=Code.objects.filter(codebook=codebook, parent=None))
        if codebook
        else None,
        "import_form": UploadForm(),
    }
    return render(request, "evaluation/coding_overview.html", context)


@login_required
@require_POST
def codebook_start(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    """The default codebook (the paper's six findings as themes, with their codes)."""
    programme, _book = _codebook(request, programme_pk)
    messages.success(request, _("The codebook was started."))
    return redirect(_overview_url(programme))


@login_required
@require_POST
def code_add(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    programme, codebook = _codebook(request, programme_pk)
    form = CodeForm(request.POST, themes=Code.objects.filter(codebook=codebook, parent=None))
    if form.is_valid():
        try:
            services.code_add(
                codebook=codebook,
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The code was added."))
    else:
        messages.error(request, _("Give the code a name."))
    return redirect(_overview_url(programme))


@login_required
@require_POST
def codebook_import(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    programme, codebook = _codebook(request, programme_pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = services.codebook_import_qdc(
                codebook=codebook, actor=request.user, data=upload.read(), file_name=upload.name
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)d codes were added.") % {"count": added})
    else:
        messages.error(request, _("Choose a .qdc file."))
    return redirect(_overview_url(programme))


@login_required
def codebook_export(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    programme = _programme(request, programme_pk)
    codebook = queries.codebook_of(programme)
    if codebook is None:  # a REFI-QDA codebook holds at least one code: start it first
        return redirect(_overview_url(programme))
    body = refi.codebook_qdc(list(Code.objects.filter(codebook=codebook)))
    response = HttpResponse(body, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="codebook-{npsn}.qdc"'
    return response


@login_required
def project_export(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    programme = _programme(request, programme_pk)
    codebook = queries.codebook_of(programme)
    if codebook is None:  # as for the codebook: a project holds at least one code
        return redirect(_overview_url(programme))
    documents = list(Document.objects.filter(programme=programme).order_by("month", "title"))
    codings = list(
        Coding.objects.filter(document__programme=programme)
        .select_related("coder")
        .order_by("start", "end")
    )
    by_document: dict[Any, list[Coding]] = {}
    for coding in codings:
        by_document.setdefault(coding.document_id, []).append(coding)
    users = {c.coder_id: c.coder for c in codings}
    body = refi.project_qdpx(
        name=programme.title,
        codes=list(Code.objects.filter(codebook=codebook)),
        sources=[refi.ProjectSource(d, by_document.get(d.pk, [])) for d in documents],
        users=sorted(users.values(), key=lambda u: u.full_name),
        created=timezone.now(),
        description=_("Coded texts of the monthly evaluation, %(school)s")
        % {"school": request.school.name},
    )
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kombel-{npsn}.qdpx"'
    return response


@login_required
@require_POST
def source_open(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    programme, _book = _codebook(request, programme_pk)
    form = OpenSourceForm(request.POST)
    if not form.is_valid() or form.cleaned_data["source_type"] not in SourceType.values:
        raise Http404
    d = form.cleaned_data
    try:
        document = services.document_open(
            programme=programme,
            actor=request.user,
            source_type=d["source_type"],
            source_id=d["source_id"],
            key=d["key"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_overview_url(programme))
    return redirect(reverse("evaluation:document", args=[npsn, document.pk]))


def _highlighted(document: Document, codings: list[Coding]) -> list[tuple[str, bool]]:
    """The text cut into pieces, each marked when some coding covers it."""
    cuts = sorted({0, len(document.text), *(p for c in codings for p in (c.start, c.end))})
    return [
        (document.text[a:b], any(c.start < b and a < c.end for c in codings))
        for a, b in itertools.pairwise(cuts)
        if b > a
    ]


@login_required
def document_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """A text to code: select a passage, tick one or more codes; the codings of every coder."""
    document = queries.get_document(request.school, pk)
    require_perm(request, "evaluation.evaluate", document)
    codebook = queries.codebook_of(document.programme)
    codes = Code.objects.filter(codebook=codebook, is_codable=True).select_related("parent")
    form = CodingForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            start, end = services.locate(document.text, d["passage"], d["start"], d["end"])
            services.coding_add(
                document=document, actor=request.user, codes=d["codes"], start=start, end=end
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The passage was coded."))
            return redirect(reverse("evaluation:document", args=[npsn, document.pk]))
    codings = list(
        Coding.objects.filter(document=document)
        .select_related("code", "coder")
        .order_by("start", "end")
    )
    context = {
        "document": document,
        "form": form,
        "codings": codings,
        "pieces": _highlighted(document, codings),
        "source_label": document.get_source_type_display(),
    }
    return render(request, "evaluation/document.html", context)


@login_required
@require_POST
def coding_delete(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    coding = one_or_404(Coding.objects.filter(school=request.school).select_related("document"), pk)
    require_perm(request, "evaluation.evaluate", coding.document)
    try:
        services.coding_delete(coding=coding, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The coding was removed."))
    return redirect(reverse("evaluation:document", args=[npsn, coding.document_id]))


@login_required
def code_detail(request: SchoolHttpRequest, npsn: str, pk: Any) -> HttpResponse:
    """A code's passages with their sources, and keyword suggestions to find more."""
    code = one_or_404(
        Code.objects.filter(school=request.school).select_related(
            "codebook", "codebook__programme", "parent"
        ),
        pk,
    )
    require_perm(request, "evaluation.evaluate", code)
    context = {
        "code": code,
        "programme": code.codebook.programme,
        "passages": list(coding_queries.passages_of(code)),
        "suggestions": coding_queries.suggestions(code) if code.is_codable else None,
    }
    return render(request, "evaluation/code_detail.html", context)


@login_required
def analysis(request: SchoolHttpRequest, npsn: str, programme_pk: Any) -> HttpResponse:
    """Code frequencies by source and month, co-occurrence, and coder agreement."""
    programme = _programme(request, programme_pk)
    codebook = queries.codebook_of(programme)
    if codebook is None:  # nothing coded yet: the overview offers to start the codebook
        return redirect(_overview_url(programme))
    form = AgreementForm(request.GET or None)
    unit = (form.cleaned_data.get("unit") if form.is_valid() else "") or AgreementUnit.SENTENCE
    codes, pairs = coding_queries.cooccurrence(codebook)
    used = [c for c in codes if any(c.pk in pair for pair in pairs)]
    context = {
        "programme": programme,
        "form": form,
        "frequencies": coding_queries.frequencies(codebook),
        "cooccurrence": [
            (a, [(b, pairs.get((a.pk, b.pk)) or pairs.get((b.pk, a.pk)) or 0) for b in used])
            for a in used
        ],
        "co_codes": used,
        "agreement": coding_queries.agreement(codebook, unit),
        "unit_label": dict(AgreementUnit.choices)[unit],
    }
    return render(request, "evaluation/analysis.html", context)
