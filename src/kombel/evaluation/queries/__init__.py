"""Reads of the evaluation app shared by pages, the API and other apps' pages.

Who sees what (rules.py): waves and their aggregate results are read by the school's staff with
"evaluation.view_results"; a respondent sees the waves addressed to them; transcripts, coded
texts and the codebook only by evaluators. One object, or 404 for missing and foreign alike.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from kombel.communities.models import Meeting
from kombel.core.dates import day_text
from kombel.core.extensions import SourceInfo
from kombel.core.http import one_or_404
from kombel.evaluation.anonymity import respondent_key
from kombel.evaluation.enums import EVALUATION_KIND, ActivityKind, Audience, ResponseStatus
from kombel.evaluation.models import (
    Codebook,
    Document,
    DocumentationItem,
    Interview,
    Questionnaire,
    Receipt,
    Response,
    ResponseImport,
    Wave,
)
from kombel.observations import queries as observation_queries
from kombel.observations.models import Observation
from kombel.programs.models import Event, Participant, Programme
from kombel.schools.access import roles_in
from kombel.schools.enums import TEACHING_ROLES, Role
from kombel.schools.models import Membership, School
from kombel.workshops.models import WorkshopSession


def programmes_of(school: School) -> QuerySet[Programme]:
    return Programme.objects.filter(school=school).order_by("-start")


def get_programme(school: School, pk: Any) -> Programme:
    return one_or_404(Programme.objects.filter(school=school).select_related("school"), pk)


def waves_of(school: School, programme: Programme | None = None) -> QuerySet[Wave]:
    qs = Wave.objects.filter(school=school).select_related("questionnaire", "programme")
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.annotate(
        answered=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
    ).order_by("-opens_on", "title")


def get_wave(school: School, pk: Any) -> Wave:
    return one_or_404(
        Wave.objects.filter(school=school).select_related(
            "questionnaire", "programme", "school", "event"
        ),
        pk,
    )


def questionnaires_of(school: School) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(school=school).annotate(
        item_count=Count("items", distinct=True), wave_count=Count("waves", distinct=True)
    )


def get_questionnaire(school: School, pk: Any) -> Questionnaire:
    return one_or_404(Questionnaire.objects.filter(school=school).select_related("school"), pk)


def get_import(wave: Wave, pk: Any) -> ResponseImport:
    return one_or_404(ResponseImport.objects.filter(wave=wave), pk)


def get_interview(school: School, pk: Any) -> Interview:
    return one_or_404(
        Interview.objects.filter(school=school).select_related("programme", "interviewer"), pk
    )


def get_documentation(school: School, pk: Any) -> DocumentationItem:
    return one_or_404(
        DocumentationItem.objects.filter(school=school).select_related("programme"), pk
    )


def openable_observations(school: School, user: Any, among: Any = None) -> QuerySet[Observation]:
    """The school's classroom observations `user` may open (the observations app's query and
    rule, read as they are), optionally among the ids `among`."""
    qs = observation_queries.observations_for_user(school, user)
    if among is not None:
        qs = qs.filter(pk__in=list(among))
    allowed = [o.pk for o in qs if user.has_perm("observations.view_observation", o)]
    return observation_queries.observations_for_user(school, user).filter(pk__in=allowed)


def activity_links(school: School, user: Any, items: list[DocumentationItem]) -> dict[Any, str]:
    """The page of the workshop session or meeting a photo shows, by the photo's id, for those
    who may open that page (the workshops' and communities' own rules, read as they are)."""
    ids = {
        kind: {d.activity_id for d in items if d.activity_kind == kind and d.activity_id}
        for kind in (ActivityKind.WORKSHOP, ActivityKind.MEETING)
    }
    found: dict[Any, str] = {}
    if ids[ActivityKind.WORKSHOP]:
        for session in WorkshopSession.objects.filter(
            school=school, pk__in=ids[ActivityKind.WORKSHOP]
        ):
            if user.has_perm("workshops.view_session", session):
                found[session.pk] = reverse("workshops:session", args=[school.npsn, session.pk])
    if ids[ActivityKind.MEETING]:
        for meeting in Meeting.objects.filter(school=school, pk__in=ids[ActivityKind.MEETING]):
            if user.has_perm("communities.view_community", meeting):
                found[meeting.pk] = reverse("communities:meeting", args=[school.npsn, meeting.pk])
    return {d.pk: found[d.activity_id] for d in items if d.activity_id in found}


def get_document(school: School, pk: Any) -> Document:
    return one_or_404(
        Document.objects.filter(school=school).select_related("programme", "school"), pk
    )


def codebook_of(programme: Programme) -> Codebook | None:
    return Codebook.objects.filter(programme=programme).first()


@dataclass
class Rate:
    answered: int
    asked: int
    imported: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.asked) if self.asked else None


def audience_count(wave: Wave) -> int:
    if wave.questionnaire.audience == Audience.PARENTS:
        return (
            Membership.objects.filter(school=wave.school, role=Role.PARENT, user__is_active=True)
            .values("user_id")
            .distinct()
            .count()
        )
    return (
        Participant.objects.filter(
            programme_id=wave.programme_id, role__in=TEACHING_ROLES, user__is_active=True
        )
        .values("user_id")
        .distinct()
        .count()
    )


def response_rate(wave: Wave) -> Rate:
    """Answers in Kombel out of the people asked; imported answers counted apart."""
    counts = Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED).aggregate(
        web=Count("pk", filter=Q(external_id="")), imported=Count("pk", filter=~Q(external_id=""))
    )
    return Rate(answered=counts["web"], asked=audience_count(wave), imported=counts["imported"])


def wave_path(wave: Wave) -> str:
    return reverse("evaluation:wave", args=[wave.school.npsn, wave.pk])


def wave_source_info(wave: Wave) -> SourceInfo:
    """How a follow-up agreed on a wave's results names it."""
    return SourceInfo(
        label=f"{wave.title} · {day_text(wave.closes_on)}",
        url=wave_path(wave),
        date=wave.closes_on,
    )


def wave_links(event: Event, user: Any) -> list[tuple[str, str]]:
    """From a monthly evaluation event to its waves: to answer one that is open (for its
    respondents only: the answer page refuses anyone else), and to read the results."""
    from kombel.evaluation.services.waves import is_open, is_respondent

    links: list[tuple[str, str]] = []
    if event.kind != EVALUATION_KIND:
        return links
    for wave in Wave.objects.filter(event=event).select_related("questionnaire", "school"):
        if (
            user.has_perm("evaluation.answer_wave", wave)
            and is_open(wave)
            and is_respondent(wave, user)
        ):
            links.append(
                (
                    gettext("Answer: %(wave)s") % {"wave": wave.title},
                    reverse("evaluation:answer", args=[wave.school.npsn, wave.pk]),
                )
            )
        if user.has_perm("evaluation.view_results", wave):
            links.append((gettext("Results: %(wave)s") % {"wave": wave.title}, wave_path(wave)))
    return links


def open_waves_for(user: Any, schools: list[School], today: datetime.date) -> list[Wave]:
    """Open waves addressed to the user that they have not answered yet (the home panel)."""
    teacher_schools = [s.pk for s in schools if roles_in(user, s) & TEACHING_ROLES]
    parent_schools = [s.pk for s in schools if Role.PARENT in roles_in(user, s)]
    if not teacher_schools and not parent_schools:
        return []
    waves = list(
        Wave.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .filter(
            Q(
                school_id__in=teacher_schools,
                questionnaire__audience=Audience.TEACHERS,
                programme__participations__user=user,
                programme__participations__role__in=TEACHING_ROLES,
            )
            | Q(school_id__in=parent_schools, questionnaire__audience=Audience.PARENTS)
        )
        .exclude(responses__respondent=user, responses__status=ResponseStatus.SUBMITTED)
        .select_related("school", "questionnaire")
        .distinct()
        .order_by("closes_on")
    )
    anonymous = [w for w in waves if w.anonymous]
    if anonymous:
        keys = {respondent_key(w, user) for w in anonymous}
        done = set(
            Receipt.objects.filter(wave__in=anonymous, key__in=keys).values_list(
                "wave_id", flat=True
            )
        )
        waves = [w for w in waves if w.pk not in done]
    return waves


def home_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Questionnaires waiting for the user's answer (two queries)."""
    waves = open_waves_for(request.user, schools, timezone.localdate())
    return {"waves": waves} if waves else None
