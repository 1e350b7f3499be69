"""The demo's parents and community leaders (SMP N 1 Kabupaten Tebo).

ortu01 to ortu06 joined by invitation with their children's classes and consent; tokoh1 to tokoh3 as
community leaders. The Tebo programme's forum spaces (all its parents, two classes, parents with
community leaders) with threads in Indonesian, a pinned announcement, a hidden reply and an
open report; monthly feedback over the last three months; community leaders' suggestions (some
taken up); two forum meetings (one held, with attendance; one coming); three invitations still
waiting and one expired.
"""

import datetime
from typing import Any

from django.utils import timezone

from kombel.communities.models import Community
from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.lessons.enums import SectionKind
from kombel.lessons.services import local_input_accept
from kombel.participation import queries, services
from kombel.participation.enums import InputTarget, ResourceKind, SpaceKind
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
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Material
from kombel.schools.enums import Role

# username -> (index of the child's class in ctx.extra["classes"], child's name, phone)
PARENTS = {
    "ortu01": (0, "Rina Anggraini", "081271001001"),
    "ortu02": (0, "Dimas Saputra", "081271001002"),
    "ortu03": (1, "Siti Aisyah", "081271001003"),
    "ortu04": (1, "Ahmad Fauzi", "081271001004"),
    "ortu05": (3, "Putri Lestari", "081271001005"),
    "ortu06": (0, "Bayu Pratama", "081271001006"),
}
LEADERS = {"tokoh1": "081271002001", "tokoh2": "081271002002", "tokoh3": "081271002003"}

# space key, author, title, opening post, [(author, reply)], days ago
THREADS: list[tuple[str, str, str, str, list[tuple[str, str]], int]] = [
    (
        "all",
        "ortu01",
        "Bagaimana membantu anak belajar pecahan di rumah?",
        "Anak saya Rina masih bingung pecahan. Apa yang bisa kami lakukan di rumah tanpa buku "
        "tambahan?",
        [
            (
                "guru03",
                "Ibu bisa ajak Rina membagi kue atau buah: setengah, seperempat. Di kelas kami "
                "juga memakai contoh dari dapur dan kebun.",
            ),
            ("ortu02", "Kami coba dengan membagi pempek, Dimas jadi semangat."),
            ("ortu01", "Terima kasih Bu guru, akan kami coba minggu ini."),
        ],
        40,
    ),
    (
        "all",
        "ortu04",
        "Jam belajar di rumah dan HP",
        "Anak-anak lebih lama main HP daripada belajar. Bagaimana orang tua lain mengaturnya?",
        [
            ("ortu03", "Di rumah kami HP dikumpulkan sesudah magrib sampai PR selesai."),
            (
                "guru02",
                "Setuju, Bapak/Ibu. HP juga bisa dipakai untuk membaca cerita rakyat Jambi yang "
                "kami bagikan di kelas.",
            ),
        ],
        25,
    ),
    (
        "class0",
        "ortu06",
        "Proyek kebun sekolah kelas VII-A",
        "Bayu cerita kelasnya menanam cabai di kebun sekolah. Apakah orang tua boleh membantu "
        "hari Sabtu?",
        [
            (
                "guru01",
                "Boleh sekali, Pak. Sabtu pukul 07.30 kita kerja bakti kebun. Silakan bawa cangkul "
                "kecil jika ada.",
            ),
            ("ortu02", "Saya ikut, Pak. Bisa bawa bibit terong juga."),
        ],
        12,
    ),
    (
        "class1",
        "ortu03",
        "Tugas wawancara tokoh desa",
        "Siti diminta mewawancarai tokoh desa. Siapa yang bisa ditemui di Muara Tebo?",
        [("guru04", "Datuk Ismail bersedia, Bu. Nanti kami atur jadwalnya lewat sekolah.")],
        8,
    ),
    (
        "community",
        "tokoh2",
        "Belajar dari kebun karet dan Sungai Batang Tebo",
        "Banyak anak tidak tahu lagi cara menyadap karet dan cerita Sungai Batang Tebo. Saya "
        "bersedia bercerita di sekolah jika guru berkenan.",
        [
            (
                "guru04",
                "Terima kasih, Datuk. Kami masukkan ke projek IPS kelas VIII bulan depan.",
            ),
            ("ortu05", "Putri pasti senang. Kakeknya juga penyadap karet."),
            ("tokoh1", "Saya bisa menambah cerita tentang adat Melayu Jambi di kampung."),
        ],
        20,
    ),
    (
        "community",
        "tokoh3",
        "Pengajian remaja dan jadwal belajar",
        "Pengajian remaja di masjid hari Kamis sore. Mohon jadwal kerja kelompok tidak bentrok.",
        [("kepsek", "Baik, Ustazah. Kami sampaikan ke wali kelas.")],
        5,
    ),
]

FEEDBACK_TALKS = [
    "Cerita tentang percobaan IPA di kebun sekolah.",
    "Senang kerja kelompok, tapi kadang temannya tidak ikut bekerja.",
    "Bercerita tentang cerita rakyat Jambi yang dibaca di kelas.",
    "Menanyakan cara menghitung luas kebun kami.",
    "",
]
FEEDBACK_SUGGESTIONS = [
    "Mohon PR tidak terlalu banyak di hari Jumat.",
    "Kalau bisa orang tua diberi tahu jadwal proyek lebih awal.",
    "Anak senang belajar di luar kelas, mohon lebih sering.",
    "",
    "",
]


def _at(ctx: DemoContext, days_ago: int, hour: int = 19) -> datetime.datetime:
    day = ctx.today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


def seed(ctx: DemoContext) -> None:
    school, users, rng = ctx.school, ctx.users, ctx.rng
    principal, operator = users["kepsek"], users["admin"]
    classes = ctx.extra["classes"]
    joined_at = _at(ctx, 70, 10)

    # Invitations used by the parents and community leaders, their consent and classes.
    for username, (class_index, child, phone) in PARENTS.items():
        user = users[username]
        school_class = classes[class_index]
        invitation, _token = services.invitation_create(
            actor=operator,
            school=school,
            role=Role.PARENT,
            name=user.full_name,
            phone=phone,
            school_class=school_class,
            child_name=child,
        )
        ChildClass.objects.create(
            school=school, parent=user, school_class=school_class, child_name=child
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            used_at=joined_at, used_by=user, created_at=joined_at - datetime.timedelta(days=2)
        )
        Consent.objects.create(school=school, user=user, version="2026-11", given_at=joined_at)
    for username, phone in LEADERS.items():
        user = users[username]
        invitation, _token = services.invitation_create(
            actor=principal,
            school=school,
            role=Role.COMMUNITY_LEADER,
            name=user.full_name,
            phone=phone,
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            used_at=joined_at, used_by=user, created_at=joined_at - datetime.timedelta(days=3)
        )
        Consent.objects.create(school=school, user=user, version="2026-11", given_at=joined_at)
    # Waiting and expired invitations.
    for name, phone, index, child in [
        ("Ibu Marlina", "081271003001", 0, "Fajar Hidayat"),
        ("Bapak Rusdi", "081271003002", 1, "Nabila Rusdi"),
        ("Ibu Wati", "", 3, "Yoga Pratama"),
    ]:
        services.invitation_create(
            actor=operator,
            school=school,
            role=Role.PARENT,
            name=name,
            phone=phone,
            school_class=classes[index],
            child_name=child,
        )
    old, _token = services.invitation_create(
        actor=principal,
        school=school,
        role=Role.COMMUNITY_LEADER,
        name="Bapak Kepala Desa Tebing Tinggi",
    )
    Invitation.objects.filter(pk=old.pk).update(created_at=_at(ctx, 40), expires_at=_at(ctx, 26))

    # The Tebo programme's forum: all its parents, parents with community leaders, two classes.
    spaces = {
        "all": services.space_create(
            actor=principal,
            school=school,
            programme=ctx.programme,
            kind=SpaceKind.PARENTS,
            title="Forum Orang Tua SMP N 1",
            description="Tempat orang tua dan guru berbagi cara mendampingi anak belajar.",
        ),
        "community": services.space_create(
            actor=principal,
            school=school,
            programme=ctx.programme,
            kind=SpaceKind.COMMUNITY,
            title="Orang Tua & Tokoh Masyarakat",
            description="Pengetahuan lokal untuk pembelajaran: kebun, sungai, adat, kerajinan.",
        ),
    }
    for key, index in (("class0", 0), ("class1", 1)):
        spaces[key] = services.space_create(
            actor=principal,
            school=school,
            programme=ctx.programme,
            kind=SpaceKind.CLASS,
            title=f"Orang Tua Kelas {classes[index].name}",
            school_class=classes[index],
        )
    announcement = services.thread_create(
        actor=users["guru01"],
        space=spaces["all"],
        title="Forum belajar bersama bulan ini",
        body="Bapak/Ibu, forum belajar bersama berikutnya ada di kalender program. Kita akan "
        "membahas cara mendampingi anak mengerjakan proyek. Mohon hadir.",
        pinned=True,
    )
    Thread.objects.filter(pk=announcement.pk).update(last_activity_at=_at(ctx, 3, 8))
    Post.objects.filter(thread=announcement).update(created_at=_at(ctx, 3, 8))
    for key, author, title, body, replies, days_ago in THREADS:
        thread = services.thread_create(
            actor=users[author], space=spaces[key], title=title, body=body
        )
        Post.objects.filter(thread=thread).update(created_at=_at(ctx, days_ago))
        for n, (reply_author, text) in enumerate(replies, start=1):
            post = services.post_create(actor=users[reply_author], thread=thread, body=text)
            Post.objects.filter(pk=post.pk).update(created_at=_at(ctx, max(days_ago - n, 0), 20))
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=_at(ctx, max(days_ago - len(replies), 0), 20)
        )
        if key == "all" and author == "ortu04":
            hidden = services.post_create(
                actor=users["ortu05"],
                thread=thread,
                body="Yang jual HP murah hubungi saya 0812-xxxx, bisa kredit.",
            )
            services.post_hide(
                actor=users["guru01"],
                post=hidden,
                reason="Iklan jualan tidak sesuai dengan forum belajar.",
            )
            reported = Post.objects.filter(thread=thread, author=users["ortu03"]).first()
            if reported is not None:
                services.post_report(
                    actor=users["ortu06"], post=reported, reason="Mohon dicek, kurang sopan?"
                )

    # Monthly feedback over three months.
    this_month = ctx.today.replace(day=1)
    months = [this_month]
    for _i in range(2):
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    for month in reversed(months):
        for username, (class_index, _child, _phone) in PARENTS.items():
            if month == this_month and username in ("ortu04", "ortu06"):
                continue  # not yet this month: the home page reminds them
            services.feedback_submit(
                actor=users[username],
                school_class=classes[class_index],
                engagement=rng.choice([2, 3, 3, 4, 4]),
                talks_about=rng.choice(FEEDBACK_TALKS),
                suggestion=rng.choice(FEEDBACK_SUGGESTIONS),
                today=month + datetime.timedelta(days=14),
            )

    # Community leaders' suggestions.
    materials = list(Material.objects.order_by("order"))
    community = Community.objects.filter(school=school).order_by("name").first()
    theme_community = Community.objects.filter(school=school, name="IPS & PPKn").first()
    suggestions: list[dict[str, Any]] = [
        {
            "actor": users["tokoh1"],
            "target": InputTarget.MATERIAL,
            "material": materials[0] if materials else None,
            "context": "Adat Melayu Jambi mengajarkan musyawarah: cocok untuk belajar "
            "berdiskusi dalam kelompok.",
            "resource_kind": ResourceKind.PERSON,
            "resource": "H. Abdul Malik, pemangku adat Muara Tebo",
        },
        {
            "actor": users["tokoh2"],
            "target": InputTarget.THEME,
            "community": theme_community or community,
            "context": "Kehidupan desa di tepi Sungai Batang Tebo: perahu, ikan, banjir musiman.",
            "resource_kind": ResourceKind.PLACE,
            "resource": "Dermaga Sungai Batang Tebo",
        },
        {
            "actor": users["tokoh3"],
            "target": InputTarget.MATERIAL,
            "material": materials[-1] if materials else None,
            "context": "Kerajinan anyaman pandan ibu-ibu pengajian bisa dipakai untuk "
            "pelajaran pola dan geometri.",
            "resource_kind": ResourceKind.CRAFT,
            "resource": "Anyaman pandan Desa Tebing Tinggi",
        },
        {
            "actor": users["tokoh2"],
            "target": InputTarget.MATERIAL,
            "material": materials[1] if len(materials) > 1 else None,
            "context": "Kebun karet warga bisa menjadi tempat belajar IPA dan ekonomi.",
            "resource_kind": ResourceKind.PLACE,
            "resource": "Kebun karet Pak Rahman",
        },
    ]
    items = []
    for fields in suggestions:
        if fields.get("material") is None and fields.get("community") is None:
            continue
        actor = fields.pop("actor")
        items.append(services.input_create(actor=actor, school=school, **fields))
    answers = [
        (True, "guru04", "Terima kasih, Bapak. Musyawarah adat kami pakai di projek P5."),
        (True, "guru03", "Kami kunjungi dermaga bersama kelas VIII bulan depan."),
        (False, "guru01", "Bagus sekali, Ustazah. Kami bahas di komunitas MIPA minggu depan."),
    ]
    for item, (accept, teacher, text) in zip(items, answers, strict=False):
        services.input_answer(actor=users[teacher], item=item, answer=text, accept=accept)
    # On a lesson plan still being written: given to the plan, taken into it by an author.
    plan = queries.open_plans(school).first()
    authorship = plan.authorships.order_by("created_at").first() if plan else None
    if plan is not None and authorship is not None:
        item = services.input_create(
            actor=users["tokoh3"],
            school=school,
            target=InputTarget.LESSON,
            lesson_plan=plan,
            context="Ajak siswa ke pasar kalangan hari Rabu: mereka bisa mencatat harga dan "
            "bertanya langsung kepada pedagang.",
            resource_kind=ResourceKind.PLACE,
            resource="Pasar kalangan Muara Tebo",
        )
        comment = queries.lesson_comment(item)
        section = plan.sections.filter(kind=SectionKind.RICH).order_by("order").first()
        if comment is not None and section is not None:
            local_input_accept(actor=authorship.user, comment=comment, section_key=section.key)
            services.input_answer(
                actor=authorship.user,
                item=item,
                answer="Terima kasih, Ustazah. Sudah kami masukkan ke modul ajar.",
                accept=True,
            )
    # Given over the programme (one every two weeks or so), answered a few days later: the
    # figures show suggestions month by month.
    given = LocalInput.objects.filter(school=school).order_by("created_at")
    for n, item in enumerate(given):
        at = _at(ctx, 64 - 15 * n, 16)
        LocalInput.objects.filter(pk=item.pk).update(
            created_at=at,
            answered_at=at + datetime.timedelta(days=3) if item.answered_at else None,
        )

    # Forum meetings: one held (with attendance), one coming.
    programme = ctx.programme
    if programme is None:
        return
    held_day = max(programme.start, ctx.today - datetime.timedelta(days=18))
    coming_day = min(programme.end, ctx.today + datetime.timedelta(days=9))
    held = services.meeting_create(
        actor=principal,
        programme=programme,
        title="Forum belajar bersama: mendampingi anak belajar di rumah",
        date=held_day,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        location="Aula SMP N 1",
        description="Berbagi cara mendampingi anak; cerita dari tokoh masyarakat.",
        confirm=True,
    )
    present = ["ortu01", "ortu02", "ortu03", "ortu05", "tokoh1", "tokoh2"]
    for username in [*PARENTS, *LEADERS]:
        services.meeting_attendance_set(
            actor=users["guru01"],
            event=held,
            user=users[username],
            status=AttendanceStatus.PRESENT if username in present else AttendanceStatus.ABSENT,
        )
    if coming_day > ctx.today:
        services.meeting_create(
            actor=principal,
            programme=programme,
            title="Forum belajar bersama: proyek kebun dan sungai",
            date=coming_day,
            start_time=datetime.time(9, 0),
            end_time=datetime.time(11, 0),
            location="Kebun sekolah",
            description="Orang tua dan tokoh masyarakat merencanakan proyek bersama guru.",
            confirm=True,
        )


def synthetic(ctx: SyntheticSchool) -> None:
    """One school of the synthetic district: its parents and community leaders with consent,
    two spaces, a dozen threads (one long, two pages), three months of feedback. Written in
    bulk: sixty schools are seeded at once."""
    school, rng = ctx.school, ctx.rng
    parents: list[Any] = ctx.extra.get("parents", [])
    leaders: list[Any] = ctx.extra.get("community_leaders", [])
    classes: list[Any] = ctx.extra.get("classes", [])
    teachers = ctx.teachers
    if not parents or not classes or not teachers:
        return
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(school=school, user=u, version="2026-11", given_at=now) for u in parents + leaders
    )
    children = [
        ChildClass(school=school, parent=p, school_class=classes[i % len(classes)])
        for i, p in enumerate(parents)
    ]
    ChildClass.objects.bulk_create(children)
    p = ctx.programme  # the school year's programme (None: the spaces are the school's)
    spaces = [
        Space(school=school, programme=p, kind=SpaceKind.PARENTS, title="Forum Orang Tua"),
        Space(
            school=school,
            programme=p,
            kind=SpaceKind.COMMUNITY,
            title="Orang Tua & Tokoh Masyarakat",
        ),
    ]
    Space.objects.bulk_create(spaces)
    threads, posts = [], []
    for n in range(12):
        space = spaces[n % 2]
        replies = 30 if n == 0 else rng.randint(1, 8)
        at = now - datetime.timedelta(days=40 - 3 * n)
        thread = Thread(
            school=school,
            space=space,
            author=parents[n % len(parents)],
            title=THREADS[n % len(THREADS)][2],
            is_pinned=n == 11,
            reply_count=replies,
            last_activity_at=at + datetime.timedelta(hours=replies),
        )
        threads.append(thread)
        posts.append(
            Post(
                school=school,
                thread=thread,
                author=thread.author,
                is_opening=True,
                body=THREADS[n % len(THREADS)][3],
            )
        )
        people = parents + teachers[:4] + (leaders if space.kind == SpaceKind.COMMUNITY else [])
        for r in range(replies):
            text = THREADS[r % len(THREADS)][4][0][1]
            posts.append(Post(school=school, thread=thread, author=rng.choice(people), body=text))
    Thread.objects.bulk_create(threads)
    Post.objects.bulk_create(posts)
    month = ctx.today.replace(day=1)
    feedback = []
    for _m in range(3):
        for child in children:
            feedback.append(
                MonthlyFeedback(
                    school=school,
                    parent=child.parent,
                    school_class=child.school_class,
                    month=month,
                    engagement=rng.choice([2, 3, 3, 4]),
                    talks_about=rng.choice(FEEDBACK_TALKS),
                    suggestion=rng.choice(FEEDBACK_SUGGESTIONS),
                )
            )
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    MonthlyFeedback.objects.bulk_create(feedback)
