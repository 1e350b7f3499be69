import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kombel.communities import services
from kombel.communities.enums import COMMUNITY_KIND, MeetingStatus
from kombel.communities.models import (
    Community,
    CommunityMember,
    Meeting,
    MeetingAttendance,
    Practice,
    PracticeFile,
)
from kombel.core import uploads
from kombel.followups.models import ActionItem
from kombel.followups.services import action_item_create
from kombel.programs.models import Event
from kombel.schools.enums import Role
from tests.factories import (
    EventFactory,
    MeetingFactory,
    MembershipFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("in_school")
PDF = b"%PDF-1.4 contoh"


def test_create_community_adds_facilitator_as_member(school, programme, facilitator, teacher):
    community = services.community_create(
        school=school,
        programme=programme,
        name=" Bahasa Kelas VIII ",
        facilitator=facilitator,
        members=[teacher],
        grades=[8],
        actor=facilitator,
    )
    assert community.name == "Bahasa Kelas VIII"
    assert community.interval_weeks == programme.community_interval_weeks
    assert set(CommunityMember.objects.values_list("user_id", flat=True)) == {
        facilitator.pk,
        teacher.pk,
    }


def test_member_from_another_school_is_refused(school, programme, facilitator):
    stranger = UserFactory()
    MembershipFactory(user=stranger, school=SchoolFactory(), role=Role.TEACHER)
    with pytest.raises(ValidationError) as e:
        services.community_create(
            school=school,
            programme=programme,
            name="X",
            facilitator=facilitator,
            members=[stranger],
            actor=facilitator,
        )
    assert list(e.value.message_dict) == ["members"]
    assert Community.objects.count() == 0


def test_parent_cannot_facilitate(school, programme):
    parent = UserFactory()
    MembershipFactory(user=parent, school=school, role=Role.PARENT)
    with pytest.raises(ValidationError) as e:
        services.community_create(
            school=school, programme=programme, name="X", facilitator=parent, actor=parent
        )
    assert list(e.value.message_dict) == ["facilitator"]


def test_proposal_is_all_or_nothing(school, programme, facilitator, teacher):
    good = {"name": "IPS Kelas VII", "facilitator": facilitator, "members": [teacher]}
    bad = {"name": "IPS Kelas VII", "facilitator": facilitator, "members": []}  # duplicate name
    with pytest.raises(ValidationError):
        services.communities_create(
            school=school, programme=programme, proposals=[good, bad], actor=facilitator
        )
    assert Community.objects.count() == 0


def test_stale_community_edit_is_a_conflict(community, facilitator, teacher):
    kwargs = {
        "community": community,
        "actor": facilitator,
        "name": "MIPA VII",
        "facilitator": facilitator,
        "members": [teacher],
        "subjects": [],
        "grades": [7],
        "theme": "",
        "goals": "",
        "interval_weeks": 2,
    }
    services.community_update(version=1, **kwargs)
    with pytest.raises(ValidationError) as e:
        services.community_update(version=1, **{**kwargs, "name": "Lain"})
    assert e.value.code == "conflict"
    community.refresh_from_db()
    assert community.name == "MIPA VII"


def test_meeting_outside_the_programme_is_refused(community, facilitator):
    with pytest.raises(ValidationError) as e:
        services.meeting_create(
            community=community, actor=facilitator, date=datetime.date(2027, 1, 8)
        )
    assert list(e.value.message_dict) == ["date"]
    assert Meeting.objects.count() == 0
    assert Event.objects.count() == 0


def test_meeting_joins_the_calendar_event_of_the_day(community, programme, facilitator):
    event = EventFactory(programme=programme, kind=COMMUNITY_KIND, date=datetime.date(2026, 9, 4))
    meeting = services.meeting_create(
        community=community, actor=facilitator, date=datetime.date(2026, 9, 4)
    )
    assert (meeting.event, meeting.location) == (event, event.location)


def test_meeting_without_calendar_event_adds_one(community, facilitator):
    meeting = services.meeting_create(
        community=community, actor=facilitator, date=datetime.date(2026, 9, 9)
    )
    assert meeting.event.kind == COMMUNITY_KIND
    assert meeting.event.date == datetime.date(2026, 9, 9)


def test_plan_meetings_follows_the_interval(community, programme, facilitator):
    for week in range(0, 6):
        EventFactory(
            programme=programme,
            kind=COMMUNITY_KIND,
            date=datetime.date(2026, 9, 4) + datetime.timedelta(weeks=2 * week),
        )
    community.interval_weeks = 4
    community.save()
    planned = services.meetings_plan(community=community, actor=facilitator)
    assert [m.date for m in planned] == [
        datetime.date(2026, 9, 4),
        datetime.date(2026, 10, 2),
        datetime.date(2026, 10, 30),
    ]
    assert services.meetings_plan(community=community, actor=facilitator) == []


def test_attendance_for_a_non_member_is_refused(community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    outsider = UserFactory()
    with pytest.raises(ValidationError) as e:
        services.meeting_attendance_set(
            meeting=meeting,
            actor=facilitator,
            statuses={teacher.pk: "present", outsider.pk: "present"},
        )
    assert list(e.value.message_dict) == ["attendance"]
    assert MeetingAttendance.objects.count() == 0


def test_attendance_marks_the_meeting_held(community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    set_ = services.meeting_attendance_set
    set_(meeting=meeting, actor=facilitator, statuses={teacher.pk: "late"})
    set_(meeting=meeting, actor=facilitator, statuses={teacher.pk: "excused"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert list(MeetingAttendance.objects.values_list("user_id", "status")) == [
        (teacher.pk, "excused")
    ]


def test_a_future_meeting_cannot_be_held(community, facilitator, teacher):
    """Marking attendance for a meeting on 4 December made it held on 1 December."""
    meeting = MeetingFactory(community=community, date=datetime.date(2026, 12, 4))
    with pytest.raises(ValidationError) as e:
        services.meeting_attendance_set(
            meeting=meeting,
            actor=facilitator,
            statuses={teacher.pk: "present"},
            today=datetime.date(2026, 12, 1),
        )
    assert list(e.value.message_dict) == ["attendance"]
    meeting.refresh_from_db()
    assert (meeting.status, MeetingAttendance.objects.count()) == (MeetingStatus.PLANNED, 0)


def test_an_unknown_status_is_refused(community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    with pytest.raises(ValidationError) as e:
        services.meeting_attendance_set(
            meeting=meeting, actor=facilitator, statuses={teacher.pk: "maybe"}
        )
    assert list(e.value.message_dict) == ["status"]


def test_two_people_typing_at_once_do_not_overwrite(community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    services.meeting_update(meeting=meeting, actor=facilitator, version=1, notes="Notulen Budi")
    with pytest.raises(ValidationError) as e:
        services.meeting_update(meeting=meeting, actor=teacher, version=1, went_well="Siti")
    assert e.value.code == "conflict"
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.went_well, meeting.version) == ("Notulen Budi", "", 2)


def test_member_entries_are_kept_apart(community, teacher):
    meeting = MeetingFactory(community=community)
    entry = services.minute_entry_add(meeting=meeting, actor=teacher, text="Tambahan saya")
    assert list(meeting.entries.all()) == [entry]
    meeting.refresh_from_db()
    assert meeting.notes == ""


def test_share_practice_stores_files(community, teacher):
    upload = SimpleUploadedFile("lembar-kerja.pdf", PDF, content_type="application/pdf")
    practice = services.practice_share(
        community=community,
        actor=teacher,
        title="Proyek kebun karet",
        description="Pola bilangan dari data sadap",
        files=[upload],
    )
    pf = practice.files.get()
    assert (pf.name, pf.size) == ("lembar-kerja.pdf", len(PDF))
    assert default_storage.exists(pf.file.name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ..."),
        ("foto.png", b"not a png at all"),
    ],
)
def test_wrong_upload_type_is_refused(community, teacher, name, content):
    with pytest.raises(ValidationError) as e:
        services.practice_share(
            community=community,
            actor=teacher,
            title="X",
            description="Y",
            files=[SimpleUploadedFile(name, content)],
        )
    assert list(e.value.message_dict) == ["files"]
    assert (Practice.objects.count(), PracticeFile.objects.count()) == (0, 0)


def test_too_large_upload_is_refused(community, teacher, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(ValidationError) as e:
        services.practice_share(
            community=community,
            actor=teacher,
            title="X",
            description="Y",
            files=[SimpleUploadedFile("a.pdf", PDF)],
        )
    assert list(e.value.message_dict) == ["files"]
    assert Practice.objects.count() == 0


def test_practice_of_another_communitys_meeting_is_refused(community, programme, teacher):
    from tests.factories import CommunityFactory

    other = CommunityFactory(programme=programme)
    meeting = MeetingFactory(community=other)
    with pytest.raises(ValidationError):
        services.practice_share(
            community=community, actor=teacher, title="X", description="Y", meeting=meeting
        )
    assert Practice.objects.count() == 0


def test_action_item_from_a_meeting(community, facilitator, teacher):
    meeting = MeetingFactory(community=community)
    item = action_item_create(
        source=meeting,
        actor=facilitator,
        description="Mencoba kartu keluar",
        owner=teacher,
        due_date=datetime.date(2026, 9, 18),
    )
    assert (item.source_type, item.source_id) == ("communities.meeting", str(meeting.pk))
    assert item.source_url == f"/s/{community.school.npsn}/communities/meetings/{meeting.pk}/"


def test_action_item_owner_from_another_school_is_refused(community, facilitator):
    meeting = MeetingFactory(community=community)
    stranger = UserFactory()
    MembershipFactory(user=stranger, school=SchoolFactory(), role=Role.TEACHER)
    with pytest.raises(ValidationError) as e:
        action_item_create(
            source=meeting,
            actor=facilitator,
            description="X",
            owner=stranger,
            due_date=datetime.date(2026, 9, 18),
        )
    assert list(e.value.message_dict) == ["owner"]
    assert ActionItem.objects.count() == 0
