import datetime

import factory
from django.utils import timezone

from kombel.followups.models import ActionItem
from tests.factories.accounts import UserFactory
from tests.factories.schools import SchoolFactory, ScopesDisabledFactory


class ActionItemFactory(ScopesDisabledFactory):
    class Meta:
        model = ActionItem

    school = factory.SubFactory(SchoolFactory)
    description = factory.Sequence(lambda n: f"Mencoba metode diskusi kelompok {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    source_type = "communities.meeting"
    source_id = factory.Faker("uuid4")
    source_label = "Pertemuan komunitas"
