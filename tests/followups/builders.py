"""This app's objects in the test world (see tests/world.py)."""

import datetime

from django.utils import timezone

from kombel.schools.enums import Role
from tests.factories.followups import ActionItemFactory
from tests.world import SchoolWorld, world_builder


@world_builder
def build(sw: SchoolWorld) -> None:
    # A standalone item owned by the teacher (the communities builder adds meeting items).
    sw.objects["followup"] = ActionItemFactory(
        school=sw.school,
        owner=sw.users[Role.TEACHER],
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        source_type="workshops.session",
        source_label="Lokakarya 1",
    )
