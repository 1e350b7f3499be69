"""This app's objects in the test world (see tests/world.py)."""

import datetime

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from kombel.communities.models import PracticeFile
from kombel.schools.enums import Role
from tests.factories.communities import CommunityFactory, MeetingFactory, PracticeFactory
from tests.factories.followups import ActionItemFactory
from tests.factories.programs import ProgrammeFactory
from tests.world import SchoolWorld, world_builder


@world_builder
def build(sw: SchoolWorld) -> None:
    """A community run by the facilitator with the teacher as member, one meeting, a practice
    and an action item from that meeting owned by the teacher."""
    programme = sw.objects.get("programme") or ProgrammeFactory(school=sw.school)
    teacher, facilitator = sw.users[Role.TEACHER], sw.users[Role.FACILITATOR]
    community = CommunityFactory(
        programme=programme, name="MIPA Kelas VII", facilitator=facilitator, members=[teacher]
    )
    meeting = MeetingFactory(community=community, date=programme.start)
    sw.objects["community"] = community
    sw.objects["meeting"] = meeting
    practice = PracticeFactory(community=community, meeting=meeting, shared_by=teacher)
    sw.objects["practice"] = practice
    with scopes_disabled():
        evidence = PracticeFile(school=sw.school, practice=practice, name="rubrik.pdf", size=10)
        evidence.file.save("rubrik.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        evidence.save()
    sw.objects["practice_file"] = evidence
    sw.objects["action_item"] = ActionItemFactory(
        school=sw.school,
        owner=teacher,
        created_by=facilitator,
        due_date=programme.start + datetime.timedelta(days=14),
        source_type="communities.meeting",
        source_id=str(meeting.pk),
        source_label=f"{community.name} · {meeting.date}",
    )
