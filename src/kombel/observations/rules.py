"""Who may see and do what with instruments, observations, visits and lesson-study cycles
(capabilities registered in apps.py).

- Instruments are read by the school's staff ("instrument.view"); the principal, the
  facilitator team and the mentors build them ("instrument.manage").
- An observation is seen by its observers, the observed teacher and those who oversee the
  school's teaching ("observation.view_all": principal, supervisors, mentors). Its scores and
  notes: the observers and overseers; the observed teacher once an observer has released them;
  other teachers only when it was shared (and released). Parents never: they hold no
  capability here.
- Each observer records their own record ("observation.take_part" for teachers, taking part as
  themselves; "observation.observe" for those who observe by office). Observers run the stages
  (release, debrief, follow-ups), the principal too ("observation.manage_all"); the observed
  teacher gives the plan and focus in preparation and writes the reflection.
- Mentoring visits: the mentor records their own ("visit.record"); the principal, supervisors
  and mentors read all ("visit.view_all"); a teacher reads the visits they were part of.
- Lesson-study cycles: the staff read them ("cycle.view"); the facilitator team, principal and
  mentors run them ("cycle.manage"), and so do the cycle's members.

Predicates read what the page loaded: an observation's `records` (prefetched), a visit's and a
cycle's member ids (`teacher_ids` / `member_ids`, set by the queries).
"""

from typing import Any

import rules

from kombel.schools.rules import can


def _records(obs: Any) -> list[Any]:
    return list(obs.records.all()) if obs is not None and hasattr(obs, "records") else []


@rules.predicate
def is_observer(user: Any, obs: Any = None) -> bool:
    return any(r.observer_id == user.pk for r in _records(obs))


@rules.predicate
def is_observed(user: Any, obs: Any = None) -> bool:
    return obs is not None and getattr(obs, "teacher_id", None) == user.pk


@rules.predicate
def is_released(user: Any, obs: Any = None) -> bool:
    return obs is not None and getattr(obs, "released_at", None) is not None


@rules.predicate
def is_shared(user: Any, obs: Any = None) -> bool:
    return bool(getattr(obs, "shared", False))


@rules.predicate
def is_visit_mentor(user: Any, visit: Any = None) -> bool:
    return visit is not None and getattr(visit, "mentor_id", None) == user.pk


@rules.predicate
def in_visit(user: Any, visit: Any = None) -> bool:
    return user.pk in getattr(visit, "teacher_ids", ())


@rules.predicate
def in_cycle(user: Any, cycle: Any = None) -> bool:
    return user.pk in getattr(cycle, "member_ids", ()) or (
        getattr(cycle, "teacher_id", None) == user.pk
    )


take_part = can("observation.take_part")
observes = take_part | can("observation.observe")
view_all = can("observation.view_all")

rules.add_perm("observations.view_instruments", can("instrument.view"))
rules.add_perm("observations.manage_instruments", can("instrument.manage"))
rules.add_perm("observations.plan", can("observation.plan"))
rules.add_perm("observations.view_all", view_all)
rules.add_perm("observations.list", view_all | take_part)
rules.add_perm(
    "observations.view_observation",
    view_all | (observes & (is_observer | is_observed)) | (take_part & is_shared & is_released),
)
rules.add_perm(
    "observations.view_scores",
    view_all
    | (observes & is_observer)
    | (take_part & is_observed & is_released)
    | (take_part & is_shared & is_released),
)
rules.add_perm("observations.record", observes & is_observer)
rules.add_perm("observations.run", (observes & is_observer) | can("observation.manage_all"))
rules.add_perm("observations.respond", take_part & is_observed)
rules.add_perm("observations.import", can("observation.manage_all"))

rules.add_perm("observations.view_visits", can("visit.view_all") | take_part | can("visit.record"))
rules.add_perm("observations.record_visits", can("visit.record"))
rules.add_perm(
    "observations.view_visit",
    can("visit.view_all") | (can("visit.record") & is_visit_mentor) | (take_part & in_visit),
)
rules.add_perm("observations.change_visit", can("visit.record") & is_visit_mentor)

rules.add_perm("observations.view_cycles", can("cycle.view"))
rules.add_perm("observations.manage_cycles", can("cycle.manage"))
rules.add_perm(
    "observations.run_cycle", can("cycle.manage") | (can("cycle.view") & take_part & in_cycle)
)
