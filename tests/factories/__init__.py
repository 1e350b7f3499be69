from tests.factories.accounts import UserFactory
from tests.factories.followups import ActionItemFactory
from tests.factories.programs import (
    EventFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SchoolClosureFactory,
)
from tests.factories.schools import (
    DistrictFactory,
    MembershipFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    SemesterFactory,
    SubjectFactory,
    TeacherProfileFactory,
)

__all__ = [
    "ActionItemFactory",
    "DistrictFactory",
    "EventFactory",
    "MembershipFactory",
    "ParticipantFactory",
    "ProgrammeFactory",
    "SchoolClassFactory",
    "SchoolClosureFactory",
    "SchoolFactory",
    "SchoolYearFactory",
    "SemesterFactory",
    "SubjectFactory",
    "TeacherProfileFactory",
    "UserFactory",
]
