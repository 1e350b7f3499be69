"""The permission matrix's vocabulary: an Endpoint row and the usual role sets.

Each app lists its rows in tests/<app>/matrix.py:

    ENDPOINTS = [
        Endpoint("/s/{npsn}/programmes/{programme.pk}/", STAFF | OUTSIDERS),
        Endpoint("/api/v1/schools/{npsn}/programmes", ALL, api=True),
        Endpoint("/s/{npsn}/programmes/new/", MANAGERS, method="POST", data=lambda sw: {...}),
    ]

`url` is filled from a school world (tests/world.py): {npsn} and {<object name>.<attr>} for the
objects that app's builder added. `allowed` are the roles that may use it in their own school.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kombel.schools.enums import Role
from tests.world import SchoolWorld

ALL = frozenset(Role)
STAFF = frozenset(
    {Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR, Role.OPERATOR}
)
OUTSIDERS = frozenset({Role.PARENT, Role.COMMUNITY_LEADER})
READ_ALL = frozenset({Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR})
TEACHERS = frozenset({Role.TEACHER, Role.FACILITATOR})
MANAGERS = frozenset({Role.PRINCIPAL, Role.OPERATOR})


@dataclass(frozen=True)
class Endpoint:
    url: str
    allowed: frozenset[str]
    method: str = "GET"
    data: Callable[[SchoolWorld], dict[str, Any]] | None = None
    api: bool = False
    ok: tuple[int, ...] = field(default=(200, 201, 204, 302))

    def path_for(self, sw: SchoolWorld) -> str:
        return self.url.format(npsn=sw.school.npsn, **sw.objects)
