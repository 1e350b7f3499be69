"""Who may see, run and attend workshop sessions (capabilities in schools/roles.py).

Objects checked are a WorkshopSession or, for school-wide actions (list, check-in), the School.
A teacher named as a session's facilitator runs that session (attendance, code, materials)
without holding "workshop.manage".
"""

from typing import Any

import rules
from django.apps import apps
from django.utils import timezone

from kombel.schools.rules import can
from kombel.workshops.enums import GUEST_ROLES


@rules.predicate
def is_session_facilitator(user: Any, session: Any = None) -> bool:
    facilitators = getattr(session, "facilitators", None)
    if facilitators is None or user is None or not user.is_authenticated:
        return False
    # Iterating .all() uses a prefetch when the page made one.
    return any(f.pk == user.pk for f in facilitators.all())


def _guest_participations(user: Any) -> Any:
    # Models through the registry: rules come before models in the app's import order.
    participant = apps.get_model("programs", "Participant")
    return participant.objects.filter(user_id=user.pk, role__in=sorted(GUEST_ROLES))


@rules.predicate
def is_session_guest(user: Any, session: Any = None) -> bool:
    """A parent or community leader taking part in the programme of a workshop session that
    invites them (programs.models.Event.invites_all)."""
    event = getattr(session, "event", None)
    if event is None or not event.invites_all or user is None or not user.is_authenticated:
        return False
    return bool(_guest_participations(user).filter(programme_id=event.programme_id).exists())


@rules.predicate
def is_checkin_guest(user: Any, school: Any = None) -> bool:
    """Of a school: someone invited as a guest to one of its workshops of today or to come (the
    check-in page is theirs too)."""
    if school is None or hasattr(school, "event") or user is None or not user.is_authenticated:
        return False
    session = apps.get_model("workshops", "WorkshopSession")
    return bool(
        session.objects.filter(
            school_id=school.pk,
            event__invites_all=True,
            event__is_cancelled=False,
            event__date__gte=timezone.localdate(),
            event__programme_id__in=_guest_participations(user).values("programme_id"),
        ).exists()
    )


_runs_session = can("workshop.manage") | (can("workshop.attend") & is_session_facilitator)
_sees_session = can("workshop.view") | is_session_guest

rules.add_perm("workshops.view_session", _sees_session)
rules.add_perm("workshops.manage_session", _runs_session)
rules.add_perm(
    "workshops.attend_session", can("workshop.attend") | is_session_guest | is_checkin_guest
)
rules.add_perm("workshops.add_output", _runs_session | can("workshop.attend"))
rules.add_perm(
    "workshops.view_feedback", _runs_session | (can("workshop.view") & can("workshop.view_all"))
)
# The whole programme's register (the Excel export): those who run workshops and those who read
# everything; a teacher named facilitator of one session does not get the others' attendance.
rules.add_perm("workshops.view_register", can("workshop.manage") | can("workshop.view_all"))
