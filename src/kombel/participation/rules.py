"""Who may do what in parents' and community leaders' participation (capabilities: apps.py).

- Invitations ("participation.invite"): the principal and the operator, for the roles they may
  give (schools.access.grantable_roles, checked again by the service).
- Deletion requests ("participation.requests"): the operator and the principal complete them.
- Forum ("participation.forum", taking part as oneself): parents, community leaders, teachers,
  facilitators and the principal, each in the spaces they belong to (`in_space`): staff in all;
  parents in the school-wide spaces and their children's class spaces; community leaders in
  the spaces that include them.
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

from kombel.participation.enums import SpaceKind
from kombel.schools.access import roles_in
from kombel.schools.enums import Role
from kombel.schools.rules import can

# Roles that take part in every forum space of their school.
FORUM_STAFF = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL})


def space_open_to(user: Any, space: Any, class_ids: set[Any] | None = None) -> bool:
    """Whether `user` belongs to `space` (its school's staff, or a parent or community leader
    the space includes). `class_ids`: the user's children's classes when already read.

    A space of a programme is for the programme's parents: those with a child in a class of a
    school year the programme runs in (`programme_parent`)."""
    roles = roles_in(user, space.school)
    if roles & FORUM_STAFF:
        return True
    if space.kind == SpaceKind.COMMUNITY and Role.COMMUNITY_LEADER in roles:
        return True
    if Role.PARENT not in roles:
        return False
    if space.kind == SpaceKind.CLASS:
        if class_ids is None:
            from kombel.participation.models import ChildClass

            class_ids = set(
                ChildClass.objects.filter(school=space.school, parent=user).values_list(
                    "school_class_id", flat=True
                )
            )
        return space.school_class_id in class_ids
    return space.programme_id is None or programme_parent(user, space.programme)


def programme_parent(user: Any, programme: Any) -> bool:
    """A parent with a child in a class of a school year `programme` runs in."""
    from kombel.participation.models import ChildClass

    return ChildClass.objects.filter(
        school_id=programme.school_id,
        parent=user,
        school_class__school_year__start__lte=programme.end,
        school_class__school_year__end__gte=programme.start,
    ).exists()


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
