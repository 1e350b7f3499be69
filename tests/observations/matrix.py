"""This app's rows of the permission matrix (see tests/test_permission_matrix.py).

In the world (builders.py) the teacher is observed by the facilitator in an observation still
in preparation; the shipped instruments are installed.
"""

import datetime
import uuid

from django.utils import timezone

from kombel.schools.enums import Role
from tests.permissions import Endpoint

OVERSEE = frozenset({Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR})
TEACHING = frozenset({Role.TEACHER, Role.FACILITATOR})
STAFF = OVERSEE | TEACHING  # those who observe or are observed
MANAGE_INSTRUMENTS = frozenset({Role.FACILITATOR, Role.PRINCIPAL, Role.MENTOR})
OBSERVER = frozenset({Role.FACILITATOR})  # the observation's only observer
OBSERVED = frozenset({Role.TEACHER})
RUN = frozenset({Role.FACILITATOR, Role.PRINCIPAL})  # its observer and the principal

S = "/s/{npsn}/observations/"
OBS = S + "{observation.pk}/"
INS = S + "instruments/{obs_own_instrument.pk}/"
A = "/api/v1/schools/{npsn}/"


def _plan(sw):  # type: ignore[no-untyped-def]
    return {
        "version": sw.objects["obs_version"].pk,
        "teacher": sw.users[Role.TEACHER].pk,
        "observers": [sw.users[Role.FACILITATOR].pk],
        "starts_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "minutes": 80,
        "focus": "Diskusi kelompok",
    }


def _plan_api(sw):  # type: ignore[no-untyped-def]
    return {
        "version_id": str(sw.objects["obs_version"].pk),
        "teacher_id": str(sw.users[Role.TEACHER].pk),
        "observer_ids": [str(sw.users[Role.FACILITATOR].pk)],
        "starts_at": (timezone.now() + datetime.timedelta(days=2)).isoformat(),
    }


def _capture(sw):  # type: ignore[no-untyped-def]
    return {
        "notes": [
            {"id": str(uuid.uuid4()), "taken_at": timezone.now().isoformat(), "text": "Siswa aktif"}
        ],
        "scores": [{"item_id": str(sw.objects["obs_item"].pk), "value": 2}],
    }


MENTOR = frozenset({Role.MENTOR})
V = S + "visits/{obs_visit.pk}/"
C = S + "lesson-study/"


def _visit(sw):  # type: ignore[no-untyped-def]
    return {
        "teachers": [sw.users[Role.TEACHER].pk],
        "visited_on": "2026-11-27",
        "status": "done",
        "focus": "Asesmen formatif",
        "recommendations": "Kartu keluar",
    }


ENDPOINTS: list[Endpoint] = [
    Endpoint(S, STAFF),
    Endpoint(S + "new/", STAFF),
    Endpoint(S + "new/", STAFF, method="POST", data=_plan),
    Endpoint(S + "sw.js", STAFF),
    Endpoint(OBS, STAFF),
    Endpoint(OBS + "capture/", OBSERVER),
    Endpoint(
        OBS + "capture/",
        OBSERVER,
        method="POST",
        data=lambda sw: {f"item_{sw.objects['obs_item'].pk}": "2"},
    ),
    Endpoint(
        OBS + "prepare/",
        OBSERVED | RUN,
        method="POST",
        data=lambda sw: {"focus": "Fokus baru", "teacher_plan": "RPP"},
    ),
    Endpoint(OBS + "advance/", OBSERVED | RUN, method="POST", data=lambda sw: {}),
    Endpoint(OBS + "release/", RUN, method="POST", data=lambda sw: {}),
    Endpoint(OBS + "share/", OBSERVED, method="POST", data=lambda sw: {"shared": "1"}),
    Endpoint(OBS + "debrief/", RUN, method="POST", data=lambda sw: {"debrief": "Sepakat"}),
    Endpoint(OBS + "reflection/", OBSERVED, method="POST", data=lambda sw: {"reflection": "Ok"}),
    Endpoint(OBS + "disagreement/", OVERSEE | OBSERVER),
    Endpoint(OBS + "notes/{obs_note.pk}/photo/thumb/", OVERSEE | OBSERVER),
    Endpoint(S + "agreement/", OVERSEE),
    Endpoint(S + "growth/", OVERSEE),
    Endpoint(S + "growth/schools/", frozenset({Role.SUPERVISOR})),
    Endpoint(S + "growth/{obs_teacher_pk}/", OVERSEE | OBSERVED),
    Endpoint(S + "export.xlsx", OVERSEE),
    Endpoint(S + "import/", frozenset({Role.PRINCIPAL})),
    Endpoint(S + "import/", frozenset({Role.PRINCIPAL}), method="POST", data=lambda sw: {}),
    Endpoint(S + "visits/", STAFF),
    Endpoint(S + "visits/new/", MENTOR),
    Endpoint(S + "visits/new/", MENTOR, method="POST", data=_visit),
    Endpoint(S + "visits/mine/", MENTOR),
    Endpoint(V, OVERSEE | OBSERVED),
    Endpoint(V + "edit/", MENTOR),
    Endpoint(V + "edit/", MENTOR, method="POST", data=_visit),
    Endpoint(C, STAFF),
    Endpoint(C + "new/", MANAGE_INSTRUMENTS),
    Endpoint(
        C + "new/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {
            "title": "Siklus baru",
            "teacher": sw.users[Role.TEACHER].pk,
            "members": [sw.users[Role.FACILITATOR].pk],
        },
    ),
    Endpoint(C + "{obs_cycle.pk}/", STAFF),
    Endpoint(
        C + "{obs_cycle.pk}/",
        OBSERVED | MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"plan": "Rencana", "reflection": "", "revised_plan": ""},
    ),
    Endpoint(S + "instruments/", STAFF),
    Endpoint(S + "instruments/shipped/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {}),
    Endpoint(S + "instruments/new/", MANAGE_INSTRUMENTS),
    Endpoint(
        S + "instruments/new/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"name": "Instrumen baru", "kind": "other"},
    ),
    Endpoint(INS, STAFF),
    Endpoint(
        INS + "sections/new/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {"title": "B"}
    ),
    Endpoint(INS + "items/new/", MANAGE_INSTRUMENTS),
    Endpoint(
        INS + "items/new/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"section": "Bagian A", "kind": "yesno", "text": "Ada?"},
    ),
    Endpoint(INS + "publish/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {}),
    Endpoint(INS + "draft/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {}),
    Endpoint(INS + "items/{obs_draft_item.pk}/", MANAGE_INSTRUMENTS),
    Endpoint(
        INS + "items/{obs_draft_item.pk}/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"text": "Ada papan tulis?", "evidence": "on"},
    ),
    Endpoint(
        INS + "items/{obs_draft_item.pk}/move/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"direction": "up"},
    ),
    Endpoint(
        INS + "items/{obs_draft_item.pk}/remove/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {},
    ),
    Endpoint(INS + "sections/{obs_draft_section.pk}/", MANAGE_INSTRUMENTS),
    Endpoint(
        INS + "sections/{obs_draft_section.pk}/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"title": "Bagian Satu"},
    ),
    Endpoint(
        INS + "sections/{obs_draft_section.pk}/move/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"direction": "down"},
    ),
    Endpoint(
        INS + "sections/{obs_draft_section.pk}/remove/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {},
    ),
    Endpoint(A + "observation-instruments", STAFF, api=True),
    Endpoint(A + "observation-instruments/{obs_instrument.pk}", STAFF, api=True),
    Endpoint(A + "observations", STAFF, api=True),
    Endpoint(A + "observations", STAFF, method="POST", data=_plan_api, api=True),
    Endpoint(A + "observations/{observation.pk}", STAFF, api=True),
    Endpoint(A + "observations/{observation.pk}/disagreement", OVERSEE | OBSERVER, api=True),
    Endpoint(  # multipart; the matrix sends JSON without a file: 422 once allowed
        A + "observations/{observation.pk}/notes/{obs_note.pk}/photo",
        OBSERVER,
        method="POST",
        api=True,
        data=lambda sw: {},
        ok=(422,),
    ),
    Endpoint(A + "observation-agreement", OVERSEE, api=True),
    Endpoint(A + "mentoring-visits", STAFF, api=True),
    Endpoint(
        A + "mentoring-visits",
        MENTOR,
        method="POST",
        api=True,
        data=lambda sw: {
            "teacher_ids": [str(sw.users[Role.TEACHER].pk)],
            "visited_on": "2026-11-27",
            "recommendations": "Kartu keluar",
        },
    ),
    Endpoint(A + "lesson-study-cycles", STAFF, api=True),
    Endpoint(
        A + "observations/{observation.pk}/capture",
        OBSERVER,
        method="POST",
        data=_capture,
        api=True,
    ),
]
