"""What the demo seed steps share: each step reads what earlier ones made and adds its own."""

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    """The SMP N 1 Kabupaten Tebo demo (kombel seed-demo).

    `today` anchors every date so that the programme is always live: it started about ten weeks
    before `today` and ends about three weeks after.
    """

    today: datetime.date
    rng: random.Random
    district: Any = None
    school: Any = None  # SMP N 1 Kabupaten Tebo
    school2: Any = None  # the second, smaller school of the district
    users: dict[str, Any] = field(default_factory=dict)  # by username
    programme: Any = None  # SMP N 1's three-month programme
    programme2: Any = None  # the second school's programme
    # people.seed puts: "school_year", "semesters" ({SemesterKind: Semester}), "subjects" ({code:
    # Subject}), "teachers" (guru01..guru25), "facilitators" (guru01..guru04), "teachers2"
    # (guru2_01..guru2_05), "classes" / "classes2" (SchoolClass lists).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SyntheticSchool:
    """One school of the synthetic district (kombel seed-synthetic), a school year of activity."""

    index: int
    today: datetime.date
    rng: random.Random
    school: Any = None
    teachers: list[Any] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)  # by role for the single-holder roles
    programme: Any = None
    # Shared by all schools: "district", "school_year", "semesters", "subjects". people.synthetic
    # adds: "facilitators" (teachers[:4]), "classes", and per-role lists "parents",
    # "community_leaders", "principals", "supervisors", "mentors", "operators".
    extra: dict[str, Any] = field(default_factory=dict)
