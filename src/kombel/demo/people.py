"""People of the demo: the district, its two schools, the school year, subjects, users and roles.

The demo (`seed`) is SMP Negeri 1 Kabupaten Tebo with everyone the paper names: 25 teachers (four
of them internal facilitators), the principal, two supervisors, two mentors, parents, community
leaders, a district officer and an operator, plus a second, smaller school of the district.
`synthetic` builds the same shape for one school of the benchmark district, in bulk.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.hashers import make_password

from kombel.accounts.models import User
from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.schools.enums import Grade, Role, SemesterKind, TimeZone
from kombel.schools.models import (
    District,
    DistrictMembership,
    Membership,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Subject,
    TeacherProfile,
)

PASSWORD = "kombel-demo"  # noqa: S105  (published demo password)
SCHOOL_NPSN = "10505140"
SCHOOL2_NPSN = "10505141"
DISTRICT_BPS = "1509"

# (code, name): the subjects of SMP under Kurikulum Merdeka.
SUBJECTS = [
    ("pai", "Pendidikan Agama"),
    ("ppkn", "PPKn"),
    ("bindo", "Bahasa Indonesia"),
    ("mtk", "Matematika"),
    ("ipa", "IPA"),
    ("ips", "IPS"),
    ("bing", "Bahasa Inggris"),
    ("senbud", "Seni Budaya"),
    ("pjok", "PJOK"),
    ("prakarya", "Prakarya"),
    ("informatika", "Informatika"),
    ("bk", "Bimbingan Konseling"),
    ("mulok", "Muatan Lokal"),
]

# The 25 teachers of SMP N 1: (full name, subject code, grades). guru01-guru04 are facilitators.
TEACHERS = [
    ("Rahmawati, S.Pd.", "mtk", [7, 8]),
    ("Hendra Saputra, S.Pd.", "bindo", [8, 9]),
    ("Dra. Nurhasanah", "ipa", [7, 8, 9]),
    ("Muhammad Rizal, S.Pd.", "ips", [7, 8]),
    ("Siti Aminah, S.Pd.", "mtk", [9]),
    ("Eko Prasetyo, S.Pd.", "mtk", [7, 8]),
    ("Yuliana Sari, S.Pd.", "bindo", [7]),
    ("Agus Salim, S.Pd.I.", "pai", [7, 8]),
    ("Fitriani, S.Pd.", "ipa", [7]),
    ("Dedi Kurniawan, S.Pd.", "ipa", [8, 9]),
    ("Nurul Hidayah, S.Pd.", "bing", [7, 8]),
    ("Sri Wahyuni, S.Pd.", "ppkn", [7, 8, 9]),
    ("Ahmad Fauzi, S.Ag.", "pai", [9]),
    ("Lestari Handayani, S.Pd.", "bindo", [9]),
    ("Bambang Suryadi, S.Pd.", "pjok", [7, 8, 9]),
    ("Dewi Kartika, S.Sn.", "senbud", [7, 8, 9]),
    ("Rudi Hartono, S.Kom.", "informatika", [7, 8, 9]),
    ("Mardiana, S.Pd.", "ips", [9]),
    ("Syafrudin, S.Pd.", "ppkn", [8]),
    ("Putri Ramadhani, S.Pd.", "bing", [9]),
    ("Wahyu Hidayat, S.Pd.", "prakarya", [7, 8, 9]),
    ("Rosmaini, S.Pd.", "mulok", [7, 8]),
    ("Herlina, S.Psi.", "bk", [7, 8, 9]),
    ("Zulkifli, S.Pd.", "pjok", [8, 9]),
    ("Indah Permatasari, S.Pd.", "bk", [7, 8]),
]
FACILITATORS = 4  # guru01-guru04
TEACHERS2 = [
    ("Junaidi, S.Pd.", "mtk", [7, 8, 9]),
    ("Sulastri, S.Pd.", "bindo", [7, 8, 9]),
    ("Firmansyah, S.Pd.", "ipa", [7, 8, 9]),
    ("Nur Aisyah, S.Pd.", "ips", [7, 8, 9]),
    ("Rini Anggraini, S.Pd.", "bing", [7, 8, 9]),
]
# username -> (full name, [(school key, role)]); school keys: 1 = SMP N 1, 2 = SMP N 2.
OTHERS: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "kepsek": ("Drs. H. Syamsul Bahri, M.Pd.", [(1, Role.PRINCIPAL)]),
    "kepsek2": ("Hj. Marlina, S.Pd., M.M.", [(2, Role.PRINCIPAL)]),
    "pengawas1": ("Dr. Zainal Abidin, M.Pd.", [(1, Role.SUPERVISOR), (2, Role.SUPERVISOR)]),
    "pengawas2": ("Hj. Erni Susanti, M.Pd.", [(1, Role.SUPERVISOR)]),
    "pendamping1": ("Dr. Ratna Juwita, M.Pd.", [(1, Role.MENTOR)]),
    "pendamping2": ("Arif Budiman, M.Pd.", [(1, Role.MENTOR)]),
    "ortu01": ("Suparman", [(1, Role.PARENT)]),
    "ortu02": ("Nurlela", [(1, Role.PARENT)]),
    "ortu03": ("Samsudin", [(1, Role.PARENT)]),
    "ortu04": ("Yusnidar", [(1, Role.PARENT)]),
    "ortu05": ("Heri Susanto", [(1, Role.PARENT)]),
    "ortu06": ("Kartini", [(1, Role.PARENT)]),
    "tokoh1": ("H. Abdul Malik", [(1, Role.COMMUNITY_LEADER)]),
    "tokoh2": ("Datuk Ismail", [(1, Role.COMMUNITY_LEADER)]),
    "tokoh3": ("Ustazah Halimah", [(1, Role.COMMUNITY_LEADER)]),
    "dinas": ("Ir. Hasan Basri, M.Si.", []),
    "admin": ("Operator Sekolah", [(1, Role.OPERATOR), (2, Role.OPERATOR)]),
}
CLASS_LETTERS = "ABC"
CLASSES2 = [(7, "VII-A"), (8, "VIII-A"), (9, "IX-A")]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # a label, already translated when printed


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The hash of the demo password, computed once (hashing is slow by design)."""
    return make_password(PASSWORD)


def school_year_bounds(today: datetime.date) -> tuple[int, datetime.date, datetime.date]:
    """The school year containing `today`: (first calendar year, 1 July, 30 June)."""
    first = today.year if today.month >= 7 else today.year - 1
    return first, datetime.date(first, 7, 1), datetime.date(first + 1, 6, 30)


def ensure_school_year(today: datetime.date) -> tuple[SchoolYear, dict[str, Semester]]:
    """The school year containing `today` and its two semesters (created if missing)."""
    first, start, end = school_year_bounds(today)
    year, _ = SchoolYear.objects.get_or_create(
        name=f"{first}/{first + 1}", defaults={"start": start, "end": end}
    )
    semesters: dict[str, Semester] = {
        SemesterKind.ODD: Semester.objects.get_or_create(
            school_year=year,
            kind=SemesterKind.ODD,
            defaults={"start": start, "end": datetime.date(first, 12, 31)},
        )[0],
        SemesterKind.EVEN: Semester.objects.get_or_create(
            school_year=year,
            kind=SemesterKind.EVEN,
            defaults={"start": datetime.date(first + 1, 1, 1), "end": end},
        )[0],
    }
    return year, semesters


def ensure_subjects() -> dict[str, Subject]:
    return {
        code: Subject.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in SUBJECTS
    }


def phone_number(n: int) -> str:
    """A WhatsApp-style 08… number, unique per n."""
    prefix = ("0812", "0813", "0821", "0852", "0853", "0811")[n % 6]
    return f"{prefix}{7300_0000 + n * 7919 % 9999_999:08d}"


def nuptk_for(n: int) -> str:
    return f"{1537_7500_0000_0000 + n * 1013:016d}"


def nip_for(n: int) -> str:
    """An 18-digit NIP: birth date, appointment month, sex, sequence."""
    born = datetime.date(1968, 1, 1) + datetime.timedelta(days=(n // 1000) * 41 + n % 29)
    return f"{born:%Y%m%d}{2000 + n % 20}{1 + n % 12:02d}{1 + n % 2}{n % 1000:03d}"


def _new_user(username: str, full_name: str, n: int, **extra: Any) -> User:
    return User(
        username=username,
        full_name=full_name,
        phone=phone_number(n),
        password=password_hash(),
        **extra,
    )


def _roman(grade: int) -> str:
    return Grade(grade).label


# --- the demo -------------------------------------------------------------------------------


def seed(ctx: DemoContext) -> None:
    """District, the two schools, school year, subjects, every demo user and the classes."""
    ctx.district, _ = District.objects.get_or_create(
        bps_code=DISTRICT_BPS, defaults={"name": "Kabupaten Tebo", "province": "Jambi"}
    )
    ctx.school = School.objects.create(
        npsn=SCHOOL_NPSN,
        name="SMP Negeri 1 Kabupaten Tebo",
        address="Jl. Lintas Sumatera Km. 2, Muara Tebo, Kec. Tebo Tengah, Kabupaten Tebo, "
        "Jambi 37571",
        district=ctx.district,
        timezone=TimeZone.WIB,
    )
    ctx.school2 = School.objects.create(
        npsn=SCHOOL2_NPSN,
        name="SMP Negeri 2 Kabupaten Tebo",
        address="Jl. Poros Rimbo Bujang, Kec. Rimbo Bujang, Kabupaten Tebo, Jambi 37553",
        district=ctx.district,
        timezone=TimeZone.WIB,
    )
    schools = {1: ctx.school, 2: ctx.school2}
    year, semesters = ensure_school_year(ctx.today)
    subjects = ensure_subjects()
    ctx.extra["school_year"] = year
    ctx.extra["semesters"] = semesters
    ctx.extra["subjects"] = subjects

    users: list[User] = []
    memberships: list[Membership] = []
    profiles: list[tuple[TeacherProfile, str]] = []
    teachers: list[User] = []
    teachers2: list[User] = []
    for school_key, table, fmt, out in (
        (1, TEACHERS, "guru{:02d}", teachers),
        (2, TEACHERS2, "guru2_{:02d}", teachers2),
    ):
        for i, (name, subject, grades) in enumerate(table, start=1):
            n = len(users) + 1
            user = _new_user(fmt.format(i), name, n)
            users.append(user)
            out.append(user)
            memberships.append(Membership(user=user, school=schools[school_key], role=Role.TEACHER))
            if school_key == 1 and i <= FACILITATORS:
                memberships.append(Membership(user=user, school=schools[1], role=Role.FACILITATOR))
            civil_servant = i % 3 != 0  # two in three teachers are civil servants (PNS)
            profile = TeacherProfile(
                user=user,
                grades=grades,
                nuptk=nuptk_for(n) if i % 4 != 0 else "",
                nip=nip_for(n) if civil_servant else "",
            )
            profiles.append((profile, subject))
    for username, (name, roles) in OTHERS.items():
        staff = username == "admin"
        user = _new_user(username, name, len(users) + 1, is_staff=staff, is_superuser=staff)
        users.append(user)
        for school_key, role in roles:
            memberships.append(Membership(user=user, school=schools[school_key], role=role))

    for obj in users:
        obj.full_clean(exclude=["password"])
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(memberships)
    for profile, _subject in profiles:
        profile.full_clean()
    TeacherProfile.objects.bulk_create([p for p, _ in profiles])
    TeacherProfile.subjects.through.objects.bulk_create(
        [
            TeacherProfile.subjects.through(teacherprofile=p, subject=subjects[code])
            for p, code in profiles
        ]
    )
    ctx.users.update({u.username: u for u in users})
    DistrictMembership.objects.create(user=ctx.users["dinas"], district=ctx.district)

    classes = []
    homeroom = iter(teachers[4:])  # guru05 onwards: facilitators already run a community
    for grade in (7, 8, 9):
        for letter in CLASS_LETTERS:
            classes.append(
                SchoolClass(
                    school=ctx.school,
                    school_year=year,
                    grade=grade,
                    name=f"{_roman(grade)}-{letter}",
                    homeroom_teacher=next(homeroom),
                )
            )
    classes2 = [
        SchoolClass(
            school=ctx.school2, school_year=year, grade=g, name=name, homeroom_teacher=teacher
        )
        for (g, name), teacher in zip(CLASSES2, teachers2, strict=False)
    ]
    SchoolClass.objects.bulk_create(classes + classes2)
    ctx.extra["teachers"] = teachers
    ctx.extra["facilitators"] = teachers[:FACILITATORS]
    ctx.extra["teachers2"] = teachers2
    ctx.extra["classes"] = classes
    ctx.extra["classes2"] = classes2


def demo_logins() -> list[DemoLogin]:
    """The demo's logins in a useful order, each with the label of its main role."""
    rows = [DemoLogin("admin", str(Role.OPERATOR.label))]
    rows.append(DemoLogin("kepsek", str(Role.PRINCIPAL.label)))
    rows += [
        DemoLogin(f"guru{i:02d}", f"{Role.TEACHER.label} + {Role.FACILITATOR.label}")
        for i in range(1, FACILITATORS + 1)
    ]
    rows.append(DemoLogin(f"guru05 … guru{len(TEACHERS):02d}", str(Role.TEACHER.label)))
    rows += [DemoLogin(u, str(Role.SUPERVISOR.label)) for u in ("pengawas1", "pengawas2")]
    rows += [DemoLogin(u, str(Role.MENTOR.label)) for u in ("pendamping1", "pendamping2")]
    rows.append(DemoLogin("ortu01 … ortu06", str(Role.PARENT.label)))
    rows.append(DemoLogin("tokoh1 … tokoh3", str(Role.COMMUNITY_LEADER.label)))
    rows.append(DemoLogin("dinas", str(Role.DISTRICT_OFFICER.label)))
    rows.append(DemoLogin("kepsek2", f"{Role.PRINCIPAL.label} (SMP Negeri 2)"))
    rows.append(DemoLogin("guru2_01 … guru2_05", f"{Role.TEACHER.label} (SMP Negeri 2)"))
    return rows


# --- the synthetic district -----------------------------------------------------------------

SYNTHETIC_BPS = "1599"
# Roles other than teachers in each synthetic school: (username suffix, role, how many).
SYNTHETIC_OTHERS = [
    ("kepsek", Role.PRINCIPAL, 1),
    ("pengawas", Role.SUPERVISOR, 1),
    ("pendamping", Role.MENTOR, 1),
    ("operator", Role.OPERATOR, 1),
    ("ortu", Role.PARENT, 6),
    ("tokoh", Role.COMMUNITY_LEADER, 3),
]


def prepare_synthetic(today: datetime.date) -> dict[str, Any]:
    """What every synthetic school shares: district, its officer, school year, subjects."""
    district, _ = District.objects.get_or_create(
        bps_code=SYNTHETIC_BPS, defaults={"name": "Kabupaten Sintetis", "province": "Jambi"}
    )
    if not User.objects.filter(username="dinas-sintetis").exists():
        officer = _new_user("dinas-sintetis", "Petugas Dinas Sintetis", 0)
        officer.save()
        DistrictMembership.objects.create(user=officer, district=district)
    year, semesters = ensure_school_year(today)
    return {
        "district": district,
        "school_year": year,
        "semesters": semesters,
        "subjects": ensure_subjects(),
    }


def synthetic_npsn(index: int) -> str:
    return f"{99000000 + index:08d}"


def synthetic(ctx: SyntheticSchool) -> None:
    """One school of the synthetic district: 25 teachers, the other roles, nine classes."""
    k = ctx.index
    ctx.school = School.objects.create(
        npsn=synthetic_npsn(k),
        name=f"SMP Negeri {k} Sintetis",
        address=f"Jl. Pendidikan No. {k}, Kabupaten Sintetis, Jambi",
        district=ctx.extra["district"],
        timezone=TimeZone.WIB,
    )
    subjects: dict[str, Subject] = ctx.extra["subjects"]
    prefix = f"s{k:03d}-"
    base = k * 100
    users: list[User] = []
    memberships: list[Membership] = []
    profiles: list[TeacherProfile] = []
    links = []
    for i, (name, code, grades) in enumerate(TEACHERS, start=1):
        n = base + i
        user = _new_user(f"{prefix}guru{i:02d}", f"{name.split(',')[0]} {k}", n)
        users.append(user)
        ctx.teachers.append(user)
        memberships.append(Membership(user=user, school=ctx.school, role=Role.TEACHER))
        if i <= FACILITATORS:
            memberships.append(Membership(user=user, school=ctx.school, role=Role.FACILITATOR))
        profile = TeacherProfile(
            user=user,
            grades=grades,
            nuptk=nuptk_for(n) if i % 4 else "",
            nip=nip_for(n) if i % 3 else "",
        )
        profiles.append(profile)
        links.append(
            TeacherProfile.subjects.through(teacherprofile=profile, subject=subjects[code])
        )
    for suffix, role, count in SYNTHETIC_OTHERS:
        for j in range(1, count + 1):
            username = f"{prefix}{suffix}" + (f"{j:02d}" if count > 1 else "")
            user = _new_user(username, f"{suffix.capitalize()} {j} Sekolah {k}", base + 50 + j)
            users.append(user)
            memberships.append(Membership(user=user, school=ctx.school, role=role))
            ctx.users.setdefault(str(role), user)
            ctx.extra.setdefault(f"{role}s", []).append(user)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(memberships)
    TeacherProfile.objects.bulk_create(profiles)
    TeacherProfile.subjects.through.objects.bulk_create(links)
    ctx.extra["facilitators"] = ctx.teachers[:FACILITATORS]
    classes = [
        SchoolClass(
            school=ctx.school,
            school_year=ctx.extra["school_year"],
            grade=grade,
            name=f"{_roman(grade)}-{letter}",
            homeroom_teacher=ctx.teachers[4 + (grade - 7) * 3 + li],
        )
        for grade in (7, 8, 9)
        for li, letter in enumerate(CLASS_LETTERS)
    ]
    SchoolClass.objects.bulk_create(classes)
    ctx.extra["classes"] = classes
