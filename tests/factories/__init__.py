from tests.factories.accounts import UserFactory
from tests.factories.communities import (
    CommunityFactory,
    CommunityMemberFactory,
    MeetingFactory,
    PracticeFactory,
)
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
from tests.factories.workshops import (
    AttendanceFactory,
    SessionFeedbackFactory,
    SessionOutputFactory,
    WorkshopSessionFactory,
)

__all__ = [
    "ActionItemFactory",
    "AttendanceFactory",
    "CommunityFactory",
    "CommunityMemberFactory",
    "DistrictFactory",
    "EventFactory",
    "MeetingFactory",
    "MembershipFactory",
    "ParticipantFactory",
    "PracticeFactory",
    "ProgrammeFactory",
    "SchoolClassFactory",
    "SchoolClosureFactory",
    "SchoolFactory",
    "SchoolYearFactory",
    "SemesterFactory",
    "SessionFeedbackFactory",
    "SessionOutputFactory",
    "SubjectFactory",
    "TeacherProfileFactory",
    "UserFactory",
    "WorkshopSessionFactory",
]
