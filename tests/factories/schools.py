import datetime

import factory
from django_scopes import scopes_disabled

from kombel.schools.enums import Role, SemesterKind
from kombel.schools.models import (
    District,
    Membership,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Subject,
    TeacherProfile,
)
from tests.factories.accounts import UserFactory


class ScopesDisabledFactory(factory.django.DjangoModelFactory):
    """Factories write across schools, so they run with the tenant scope off."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class DistrictFactory(ScopesDisabledFactory):
    class Meta:
        model = District
        django_get_or_create = ["bps_code"]

    name = "Kabupaten Tebo"
    province = "Jambi"
    bps_code = factory.Sequence(lambda n: f"{1500 + n % 8000:04d}")


class SchoolFactory(ScopesDisabledFactory):
    class Meta:
        model = School

    npsn = factory.Sequence(lambda n: f"{10500000 + n:08d}")
    name = factory.Sequence(lambda n: f"SMP Negeri {n + 1} Contoh")
    address = "Jl. Contoh No. 1"
    district = factory.SubFactory(DistrictFactory)


class SchoolYearFactory(ScopesDisabledFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ["name"]

    name = "2026/2027"
    start = datetime.date(2026, 7, 13)
    end = datetime.date(2027, 6, 26)


class SemesterFactory(ScopesDisabledFactory):
    class Meta:
        model = Semester
        django_get_or_create = ["school_year", "kind"]

    school_year = factory.SubFactory(SchoolYearFactory)
    kind = SemesterKind.ODD
    start = datetime.date(2026, 7, 13)
    end = datetime.date(2026, 12, 19)


class MembershipFactory(ScopesDisabledFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.TEACHER


class SubjectFactory(ScopesDisabledFactory):
    class Meta:
        model = Subject
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"subject-{n}")
    name = factory.Sequence(lambda n: f"Mapel {n}")


class TeacherProfileFactory(ScopesDisabledFactory):
    class Meta:
        model = TeacherProfile

    user = factory.SubFactory(UserFactory)
    grades = factory.LazyFunction(lambda: [7])


class SchoolClassFactory(ScopesDisabledFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    grade = 7
    name = factory.Sequence(lambda n: f"VII-{chr(65 + n % 26)}{n // 26 or ''}")
