"""The workshop part of the demo: sessions of SMP N 1's programme with attendance, feedback and
outputs; `synthetic` gives every synthetic school a year of sessions and attendance in bulk.

Sessions before `today` are complete (attendance, feedback, outputs); today's session is prepared
but its attendance is still open (check in live during the demo); later ones have an agenda only.
"""

import datetime
from typing import Any

from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event, Material, Participant
from kombel.workshops import services
from kombel.workshops.enums import (
    ATTENDEE_ROLES,
    WORKSHOP_KIND,
    OutputKind,
    Venue,
)
from kombel.workshops.models import (
    Attendance,
    SessionFeedback,
    SessionResource,
    WorkshopSession,
)

OUTSIDE_SPEAKER = "Dr. H. Syamsul Bahri, M.Pd. (Balai Guru Penggerak Provinsi Jambi)"

# Per material (in the programme's order): the practical part of the agenda.
PRACTICE = [
    "Praktik: menyusun draf Modul Ajar bersama rekan satu rumpun mapel",
    "Praktik: merancang kegiatan tematik lintas mata pelajaran yang kontekstual",
    "Praktik: membuat media pembelajaran sederhana dengan Canva dan Google Form",
    "Simulasi pembelajaran berbasis proyek (PjBL) dalam kelompok kecil",
    "Praktik: merancang kegiatan yang melibatkan orang tua dan tokoh masyarakat",
]

COMMENTS_GOOD = [
    "Materinya sangat bermanfaat dan langsung bisa diterapkan di kelas.",
    "Praktik kelompoknya membantu saya memahami cara menyusun Modul Ajar.",
    "Fasilitator menjelaskan dengan jelas dan memberi contoh yang relevan.",
    "Senang bisa berdiskusi dengan guru mapel lain, banyak ide baru.",
    "Simulasi PjBL membuat saya lebih percaya diri mencoba di kelas VII.",
    "Contoh media pembelajarannya menarik, siswa pasti suka.",
    "Peer-review RPP sangat membantu memperbaiki tujuan pembelajaran saya.",
]
COMMENTS_MIXED = [
    "Waktunya terlalu singkat untuk praktik, mohon ditambah.",
    "Laboratorium komputer kurang memadai, beberapa komputer tidak menyala.",
    "Materinya bagus, tetapi sebaiknya dibagikan sebelum sesi dimulai.",
    "Sesi siang hari agak melelahkan setelah mengajar penuh.",
]

RESOURCES = [
    ("Panduan Pembelajaran dan Asesmen Kurikulum Merdeka", "https://guru.kemdikbud.go.id/"),
    (
        "Contoh Modul Ajar (Platform Merdeka Mengajar)",
        "https://guru.kemdikbud.go.id/perangkat-ajar",
    ),
    ("Canva untuk Pendidikan", "https://www.canva.com/education/"),
    ("Panduan Projek Penguatan Profil Pelajar Pancasila", "https://kurikulum.kemdikbud.go.id/"),
]

# (title, kind, description, usernames of the authors): attached to the sessions in order.
OUTPUTS = [
    (
        "Draf Modul Ajar Matematika VII: Pola Bilangan",
        OutputKind.LESSON_PLAN,
        "Modul ajar dua pertemuan dengan kegiatan menemukan pola dari susunan batang korek api.",
        ["guru01", "guru06"],
    ),
    (
        "Draf Modul Ajar IPA VII: Klasifikasi Makhluk Hidup di Sekitar Sekolah",
        OutputKind.LESSON_PLAN,
        "Pengamatan tumbuhan dan hewan di lingkungan sekolah, dikerjakan berkelompok.",
        ["guru03", "guru09"],
    ),
    (
        "Kuis Interaktif Bahasa Indonesia VII: Teks Deskripsi",
        OutputKind.LEARNING_MEDIA,
        "Kuis Google Form dengan umpan balik otomatis untuk latihan teks deskripsi.",
        ["guru02", "guru07"],
    ),
    (
        "Desain Proyek: Pengolahan Sampah Plastik di Lingkungan Sekolah",
        OutputKind.PROJECT_DESIGN,
        "Rancangan proyek P5 lintas mapel (IPA, IPS, Prakarya) selama empat minggu.",
        ["guru03", "guru04", "guru21"],
    ),
    (
        "Rubrik Penilaian Presentasi Proyek Kelompok",
        OutputKind.ASSESSMENT,
        "Rubrik empat kriteria: isi, kerja sama, kreativitas, dan penyampaian.",
        ["guru04", "guru12"],
    ),
]


def _venue(location: str) -> str:
    place = location.lower()
    if "komputer" in place:
        return Venue.COMPUTER_LAB
    if "aula" in place:
        return Venue.HALL
    if "perpustakaan" in place:
        return Venue.LIBRARY
    return Venue.CLASSROOM


def _agenda(material: Any, index: int) -> str:
    return "\n".join(
        [
            "13.30 Pembukaan, doa, dan presensi",
            "13.40 Refleksi singkat: apa yang sudah dicoba di kelas sejak sesi lalu",
            f"13.55 Materi: {material.title if material else 'Penguatan praktik mengajar'}",
            f"14.30 {PRACTICE[index % len(PRACTICE)]}",
            "15.10 Presentasi hasil kelompok dan umpan balik sejawat",
            "15.25 Penutup dan rencana tindak lanjut",
        ]
    )


def _status(rng: Any) -> str:
    roll = rng.random()
    if roll < 0.88:
        return AttendanceStatus.PRESENT
    if roll < 0.93:
        return AttendanceStatus.LATE
    if roll < 0.97:
        return AttendanceStatus.EXCUSED
    return AttendanceStatus.ABSENT


def _feedback_for(rng: Any, session: WorkshopSession, user: Any) -> SessionFeedback:
    rating = rng.choices([5, 4, 3, 2], weights=[45, 40, 12, 3])[0]
    pool = COMMENTS_GOOD if rating >= 4 else COMMENTS_MIXED
    return SessionFeedback(
        school=session.school,
        session=session,
        user=user,
        rating=rating,
        comment=rng.choice(pool) if rng.random() < 0.6 else "",
        show_name=rng.random() < 0.3,
    )


def seed(ctx: DemoContext) -> None:
    """Every workshop of SMP N 1's programme gets its session (see the module docstring)."""
    programme = ctx.programme
    if programme is None:
        return
    rng = ctx.rng
    principal = ctx.users.get("kepsek")
    facilitators = [
        ctx.users[u] for u in ("guru01", "guru02", "guru03", "guru04") if u in ctx.users
    ]
    mentors = [ctx.users[u] for u in ("pendamping1", "pendamping2") if u in ctx.users]
    materials = list(programme.materials.order_by("order")) or list(Material.objects.all())
    attendees = [
        p.user
        for p in Participant.objects.filter(programme=programme, role__in=ATTENDEE_ROLES)
        .select_related("user")
        .order_by("user__username")
    ]
    events = list(
        Event.objects.filter(programme=programme, kind=WORKSHOP_KIND, is_cancelled=False)
        .select_related("school")
        .order_by("date", "start_time")
    )
    outputs = iter(OUTPUTS)
    attendance: list[Attendance] = []
    feedback: list[SessionFeedback] = []
    for index, event in enumerate(events):
        material = materials[index * len(materials) // len(events)] if materials else None
        runners = [facilitators[index % len(facilitators)]] if facilitators else []
        speaker = ""
        if index % 3 == 1 and mentors:
            runners.append(mentors[index // 3 % len(mentors)])
        if index == 5:
            speaker = OUTSIDE_SPEAKER
        session = services.session_create(
            event=event,
            actor=principal,
            venue=_venue(event.location),
            agenda=_agenda(material, materials.index(material) if material else index),
            materials=[material] if material else [],
            facilitators=runners,
            outside_speaker=speaker,
        )
        if event.date >= ctx.today:
            continue
        title, url = RESOURCES[index % len(RESOURCES)]
        SessionResource.objects.create(
            school=session.school,
            session=session,
            title=title,
            url=url,
            added_by=runners[0] if runners else None,
        )
        for user in attendees:
            status = _status(rng)
            attendance.append(
                Attendance(
                    school=session.school,
                    session=session,
                    user=user,
                    status=status,
                    recorded_by=runners[0] if runners else None,
                )
            )
            present = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
            if present and user not in runners and rng.random() < 0.6:
                feedback.append(_feedback_for(rng, session, user))
        if index % 3 == 2:
            _add_output(ctx, session, next(outputs, None))
    Attendance.objects.bulk_create(attendance)
    SessionFeedback.objects.bulk_create(feedback)
    # The next workshop is for parents and community leaders too: on their home and calendar,
    # in the register, with check-in and feedback (ortu01 sees it, and not the others).
    coming = next((e for e in events if e.date >= ctx.today), None)
    if coming is not None:
        Event.objects.filter(pk=coming.pk).update(invites_all=True)


def _add_output(ctx: DemoContext, session: WorkshopSession, spec: Any) -> None:
    if spec is None:
        return
    title, kind, description, usernames = spec
    authors = [ctx.users[u] for u in usernames if u in ctx.users]
    if not authors:
        return
    services.output_add(
        session=session,
        actor=authors[0],
        title=title,
        kind=kind,
        description=description,
        authors=authors,
    )


def synthetic(ctx: SyntheticSchool) -> None:
    """A school year of sessions and attendance (and some feedback), in bulk."""
    programme = ctx.programme
    if programme is None:
        return
    rng = ctx.rng
    materials = list(Material.objects.order_by("order"))
    runners = list(ctx.extra.get("facilitators", [])) or ctx.teachers[:4]
    attendees = list(
        Participant.objects.filter(programme=programme, role__in=ATTENDEE_ROLES).values_list(
            "user_id", flat=True
        )
    )
    events = list(
        Event.objects.filter(
            programme=programme,
            kind=WORKSHOP_KIND,
            is_cancelled=False,
            date__lte=ctx.today + datetime.timedelta(weeks=4),
        ).order_by("date")
    )
    sessions = WorkshopSession.objects.bulk_create(
        [
            WorkshopSession(
                school=ctx.school,
                event=event,
                venue=_venue(event.location),
                agenda=_agenda(materials[i % len(materials)] if materials else None, i),
            )
            for i, event in enumerate(events)
        ]
    )
    Materials = WorkshopSession.materials.through
    Facilitators = WorkshopSession.facilitators.through
    if materials:
        Materials.objects.bulk_create(
            [
                Materials(workshopsession_id=s.pk, material_id=materials[i % len(materials)].pk)
                for i, s in enumerate(sessions)
            ]
        )
    if runners:
        Facilitators.objects.bulk_create(
            [
                Facilitators(workshopsession_id=s.pk, user_id=runners[i % len(runners)].pk)
                for i, s in enumerate(sessions)
            ]
        )
    attendance: list[Attendance] = []
    feedback: list[SessionFeedback] = []
    for session, event in zip(sessions, events, strict=True):
        if event.date >= ctx.today:
            continue
        for user_id in attendees:
            status = _status(rng)
            attendance.append(
                Attendance(school=ctx.school, session=session, user_id=user_id, status=status)
            )
            if status == AttendanceStatus.PRESENT and rng.random() < 0.3:
                feedback.append(
                    SessionFeedback(
                        school=ctx.school,
                        session=session,
                        user_id=user_id,
                        rating=rng.choice([3, 4, 4, 5, 5]),
                        comment=rng.choice(COMMENTS_GOOD) if rng.random() < 0.3 else "",
                    )
                )
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    SessionFeedback.objects.bulk_create(feedback, batch_size=2000)
