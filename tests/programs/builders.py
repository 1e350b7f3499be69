"""This app's objects in the test world (see tests/world.py)."""

from tests.factories.programs import (
    EventFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SchoolClosureFactory,
)
from tests.world import SchoolWorld, world_builder


@world_builder
def programs(sw: SchoolWorld) -> None:
    programme = ProgrammeFactory(school=sw.school)
    for role, user in sw.users.items():
        if role != "district_officer":
            participant = ParticipantFactory(programme=programme, user=user, role=role)
            if role == "teacher":
                sw.objects["participant"] = participant
    sw.objects["programme"] = programme
    sw.objects["event"] = EventFactory(programme=programme)
    sw.objects["closure"] = SchoolClosureFactory(school=sw.school)
