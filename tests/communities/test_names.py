"""Things are named: each community's meeting on a shared calendar day says whose it is."""

from kombel.communities.enums import COMMUNITY_KIND
from kombel.communities.queries import meeting_links
from kombel.schools.enums import Role
from tests.factories import EventFactory, MembershipFactory
from tests.factories.communities import CommunityFactory, MeetingFactory
from tests.factories.programs import ProgrammeFactory


def test_meeting_links_of_one_day_name_their_community(db, unscoped):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory()
    event = EventFactory(programme=programme, kind=COMMUNITY_KIND, title="Pertemuan komunitas")
    for name in ("MIPA Kelas VII", "Bahasa Kelas IX"):
        community = CommunityFactory(programme=programme, name=name)
        MeetingFactory(community=community, event=event, date=event.date)
    teacher = MembershipFactory(school=programme.school, role=Role.TEACHER).user

    labels = [label for label, _url in meeting_links(event, teacher)]

    assert labels == [
        "Open the meeting of Bahasa Kelas IX",
        "Open the meeting of MIPA Kelas VII",
    ]
