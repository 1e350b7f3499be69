"""This app's rows of the permission matrix (see tests/test_permission_matrix.py).

In the world, the facilitator runs the community and the teacher is a member.
"""

import datetime

from kombel.schools.enums import Role
from tests.permissions import READ_ALL, TEACHERS, Endpoint

VIEW = READ_ALL | TEACHERS  # staff who teach or oversee; not operators, parents, leaders
CREATE = frozenset({Role.FACILITATOR, Role.PRINCIPAL})
MANAGE = CREATE  # the community's facilitator and the principal
CONTRIBUTE = MANAGE | {Role.TEACHER}  # members too

C = "/s/{npsn}/communities/"
A = "/api/v1/schools/{npsn}/"


def _community(sw):  # type: ignore[no-untyped-def]
    return {
        "programme": sw.objects["community"].programme_id,
        "name": "Bahasa Kelas VIII",
        "facilitator": sw.users[Role.FACILITATOR].pk,
        "members": [sw.users[Role.TEACHER].pk],
        "interval_weeks": 2,
    }


def _community_json(sw):  # type: ignore[no-untyped-def]
    return {
        "programme_id": sw.objects["community"].programme_id,
        "name": "Bahasa Kelas VIII",
        "facilitator_id": sw.users[Role.FACILITATOR].pk,
        "member_ids": [sw.users[Role.TEACHER].pk],
    }


def _meeting(sw):  # type: ignore[no-untyped-def]
    day = sw.objects["community"].programme.start + datetime.timedelta(days=7)
    return {"date": day.isoformat(), "agenda": "Refleksi"}


def _record(sw):  # type: ignore[no-untyped-def]
    return {"status": "held", "notes": "Notulen", "went_well": "Diskusi hidup", "version": 1}


def _reflection(sw):  # type: ignore[no-untyped-def]
    return {"went_well": "Diskusi hidup", "version": 1}


def _attendance(sw):  # type: ignore[no-untyped-def]
    return {"participant": sw.users[Role.TEACHER].pk, "status": "present"}


def _attendance_json(sw):  # type: ignore[no-untyped-def]
    return {"statuses": {str(sw.users[Role.TEACHER].pk): "present"}}


def _entry(sw):  # type: ignore[no-untyped-def]
    return {"text": "Tambahan catatan"}


def _item(sw):  # type: ignore[no-untyped-def]
    return {
        "description": "Mencoba kartu keluar",
        "owner": sw.users[Role.TEACHER].pk,
        "due_date": "2026-12-01",
    }


def _item_json(sw):  # type: ignore[no-untyped-def]
    return {
        "description": "Mencoba kartu keluar",
        "owner_id": sw.users[Role.TEACHER].pk,
        "due_date": "2026-12-01",
    }


def _practice(sw):  # type: ignore[no-untyped-def]
    return {"title": "Kartu keluar", "description": "Tiga pertanyaan di akhir pelajaran."}


ENDPOINTS: list[Endpoint] = [
    Endpoint(C, VIEW),
    Endpoint(C + "suggest/", CREATE),
    Endpoint(C + "new/", CREATE),
    Endpoint(C + "new/", CREATE, method="POST", data=_community),
    Endpoint(C + "practices/", VIEW),
    Endpoint(C + "practices/{practice.pk}/", VIEW),
    Endpoint(C + "files/{practice_file.pk}/", VIEW),
    Endpoint(C + "{community.pk}/", VIEW),
    Endpoint(C + "{community.pk}/edit/", MANAGE),
    Endpoint(C + "{community.pk}/plan/", MANAGE, method="POST"),
    Endpoint(C + "{community.pk}/meetings/new/", MANAGE),
    Endpoint(C + "{community.pk}/meetings/new/", MANAGE, method="POST", data=_meeting),
    Endpoint(C + "{community.pk}/practices/new/", CONTRIBUTE),
    Endpoint(C + "{community.pk}/practices/new/", CONTRIBUTE, method="POST", data=_practice),
    Endpoint(C + "meetings/{meeting.pk}/", VIEW),
    Endpoint(C + "meetings/{meeting.pk}/record/", MANAGE),
    Endpoint(C + "meetings/{meeting.pk}/record/", MANAGE, method="POST", data=_record),
    Endpoint(C + "meetings/{meeting.pk}/reflection/", CONTRIBUTE),
    Endpoint(C + "meetings/{meeting.pk}/reflection/", CONTRIBUTE, method="POST", data=_reflection),
    Endpoint(C + "meetings/{meeting.pk}/attendance/", MANAGE, method="POST", data=_attendance),
    Endpoint(C + "meetings/{meeting.pk}/entries/", CONTRIBUTE, method="POST", data=_entry),
    # Follow-ups agreed at a meeting: the tracker's form and API, with the meeting as source.
    Endpoint("/s/{npsn}/followups/new/communities.meeting/{meeting.pk}/", MANAGE),
    Endpoint(
        "/s/{npsn}/followups/new/communities.meeting/{meeting.pk}/",
        MANAGE,
        method="POST",
        data=_item,
    ),
    Endpoint(A + "communities", VIEW, api=True),
    Endpoint(A + "communities", CREATE, method="POST", data=_community_json, api=True),
    Endpoint(A + "communities/regularity", VIEW, api=True),
    Endpoint(A + "communities/{community.pk}", VIEW, api=True),
    Endpoint(A + "communities/{community.pk}/meetings", VIEW, api=True),
    Endpoint(
        A + "communities/{community.pk}/meetings", MANAGE, method="POST", data=_meeting, api=True
    ),
    Endpoint(A + "meetings/{meeting.pk}", VIEW, api=True),
    Endpoint(
        A + "meetings/{meeting.pk}/attendance",
        MANAGE,
        method="POST",
        data=_attendance_json,
        api=True,
    ),
    Endpoint(A + "meetings/{meeting.pk}/entries", CONTRIBUTE, method="POST", data=_entry, api=True),
    Endpoint(
        "/api/v1/schools/{npsn}/followups",
        MANAGE,
        method="POST",
        data=lambda sw: {
            **_item_json(sw),
            "source_type": "communities.meeting",
            "source_id": sw.objects["meeting"].pk,
        },
        api=True,
    ),
    Endpoint(A + "practices", VIEW, api=True),
    Endpoint(
        A + "communities/{community.pk}/practices",
        CONTRIBUTE,
        method="POST",
        data=_practice,
        api=True,
    ),
]
