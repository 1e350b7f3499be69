"""This app's rows of the permission matrix (see tests/test_permission_matrix.py)."""

from kombel.schools.enums import Role
from tests.permissions import ALL, Endpoint

PROGRAMME_MANAGERS = frozenset({Role.PRINCIPAL, Role.OPERATOR, Role.DISTRICT_OFFICER})
EVENT_MANAGERS = frozenset({Role.FACILITATOR, Role.PRINCIPAL, Role.OPERATOR})

PROGRAMME_FORM = {
    "title": "Program baru",
    "start": "2026-09-01",
    "end": "2026-09-30",
    "status": "draft",
    "workshop_weekdays": ["1"],
    "workshop_start": "13:30",
    "workshop_end": "15:30",
    "community_interval_weeks": "2",
    "community_weekday": "4",
}
P = "/s/{npsn}/programmes/{programme.pk}"
E = "/s/{npsn}/events/{event.pk}"
API = "/api/v1/schools/{npsn}"

ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/programmes/", ALL),
    Endpoint("/s/{npsn}/programmes/new/", PROGRAMME_MANAGERS),
    Endpoint(
        "/s/{npsn}/programmes/new/",
        PROGRAMME_MANAGERS,
        method="POST",
        data=lambda sw: PROGRAMME_FORM,
    ),
    Endpoint(P + "/", ALL),
    Endpoint(P + "/edit/", PROGRAMME_MANAGERS),
    Endpoint(
        P + "/edit/",
        PROGRAMME_MANAGERS,
        method="POST",
        data=lambda sw: {**PROGRAMME_FORM, "version": sw.objects["programme"].version},
    ),
    Endpoint(P + "/regenerate/", PROGRAMME_MANAGERS, method="POST"),
    Endpoint(P + "/end/", PROGRAMME_MANAGERS, method="POST"),
    Endpoint(P + "/archive/", PROGRAMME_MANAGERS, method="POST"),
    Endpoint(P + "/delete/", PROGRAMME_MANAGERS, method="POST"),
    Endpoint(P + "/participants/", ALL),
    Endpoint(
        P + "/participants/",
        PROGRAMME_MANAGERS,
        method="POST",
        data=lambda sw: {"role": "parent"},
    ),
    Endpoint(P + "/participants/{participant.pk}/remove/", PROGRAMME_MANAGERS, method="POST"),
    Endpoint("/s/{npsn}/programmes/closures/", ALL),
    Endpoint(
        "/s/{npsn}/programmes/closures/",
        PROGRAMME_MANAGERS,
        method="POST",
        data=lambda sw: {"date": "2026-09-03", "reason": "Ujian Tengah Semester"},
    ),
    Endpoint(
        "/s/{npsn}/programmes/closures/{closure.pk}/remove/", PROGRAMME_MANAGERS, method="POST"
    ),
    Endpoint(E + "/", ALL),
    Endpoint(E + "/event.ics", ALL),
    Endpoint(E + "/edit/", EVENT_MANAGERS),
    Endpoint(
        E + "/edit/",
        EVENT_MANAGERS,
        method="POST",
        data=lambda sw: {
            "title": "Lokakarya pindah",
            "date": "2026-09-02",
            "start_time": "13:30",
            "end_time": "15:30",
            "version": sw.objects["event"].version,
        },
    ),
    Endpoint(E + "/cancel/", EVENT_MANAGERS, method="POST"),
    Endpoint(
        E + "/notice/", EVENT_MANAGERS, method="POST", data=lambda sw: {"message": "Bawa laptop"}
    ),
    Endpoint(API + "/programmes", ALL, api=True),
    Endpoint(
        API + "/programmes",
        PROGRAMME_MANAGERS,
        api=True,
        method="POST",
        data=lambda sw: {"title": "API", "start": "2026-09-01", "end": "2026-09-30"},
    ),
    Endpoint(API + "/programmes/{programme.pk}", ALL, api=True),
    Endpoint(
        API + "/programmes/{programme.pk}",
        PROGRAMME_MANAGERS,
        api=True,
        method="PATCH",
        data=lambda sw: {"title": "Diubah"},
    ),
    Endpoint(API + "/programmes/{programme.pk}/events", ALL, api=True),
    Endpoint(API + "/events/{event.pk}", ALL, api=True),
    Endpoint(
        API + "/events/{event.pk}",
        EVENT_MANAGERS,
        api=True,
        method="PATCH",
        data=lambda sw: {"location": "Laboratorium komputer"},
    ),
    Endpoint(
        API + "/events/{event.pk}/notice",
        EVENT_MANAGERS,
        api=True,
        method="POST",
        data=lambda sw: {"message": "Bawa laptop"},
    ),
]
