"""The one mapping of roles to capabilities. Every permission rule is built on it.

Apps above schools add their own area's capabilities through
`core.extensions.register_capabilities` instead of editing this file.

A capability is "<area>.<verb>". Rules (each app's rules.py) ask `has_capability(user, school,
capability)`; nothing else in the code checks role names for permission.

The mapping also bounds who may give whom a role (schools.access.grantable_roles): nobody gives
a role carrying a capability they do not hold themselves, apart from PARTICIPATION.
"""

from kombel.core.extensions import registered_capabilities, registered_participation
from kombel.schools.enums import Role

_READ_ALL = frozenset(
    {
        "school.view",
        "people.view",
        "class.view",
        "programme.view",
        "event.view",
        "workshop.view",
        "workshop.view_all",
        "community.view",
        "followup.view_all",
    }
)
_TEACHER = frozenset(
    {
        "school.view",
        "people.view",
        "class.view",
        "programme.view",
        "event.view",
        "workshop.view",
        "workshop.attend",
        "community.view",
        "community.contribute",
    }
)
_OUTSIDE_PARTICIPANT = frozenset({"school.view", "programme.view", "event.view"})
# Taking part as oneself (checking in, writing in one's community) is no right over anyone else:
# a principal who attends no workshop still makes people teachers.
PARTICIPATION = frozenset({"workshop.attend", "community.contribute"})

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.TEACHER: _TEACHER,
    Role.FACILITATOR: _TEACHER
    | {
        "event.manage",
        "workshop.manage",
        "community.manage",
        "followup.view_all",
        "followup.manage",
    },
    Role.PRINCIPAL: _READ_ALL
    | {
        "people.manage",
        "class.manage",
        "programme.manage",
        "event.manage",
        "workshop.manage",
        "community.manage",
        # Facilitators manage only the communities they run; the principal manages all.
        "community.manage_all",
        "followup.manage",
        "audit.view",
    },
    Role.SUPERVISOR: _READ_ALL,
    Role.MENTOR: _READ_ALL | {"workshop.manage"},
    Role.PARENT: _OUTSIDE_PARTICIPANT,
    Role.COMMUNITY_LEADER: _OUTSIDE_PARTICIPANT,
    Role.OPERATOR: frozenset(
        {
            "school.view",
            "people.view",
            "people.manage",
            "class.view",
            "class.manage",
            "programme.view",
            "programme.manage",
            "event.view",
            "event.manage",
            "audit.view",
        }
    ),
    # District officers see their district's schools in aggregate and start the model in new
    # ones; they appoint the principals (the principal role is given by nobody else but the
    # platform's operators).
    Role.DISTRICT_OFFICER: frozenset(
        {
            "school.view",
            "people.view",
            "principal.appoint",
            "programme.view",
            "programme.manage",
            "event.view",
            "district.view",
        }
    ),
}


def participation() -> frozenset[str]:
    """The capabilities of taking part as oneself: PARTICIPATION and the apps' (registered with
    core.extensions.register_capabilities(..., participation=...))."""
    return PARTICIPATION | registered_participation()


def capabilities_of(roles: frozenset[str]) -> frozenset[str]:
    """Every capability the roles give: this mapping's and those the apps registered
    (core.extensions.register_capabilities)."""
    registered = registered_capabilities()
    caps: frozenset[str] = frozenset()
    for role in roles:
        caps |= CAPABILITIES.get(role, frozenset()) | registered.get(role, frozenset())
    return caps
