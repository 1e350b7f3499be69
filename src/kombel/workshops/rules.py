"""Who may see, run and attend workshop sessions (capabilities in schools/roles.py).

Objects checked are a WorkshopSession or, for school-wide actions (list, check-in), the School.
A teacher named as a session's facilitator runs that session (attendance, code, materials)
without holding "workshop.manage".
"""

from typing import Any

import rules

from kombel.schools.rules import can


@rules.predicate
def is_session_facilitator(user: Any, session: Any = None) -> bool:
    facilitators = getattr(session, "facilitators", None)
    if facilitators is None or user is None or not user.is_authenticated:
        return False
    # Iterating .all() uses a prefetch when the page made one.
    return any(f.pk == user.pk for f in facilitators.all())


_runs_session = can("workshop.manage") | (can("workshop.attend") & is_session_facilitator)

rules.add_perm("workshops.view_session", can("workshop.view"))
rules.add_perm("workshops.manage_session", _runs_session)
rules.add_perm("workshops.attend_session", can("workshop.attend"))
rules.add_perm("workshops.add_output", _runs_session | can("workshop.attend"))
rules.add_perm(
    "workshops.view_feedback", _runs_session | (can("workshop.view") & can("workshop.view_all"))
)
# The whole programme's register (the Excel export): those who run workshops and those who read
# everything; a teacher named facilitator of one session does not get the others' attendance.
rules.add_perm("workshops.view_register", can("workshop.manage") | can("workshop.view_all"))
