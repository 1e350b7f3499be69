import datetime

import pytest

from kombel.communities import queries
from kombel.communities.enums import COMMUNITY_KIND, MeetingStatus
from kombel.followups.enums import ItemStatus
from kombel.programs.reminders import audience_for
from kombel.schools.enums import Role
from tests.factories import (
    ActionItemFactory,
    EventFactory,
    MeetingFactory,
    MembershipFactory,
    SubjectFactory,
    TeacherProfileFactory,
    UserFactory,
)
from tests.factories.communities import MeetingAttendanceFactory

pytestmark = pytest.mark.usefixtures("in_school")
TODAY = datetime.date(2026, 10, 30)


def _item(community, meeting, owner, status, due, completed=None):  # type: ignore[no-untyped-def]
    return ActionItemFactory(
        school=community.school,
        owner=owner,
        status=status,
        due_date=due,
        completed_at=completed,
        source_type="communities.meeting",
        source_id=str(meeting.pk),
    )


def test_regularity_counts_meetings_attendance_and_items(community, facilitator, teacher):
    held = MeetingFactory(
        community=community, date=datetime.date(2026, 10, 16), status=MeetingStatus.HELD
    )
    MeetingFactory(community=community, date=datetime.date(2026, 10, 2))  # planned, not held
    MeetingFactory(community=community, date=datetime.date(2026, 11, 13))  # future
    MeetingAttendanceFactory(meeting=held, user=teacher, status="late")
    MeetingAttendanceFactory(meeting=held, user=facilitator, status="absent")
    on_time = datetime.datetime(2026, 10, 20, 10, tzinfo=datetime.UTC)
    _item(community, held, teacher, ItemStatus.DONE, datetime.date(2026, 10, 23), on_time)
    _item(community, held, teacher, ItemStatus.OPEN, datetime.date(2026, 10, 23))
    _item(community, held, teacher, ItemStatus.OPEN, datetime.date(2026, 11, 6))
    r = queries.regularity(community.school, [community], TODAY)[community.pk]
    assert (r.planned, r.held, r.attendance_rate, r.last_held) == (
        2,
        1,
        50,
        datetime.date(2026, 10, 16),
    )
    assert (r.items.total, r.items.on_time, r.items.overdue, r.on_time_rate) == (3, 1, 1, 50)
    assert r.dormant is False


def test_no_meeting_for_one_and_a_half_intervals_is_dormant(community):
    MeetingFactory(community=community, date=datetime.date(2026, 10, 8), status=MeetingStatus.HELD)
    stats = queries.regularity(community.school, [community], datetime.date(2026, 10, 29))
    assert stats[community.pk].dormant is False  # 21 days = 1.5 x 2 weeks
    stats = queries.regularity(community.school, [community], datetime.date(2026, 10, 30))
    assert stats[community.pk].dormant is True


def test_suggest_groups_by_subject_and_grade(school, facilitator, teacher):
    math = SubjectFactory(code="mat", name="Matematika")
    ipa = SubjectFactory(code="ipa", name="IPA")
    third = UserFactory(full_name="Ahmad")
    MembershipFactory(user=third, school=school, role=Role.TEACHER)
    for user, subjects, grades in [
        (facilitator, [math], [7]),
        (teacher, [math, ipa], [7]),
        (third, [ipa], [8]),
    ]:
        profile = TeacherProfileFactory(user=user, grades=grades)
        profile.subjects.set(subjects)
    proposals = queries.suggest_groups(school)
    assert [(p.name, p.facilitator, sorted(u.full_name for u in p.members)) for p in proposals] == [
        ("Matematika Kelas VII", facilitator, ["Budi Santoso", "Siti Rahma"])
    ]


def test_community_event_reminds_only_members(community, programme, teacher, principal):
    event = EventFactory(programme=programme, kind=COMMUNITY_KIND)
    MeetingFactory(community=community, event=event, date=event.date)
    assert sorted(u.full_name for u in audience_for(event)) == ["Budi Santoso", "Siti Rahma"]


def test_practice_search(community, teacher):
    from tests.factories import PracticeFactory

    karet = PracticeFactory(community=community, title="Proyek kebun karet", shared_by=teacher)
    PracticeFactory(
        community=community,
        title="Kartu keluar",
        description="Tiga soal",
        shared_by=teacher,
        grade=8,
    )
    assert list(queries.practices_of_school(community.school, q="karet")) == [karet]
    assert list(queries.practices_of_school(community.school, grade=7)) == [karet]
