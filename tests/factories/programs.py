import datetime

import factory

from kombel.programs.enums import ProgrammeStatus
from kombel.programs.models import Event, Participant, Programme, SchoolClosure
from kombel.workshops.enums import WORKSHOP_KIND
from tests.factories.accounts import UserFactory
from tests.factories.schools import SchoolFactory, ScopesDisabledFactory


class ProgrammeFactory(ScopesDisabledFactory):
    class Meta:
        model = Programme

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Lokakarya dan Komunitas Belajar {n}")
    goals = "Guru merancang pembelajaran kolaboratif\nKomunitas belajar bertemu rutin"
    start = datetime.date(2026, 9, 1)
    end = datetime.date(2026, 11, 30)
    status = ProgrammeStatus.ACTIVE
    workshop_weekdays = factory.LazyFunction(lambda: [1, 3])


class ParticipantFactory(ScopesDisabledFactory):
    class Meta:
        model = Participant

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = "teacher"


class EventFactory(ScopesDisabledFactory):
    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    school = factory.SelfAttribute("programme.school")
    kind = WORKSHOP_KIND
    title = "Lokakarya: Desain pembelajaran kolaboratif"
    date = datetime.date(2026, 9, 1)
    start_time = datetime.time(13, 30)
    end_time = datetime.time(15, 30)
    location = "Aula"


class SchoolClosureFactory(ScopesDisabledFactory):
    class Meta:
        model = SchoolClosure

    school = factory.SubFactory(SchoolFactory)
    date = datetime.date(2026, 10, 5)
    reason = "Ujian Tengah Semester"
