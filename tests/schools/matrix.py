"""This app's rows of the permission matrix (see tests/permissions.py)."""

from kombel.schools.enums import Role
from tests.permissions import ALL, MANAGERS, STAFF, Endpoint

API = "/api/v1/schools/{npsn}"
# The district officer sees the school's people to appoint its principal (and gives no other
# role); the operator does not change a teacher's account: teachers see workshops and
# communities, operators do not (schools.access.grantable_roles).
PEOPLE_READERS = STAFF | {Role.DISTRICT_OFFICER}
ROLE_GIVERS = MANAGERS | {Role.DISTRICT_OFFICER}
PRINCIPAL = frozenset({Role.PRINCIPAL})


def _new_person(sw):  # type: ignore[no-untyped-def]
    return {"username": f"new-{sw.school.npsn}", "full_name": "Siti Aminah", "roles": ["teacher"]}


def _new_class(sw):  # type: ignore[no-untyped-def]
    return {"school_year": sw.objects["class"].school_year.name, "grade": 8, "name": "VIII-Z"}


ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/", ALL),
    Endpoint("/s/{npsn}/people/", PEOPLE_READERS),
    Endpoint("/s/{npsn}/people/{person.pk}/", PEOPLE_READERS),
    Endpoint("/s/{npsn}/people/new/", MANAGERS),
    Endpoint("/s/{npsn}/people/new/", MANAGERS, method="POST", data=_new_person),
    Endpoint("/s/{npsn}/people/{person.pk}/edit/", PRINCIPAL),
    Endpoint(
        "/s/{npsn}/people/{person.pk}/edit/",
        PRINCIPAL,
        method="POST",
        data=lambda sw: {"full_name": "Budi Santoso, S.Pd.", "phone": "081234567890"},
    ),
    Endpoint("/s/{npsn}/people/{person.pk}/teacher/", PRINCIPAL),
    Endpoint(
        "/s/{npsn}/people/{person.pk}/teacher/",
        PRINCIPAL,
        method="POST",
        data=lambda sw: {"grades": ["8"], "version": "1"},
    ),
    Endpoint("/s/{npsn}/people/{person.pk}/login-code/", PRINCIPAL, method="POST"),
    Endpoint("/s/{npsn}/people/{person.pk}/roles/", ROLE_GIVERS),
    Endpoint(
        "/s/{npsn}/people/{person.pk}/roles/",
        ROLE_GIVERS,
        method="POST",
        data=lambda sw: {"role": "parent"},
    ),
    # Only the principal may take the teacher role away; the others are told why (a message).
    Endpoint("/s/{npsn}/memberships/{membership.pk}/remove/", ROLE_GIVERS, method="POST"),
    Endpoint("/s/{npsn}/people/import/", MANAGERS),
    Endpoint("/s/{npsn}/people/import/template.xlsx", MANAGERS),
    Endpoint("/s/{npsn}/classes/", STAFF),
    Endpoint("/s/{npsn}/classes/new/", MANAGERS),
    Endpoint("/s/{npsn}/classes/new/", MANAGERS, method="POST", data=_new_class),
    Endpoint("/s/{npsn}/classes/{class.pk}/edit/", MANAGERS),
    Endpoint("/s/{npsn}/audit/", MANAGERS),
    Endpoint("/s/{npsn}/settings/", MANAGERS),
    Endpoint(
        "/s/{npsn}/settings/",
        MANAGERS,
        method="POST",
        data=lambda sw: {"name": "SMP Negeri 1 Tebo", "timezone": "Asia/Jakarta"},
    ),
    Endpoint(API, ALL, api=True),
    Endpoint(API + "/people", PEOPLE_READERS, api=True),
    Endpoint(API + "/people/{person.pk}", PEOPLE_READERS, api=True),
    # A new teacher: the operator may not give the role (403 with the reason).
    Endpoint(API + "/people", PRINCIPAL, api=True, method="POST", data=_new_person),
    Endpoint(API + "/memberships", PEOPLE_READERS, api=True),
    Endpoint(API + "/deletions", ALL, api=True),
    Endpoint(
        API + "/memberships",
        PRINCIPAL,
        api=True,
        method="POST",
        data=lambda sw: {"user_id": str(sw.objects["person"].pk), "role": "mentor"},
    ),
    Endpoint(API + "/memberships/{membership.pk}", PRINCIPAL, api=True, method="DELETE"),
    Endpoint(API + "/classes", STAFF, api=True),
    Endpoint(API + "/classes", MANAGERS, api=True, method="POST", data=_new_class),
    Endpoint(
        API + "/classes/{class.pk}",
        MANAGERS,
        api=True,
        method="PUT",
        data=lambda sw: {**_new_class(sw), "version": 1},
    ),
]
