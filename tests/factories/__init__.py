from tests.factories.accounts import UserFactory
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
    "DistrictFactory",
    "MembershipFactory",
    "SchoolClassFactory",
    "SchoolFactory",
    "SchoolYearFactory",
    "SemesterFactory",
    "SubjectFactory",
    "TeacherProfileFactory",
    "UserFactory",
]
