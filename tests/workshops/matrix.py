"""This app's rows of the permission matrix (see tests/test_permission_matrix.py)."""

from kombel.schools.enums import Role
from tests.permissions import TEACHERS, Endpoint

# "workshop.view": the school's staff except the operator; parents and community leaders: none.
VIEWERS = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR})
# "workshop.manage" (or a teacher named the session's facilitator: the world's facilitator is).
RUNNERS = frozenset({Role.FACILITATOR, Role.PRINCIPAL, Role.MENTOR})
# Feedback: those who run the session and those who read everything.
FEEDBACK_READERS = RUNNERS | {Role.SUPERVISOR}
# The programme's whole attendance register: the same (no teacher, even a session's facilitator).
REGISTER_READERS = RUNNERS | {Role.SUPERVISOR}

S = "/s/{npsn}/workshops/{session.pk}"
API = "/api/v1/schools/{npsn}/workshops"
F = "/s/{npsn}/followups/new/workshops.session/{session.pk}/"  # a follow-up from the session


def _teacher(sw):  # type: ignore[no-untyped-def]
    return sw.users[Role.TEACHER]


ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/workshops/", VIEWERS),
    Endpoint(S + "/", VIEWERS),
    Endpoint(S + "/edit/", RUNNERS),
    Endpoint(S + "/attendance/", RUNNERS),
    Endpoint(
        S + "/attendance/",
        RUNNERS,
        method="POST",
        data=lambda sw: {"participant": str(_teacher(sw).pk), "status": "late"},
    ),
    Endpoint(S + "/attendance/rest-present/", RUNNERS, method="POST"),
    Endpoint(S + "/code/", RUNNERS),
    Endpoint("/s/{npsn}/workshops/events/{workshop_event.pk}/new/", RUNNERS),
    Endpoint("/s/{npsn}/workshops/checkin/", TEACHERS),
    Endpoint(
        "/s/{npsn}/workshops/checkin/", TEACHERS, method="POST", data=lambda sw: {"code": "X"}
    ),
    Endpoint(S + "/feedback/", TEACHERS),
    Endpoint(S + "/feedback/", TEACHERS, method="POST", data=lambda sw: {"rating": "4"}),
    Endpoint(S + "/materials/new/", RUNNERS),
    Endpoint(
        S + "/materials/new/",
        RUNNERS,
        method="POST",
        data=lambda sw: {"title": "Tautan", "url": "https://example.org/a"},
    ),
    Endpoint(S + "/materials/{session_resource.pk}/", VIEWERS),
    Endpoint(S + "/outputs/new/", RUNNERS | TEACHERS),
    Endpoint(
        S + "/outputs/new/",
        RUNNERS | TEACHERS,
        method="POST",
        data=lambda sw: {
            "title": "Draf Modul Ajar",
            "kind": "lesson_plan",
            "authors": [str(_teacher(sw).pk)],
        },
    ),
    Endpoint(S + "/outputs/{session_output.pk}/", VIEWERS),
    # API
    Endpoint(API + "/sessions", VIEWERS, api=True),
    Endpoint(API + "/sessions/{session.pk}", VIEWERS, api=True),
    Endpoint(API + "/sessions/{session.pk}/attendance", RUNNERS, api=True),
    Endpoint(
        API + "/sessions/{session.pk}/attendance/{participant.user_id}",
        RUNNERS,
        api=True,
        method="PUT",
        data=lambda sw: {"status": "excused"},
    ),
    Endpoint(
        API + "/checkin",
        TEACHERS,
        api=True,
        method="POST",
        data=lambda sw: {"code": "X"},
        ok=(422,),  # a wrong code is bad input
    ),
    Endpoint(
        API + "/sessions/{session.pk}/feedback",
        TEACHERS,
        api=True,
        method="POST",
        data=lambda sw: {"rating": 5, "comment": "Bagus"},
    ),
    Endpoint(API + "/sessions/{session.pk}/feedback", FEEDBACK_READERS, api=True),
    Endpoint(API + "/sessions/{session.pk}/outputs", VIEWERS, api=True),
]

ENDPOINTS += [
    Endpoint(S + "/materials/{session_resource.pk}/delete/", RUNNERS, method="POST"),
    Endpoint(F, RUNNERS),
    Endpoint(
        F,
        RUNNERS,
        method="POST",
        data=lambda sw: {
            "description": "Uji coba modul ajar di kelas VII-A",
            "owner": str(_teacher(sw).pk),
            "due_date": "2026-12-15",
        },
    ),
    Endpoint(
        "/api/v1/schools/{npsn}/followups",
        RUNNERS,
        method="POST",
        data=lambda sw: {
            "source_type": "workshops.session",
            "source_id": sw.objects["session"].pk,
            "description": "Uji coba modul ajar di kelas VII-A",
            "owner_id": str(_teacher(sw).pk),
            "due_date": "2026-12-15",
        },
        api=True,
    ),
]

ENDPOINTS += [
    Endpoint(
        "/s/{npsn}/workshops/programmes/{session.event.programme_id}/attendance.xlsx",
        REGISTER_READERS,
    ),
]
