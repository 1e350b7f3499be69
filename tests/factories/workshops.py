import factory

from kombel.programs.enums import AttendanceStatus
from kombel.workshops.enums import OutputKind
from kombel.workshops.models import (
    Attendance,
    SessionFeedback,
    SessionOutput,
    SessionResource,
    WorkshopSession,
)
from tests.factories.accounts import UserFactory
from tests.factories.programs import EventFactory
from tests.factories.schools import ScopesDisabledFactory


class WorkshopSessionFactory(ScopesDisabledFactory):
    class Meta:
        model = WorkshopSession
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    school = factory.SelfAttribute("event.school")
    agenda = "Pembukaan\nDesain pembelajaran kolaboratif\nPenutup"


class AttendanceFactory(ScopesDisabledFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(WorkshopSessionFactory)
    school = factory.SelfAttribute("session.school")
    user = factory.SubFactory(UserFactory)
    status = AttendanceStatus.PRESENT


class SessionFeedbackFactory(ScopesDisabledFactory):
    class Meta:
        model = SessionFeedback

    session = factory.SubFactory(WorkshopSessionFactory)
    school = factory.SelfAttribute("session.school")
    user = factory.SubFactory(UserFactory)
    rating = 4
    comment = "Materinya bermanfaat."


class SessionOutputFactory(ScopesDisabledFactory):
    class Meta:
        model = SessionOutput

    session = factory.SubFactory(WorkshopSessionFactory)
    school = factory.SelfAttribute("session.school")
    title = "Draf Modul Ajar Matematika VII: Pola Bilangan"
    kind = OutputKind.LESSON_PLAN
    url = "https://example.org/modul-ajar"


class SessionResourceFactory(ScopesDisabledFactory):
    class Meta:
        model = SessionResource

    session = factory.SubFactory(WorkshopSessionFactory)
    school = factory.SelfAttribute("session.school")
    title = "Panduan Modul Ajar"
    url = "https://example.org/panduan"
