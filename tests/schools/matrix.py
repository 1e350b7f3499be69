"""This app's rows of the permission matrix (see tests/permissions.py)."""

from tests.permissions import ALL, MANAGERS, STAFF, Endpoint

API = "/api/v1/schools/{npsn}"


def _new_person(sw):  # type: ignore[no-untyped-def]
    return {"username": f"new-{sw.school.npsn}", "full_name": "Siti Aminah", "roles": ["teacher"]}


def _new_class(sw):  # type: ignore[no-untyped-def]
    return {"school_year": sw.objects["class"].school_year.name, "grade": 8, "name": "VIII-Z"}


ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/", ALL),
    Endpoint("/s/{npsn}/people/", STAFF),
    Endpoint("/s/{npsn}/people/{person.pk}/", STAFF),
    Endpoint("/s/{npsn}/people/new/", MANAGERS),
    Endpoint("/s/{npsn}/people/new/", MANAGERS, method="POST", data=_new_person),
    Endpoint("/s/{npsn}/people/{person.pk}/edit/", MANAGERS),
    Endpoint(
        "/s/{npsn}/people/{person.pk}/edit/",
        MANAGERS,
        method="POST",
        data=lambda sw: {"full_name": "Budi Santoso, S.Pd.", "phone": "081234567890"},
    ),
    Endpoint("/s/{npsn}/people/{person.pk}/teacher/", MANAGERS),
    Endpoint(
        "/s/{npsn}/people/{person.pk}/teacher/",
        MANAGERS,
        method="POST",
        data=lambda sw: {"grades": ["8"], "version": "1"},
    ),
    Endpoint("/s/{npsn}/people/{person.pk}/roles/", MANAGERS),
    Endpoint(
        "/s/{npsn}/people/{person.pk}/roles/",
        MANAGERS,
        method="POST",
        data=lambda sw: {"role": "mentor"},
    ),
    Endpoint("/s/{npsn}/memberships/{membership.pk}/remove/", MANAGERS, method="POST"),
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
    Endpoint(API + "/people", STAFF, api=True),
    Endpoint(API + "/people/{person.pk}", STAFF, api=True),
    Endpoint(API + "/people", MANAGERS, api=True, method="POST", data=_new_person),
    Endpoint(API + "/memberships", STAFF, api=True),
    Endpoint(
        API + "/memberships",
        MANAGERS,
        api=True,
        method="POST",
        data=lambda sw: {"user_id": str(sw.objects["person"].pk), "role": "mentor"},
    ),
    Endpoint(API + "/memberships/{membership.pk}", MANAGERS, api=True, method="DELETE"),
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
