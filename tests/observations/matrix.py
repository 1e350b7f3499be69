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
O = S + "{observation.pk}/"
I = S + "instruments/{obs_own_instrument.pk}/"
A = "/api/v1/schools/{npsn}/"


def _plan(sw):  # type: ignore[no-untyped-def]
    return {
        "version": sw.objects["obs_version"].pk,
        "teacher": sw.users[Role.TEACHER].pk,
        "observers": [sw.users[Role.FACILITATOR].pk],
        "starts_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
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


ENDPOINTS: list[Endpoint] = [
    Endpoint(S, STAFF),
    Endpoint(S + "new/", STAFF),
    Endpoint(S + "new/", STAFF, method="POST", data=_plan),
    Endpoint(S + "sw.js", STAFF),
    Endpoint(O, STAFF),
    Endpoint(O + "capture/", OBSERVER),
    Endpoint(
        O + "capture/",
        OBSERVER,
        method="POST",
        data=lambda sw: {f"item_{sw.objects['obs_item'].pk}": "2"},
    ),
    Endpoint(
        O + "prepare/",
        OBSERVED | RUN,
        method="POST",
        data=lambda sw: {"focus": "Fokus baru", "teacher_plan": "RPP"},
    ),
    Endpoint(O + "advance/", OBSERVED | RUN, method="POST", data=lambda sw: {}),
    Endpoint(O + "release/", RUN, method="POST", data=lambda sw: {}),
    Endpoint(O + "share/", OBSERVED, method="POST", data=lambda sw: {"shared": "1"}),
    Endpoint(O + "debrief/", RUN, method="POST", data=lambda sw: {"debrief": "Sepakat"}),
    Endpoint(O + "reflection/", OBSERVED, method="POST", data=lambda sw: {"reflection": "Ok"}),
    Endpoint(S + "instruments/", STAFF),
    Endpoint(S + "instruments/shipped/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {}),
    Endpoint(S + "instruments/new/", MANAGE_INSTRUMENTS),
    Endpoint(
        S + "instruments/new/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"name": "Instrumen baru", "kind": "other"},
    ),
    Endpoint(I, STAFF),
    Endpoint(I + "sections/new/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {"title": "B"}),
    Endpoint(I + "items/new/", MANAGE_INSTRUMENTS),
    Endpoint(
        I + "items/new/",
        MANAGE_INSTRUMENTS,
        method="POST",
        data=lambda sw: {"section": "Bagian A", "kind": "yesno", "text": "Ada?"},
    ),
    Endpoint(I + "publish/", MANAGE_INSTRUMENTS, method="POST", data=lambda sw: {}),
    Endpoint(A + "observation-instruments", STAFF, api=True),
    Endpoint(A + "observation-instruments/{obs_instrument.pk}", STAFF, api=True),
    Endpoint(A + "observations", STAFF, api=True),
    Endpoint(A + "observations", STAFF, method="POST", data=_plan_api, api=True),
    Endpoint(A + "observations/{observation.pk}", STAFF, api=True),
    Endpoint(
        A + "observations/{observation.pk}/capture",
        OBSERVER,
        method="POST",
        data=_capture,
        api=True,
    ),
]
