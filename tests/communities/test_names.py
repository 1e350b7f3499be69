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


def test_home_and_feed_name_the_community_meeting(client, db, unscoped):  # type: ignore[no-untyped-def]
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from tests.factories import CommunityMemberFactory, ParticipantFactory

    now = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(now, tick=False):
        programme = ProgrammeFactory(start=datetime.date(2026, 11, 2))
        soon = datetime.date(2026, 12, 4)
        event = EventFactory(
            programme=programme, kind=COMMUNITY_KIND, title="Community meeting", date=soon
        )
        teacher = MembershipFactory(school=programme.school, role=Role.TEACHER).user
        ParticipantFactory(programme=programme, user=teacher, role=Role.TEACHER)
        for name in ("MIPA Kelas VII", "Bahasa Kelas IX"):
            community = CommunityFactory(programme=programme, name=name)
            MeetingFactory(community=community, event=event, date=soon)
            if name == "MIPA Kelas VII":
                CommunityMemberFactory(community=community, user=teacher)
        client.force_login(teacher)

        home = client.get("/").content.decode()
        feed = client.get(f"/feeds/u/{teacher.feed_token}.ics").content.decode()

    assert "Community meeting: MIPA Kelas VII</a>" in home
    assert "SUMMARY:Community meeting: MIPA Kelas VII" in feed


def test_the_names_come_with_the_events_query(client, db, unscoped, django_assert_num_queries):  # type: ignore[no-untyped-def]
    """Who is not in a community of the slot reads every community meeting then, in order,
    a comma in a name kept; naming the slots costs the home page no query of its own."""
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from tests.factories import ParticipantFactory

    now = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(now, tick=False):
        programme = ProgrammeFactory(start=datetime.date(2026, 11, 2))
        teacher = MembershipFactory(school=programme.school, role=Role.TEACHER).user
        ParticipantFactory(programme=programme, user=teacher, role=Role.TEACHER)
        for day in (3, 4, 8):
            soon = datetime.date(2026, 12, day)
            event = EventFactory(
                programme=programme, kind=COMMUNITY_KIND, title="Community meeting", date=soon
            )
            for name in ("MIPA, Kelas VII", "Bahasa Kelas IX"):
                community = CommunityFactory(programme=programme, name=f"{name} ({day})")
                MeetingFactory(community=community, event=event, date=soon)
        client.force_login(teacher)
        client.get("/")  # roles and schools into the cache
        with django_assert_num_queries(8):  # as without community slots: no query of their own
            home = client.get("/").content.decode()

    for day in (3, 4, 8):
        assert f"Community meeting: Bahasa Kelas IX ({day}), MIPA, Kelas VII ({day})</a>" in home
