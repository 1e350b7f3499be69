import rules
from rules.predicates import Predicate

from kombel.schools.access import has_capability, school_of


def can(capability: str) -> Predicate:
    """Predicate: the user holds `capability` in the school of the object checked."""

    def check(user, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return obj is not None and has_capability(user, school_of(obj), capability)

    return Predicate(check, name=f"can:{capability}")


rules.add_perm("schools.view_school", can("school.view"))
rules.add_perm("schools.view_people", can("people.view"))
rules.add_perm("schools.manage_people", can("people.manage"))
# Which roles exactly: schools.access.grantable_roles (the district officer: the principal's).
rules.add_perm("schools.grant_roles", can("people.manage") | can("principal.appoint"))
rules.add_perm("schools.view_classes", can("class.view"))
rules.add_perm("schools.manage_classes", can("class.manage"))
rules.add_perm("schools.view_audit", can("audit.view"))
# Those who set up the school's people also keep its details (name, address, time zone).
rules.add_perm("schools.manage_school", can("people.manage"))
