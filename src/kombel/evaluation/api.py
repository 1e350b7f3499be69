"""The monthly evaluation over JSON: every figure the pages show, for the district and for
researchers (the numbers, not screenshots), and answering from a mobile client. Same services
and queries as the pages; lists paginate (limit/offset, with the total count)."""

import datetime
import uuid
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from kombel.core.api import Paged, Rows, changed_since, require, rows
from kombel.evaluation import queries, stats
from kombel.evaluation.enums import AgreementUnit, ItemKind
from kombel.evaluation.models import (
    DocumentationItem,
    Interview,
    Item,
    Questionnaire,
    Section,
    Wave,
)
from kombel.evaluation.queries import coding as coding_queries
from kombel.evaluation.queries import results as result_queries
from kombel.evaluation.services import questionnaires as questionnaire_services
from kombel.evaluation.services import waves as wave_services
from kombel.schools.http import SchoolHttpRequest

router = Router(tags=["evaluation"])
P = "/schools/{npsn}/evaluation"


class WaveOut(Schema):
    id: uuid.UUID
    programme_id: uuid.UUID
    questionnaire_id: uuid.UUID
    title: str
    kind: str
    month: datetime.date | None
    opens_on: datetime.date
    closes_on: datetime.date
    anonymous: bool
    responses: int
    updated_at: datetime.datetime


class AlphaOut(Schema):
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    items: int
    excluded: int
    policy: str = "listwise: complete answers to the construct's items only"
    low: bool
    too_few: bool


class ConstructOut(Schema):
    code: str
    name: str
    name_en: str
    points: int
    n: int
    mean: float | None
    sd: float | None
    small_sample: bool
    distribution: list[int]
    alpha: AlphaOut


class ComparisonOut(Schema):
    construct_code: str
    design: str
    test: str
    method: str
    reason: str
    normality_p: float | None
    n: int
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    mean_diff: float | None
    statistic: float | None
    df: float | None
    p: float | None
    ci_low: float | None
    ci_high: float | None
    effect_size: float | None
    effect_name: str
    small_sample: bool
    normalised_gain: float | None
    gain_n: int
    gain_undefined: int


class WaveResultsOut(Schema):
    wave: WaveOut
    n: int
    constructs: list[ConstructOut]
    compared_with: uuid.UUID | None
    changes: list[ComparisonOut]


class TrendOut(Schema):
    construct_code: str
    means: list[float | None]
    n: list[int]
    sd: list[float | None]
    slope_per_wave: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    answers: int
    clustered_by_respondent: bool


class ChangeOut(Schema):
    waves: list[WaveOut]
    trends: list[TrendOut]
    first: uuid.UUID | None
    last: uuid.UUID | None
    changes: list[ComparisonOut]


class ItemOut(Schema):
    name: str
    kind: str
    text: str
    text_en: str
    required: bool
    reverse: bool
    construct_code: str | None
    section: str | None
    scale: list[list[str]] | None


class AnswersIn(Schema):
    likert: dict[str, int | None] = {}
    open: dict[str, str] = {}
    submit: bool = False


class AnswersOut(Schema):
    status: str
    answered: int


class RateOut(Schema):
    answered: int
    asked: int
    imported: int
    percent: int | None


class InterviewOut(Schema):
    id: uuid.UUID
    programme_id: uuid.UUID
    month: datetime.date
    held_on: datetime.date
    interviewee_role: str
    consent_given: bool
    has_transcript: bool
    has_audio: bool
    updated_at: datetime.datetime


class InterviewDetailOut(InterviewOut):
    interviewee: str
    interviewer: str
    transcript: str


class FrequencyOut(Schema):
    code_id: uuid.UUID
    code: str
    theme: str | None
    total: int
    by_source: dict[str, int]
    by_month: dict[str, int]


class KappaOut(Schema):
    coder_a: str
    coder_b: str
    kappa: float | None


class AgreementCodeOut(Schema):
    code_id: uuid.UUID
    code: str
    coded_units: int
    cohen_kappa: list[KappaOut]
    krippendorff_alpha: float | None


class AgreementOut(Schema):
    unit: str
    documents: int
    units: int
    coders: list[str]
    codes: list[AgreementCodeOut]


def _wave_out(wave: Wave, responses: int | None = None) -> dict[str, Any]:
    return {
        "id": wave.pk,
        "programme_id": wave.programme_id,
        "questionnaire_id": wave.questionnaire_id,
        "title": wave.title,
        "kind": wave.kind,
        "month": wave.month,
        "opens_on": wave.opens_on,
        "closes_on": wave.closes_on,
        "anonymous": wave.anonymous,
        "responses": responses if responses is not None else getattr(wave, "answered", 0),
        "updated_at": wave.updated_at,
    }


def _construct_out(r: result_queries.ConstructResult) -> dict[str, Any]:
    a = r.alpha
    return {
        "code": r.construct.code,
        "name": r.construct.name,
        "name_en": r.construct.name_en,
        "points": r.points,
        "n": r.summary.n,
        "mean": r.summary.mean,
        "sd": r.summary.sd,
        "small_sample": r.summary.small,
        "distribution": r.distribution,
        "alpha": {
            "alpha": a.alpha,
            "ci_low": a.ci_low,
            "ci_high": a.ci_high,
            "n": a.n,
            "items": a.items,
            "excluded": a.excluded,
            "low": a.low,
            "too_few": a.too_few,
        },
    }


def _comparison_out(change: result_queries.ChangeResult) -> dict[str, Any]:
    c: stats.Comparison = change.comparison
    gain = change.gain
    return {
        "construct_code": change.construct.code,
        "design": c.design,
        "test": c.test,
        "method": c.method,
        "reason": c.reason,
        "normality_p": c.normality_p,
        "n": c.n,
        "n_before": c.n_before,
        "n_after": c.n_after,
        "mean_before": c.mean_before,
        "mean_after": c.mean_after,
        "mean_diff": c.mean_diff,
        "statistic": c.statistic,
        "df": c.df,
        "p": c.p,
        "ci_low": c.ci_low,
        "ci_high": c.ci_high,
        "effect_size": c.effect_size,
        "effect_name": c.effect_name,
        "small_sample": c.small,
        "normalised_gain": gain.g if gain else None,
        "gain_n": gain.n if gain else 0,
        "gain_undefined": gain.undefined if gain else 0,
    }


@router.get(P + "/waves", response=list[WaveOut])
@paginate(Paged)
def list_waves(
    request: SchoolHttpRequest,
    npsn: str,
    programme_id: uuid.UUID | None = None,
    open_on: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[Wave, dict[str, Any]]:
    """The school's waves, newest first, with their number of answers; `open_on` (a day):
    those open to answers that day."""
    school = request.school
    require(request, "evaluation.view_results", school)
    waves = queries.waves_of(school).order_by("-opens_on", "pk")
    if programme_id is not None:
        waves = waves.filter(programme_id=programme_id)
    if open_on is not None:
        waves = waves.filter(opens_on__lte=open_on, closes_on__gte=open_on)
    return rows(changed_since(waves, updated_since), _wave_out)


@router.get(P + "/waves/{wave_id}/results", response=WaveResultsOut)
def wave_results(request: SchoolHttpRequest, npsn: str, wave_id: uuid.UUID) -> dict[str, Any]:
    """Per construct: n, mean, SD, the distribution of answers, Cronbach's alpha with its Feldt
    95 % CI; and each construct's change since the baseline (test, statistic, df, p, CI,
    effect size and its name, normalised gain)."""
    wave = queries.get_wave(request.school, wave_id)
    require(request, "evaluation.view_results", wave)
    results = result_queries.cached("wave", wave, result_queries.wave_results)
    return {
        "wave": _wave_out(wave, results.n),
        "n": results.n,
        "constructs": [_construct_out(r) for r in results.constructs],
        "compared_with": results.baseline.pk if results.baseline else None,
        "changes": [_comparison_out(c) for c in results.changes],
    }


@router.get(P + "/waves/{wave_id}/change", response=ChangeOut)
def wave_change(request: SchoolHttpRequest, npsn: str, wave_id: uuid.UUID) -> dict[str, Any]:
    """Across the programme's waves of this questionnaire: means per wave, the trend per wave
    (OLS slope, 95 % CI), and the first wave with answers against the last."""
    wave = queries.get_wave(request.school, wave_id)
    require(request, "evaluation.view_results", wave)
    results = result_queries.cached("change", wave, result_queries.programme_results)
    return {
        "waves": [_wave_out(w, n) for w, n in zip(results.waves, results.counts, strict=True)],
        "trends": [
            {
                "construct_code": s.construct.code,
                "means": [x.mean for x in s.summaries],
                "n": [x.n for x in s.summaries],
                "sd": [x.sd for x in s.summaries],
                "slope_per_wave": s.trend.slope,
                "ci_low": s.trend.ci_low,
                "ci_high": s.trend.ci_high,
                "p": s.trend.p,
                "answers": s.trend.n,
                "clustered_by_respondent": s.trend.clustered,
            }
            for s in results.series
        ],
        "first": results.first.pk if results.first else None,
        "last": results.last.pk if results.last else None,
        "changes": [_comparison_out(c) for c in results.changes],
    }


@router.get(P + "/waves/{wave_id}/rate", response=RateOut)
def wave_rate(request: SchoolHttpRequest, npsn: str, wave_id: uuid.UUID) -> dict[str, Any]:
    wave = queries.get_wave(request.school, wave_id)
    require(request, "evaluation.manage", wave)
    rate = queries.response_rate(wave)
    return {**rate.__dict__, "percent": rate.percent}


@router.get(P + "/waves/{wave_id}/questions", response=list[ItemOut])
@paginate(Paged)
def wave_questions(request: SchoolHttpRequest, npsn: str, wave_id: uuid.UUID) -> Any:
    """The questions of the wave, to answer them (respondents) or read them (staff)."""
    wave = queries.get_wave(request.school, wave_id)
    require(request, "evaluation.read_wave", wave)
    items = Item.objects.filter(questionnaire_id=wave.questionnaire_id).select_related(
        "scale", "construct", "section"
    )
    return rows(items, _item_out)


def _item_out(i: Item) -> dict[str, Any]:
    return {
        "name": i.name,
        "kind": i.kind,
        "text": i.text,
        "text_en": i.text_en,
        "required": i.required,
        "reverse": i.reverse,
        "construct_code": i.construct.code if i.construct else None,
        "section": i.section.name if i.section else None,
        "scale": [list(p) for p in i.scale.labels]
        if i.kind == ItemKind.LIKERT and i.scale
        else None,
    }


@router.post(P + "/waves/{wave_id}/answers", response=AnswersOut)
def wave_answer(
    request: SchoolHttpRequest, npsn: str, wave_id: uuid.UUID, body: AnswersIn
) -> dict[str, Any]:
    """Save answers so far, or (submit) submit them once. An anonymous wave keeps no link
    between the answers and the person."""
    wave = queries.get_wave(request.school, wave_id)
    require(request, "evaluation.answer_wave", wave)
    write = wave_services.response_submit if body.submit else wave_services.response_save
    response = write(wave=wave, actor=request.user, likert=body.likert, open_answers=body.open)
    return {"status": response.status, "answered": len(response.likert) + len(response.open)}


@router.get(P + "/interviews", response=list[InterviewOut])
@paginate(Paged)
def list_interviews(
    request: SchoolHttpRequest,
    npsn: str,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[Interview, dict[str, Any]]:
    """Latest first; `date_from`/`date_to` (the day held, inclusive) narrow."""
    school = request.school
    require(request, "evaluation.evaluate", school)
    interviews = Interview.objects.filter(school=school).order_by("-held_on", "pk")
    if date_from is not None:
        interviews = interviews.filter(held_on__gte=date_from)
    if date_to is not None:
        interviews = interviews.filter(held_on__lte=date_to)
    return rows(changed_since(interviews, updated_since), _interview_out)


def _interview_out(i: Interview) -> dict[str, Any]:
    return {
        "id": i.pk,
        "programme_id": i.programme_id,
        "month": i.month,
        "held_on": i.held_on,
        "interviewee_role": i.interviewee_role,
        "consent_given": i.consent_given,
        "has_transcript": bool(i.transcript),
        "has_audio": bool(i.audio),
        "updated_at": i.updated_at,
    }


@router.get(P + "/interviews/{interview_id}", response=InterviewDetailOut)
def get_interview(request: SchoolHttpRequest, npsn: str, interview_id: uuid.UUID) -> dict[str, Any]:
    interview = queries.get_interview(request.school, interview_id)
    require(request, "evaluation.evaluate", interview)
    return {
        **_interview_out(interview),
        "interviewee": interview.interviewee,
        "interviewer": interview.interviewer.full_name,
        "transcript": interview.transcript,
    }


# --- the questionnaire builder: order and removal ---------------------------------------------


class EvaluationBuilderItemOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    text: str


class EvaluationBuilderSectionOut(Schema):
    id: uuid.UUID
    name: str
    title: str


class EvaluationBuilderGroupOut(Schema):
    section: EvaluationBuilderSectionOut | None  # None: questions outside any section
    items: list[EvaluationBuilderItemOut]


class EvaluationQuestionnaireOut(Schema):
    id: uuid.UUID
    title: str
    form_id: str
    version: int
    locked: bool  # a wave has answers: nothing can be removed (order may still change)
    groups: list[EvaluationBuilderGroupOut]


class EvaluationMoveIn(Schema):
    version: int | None = None  # as loaded: a change saved meanwhile answers 409
    direction: Literal["up", "down"]


def _questionnaire_out(questionnaire: Questionnaire) -> dict[str, Any]:
    current = Questionnaire.objects.get(pk=questionnaire.pk)
    return {
        "id": current.pk,
        "title": current.title,
        "form_id": current.form_id,
        "version": current.version,
        "locked": questionnaire_services.is_locked(current),
        "groups": [
            {
                "section": g.section,
                "items": [
                    {"id": i.pk, "name": i.name, "kind": i.kind, "text": i.text} for i in g.items
                ],
            }
            for g in questionnaire_services.groups_of(current)
        ],
    }


def _managed(request: SchoolHttpRequest, questionnaire_id: uuid.UUID) -> Questionnaire:
    questionnaire = queries.get_questionnaire(request.school, questionnaire_id)
    require(request, "evaluation.manage", questionnaire)
    return questionnaire


def _of(questionnaire: Questionnaire, model: Any, pk: uuid.UUID) -> Any:
    found = model.objects.filter(questionnaire=questionnaire, pk=pk).first()
    if found is None:
        raise HttpError(404, _("Not found."))
    found.questionnaire = questionnaire
    return found


@router.get(P + "/questionnaires/{questionnaire_id}", response=EvaluationQuestionnaireOut)
def get_questionnaire(
    request: SchoolHttpRequest, npsn: str, questionnaire_id: uuid.UUID
) -> dict[str, Any]:
    """The questions in the order respondents see them, grouped by section (sections without
    questions last), with the version to send back with a move or removal."""
    return _questionnaire_out(_managed(request, questionnaire_id))


@router.post(
    P + "/questionnaires/{questionnaire_id}/items/{item_id}/move",
    response=EvaluationQuestionnaireOut,
)
def move_item(
    request: SchoolHttpRequest,
    npsn: str,
    questionnaire_id: uuid.UUID,
    item_id: uuid.UUID,
    body: EvaluationMoveIn,
) -> dict[str, Any]:
    """One place up or down; at a section's edge into the neighbouring section."""
    questionnaire = _managed(request, questionnaire_id)
    item = _of(questionnaire, Item, item_id)
    questionnaire_services.item_move(
        item=item, actor=request.user, version=body.version, up=body.direction == "up"
    )
    return _questionnaire_out(questionnaire)


@router.delete(
    P + "/questionnaires/{questionnaire_id}/items/{item_id}", response=EvaluationQuestionnaireOut
)
def delete_item(
    request: SchoolHttpRequest,
    npsn: str,
    questionnaire_id: uuid.UUID,
    item_id: uuid.UUID,
    version: int | None = None,
) -> dict[str, Any]:
    """Refused (422, code "locked") once a wave of the questionnaire has answers."""
    questionnaire = _managed(request, questionnaire_id)
    item = _of(questionnaire, Item, item_id)
    questionnaire_services.item_delete(item=item, actor=request.user, version=version)
    return _questionnaire_out(questionnaire)


@router.post(
    P + "/questionnaires/{questionnaire_id}/sections/{section_id}/move",
    response=EvaluationQuestionnaireOut,
)
def move_section(
    request: SchoolHttpRequest,
    npsn: str,
    questionnaire_id: uuid.UUID,
    section_id: uuid.UUID,
    body: EvaluationMoveIn,
) -> dict[str, Any]:
    """One place up or down with its questions."""
    questionnaire = _managed(request, questionnaire_id)
    section = _of(questionnaire, Section, section_id)
    questionnaire_services.section_move(
        section=section, actor=request.user, version=body.version, up=body.direction == "up"
    )
    return _questionnaire_out(questionnaire)


@router.delete(
    P + "/questionnaires/{questionnaire_id}/sections/{section_id}",
    response=EvaluationQuestionnaireOut,
)
def delete_section(
    request: SchoolHttpRequest,
    npsn: str,
    questionnaire_id: uuid.UUID,
    section_id: uuid.UUID,
    version: int | None = None,
    with_items: bool = False,
) -> dict[str, Any]:
    """Its questions stay outside any section, or go too with `with_items`. A section holding
    questions is not removed once a wave has answers (422, code "locked")."""
    questionnaire = _managed(request, questionnaire_id)
    section = _of(questionnaire, Section, section_id)
    questionnaire_services.section_delete(
        section=section, actor=request.user, version=version, with_items=with_items
    )
    return _questionnaire_out(questionnaire)


class EvaluationDocumentationOut(Schema):
    id: uuid.UUID
    programme_id: uuid.UUID
    caption: str
    taken_on: datetime.date
    activity_kind: str
    activity_label: str
    observation_id: uuid.UUID | None = None  # only when the caller may open the observation
    is_image: bool
    file_name: str
    updated_at: datetime.datetime


@router.get(P + "/documentation", response=list[EvaluationDocumentationOut])
@paginate(Paged)
def list_documentation(
    request: SchoolHttpRequest,
    npsn: str,
    programme_id: uuid.UUID | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[DocumentationItem, dict[str, Any]]:
    """The documentation gallery, newest first. `observation_id` names the classroom
    observation a photo shows only to those who may open that observation."""
    school = request.school
    require(request, "evaluation.view_results", school)
    items = DocumentationItem.objects.filter(school=school).order_by("-taken_on", "pk")
    if programme_id is not None:
        items = items.filter(programme_id=programme_id)
    openable: set[Any] = set()

    def page(found: list[DocumentationItem]) -> None:
        linked = {d.observation_id for d in found if d.observation_id}
        if linked:
            openable.update(
                queries.openable_observations(school, request.user, linked).values_list(
                    "pk", flat=True
                )
            )

    def out(d: DocumentationItem) -> dict[str, Any]:
        return {
            "id": d.pk,
            "programme_id": d.programme_id,
            "caption": d.caption,
            "taken_on": d.taken_on,
            "activity_kind": d.activity_kind,
            "activity_label": d.activity_label,
            "observation_id": d.observation_id if d.observation_id in openable else None,
            "is_image": d.is_image,
            "file_name": d.file_name,
            "updated_at": d.updated_at,
        }

    return rows(changed_since(items, updated_since), out, page)


@router.get(P + "/programmes/{programme_id}/coding/frequencies", response=list[FrequencyOut])
@paginate(Paged)
def coding_frequencies(
    request: SchoolHttpRequest, npsn: str, programme_id: uuid.UUID
) -> list[dict[str, Any]]:
    """How often each code was applied, by kind of source and by month."""
    programme = queries.get_programme(request.school, programme_id)
    require(request, "evaluation.evaluate", programme)
    codebook = queries.codebook_of(programme)
    if codebook is None:  # nothing coded yet (reading starts no codebook)
        return []
    f = coding_queries.frequencies(codebook)
    themes = {c.pk: c.name for c in coding_queries.codes_of(codebook) if not c.is_codable}
    return [
        {
            "code_id": c.pk,
            "code": c.name,
            "theme": themes.get(c.parent_id) if c.parent_id else None,
            "total": f.totals.get(c.pk, 0),
            "by_source": f.by_source.get(c.pk, {}),
            "by_month": {m.strftime("%Y-%m"): n for m, n in f.by_month.get(c.pk, {}).items()},
        }
        for c in f.codes
    ]


@router.get(P + "/programmes/{programme_id}/coding/agreement", response=AgreementOut)
def coding_agreement(
    request: SchoolHttpRequest,
    npsn: str,
    programme_id: uuid.UUID,
    unit: str = AgreementUnit.SENTENCE,
) -> dict[str, Any]:
    """Coder agreement per code on texts coded by two or more people: the unit stated,
    Cohen's kappa per pair of coders, Krippendorff's alpha (nominal)."""
    programme = queries.get_programme(request.school, programme_id)
    require(request, "evaluation.evaluate", programme)
    if unit not in AgreementUnit.values:
        unit = AgreementUnit.SENTENCE
    codebook = queries.codebook_of(programme)
    result = (
        coding_queries.agreement(codebook, unit)
        if codebook is not None
        else coding_queries.Agreement(unit=unit, documents=0, units=0, coders=[])
    )
    return {
        "unit": result.unit,
        "documents": result.documents,
        "units": result.units,
        "coders": [u.full_name for u in result.coders],
        "codes": [
            {
                "code_id": row.code.pk,
                "code": row.code.name,
                "coded_units": row.coded_units,
                "cohen_kappa": [
                    {"coder_a": a.full_name, "coder_b": b.full_name, "kappa": k}
                    for a, b, k in row.kappas
                ],
                "krippendorff_alpha": row.alpha,
            }
            for row in result.codes
        ],
    }
