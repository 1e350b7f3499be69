"""Who may do what in parents' and community leaders' participation (capabilities: apps.py).

- Invitations ("participation.invite"): the principal and the operator, for the roles they may
  give (schools.access.grantable_roles, checked again by the service).
- Deletion requests ("participation.requests"): the operator and the principal complete them.
- Forum ("participation.forum", taking part as oneself): parents, community leaders, teachers,
  facilitators and the principal, each in the spaces they belong to (`spaces_open_to`, the one
  rule; `in_space`): staff in all; parents in the school-wide spaces and their children's class
  spaces; community leaders in the spaces that include them.
- Moderation ("participation.moderate"): the facilitator team and the principal.
- Parent feedback: parents give their own ("participation.feedback_give"); the school's
  teaching staff, principal and supervisors read it aggregated ("participation.feedback_view");
  never another parent.
- Local input: community leaders give it ("participation.input_give"), teachers answer and take
  it up ("participation.input_answer"); who answers or reads feedback sees all of it
  ("participation.input_view_all"), leaders their own ("participation.input_list").
- Forum meetings' attendance ("participation.meetings"): the facilitator team and principal.
- Participation figures ("participation.figures").
"""

from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q

from kombel.participation.enums import SpaceKind
from kombel.schools.access import roles_in
from kombel.schools.enums import Role
from kombel.schools.rules import can

# Roles that take part in every forum space of their school.
FORUM_STAFF = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL})


def parent_of_programme(user: Any, school: Any, path: str = "") -> Exists:
    """The condition "`user` is a parent of the programme": a child in a class of a school year
    the programme runs in. On the programme at `path` of the filtered rows ("" for Programme
    itself, "programme__" for a Space)."""
    from kombel.participation.models import ChildClass

    return Exists(
        ChildClass.objects.filter(
            school=school,
            parent=user,
            school_class__school_year__start__lte=OuterRef(f"{path}end"),
            school_class__school_year__end__gte=OuterRef(f"{path}start"),
        )
    )


def spaces_open_to(user: Any, school: Any) -> Q | None:
    """The one rule of who belongs to which forum space of `school`, as a filter on Space
    (None: every space). The school's staff (FORUM_STAFF) belong to every space; community
    leaders to the spaces with community leaders; parents to the school-wide spaces (for
    parents, with community leaders) that belong to no programme or to a programme whose
    parents they are (`parent_of_programme`), and to their children's class spaces.

    Lists use it as it is (queries.spaces_for_user), one space through `space_open_to`."""
    from kombel.participation.models import ChildClass

    roles = roles_in(user, school)
    if roles & FORUM_STAFF:
        return None
    allowed = Q(pk__in=[])
    if Role.COMMUNITY_LEADER in roles:
        allowed |= Q(kind=SpaceKind.COMMUNITY)
    if Role.PARENT in roles:
        allowed |= Q(kind__in=[SpaceKind.PARENTS, SpaceKind.COMMUNITY]) & (
            Q(programme__isnull=True) | Q(parent_of_programme(user, school, "programme__"))
        )
        children = ChildClass.objects.filter(school=school, parent=user)
        allowed |= Q(kind=SpaceKind.CLASS, school_class__in=children.values("school_class_id"))
    return allowed


def space_open_to(user: Any, space: Any) -> bool:
    """Whether `user` belongs to `space` (`spaces_open_to`; no query for the school's staff)."""
    from kombel.participation.models import Space

    rule = spaces_open_to(user, space.school)
    return rule is None or Space.objects.filter(pk=space.pk).filter(rule).exists()


@rules.predicate
def in_space(user: Any, obj: Any = None) -> bool:
    space = getattr(obj, "space", obj)
    return space is not None and space_open_to(user, space)


@rules.predicate
def is_author(user: Any, obj: Any = None) -> bool:
    return obj is not None and getattr(obj, "author_id", None) == user.pk


forum = can("participation.forum")
moderate = can("participation.moderate")

rules.add_perm("participation.invite", can("participation.invite"))
rules.add_perm("participation.requests", can("participation.requests"))
rules.add_perm("participation.forum", forum)
rules.add_perm("participation.view_space", forum & in_space)
rules.add_perm("participation.moderate", moderate)
rules.add_perm("participation.feedback_give", can("participation.feedback_give"))
rules.add_perm("participation.feedback_view", can("participation.feedback_view"))
rules.add_perm("participation.input_give", can("participation.input_give"))
rules.add_perm("participation.input_answer", can("participation.input_answer"))
read_inputs = can("participation.input_answer") | can("participation.feedback_view")
rules.add_perm(
    "participation.input_view", read_inputs | (can("participation.input_give") & is_author)
)
# The list of suggestions (page and API alike): every one of the school for those who read
# them all ("participation.input_view_all"), their own for those who give them.
rules.add_perm("participation.input_list", read_inputs | can("participation.input_give"))
rules.add_perm("participation.input_view_all", read_inputs)
rules.add_perm("participation.meetings", can("participation.meetings"))
rules.add_perm("participation.figures", can("participation.figures"))
# One's own page (consent, own data, deletion): everyone of the school.
rules.add_perm("participation.own_data", can("school.view"))
