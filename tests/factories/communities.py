import datetime

import factory

from kombel.communities.models import (
    Community,
    CommunityMember,
    Meeting,
    MeetingAttendance,
    MinuteEntry,
    Practice,
)
from tests.factories.accounts import UserFactory
from tests.factories.programs import ProgrammeFactory
from tests.factories.schools import ScopesDisabledFactory


class CommunityFactory(ScopesDisabledFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    school = factory.SelfAttribute("programme.school")
    name = factory.Sequence(lambda n: f"MIPA Kelas VII ({n})")
    theme = "Pembelajaran berbasis proyek"
    goals = "Berbagi praktik baik\nMenyusun modul ajar bersama"
    grades = factory.LazyFunction(lambda: [7])
    facilitator = factory.SubFactory(UserFactory)

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """Members (the facilitator is always one): `CommunityFactory(members=[u1, u2])`."""
        if not create:
            return
        users = {obj.facilitator, *(extracted or [])}
        for user in users:
            CommunityMemberFactory(community=obj, user=user)


class CommunityMemberFactory(ScopesDisabledFactory):
    class Meta:
        model = CommunityMember

    community = factory.SubFactory(CommunityFactory)
    school = factory.SelfAttribute("community.school")
    user = factory.SubFactory(UserFactory)


class MeetingFactory(ScopesDisabledFactory):
    class Meta:
        model = Meeting

    community = factory.SubFactory(CommunityFactory)
    school = factory.SelfAttribute("community.school")
    date = datetime.date(2026, 9, 4)
    agenda = "Berbagi praktik asesmen formatif"


class MeetingAttendanceFactory(ScopesDisabledFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    school = factory.SelfAttribute("meeting.school")
    user = factory.SubFactory(UserFactory)
    status = "present"


class MinuteEntryFactory(ScopesDisabledFactory):
    class Meta:
        model = MinuteEntry

    meeting = factory.SubFactory(MeetingFactory)
    school = factory.SelfAttribute("meeting.school")
    author = factory.SubFactory(UserFactory)
    text = "Saya menambahkan: siswa lebih aktif saat diskusi."


class PracticeFactory(ScopesDisabledFactory):
    class Meta:
        model = Practice

    community = factory.SubFactory(CommunityFactory)
    school = factory.SelfAttribute("community.school")
    title = factory.Sequence(lambda n: f"Proyek kebun karet {n}")
    description = "Belajar pola bilangan dari data sadap karet."
    grade = 7
    shared_by = factory.SubFactory(UserFactory)
