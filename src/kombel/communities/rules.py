"""Who may see, contribute to and manage learning communities.

Staff of the school see every community ("community.view"). A community's facilitator and the
principal ("community.manage_all") manage it: meetings, attendance, minutes, follow-ups.
Members (and managers) write reflections, minutes entries and practices. Parents and community
leaders see none of it.
"""

from typing import Any

import rules

from kombel.schools.rules import can


def community_of(obj: Any) -> Any:
    """The community an object belongs to (itself, a meeting's or a practice's)."""
    if obj is None:
        return None
    if hasattr(obj, "facilitator_id"):
        return obj
    return getattr(obj, "community", None)


def member_ids(community: Any) -> set[Any]:
    """The community's members' ids (with its facilitator); no query when the page read the
    members already (`communities.queries.members_of` prefetches them onto the community)."""
    return {m.user_id for m in community.memberships.all()} | {community.facilitator_id}


@rules.predicate
def is_facilitator_of(user, obj) -> bool:  # type: ignore[no-untyped-def]
    community = community_of(obj)
    return community is not None and community.facilitator_id == user.pk


@rules.predicate
def is_member_of(user, obj) -> bool:  # type: ignore[no-untyped-def]
    community = community_of(obj)
    return community is not None and user.pk in member_ids(community)


manage_community = can("community.manage_all") | (can("community.contribute") & is_facilitator_of)

rules.add_perm("communities.view_community", can("community.view"))
rules.add_perm("communities.create_community", can("community.manage"))
rules.add_perm("communities.manage_community", manage_community)
rules.add_perm(
    "communities.contribute", (can("community.contribute") & is_member_of) | manage_community
)
