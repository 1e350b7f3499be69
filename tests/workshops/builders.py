"""This app's objects in the test world (see tests/world.py)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.schools.enums import Role
from kombel.workshops.models import SessionOutput, SessionResource
from tests.factories.programs import EventFactory, ParticipantFactory, ProgrammeFactory
from tests.factories.workshops import WorkshopSessionFactory
from tests.world import SchoolWorld, world_builder

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@world_builder
def workshops(sw: SchoolWorld) -> None:
    programme = sw.objects.get("programme")
    if programme is None:
        programme = ProgrammeFactory(school=sw.school)
        for role in (Role.TEACHER, Role.FACILITATOR):
            ParticipantFactory(programme=programme, user=sw.users[role], role=role)
    # Yesterday's session: over, so feedback is open and check-in codes have expired.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    session = WorkshopSessionFactory(event=EventFactory(programme=programme, date=yesterday))
    session.facilitators.set([sw.users[Role.FACILITATOR]])
    sw.objects["session"] = session
    sw.objects["workshop_event"] = EventFactory(
        programme=programme, date=yesterday + datetime.timedelta(days=8), title="Lokakarya 2"
    )
    with scopes_disabled():
        resource = SessionResource(
            school=sw.school, session=session, title="Slide Desain Pembelajaran"
        )
        resource.file.save("slide.pdf", ContentFile(PDF_BYTES), save=False)
        resource.file_name, resource.file_size = "slide.pdf", len(PDF_BYTES)
        resource.save()
        output = SessionOutput(
            school=sw.school, session=session, title="Draf Modul Ajar Matematika VII"
        )
        output.file.save("modul.pdf", ContentFile(PDF_BYTES), save=False)
        output.file_name, output.file_size = "modul.pdf", len(PDF_BYTES)
        output.save()
        output.authors.set([sw.users[Role.TEACHER]])
    sw.objects["session_resource"] = resource
    sw.objects["session_output"] = output
