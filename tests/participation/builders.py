"""This app's objects in the test world (see tests/world.py)."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from kombel.participation.enums import FORUM_MEETING_KIND, InputTarget, SpaceKind
from kombel.participation.models import DataRequest, Report
from kombel.programs.models import Material
from kombel.schools.enums import Role
from tests.factories.participation import (
    ChildClassFactory,
    ConsentFactory,
    FeedbackFactory,
    InvitationFactory,
    LocalInputFactory,
    PostFactory,
    SpaceFactory,
    ThreadFactory,
)
from tests.factories.programs import EventFactory, ProgrammeFactory
from tests.factories.schools import SchoolClassFactory
from tests.world import SchoolWorld, world_builder


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@world_builder
def participation(sw: SchoolWorld) -> None:
    parent, leader = sw.users[Role.PARENT], sw.users[Role.COMMUNITY_LEADER]
    teacher = sw.users[Role.TEACHER]
    with scopes_disabled():
        school_class = SchoolClassFactory(school=sw.school, name="VIII-Ortu", grade=8)
        child = ChildClassFactory(school_class=school_class, parent=parent)
        for user in (parent, leader):
            ConsentFactory(school=sw.school, user=user)
        class_space = SpaceFactory(
            school=sw.school, kind=SpaceKind.CLASS, school_class=school_class, title="Kelas"
        )
        community_space = SpaceFactory(
            school=sw.school, kind=SpaceKind.COMMUNITY, title="Orang tua dan tokoh"
        )
        thread = ThreadFactory(space=class_space, author=parent, reply_count=1)
        PostFactory(thread=thread, author=parent, is_opening=True)
        reply = PostFactory(thread=thread, author=teacher, body="Terima kasih, Bu.")
        reply.photo.save("a.jpg", ContentFile(jpeg_bytes()), save=False)
        reply.thumbnail.save("b.jpg", ContentFile(jpeg_bytes()), save=False)
        reply.save()
        report = Report.objects.create(
            school=sw.school, post=reply, reporter=leader, reason="Salah kelas"
        )
        invitation = InvitationFactory(school=sw.school)
        data_request = DataRequest.objects.create(school=sw.school, user=parent)
        local_input = LocalInputFactory(
            school=sw.school,
            author=leader,
            target=InputTarget.MATERIAL,
            material=Material.objects.order_by("order").first(),
        )
        FeedbackFactory(school_class=school_class, parent=parent)
        programme = ProgrammeFactory(
            school=sw.school,
            start=timezone.localdate() - datetime.timedelta(days=30),
            end=timezone.localdate() + datetime.timedelta(days=30),
        )
        meeting = EventFactory(
            programme=programme,
            kind=FORUM_MEETING_KIND,
            title="Forum belajar bersama",
            date=timezone.localdate(),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(11, 0),
        )
    sw.objects.update(
        school_class=school_class,
        child_class=child,
        class_space=class_space,
        community_space=community_space,
        forum_thread=thread,
        forum_reply=reply,
        forum_report=report,
        invitation=invitation,
        data_request=data_request,
        local_input=local_input,
        forum_programme=programme,
        forum_meeting=meeting,
    )
