"""Learning communities of the demo: five communities of SMP N 1 with a history up to today.

Meetings come from the programme calendar (every two weeks); each held meeting has attendance,
minutes, a reflection in the kombel cycle and follow-ups (some done on time, some late, some
open, a few overdue). "Seni, PJOK & Prakarya" has gone quiet: its last meeting was more than one
and a half intervals ago, so it shows as dormant.
"""

import datetime
from typing import Any

from django.utils import timezone

from kombel.communities import queries, services
from kombel.communities.enums import COMMUNITY_KIND, MEETING_SOURCE, MeetingStatus
from kombel.communities.models import (
    Community,
    CommunityMember,
    Meeting,
    MeetingAttendance,
    MinuteEntry,
    Practice,
)
from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from kombel.followups.services import action_item_create, action_item_status_set
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event

# name, facilitator, members, subject codes, grades, theme, goals
COMMUNITIES: list[tuple[str, str, list[int], list[str], list[int], str, str]] = [
    (
        "MIPA Kelas VII",
        "guru01",
        [3, 6, 9, 17],
        ["mtk", "ipa"],
        [7],
        "Belajar matematika dan IPA dari kebun dan sungai di sekitar sekolah",
        "Setiap guru mencoba satu proyek kontekstual\nBerbagi lembar kerja yang sudah diuji",
    ),
    (
        "Bahasa Kelas VIII",
        "guru02",
        [7, 11, 14, 22],
        ["bindo", "bing"],
        [8],
        "Literasi membaca dan menulis dari cerita rakyat Jambi",
        "Menyusun bank teks bacaan lokal\nMenerapkan asesmen formatif menulis",
    ),
    (
        "IPS & PPKn",
        "guru04",
        [8, 12, 13, 18, 19],
        ["ips", "ppkn"],
        [7, 8, 9],
        "Pembelajaran berbasis masalah dari kehidupan desa",
        "Merancang satu projek P5 bersama\nMengundang tokoh masyarakat sebagai narasumber",
    ),
    (
        "Seni, PJOK & Prakarya",
        "guru03",
        [15, 16, 21, 23, 24, 25],
        ["senbud", "pjok", "prakarya"],
        [7, 8, 9],
        "Kreativitas dan gerak berbasis budaya Melayu Jambi",
        "Menyusun rubrik penilaian karya\nPentas karya siswa akhir semester",
    ),
    (
        "Kelas IX: Persiapan Asesmen",
        "guru02",
        [5, 10, 13, 14, 18, 20],
        ["mtk", "bindo", "ipa"],
        [9],
        "Menyiapkan siswa kelas IX menghadapi asesmen dengan soal bernalar",
        "Bank soal bernalar bersama\nRemedial terjadwal bagi siswa yang tertinggal",
    ),
]
DORMANT = "Seni, PJOK & Prakarya"

AGENDAS = [
    "Identifikasi kebutuhan: kesulitan siswa yang paling sering kami temui",
    "Berbagi praktik: lembar kerja kontekstual yang sudah dicoba di kelas",
    "Telaah bersama modul ajar dan asesmen formatif",
    "Refleksi hasil uji coba proyek dan rencana perbaikan",
    "Menyusun instrumen penilaian bersama",
    "Evaluasi tindak lanjut pertemuan lalu dan rencana bulan depan",
]
NEEDS = [
    "Siswa kesulitan memahami soal cerita yang panjang.",
    "Banyak siswa pasif saat diskusi kelompok.",
    "Asesmen formatif belum dipakai untuk memperbaiki pembelajaran.",
    "Bahan ajar belum dekat dengan kehidupan siswa di Tebo.",
]
PRACTICES_SHARED = [
    "Bu guru membagikan lembar kerja berbasis data kebun karet.",
    "Pak guru menunjukkan cara kartu keluar (exit ticket) tiga pertanyaan.",
    "Contoh rubrik proyek yang dibuat bersama siswa.",
    "Video singkat diskusi kelompok dengan peran bergilir.",
]
WENT_WELL = [
    "Siswa lebih aktif bertanya ketika contoh diambil dari lingkungan sekitar.",
    "Diskusi kelompok berjalan hidup; semua anggota mencoba praktiknya.",
    "Kartu keluar membantu guru melihat siapa yang belum paham.",
]
LACKING = [
    "Waktu pertemuan terlalu singkat untuk membahas semua contoh.",
    "Belum semua anggota membawa hasil uji coba.",
    "Dokumentasi kegiatan belum lengkap.",
]
NEXT_STEPS = [
    "Setiap anggota mencoba satu praktik di kelasnya dan membawa hasilnya.",
    "Menyusun bank soal bernalar bersama sebelum pertemuan berikut.",
    "Saling mengamati kelas secara berpasangan.",
]
ITEMS = [
    "Mencoba lembar kerja kontekstual di kelas dan membawa hasil kerja siswa",
    "Menyusun tiga soal bernalar untuk bank soal bersama",
    "Mengamati kelas rekan dan menulis catatan singkat",
    "Merevisi modul ajar berdasarkan masukan pertemuan",
    "Mengumpulkan foto kegiatan untuk dokumentasi komunitas",
    "Mencoba kartu keluar selama dua minggu dan mencatat hasilnya",
]
ENTRIES = [
    "Saya tambahkan: di kelas VII-B cara ini juga berhasil, siswa senang.",
    "Catatan tambahan: perlu disiapkan lembar kerja cadangan untuk siswa yang cepat selesai.",
    "Usul: pertemuan berikut kita undang orang tua yang bekerja di kebun karet.",
]
# community name -> [(title, description, subject code, grade)]
PRACTICES: dict[str, list[tuple[str, str, str, int]]] = {
    "MIPA Kelas VII": [
        (
            "Proyek kebun karet: belajar pola bilangan dari data sadap",
            "Siswa mencatat hasil sadap karet milik keluarga selama dua minggu, lalu mencari "
            "pola dan membuat tabel serta grafik. Soal cerita menjadi dekat dengan kehidupan.",
            "mtk",
            7,
        ),
        (
            "Uji pH tanah kebun dengan kertas lakmus",
            "Praktikum sederhana: siswa membawa sampel tanah dari kebun dan membandingkannya.",
            "ipa",
            7,
        ),
    ],
    "Bahasa Kelas VIII": [
        (
            "Menulis teks prosedur dari resep gulai ikan patin",
            "Siswa mewawancarai orang tua tentang resep khas Jambi lalu menulis teks prosedur.",
            "bindo",
            8,
        ),
    ],
    "IPS & PPKn": [
        (
            "Simulasi musyawarah desa",
            "Kelas menjadi forum musyawarah desa tentang pengelolaan sampah pasar.",
            "ppkn",
            8,
        ),
        (
            "Wawancara pedagang Pasar Muara Tebo",
            "Siswa mewawancarai pedagang tentang harga dan permintaan, lalu membuat laporan.",
            "ips",
            7,
        ),
    ],
    "Seni, PJOK & Prakarya": [
        (
            "Gerak tari Sekapur Sirih sebagai pemanasan",
            "Pemanasan PJOK memakai gerak dasar tari Sekapur Sirih diiringi musik daerah.",
            "pjok",
            8,
        ),
    ],
    "Kelas IX: Persiapan Asesmen": [
        (
            "Kartu keluar tiga pertanyaan",
            "Di akhir pelajaran siswa menjawab tiga pertanyaan singkat; guru memakai hasilnya "
            "untuk membentuk kelompok remedial esok harinya.",
            "bindo",
            9,
        ),
    ],
}


def _at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _close_item(rng: Any, item: ActionItem, today: datetime.date) -> None:
    """Give a past item a realistic outcome: mostly done on time, some late, some dropped."""
    roll = rng.random()
    if item.due_date >= today:
        if roll < 0.3:
            action_item_status_set(
                item=item, actor=item.owner, status=ItemStatus.DONE, version=item.version
            )
        return
    if roll < 0.6:
        done = item.due_date - datetime.timedelta(days=rng.randint(0, 5))
    elif roll < 0.75:
        done = item.due_date + datetime.timedelta(days=rng.randint(2, 6))
    elif roll < 0.85:
        action_item_status_set(
            item=item,
            actor=item.owner,
            status=ItemStatus.DROPPED,
            note="Digabung dengan rencana tindak lanjut pertemuan berikutnya.",
            version=item.version,
        )
        return
    else:
        return  # still open: overdue
    done = min(done, today)
    action_item_status_set(
        item=item,
        actor=item.owner,
        status=ItemStatus.DONE,
        note="Sudah dilaksanakan.",
        version=item.version,
    )
    ActionItem.objects.filter(pk=item.pk).update(completed_at=_at(done))


def _status(rng: Any) -> str:
    """Of those who came, a few came late."""
    return AttendanceStatus.LATE if rng.random() < 0.1 else AttendanceStatus.PRESENT


def _hold(ctx: DemoContext, community: Community, meeting: Meeting, n: int) -> None:
    rng = ctx.rng
    facilitator = community.facilitator
    members = list(community.members.all())
    present = {u.pk: (u == facilitator or rng.random() < 0.85) for u in members}
    services.meeting_attendance_set(
        meeting=meeting,
        actor=facilitator,
        statuses={
            pk: _status(rng) if came else AttendanceStatus.ABSENT for pk, came in present.items()
        },
        today=ctx.today,
    )
    services.meeting_update(
        meeting=meeting,
        actor=facilitator,
        version=meeting.version,
        status=MeetingStatus.HELD,
        agenda=AGENDAS[n % len(AGENDAS)],
        notes=(
            f"Pertemuan dipandu {facilitator.full_name}; "
            f"hadir {sum(present.values())} dari {len(members)} anggota. "
            "Anggota berbagi pengalaman, lalu menyepakati rencana tindak lanjut."
        ),
        need=NEEDS[n % len(NEEDS)],
        practice_shared=rng.choice(PRACTICES_SHARED),
        went_well=rng.choice(WENT_WELL),
        lacking=rng.choice(LACKING),
        next_steps=rng.choice(NEXT_STEPS),
        follow_up="Setiap anggota melaksanakan rencana tindak lanjut dan melapor di pertemuan "
        "berikutnya.",
    )
    attending = [u for u in members if present[u.pk] and u != facilitator]
    if attending and rng.random() < 0.5:
        services.minute_entry_add(
            meeting=meeting, actor=rng.choice(attending), text=rng.choice(ENTRIES)
        )
    for owner in rng.sample(attending, k=min(2, len(attending))):
        item = action_item_create(
            source=meeting,
            actor=facilitator,
            description=rng.choice(ITEMS),
            owner=owner,
            due_date=meeting.date + datetime.timedelta(days=14),
        )
        _close_item(rng, item, ctx.today)


def seed(ctx: DemoContext) -> None:
    """Adds the communities of SMP N 1 (and one of SMP N 2) with their history."""
    if ctx.programme is None:
        return
    subjects = ctx.extra.get("subjects", {})
    for name, fac, member_nos, codes, grades, theme, goals in COMMUNITIES:
        facilitator = ctx.users[fac]
        members = [ctx.users[f"guru{n:02d}"] for n in member_nos if f"guru{n:02d}" in ctx.users]
        community = services.community_create(
            school=ctx.school,
            programme=ctx.programme,
            name=name,
            theme=theme,
            goals=goals,
            facilitator=facilitator,
            members=members,
            subjects=[subjects[c] for c in codes if c in subjects],
            grades=grades,
            actor=facilitator,
        )
        meetings = services.meetings_plan(community=community, actor=facilitator)
        past = [m for m in meetings if m.date < ctx.today]
        for n, meeting in enumerate(past):
            if name == DORMANT and n >= 2:
                if n == 2:  # cancelled for a school event; the rest simply did not happen
                    services.meeting_update(
                        meeting=meeting,
                        actor=facilitator,
                        version=meeting.version,
                        status=MeetingStatus.CANCELLED,
                        notes="Dibatalkan: bertepatan dengan lomba antarkelas.",
                    )
                continue
            _hold(ctx, community, meeting, n)
        upcoming = next((m for m in meetings if m.date >= ctx.today), None)
        if upcoming is not None:
            services.meeting_update(
                meeting=upcoming,
                actor=facilitator,
                version=upcoming.version,
                agenda=AGENDAS[len(past) % len(AGENDAS)],
            )
        held = past[:2] if name == DORMANT else past
        for i, (title, description, code, grade) in enumerate(PRACTICES.get(name, [])):
            sharer = members[i % len(members)] if members else facilitator
            services.practice_share(
                community=community,
                actor=sharer,
                title=title,
                description=description,
                subject=subjects.get(code),
                grade=grade,
                meeting=held[min(i + 1, len(held) - 1)] if held else None,
            )
    teachers2 = list(ctx.extra.get("teachers2", []))
    if ctx.programme2 is not None and len(teachers2) >= 2:
        community = services.community_create(
            school=ctx.school2,
            programme=ctx.programme2,
            name="Komunitas Guru SMP N 2",
            theme="Belajar dari pengalaman SMP N 1",
            facilitator=teachers2[0],
            members=teachers2,
            actor=teachers2[0],
        )
        meetings = services.meetings_plan(community=community, actor=teachers2[0])
        for n, meeting in enumerate(m for m in meetings if m.date < ctx.today):
            _hold(ctx, community, meeting, n)


# --- synthetic district ---------------------------------------------------------------------

SYNTHETIC_NAMES = [
    "MIPA Kelas VII",
    "MIPA Kelas VIII-IX",
    "Bahasa",
    "IPS & PPKn",
    "Seni, PJOK & Prakarya",
]


def synthetic(ctx: SyntheticSchool) -> None:
    """A school year of communities, meetings, attendance, practices and follow-ups, in bulk."""
    programme = ctx.programme
    teachers = list(ctx.teachers)
    if programme is None or len(teachers) < 5:
        return
    rng = ctx.rng
    today = ctx.today
    facilitators = list(ctx.extra.get("facilitators", [])) or teachers[:4]
    communities: list[Community] = []
    groups: list[list[Any]] = []
    for i, name in enumerate(SYNTHETIC_NAMES):
        group = teachers[i :: len(SYNTHETIC_NAMES)]
        facilitator = facilitators[i % len(facilitators)]
        communities.append(
            Community(
                school=ctx.school,
                programme=programme,
                name=name,
                facilitator=facilitator,
                grades=[7, 8, 9],
                interval_weeks=2,
                theme="Komunitas belajar guru",
            )
        )
        groups.append(list({u.pk: u for u in [facilitator, *group]}.values()))
    Community.objects.bulk_create(communities)
    CommunityMember.objects.bulk_create(
        [
            CommunityMember(school=ctx.school, community=c, user=u)
            for c, group in zip(communities, groups, strict=True)
            for u in group
        ]
    )
    events = list(Event.objects.filter(programme=programme, kind=COMMUNITY_KIND).order_by("date"))
    meetings: list[Meeting] = []
    meeting_members: list[list[Any]] = []
    for idx, community in enumerate(communities):
        community.programme = programme
        dates = services.planned_dates(community, events)
        dormant_from = today - datetime.timedelta(weeks=5) if idx == len(communities) - 1 else None
        for n, day in enumerate(dates):
            status = MeetingStatus.PLANNED
            if day < today and (dormant_from is None or day < dormant_from):
                status = MeetingStatus.CANCELLED if rng.random() < 0.05 else MeetingStatus.HELD
            meetings.append(
                Meeting(
                    school=ctx.school,
                    community=community,
                    date=day,
                    status=status,
                    agenda=AGENDAS[n % len(AGENDAS)],
                    notes="Anggota berbagi praktik dan menyepakati tindak lanjut."
                    if status == MeetingStatus.HELD
                    else "",
                    went_well=rng.choice(WENT_WELL) if status == MeetingStatus.HELD else "",
                    lacking=rng.choice(LACKING) if status == MeetingStatus.HELD else "",
                    next_steps=rng.choice(NEXT_STEPS) if status == MeetingStatus.HELD else "",
                )
            )
            meeting_members.append(groups[idx])
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    attendance: list[MeetingAttendance] = []
    entries: list[MinuteEntry] = []
    practices: list[Practice] = []
    items: list[ActionItem] = []
    for n, (meeting, members) in enumerate(zip(meetings, meeting_members, strict=True)):
        if meeting.status != MeetingStatus.HELD:
            continue
        for user in members:
            attendance.append(
                MeetingAttendance(
                    school=ctx.school,
                    meeting=meeting,
                    user=user,
                    status=_status(rng) if rng.random() < 0.85 else AttendanceStatus.ABSENT,
                )
            )
        if rng.random() < 0.3:
            entries.append(
                MinuteEntry(
                    school=ctx.school,
                    meeting=meeting,
                    author=rng.choice(members),
                    text=rng.choice(ENTRIES),
                )
            )
        if n % 3 == 0:
            practices.append(
                Practice(
                    school=ctx.school,
                    community=meeting.community,
                    meeting=meeting,
                    title=f"Praktik baik {meeting.community.name} {meeting.date:%d/%m}",
                    description=rng.choice(PRACTICES_SHARED),
                    shared_by=rng.choice(members),
                    grade=rng.choice([7, 8, 9]),
                )
            )
        due = meeting.date + datetime.timedelta(days=14)
        item_status, completed = ItemStatus.OPEN, None
        roll = rng.random()
        if due < today and roll < 0.6:
            item_status, completed = ItemStatus.DONE, _at(due - datetime.timedelta(days=2))
        elif due < today and roll < 0.75:
            item_status, completed = (
                ItemStatus.DONE,
                _at(min(due + datetime.timedelta(days=4), today)),
            )
        elif due < today and roll < 0.85:
            item_status = ItemStatus.DROPPED
        items.append(
            ActionItem(
                school=ctx.school,
                owner=rng.choice(members),
                description=rng.choice(ITEMS),
                due_date=due,
                status=item_status,
                completed_at=completed,
                created_by=meeting.community.facilitator,
                source_type=MEETING_SOURCE,
                source_id=str(meeting.pk),
                source_label=queries.meeting_source_info(meeting).label,
                source_url=queries.meeting_path(meeting),
            )
        )
    MeetingAttendance.objects.bulk_create(attendance, batch_size=2000)
    MinuteEntry.objects.bulk_create(entries, batch_size=1000)
    Practice.objects.bulk_create(practices, batch_size=1000)
    ActionItem.objects.bulk_create(items, batch_size=1000)
