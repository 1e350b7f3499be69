"""This app's rows of the permission matrix (see tests/test_permission_matrix.py)."""

from kombel.schools.enums import Role
from tests.permissions import ALL, READ_ALL, Endpoint

VIEW_ALL = READ_ALL | {Role.FACILITATOR}
ITEM_VIEWERS = VIEW_ALL | {Role.TEACHER}  # the teacher owns the item
ITEM_CHANGERS = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL})


def _status(sw):  # type: ignore[no-untyped-def]
    return {"status": "done", "note": "", "evidence_url": "", "version": 1}


ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/followups/", VIEW_ALL),
    Endpoint("/s/{npsn}/followups/export.xlsx", VIEW_ALL),
    Endpoint("/s/{npsn}/followups/mine/", ALL),
    Endpoint("/s/{npsn}/followups/{followup.pk}/", ITEM_VIEWERS),
    Endpoint("/s/{npsn}/followups/{followup.pk}/", ITEM_CHANGERS, method="POST", data=_status),
    Endpoint("/api/v1/schools/{npsn}/followups", VIEW_ALL, api=True),
    Endpoint("/api/v1/schools/{npsn}/followups/mine", ALL, api=True),
    Endpoint("/api/v1/schools/{npsn}/followups/{followup.pk}", ITEM_VIEWERS, api=True),
    Endpoint(
        "/api/v1/schools/{npsn}/followups/{followup.pk}/status",
        ITEM_CHANGERS,
        method="POST",
        data=_status,
        api=True,
    ),
]
