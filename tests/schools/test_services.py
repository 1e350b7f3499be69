import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kombel.accounts.models import User
from kombel.core.models import AuditLog
from kombel.schools import services
from kombel.schools.enums import Role, TimeZone
from kombel.schools.models import DistrictMembership, Membership, SchoolClass, TeacherProfile
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    SubjectFactory,
    TeacherProfileFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped", "english")]


@pytest.fixture
def english():
    # Messages are compared in English, whatever the Indonesian catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def operator(school):
    return MembershipFactory(school=school, role=Role.OPERATOR).user


@pytest.fixture
def principal(school):
    return MembershipFactory(school=school, role=Role.PRINCIPAL).user


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_person_create_makes_user_memberships_and_teacher_details(school, principal):
    math = SubjectFactory(code="matematika", name="Matematika")
    created = services.person_create(
        actor=principal,
        school=school,
        username="budi.santoso",
        full_name="Budi Santoso, S.Pd.",
        roles=[Role.TEACHER, Role.FACILITATOR],
        phone="0812-3456-7890",
        nuptk="1234567890123456",
        nip="198001012005011001",
        subjects=[math],
        grades=[8, 7],
    )
    user = created.user
    assert user.phone == "081234567890"
    assert user.check_password(created.password)
    assert len(created.password) == 10
    assert sorted(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        "facilitator",
        "teacher",
    ]
    profile = TeacherProfile.objects.get(user=user)
    assert (profile.nuptk, profile.nip, profile.grades) == (
        "1234567890123456",
        "198001012005011001",
        [7, 8],
    )
    assert list(profile.subjects.all()) == [math]
    entry = AuditLog.objects.get(action="schools.person.created")
    assert (entry.actor, entry.school, entry.object_id) == (principal, school, str(user.pk))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nuptk", "12345", "NUPTK must be exactly 16 digits."),
        ("nuptk", "12345678901234ab", "NUPTK must be exactly 16 digits."),
        ("nip", "1980010120050110", "NIP must be exactly 18 digits."),
        ("grades", [6], "Grades must be VII, VIII or IX."),
        ("phone", "12345", None),
        ("email", "not-an-email", None),
        ("username", "budi santoso", None),
    ],
)
def test_person_create_refuses_bad_input_and_writes_nothing(
    school, principal, field, value, message
):
    kwargs = {
        "actor": principal,
        "school": school,
        "username": "budi",
        "full_name": "Budi",
        "roles": [Role.TEACHER],
        field: value,
    }
    with pytest.raises(ValidationError) as exc:
        services.person_create(**kwargs)
    assert list(_errors(exc)) == [field]
    if message:
        assert _errors(exc)[field] == [message]
    assert User.objects.filter(full_name="Budi").count() == 0
    assert AuditLog.objects.count() == 0


def test_person_create_refuses_taken_username_nuptk_and_district_role(school, principal):
    TeacherProfileFactory(user=UserFactory(username="ani"), nuptk="1234567890123456")
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=principal, school=school, username="ANI", full_name="Ani", roles=["teacher"]
        )
    assert list(_errors(exc)) == ["username"]
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=principal,
            school=school,
            username="ani2",
            full_name="Ani",
            roles=["teacher"],
            nuptk="1234567890123456",
        )
    assert list(_errors(exc)) == ["nuptk"]
    assert not User.objects.filter(username="ani2").exists()
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=principal,
            school=school,
            username="ani3",
            full_name="Ani",
            roles=[Role.DISTRICT_OFFICER],
        )
    assert list(_errors(exc)) == ["roles"]


def test_person_update_changes_contact_and_logs_only_changes(school, principal):
    person = MembershipFactory(school=school).user
    services.person_update(
        actor=principal, school=school, user=person, full_name="Ani, S.Pd.", phone="", email=""
    )
    services.person_update(
        actor=principal, school=school, user=person, full_name="Ani, S.Pd.", phone="", email=""
    )
    person.refresh_from_db()
    assert person.full_name == "Ani, S.Pd."
    assert AuditLog.objects.filter(action="schools.person.updated").count() == 1


def test_person_update_refuses_person_of_another_school(school, principal):
    stranger = MembershipFactory().user
    with pytest.raises(ValidationError):
        services.person_update(
            actor=principal, school=school, user=stranger, full_name="X", phone="", email=""
        )


def test_teacher_details_update_checks_version(school, principal):
    person = MembershipFactory(school=school).user
    profile = services.teacher_details_update(
        actor=principal, school=school, user=person, nuptk="", nip="", subjects=[], grades=[7]
    )
    assert profile.version == 1
    services.teacher_details_update(
        actor=principal,
        school=school,
        user=person,
        nuptk="",
        nip="",
        subjects=[],
        grades=[8],
        version=1,
    )
    with pytest.raises(ValidationError) as exc:
        services.teacher_details_update(
            actor=principal,
            school=school,
            user=person,
            nuptk="",
            nip="",
            subjects=[],
            grades=[9],
            version=1,
        )
    assert exc.value.messages == [
        "Someone else saved a change while you were editing. Your changes were not saved: "
        "reload the page to see theirs, then make yours again."
    ]
    profile.refresh_from_db()
    assert (profile.grades, profile.version) == ([8], 2)


def test_membership_create_refuses_duplicate_and_district_role(school, principal):
    person = MembershipFactory(school=school, role=Role.TEACHER).user
    with pytest.raises(ValidationError) as exc:
        services.membership_create(actor=principal, school=school, user=person, role="teacher")
    assert list(_errors(exc)) == ["role"]
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=principal, school=school, user=person, role=Role.DISTRICT_OFFICER
        )
    assert list(_errors(exc)) == ["roles"]
    membership = services.membership_create(
        actor=principal, school=school, user=person, role="mentor"
    )
    assert list(Membership.objects.filter(user=person).order_by("role")) == [
        membership,
        Membership.objects.get(user=person, role="teacher"),
    ]


def test_membership_remove_keeps_the_last_manager(school, operator):
    platform = UserFactory(is_superuser=True, is_staff=True)
    own = Membership.objects.get(user=operator)
    with pytest.raises(ValidationError) as exc:
        services.membership_remove(actor=platform, membership=own)
    assert exc.value.messages == [
        "This is the school's last principal or operator: add another one before removing "
        "this role."
    ]
    principal = MembershipFactory(school=school, role=Role.PRINCIPAL)
    services.membership_remove(actor=platform, membership=own)
    assert list(Membership.objects.filter(school=school)) == [principal]
    assert AuditLog.objects.filter(action="schools.membership.removed").count() == 1


def test_district_membership_create_refuses_duplicate(operator):
    district = DistrictFactory()
    officer = UserFactory()
    membership = services.district_membership_create(
        actor=operator, user=officer, district=district
    )
    with pytest.raises(ValidationError):
        services.district_membership_create(actor=operator, user=officer, district=district)
    assert list(DistrictMembership.objects.all()) == [membership]


def test_class_create_checks_homeroom_teacher_belongs_to_the_school(school, operator):
    year = SchoolYearFactory()
    stranger = MembershipFactory(role=Role.TEACHER).user  # a teacher of another school
    parent = MembershipFactory(school=school, role=Role.PARENT).user
    for homeroom in (stranger, parent):
        with pytest.raises(ValidationError) as exc:
            services.class_create(
                actor=operator,
                school=school,
                school_year=year,
                grade=7,
                name="VII-A",
                homeroom_teacher=homeroom,
            )
        assert list(_errors(exc)) == ["homeroom_teacher"]
    assert SchoolClass.objects.count() == 0
    teacher = MembershipFactory(school=school, role=Role.TEACHER).user
    school_class = services.class_create(
        actor=operator,
        school=school,
        school_year=year,
        grade=7,
        name="VII-A",
        homeroom_teacher=teacher,
    )
    assert list(SchoolClass.objects.all()) == [school_class]


def test_class_create_refuses_duplicate_and_grade_mismatch(school, operator):
    existing = SchoolClassFactory(school=school, name="VII-A", grade=7)
    with pytest.raises(ValidationError) as exc:
        services.class_create(
            actor=operator, school=school, school_year=existing.school_year, grade=7, name="vii-a"
        )
    assert list(_errors(exc)) == ["name"]
    with pytest.raises(ValidationError) as exc:
        services.class_create(
            actor=operator, school=school, school_year=existing.school_year, grade=8, name="VII-B"
        )
    assert list(_errors(exc)) == ["name"]
    # The same name in another school is fine.
    other = services.class_create(
        actor=operator,
        school=SchoolFactory(),
        school_year=existing.school_year,
        grade=7,
        name="VII-A",
    )
    assert other.name == "VII-A"


def test_class_update_checks_version(school, operator):
    school_class = SchoolClassFactory(school=school, name="VII-A", grade=7)
    teacher = MembershipFactory(school=school, role=Role.TEACHER).user
    kwargs = {
        "actor": operator,
        "school_year": school_class.school_year,
        "grade": 7,
        "name": "VII-B",
        "homeroom_teacher": teacher,
    }
    services.class_update(school_class=school_class, version=1, **kwargs)
    stale = SchoolClass.objects.get(pk=school_class.pk)
    stale.version = 1
    with pytest.raises(ValidationError):
        services.class_update(school_class=stale, version=1, **{**kwargs, "name": "VII-C"})
    school_class.refresh_from_db()
    assert (school_class.name, school_class.version, school_class.homeroom_teacher) == (
        "VII-B",
        2,
        teacher,
    )


@pytest.mark.parametrize("npsn", ["1234567", "123456789", "1050-123", ""])
def test_school_create_refuses_invalid_npsn(operator, npsn):
    with pytest.raises(ValidationError) as exc:
        services.school_create(
            actor=operator, district=DistrictFactory(), npsn=npsn, name="SMP Negeri 9"
        )
    assert list(_errors(exc)) == ["npsn"]


def test_school_create_and_update(operator):
    district = DistrictFactory()
    school = services.school_create(
        actor=operator, district=district, npsn=" 10505999 ", name="SMP Negeri 9 Tebo"
    )
    assert (school.npsn, school.timezone) == ("10505999", TimeZone.WIB)
    with pytest.raises(ValidationError) as exc:
        services.school_create(actor=operator, district=district, npsn="10505999", name="X")
    assert list(_errors(exc)) == ["npsn"]
    with pytest.raises(ValidationError) as exc:
        services.school_update(
            actor=operator, school=school, name="X", address="", timezone="Asia/Tokyo"
        )
    assert list(_errors(exc)) == ["timezone"]
    services.school_update(
        actor=operator, school=school, name="SMP N 9", address="Jl. Lintas", timezone=TimeZone.WIT
    )
    school.refresh_from_db()
    assert (school.name, school.timezone) == ("SMP N 9", "Asia/Jayapura")
