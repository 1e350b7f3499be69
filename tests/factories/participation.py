import datetime
import hashlib
import secrets

import factory
from django.utils import timezone

from kombel.participation.enums import SpaceKind
from kombel.participation.models import (
    ChildClass,
    Consent,
    Invitation,
    LocalInput,
    MonthlyFeedback,
    Post,
    Space,
    Thread,
)
from kombel.schools.enums import Role
from tests.factories.accounts import UserFactory
from tests.factories.schools import SchoolClassFactory, SchoolFactory, ScopesDisabledFactory


class InvitationFactory(ScopesDisabledFactory):
    class Meta:
        model = Invitation

    school = factory.SubFactory(SchoolFactory)
    role = Role.COMMUNITY_LEADER
    name = factory.Sequence(lambda n: f"Ibu Undangan {n}")
    token_hash = factory.LazyFunction(
        lambda: hashlib.sha256(secrets.token_urlsafe(24).encode()).hexdigest()
    )
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class ConsentFactory(ScopesDisabledFactory):
    class Meta:
        model = Consent

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    version = "2026-11"


class ChildClassFactory(ScopesDisabledFactory):
    class Meta:
        model = ChildClass

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    parent = factory.SubFactory(UserFactory)
    child_name = "Rina"


class SpaceFactory(ScopesDisabledFactory):
    class Meta:
        model = Space

    school = factory.SubFactory(SchoolFactory)
    kind = SpaceKind.PARENTS
    title = factory.Sequence(lambda n: f"Forum Orang Tua {n}")


class ThreadFactory(ScopesDisabledFactory):
    class Meta:
        model = Thread

    space = factory.SubFactory(SpaceFactory)
    school = factory.SelfAttribute("space.school")
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Belajar di rumah {n}")


class PostFactory(ScopesDisabledFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    school = factory.SelfAttribute("thread.school")
    author = factory.SubFactory(UserFactory)
    body = "Anak saya senang dengan proyek kelompok minggu ini."


class FeedbackFactory(ScopesDisabledFactory):
    class Meta:
        model = MonthlyFeedback

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    parent = factory.SubFactory(UserFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    engagement = 3


class LocalInputFactory(ScopesDisabledFactory):
    class Meta:
        model = LocalInput

    school = factory.SubFactory(SchoolFactory)
    author = factory.SubFactory(UserFactory)
    target = "material"
    context = "Anak-anak bisa belajar dari kebun karet warga."
    resource = "Kebun karet Pak Rahman"
