"""This app's objects in the test world (see tests/world.py)."""

from django_scopes import scopes_disabled

from kombel.schools.enums import Role
from kombel.schools.models import Membership
from tests.factories.schools import SchoolClassFactory
from tests.world import SchoolWorld, world_builder


@world_builder
def schools(sw: SchoolWorld) -> None:
    teacher = sw.users[Role.TEACHER]
    sw.objects["person"] = teacher  # a teacher of the school (a User)
    with scopes_disabled():
        sw.objects["membership"] = Membership.objects.get(
            school=sw.school, user=teacher, role=Role.TEACHER
        )
    sw.objects["class"] = SchoolClassFactory(
        school=sw.school, name="VII-A", grade=7, homeroom_teacher=teacher
    )
