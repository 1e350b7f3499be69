"""Who may see and change follow-up items (capabilities in schools/roles.py).

Anyone in the school sees their own items; the facilitator team, the principal, supervisors and
mentors see all of them ("followup.view_all"). The owner, the creator and the facilitator team
("followup.manage") may change an item.
"""

import rules

from kombel.schools.rules import can


@rules.predicate
def is_owner(user, item) -> bool:  # type: ignore[no-untyped-def]
    return item is not None and getattr(item, "owner_id", None) == user.pk


@rules.predicate
def is_creator(user, item) -> bool:  # type: ignore[no-untyped-def]
    return item is not None and getattr(item, "created_by_id", None) == user.pk


rules.add_perm("followups.view_all", can("followup.view_all"))
rules.add_perm("followups.view_own", can("school.view"))
rules.add_perm("followups.view_item", is_owner | can("followup.view_all"))
rules.add_perm("followups.change_item", is_owner | is_creator | can("followup.manage"))
