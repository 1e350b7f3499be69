"""This app's rows of the permission matrix (see tests/test_permission_matrix.py).

In the world (builders.py) the teacher and the facilitator are the programme's teachers, so the
teachers' wave is addressed to them; the parent answers the parents' wave.
"""

import datetime

from django.utils import timezone

from kombel.schools.enums import Role
from tests.permissions import Endpoint

# "evaluation.view_results": staff who teach or oversee, and the district office.
VIEW = frozenset(
    {
        Role.TEACHER,
        Role.FACILITATOR,
        Role.PRINCIPAL,
        Role.SUPERVISOR,
        Role.MENTOR,
        Role.DISTRICT_OFFICER,
    }
)
MANAGE = frozenset({Role.FACILITATOR, Role.PRINCIPAL})
NAMED = MANAGE  # the facilitator team and the principal, in a wave that allows it
EVALUATE = frozenset({Role.FACILITATOR, Role.PRINCIPAL, Role.MENTOR})
ANSWER_TEACHERS = frozenset({Role.TEACHER, Role.FACILITATOR})
ANSWER_PARENTS = frozenset({Role.PARENT})

E = "/s/{npsn}/evaluation/"
W = E + "waves/{wave.pk}/"
Q = E + "questionnaires/{questionnaire.pk}/"
C = E + "coding/{evaluation_programme.pk}/"
A = "/api/v1/schools/{npsn}/evaluation/"


def _today() -> datetime.date:
    return timezone.localdate()


def _answers(sw):  # type: ignore[no-untyped-def]
    items = sw.objects["questionnaire"].items.filter(kind="likert").values_list("name", flat=True)
    return {name: "4" for name in items}


def _wave(sw):  # type: ignore[no-untyped-def]
    return {
        "programme": sw.objects["evaluation_programme"].pk,
        "questionnaire": sw.objects["questionnaire"].pk,
        "kind": "endline",
        "title": "Angket akhir",
        "opens_on": _today(),
        "closes_on": _today() + datetime.timedelta(days=7),
        "anonymous": "on",
    }


def _interview(sw):  # type: ignore[no-untyped-def]
    return {
        "programme": sw.objects["evaluation_programme"].pk,
        "held_on": _today(),
        "interviewee_role": "teacher",
        "interviewee": "Guru Matematika",
        "consent_given": "on",
        "transcript": "Saya lebih percaya diri.",
    }


ENDPOINTS: list[Endpoint] = [
    Endpoint(E, VIEW),
    Endpoint(E + "waves/new/", MANAGE),
    Endpoint(E + "waves/new/", MANAGE, method="POST", data=_wave),
    Endpoint(W, VIEW),
    Endpoint(W + "edit/", MANAGE),
    Endpoint(
        W + "edit/",
        MANAGE,
        method="POST",
        data=lambda sw: {
            "title": "Angket bulan ini",
            "opens_on": _today(),
            "closes_on": _today(),
            "names_visible": "on",
        },
    ),
    Endpoint(W + "change/", VIEW),
    Endpoint(W + "answer/", ANSWER_TEACHERS),
    Endpoint(W + "answer/", ANSWER_TEACHERS, method="POST", data=_answers),
    Endpoint(E + "waves/{parent_wave.pk}/answer/", ANSWER_PARENTS),
    Endpoint(
        E + "waves/{parent_wave.pk}/answer/",
        ANSWER_PARENTS,
        method="POST",
        data=lambda sw: {"ot1": "3", "ot2": "4", "ot3": "2", "save": "1"},
    ),
    Endpoint(W + "answers.xlsx", MANAGE),
    Endpoint(W + "answers.csv", MANAGE),
    Endpoint(W + "named/", NAMED),
    Endpoint(W + "reminders/", MANAGE),
    Endpoint(W + "import/", MANAGE),
    Endpoint(W + "import/{response_import.pk}/", MANAGE),
    Endpoint(W + "import/{response_import.pk}/", MANAGE, method="POST"),
    # questionnaires
    Endpoint(E + "questionnaires/", MANAGE),
    Endpoint(E + "questionnaires/defaults/", MANAGE, method="POST"),
    Endpoint(E + "questionnaires/import/", MANAGE),
    Endpoint(Q, MANAGE),
    Endpoint(Q + "xlsform.xlsx", MANAGE),
    Endpoint(
        Q + "sections/new/",
        MANAGE,
        method="POST",
        data=lambda sw: {"name": "tambahan", "title": "Tambahan"},
    ),
    Endpoint(
        Q + "constructs/new/",
        MANAGE,
        method="POST",
        data=lambda sw: {"code": "inovasi", "name": "Inovasi"},
    ),
    Endpoint(
        Q + "scales/new/",
        MANAGE,
        method="POST",
        data=lambda sw: {"name": "setuju4", "labels": "Tidak\nKurang\nCukup\nSangat"},
    ),
    Endpoint(Q + "items/new/", MANAGE),
    Endpoint(
        Q + "items/new/",
        MANAGE,
        method="POST",
        data=lambda sw: {"name": "saran", "kind": "open", "text": "Saran Anda?"},
    ),
    Endpoint(Q + "items/{item.pk}/", MANAGE),
    Endpoint(Q + "items/{item.pk}/delete/", MANAGE, method="POST"),
    Endpoint(
        Q + "items/{item.pk}/move/", MANAGE, method="POST", data=lambda sw: {"direction": "down"}
    ),
    Endpoint(
        Q + "sections/{questionnaire_section.pk}/move/",
        MANAGE,
        method="POST",
        data=lambda sw: {"direction": "down"},
    ),
    Endpoint(Q + "sections/{questionnaire_section.pk}/delete/", MANAGE, method="POST"),
    # interviews and documentation
    Endpoint(E + "interviews/", EVALUATE),
    Endpoint(E + "interviews/new/", EVALUATE),
    Endpoint(E + "interviews/new/", EVALUATE, method="POST", data=_interview),
    Endpoint(E + "interviews/{interview.pk}/", EVALUATE),
    Endpoint(E + "interviews/{interview.pk}/edit/", EVALUATE),
    Endpoint(E + "interviews/{interview.pk}/audio/", EVALUATE),
    Endpoint(E + "documentation/", VIEW),
    Endpoint(E + "documentation/new/", EVALUATE),
    Endpoint(E + "documentation/{photo.pk}/thumbnail/", VIEW),
    # coding
    Endpoint(E + "coding/", EVALUATE),
    Endpoint(C, EVALUATE),
    Endpoint(
        C + "codes/new/",
        EVALUATE,
        method="POST",
        data=lambda sw: {"name": "Kunjungan kelas", "parent": sw.objects["code"].parent_id},
    ),
    Endpoint(C + "codebook.qdc", EVALUATE),
    Endpoint(C + "codebook/import/", EVALUATE, method="POST"),
    Endpoint(C + "codebook/start/", EVALUATE, method="POST"),
    Endpoint(C + "project.qdpx", EVALUATE),
    Endpoint(
        C + "open/",
        EVALUATE,
        method="POST",
        data=lambda sw: {"source_type": "interview", "source_id": sw.objects["interview"].pk},
    ),
    Endpoint(C + "analysis/", EVALUATE),
    Endpoint(E + "coding/texts/{document.pk}/", EVALUATE),
    Endpoint(
        E + "coding/texts/{document.pk}/",
        EVALUATE,
        method="POST",
        data=lambda sw: {"passage": "Siswa lebih aktif", "codes": [sw.objects["code"].pk]},
    ),
    Endpoint(E + "coding/codings/{coding.pk}/delete/", EVALUATE, method="POST"),
    Endpoint(E + "coding/codes/{code.pk}/", EVALUATE),
    # a follow-up agreed on a wave's results
    Endpoint("/s/{npsn}/followups/new/evaluation.wave/{wave.pk}/", MANAGE),
    Endpoint(
        "/s/{npsn}/followups/new/evaluation.wave/{wave.pk}/",
        MANAGE,
        method="POST",
        data=lambda sw: {
            "description": "Lesson study untuk guru yang ragu",
            "owner": str(sw.users[Role.TEACHER].pk),
            "due_date": _today() + datetime.timedelta(days=14),
        },
    ),
    # API
    Endpoint(A + "waves", VIEW, api=True),
    Endpoint(A + "waves/{wave.pk}/results", VIEW, api=True),
    Endpoint(A + "waves/{wave.pk}/change", VIEW, api=True),
    Endpoint(A + "waves/{wave.pk}/rate", MANAGE, api=True),
    Endpoint(A + "waves/{wave.pk}/questions", VIEW | ANSWER_TEACHERS, api=True),
    Endpoint(
        A + "waves/{wave.pk}/answers",
        ANSWER_TEACHERS,
        api=True,
        method="POST",
        data=lambda sw: {"likert": {"kol1": 4}, "submit": False},
    ),
    Endpoint(A + "interviews", EVALUATE, api=True),
    Endpoint(A + "documentation", VIEW, api=True),
    Endpoint(A + "questionnaires/{questionnaire.pk}", MANAGE, api=True),
    Endpoint(
        A + "questionnaires/{questionnaire.pk}/items/{item.pk}/move",
        MANAGE,
        method="POST",
        api=True,
        data=lambda sw: {"direction": "down"},
    ),
    # the world's questionnaire has answers: a removal is refused (422), not forbidden
    Endpoint(
        A + "questionnaires/{questionnaire.pk}/items/{item.pk}",
        MANAGE,
        method="DELETE",
        api=True,
        ok=(200, 422),
    ),
    Endpoint(
        A + "questionnaires/{questionnaire.pk}/sections/{questionnaire_section.pk}/move",
        MANAGE,
        method="POST",
        api=True,
        data=lambda sw: {"direction": "down"},
    ),
    Endpoint(
        A + "questionnaires/{questionnaire.pk}/sections/{questionnaire_section.pk}",
        MANAGE,
        method="DELETE",
        api=True,
        ok=(200, 422),
    ),
    Endpoint(A + "interviews/{interview.pk}", EVALUATE, api=True),
    Endpoint(A + "programmes/{evaluation_programme.pk}/coding/frequencies", EVALUATE, api=True),
    Endpoint(A + "programmes/{evaluation_programme.pk}/coding/agreement", EVALUATE, api=True),
]
