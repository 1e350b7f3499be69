"""Demo data of observations at SMP N 1 Kabupaten Tebo.

The three shipped instruments; classroom observations (D.1) of twelve teachers across the
programme's three months, a first and a later lesson each with a believable rise, half of them
seen by two observers (a peer or the principal with a mentor or supervisor), finished ones
discussed, followed up and reflected on; two lessons still to be observed (guru05 is observed,
guru01 observes); mentoring visits by pendamping1 and pendamping2, each opening with the
previous recommendations; one full lesson-study cycle (plan → do → see → revised plan).
"""

import datetime
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.demo.people import SUBJECTS, TEACHERS
from kombel.followups.enums import ItemStatus
from kombel.followups.services import action_item_create, action_item_status_set
from kombel.lessons.models import LessonPlan
from kombel.observations.enums import Stage, VisitStatus
from kombel.observations.models import Instrument, Observation, Record, Score
from kombel.observations.services import instruments, visits
from kombel.observations.services import observations as services

NOTES = [
    ("", "Kelompok 1", "Kelompok 1 langsung membagi tugas tanpa diminta."),
    ("Rina (kursi 3)", "", "Rina bertanya mengapa hasil percobaannya berbeda."),
    ("", "Kelompok 4", "Dua anggota kelompok 4 hanya menyalin pekerjaan temannya."),
    ("Bayu (kursi 12)", "", "Bayu belum membuka buku sampai menit ke-20."),
    ("", "", "Guru berkeliling dan memberi pertanyaan lanjutan ke tiap kelompok."),
    ("", "", "Tujuan pembelajaran ditulis di papan dan dibacakan bersama."),
]
EVIDENCE = {
    1: "Belum terlihat selama pembelajaran.",
    2: "Terlihat, tetapi baru menjangkau sebagian murid.",
    3: "Terlihat jelas dan murid menanggapi.",
}
DEBRIEFS = [
    "Guru dan pengamat sepakat: pertanyaan pemantik sudah baik, tetapi waktu diskusi kelompok "
    "terlalu singkat. Fokus berikutnya: umpan balik selama murid bekerja.",
    "Manajemen kelas sudah tertib. Perlu variasi kegiatan untuk murid yang cepat selesai.",
    "Murid aktif di awal, menurun setelah menit ke-40. Coba jeda singkat dan kartu keluar.",
]
REFLECTIONS = [
    "Saya baru sadar murid di barisan belakang jarang saya sapa. Minggu ini saya coba "
    "berkeliling lebih sering.",
    "Kartu keluar membantu saya melihat siapa yang belum paham. Saya akan memakainya tiap "
    "pertemuan.",
]
FOLLOWUPS = [
    "Mencoba kartu keluar di akhir pelajaran selama dua minggu",
    "Menyusun tiga pertanyaan pemantik untuk bab berikutnya",
    "Mengatur ulang kelompok agar murid yang pasif tersebar",
]


def _at(day: datetime.date, hour: int = 7, minute: int = 30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), ZoneInfo("Asia/Jakarta"))


def _clamp(value: float) -> int:
    return max(1, min(3, round(value)))


def _observe(
    ctx: DemoContext,
    observation: Observation,
    observer: Any,
    level: float,
    *,
    notes: int = 2,
    offset: int = 0,
) -> None:
    """Score every scale item around `level` (1-3), with evidence, a recommendation and a few
    notes, then submit."""
    rng = ctx.rng
    scores = []
    for item in observation.instrument_version.items.all():
        if item.kind == "scale":
            value = _clamp(level + rng.choice([-1, 0, 0, 0, 0, 1]) * 0.6)
            scores.append(services.ScoreInput(item.pk, value, note=EVIDENCE[value]))
        elif item.kind == "text":
            scores.append(
                services.ScoreInput(
                    item.pk, None, text="Perbanyak kesempatan murid menjelaskan cara berpikirnya."
                )
            )
    for student, group, text in rng.sample(NOTES, notes):
        services.capture_batch(
            observation=observation,
            actor=observer,
            notes=[
                services.NoteInput(
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    observation.starts_at
                    + datetime.timedelta(minutes=10 + offset * 5 + len(text) % 40),
                    text,
                    student,
                    group,
                )
            ],
            scores=[],
        )
    services.record_save(observation=observation, actor=observer, scores=scores, submit=True)


def _finish(
    ctx: DemoContext, observation: Observation, observer: Any, teacher: Any, n: int
) -> None:
    """Discussion with a follow-up, the follow-up done, the teacher's reflection."""
    obs = services.observation_advance(observation=observation, actor=observer)
    services.debrief_save(observation=obs, actor=observer, version=None, debrief=DEBRIEFS[n % 3])
    item = action_item_create(
        actor=observer,
        source=obs,
        owner=teacher,
        description=FOLLOWUPS[n % 3],
        due_date=obs.starts_at.date() + datetime.timedelta(days=14),
    )
    action_item_status_set(
        item=item, actor=teacher, status=ItemStatus.DONE, note="Sudah dicoba.", version=None
    )
    obs = services.observation_advance(observation=obs, actor=observer)
    obs = services.observation_advance(observation=obs, actor=observer)
    services.reflection_save(
        observation=obs, actor=teacher, version=None, reflection=REFLECTIONS[n % 2]
    )
    services.observation_advance(observation=obs, actor=teacher)


def seed(ctx: DemoContext) -> None:
    school, users, rng = ctx.school, ctx.users, ctx.rng
    principal = users["kepsek"]
    instruments.instruments_install_shipped(school=school, actor=principal)
    by_code = {i.code: i for i in Instrument.objects.filter(school=school)}
    d1 = by_code["observasi-kelas-d1"].versions.get(number=1)
    lesson_study = by_code["lesson-study"].versions.get(number=1)
    engagement = by_code["keterlibatan-murid"].versions.get(number=1)
    teachers = ctx.extra["teachers"]
    facilitators = ctx.extra["facilitators"]
    classes = ctx.extra["classes"]
    subjects = dict(SUBJECTS)
    start = ctx.programme.start
    second = [users["pendamping1"], users["pengawas1"], users["pendamping2"]]

    # Twelve teachers: a first lesson in the first month, a later one in the third.
    for n, teacher in enumerate(teachers[4:16]):
        subject = subjects[TEACHERS[4 + n][1]]
        base = 1.4 + rng.random() * 0.6
        first_observer = facilitators[n % 4] if n % 3 else principal
        for round_, (week, rise) in enumerate(((2 + n % 3, 0.0), (8 + n % 2, 0.8))):
            observers = [first_observer]
            if n % 2 == 0:
                observers.append(second[n % 3])
            obs = services.observation_plan(
                school=school,
                actor=observers[0],
                version=d1,
                teacher=teacher,
                observers=observers,
                starts_at=_at(start + datetime.timedelta(weeks=week, days=n % 4)),
                school_class=classes[n % len(classes)],
                subject=subject,
                focus=rng.choice(
                    [
                        "Pertanyaan pemantik dan diskusi kelompok",
                        "Umpan balik selama murid bekerja",
                        "Disiplin positif dan pemakaian waktu",
                    ]
                ),
            )
            for k, observer in enumerate(observers):
                _observe(ctx, obs, observer, base + rise, offset=k)
            obs.refresh_from_db()
            if round_ == 0 or n % 4 == 0:
                _finish(ctx, obs, first_observer, teacher, n)
            elif n % 4 == 1:
                services.observation_advance(observation=obs, actor=first_observer)

    # An engagement sheet in each month for three classes, by the mentor.
    for n, teacher in enumerate(teachers[4:7]):
        for week in (3, 7, 10):
            obs = services.observation_plan(
                school=school,
                actor=users["pendamping1"],
                version=engagement,
                teacher=teacher,
                observers=[users["pendamping1"]],
                starts_at=_at(start + datetime.timedelta(weeks=week, days=n), 9, 15),
                school_class=classes[(n + 3) % len(classes)],
                subject=subjects[TEACHERS[4 + n][1]],
            )
            _observe(ctx, obs, users["pendamping1"], 1.5 + week * 0.12, notes=1)

    # Still to come: guru05 observed tomorrow by guru01 and the mentor.
    services.observation_plan(
        school=school,
        actor=teachers[4],
        version=d1,
        teacher=teachers[4],
        observers=[facilitators[0], users["pendamping1"]],
        starts_at=_at(ctx.today + datetime.timedelta(days=1), 8, 10),
        school_class=classes[0],
        subject=subjects[TEACHERS[4][1]],
        focus="Murid yang pasif di kelompok",
        teacher_plan="Modul ajar Bilangan Bulat, pertemuan 3: kerja kelompok dengan kartu soal.",
    )

    _visits(ctx, teachers)
    _cycle(ctx, lesson_study, teachers, facilitators, classes, subjects)


def _visits(ctx: DemoContext, teachers: list[Any]) -> None:
    """pendamping1 supports guru05-guru08, pendamping2 guru09-guru12: a visit in each month."""
    recommendations = [
        "Tuliskan tujuan pembelajaran dengan bahasa murid dan bacakan di awal.",
        "Beri waktu tunggu setelah bertanya; minta murid berdiskusi berpasangan dulu.",
        "Gunakan kartu keluar untuk mengecek pemahaman di akhir pelajaran.",
    ]
    for mentor_name, group in (("pendamping1", teachers[4:8]), ("pendamping2", teachers[8:12])):
        mentor = ctx.users[mentor_name]
        for month, week in enumerate((3, 7, 11)):
            day = ctx.programme.start + datetime.timedelta(weeks=week, days=2)
            planned = day > ctx.today
            visit = visits.visit_create(
                school=ctx.school,
                actor=mentor,
                teachers=group[month % 2 * 2 : month % 2 * 2 + 2] if month < 2 else group,
                visited_on=day,
                status=VisitStatus.PLANNED if planned else VisitStatus.DONE,
                school_class=ctx.extra["classes"][month],
                focus="Pertanyaan pemantik" if month == 0 else "Asesmen formatif",
                seen=""
                if planned
                else "Murid bekerja dalam kelompok; sebagian masih menunggu jawaban dari guru.",
                recommendations="" if planned else recommendations[month],
            )
            if planned:
                continue
            for k, teacher in enumerate(visit.teachers.all()):
                item = action_item_create(
                    actor=mentor,
                    source=visit,
                    owner=teacher,
                    description=recommendations[month],
                    due_date=day + datetime.timedelta(days=14),
                )
                if month == 0 or k == 0:
                    action_item_status_set(
                        item=item,
                        actor=teacher,
                        status=ItemStatus.DONE,
                        note="Sudah dicoba.",
                        version=None,
                    )


def _cycle(
    ctx: DemoContext,
    version: Any,
    teachers: list[Any],
    facilitators: list[Any],
    classes: list[Any],
    subjects: dict[str, str],
) -> None:
    """One full lesson-study cycle: guru06 teaches, guru01, guru07 and guru08 plan and observe."""
    teacher, members = teachers[5], [facilitators[0], teachers[6], teachers[7]]
    cycle = visits.cycle_create(
        school=ctx.school,
        actor=facilitators[0],
        title="Lesson study Matematika kelas VII: Pecahan dalam kebun karet",
        teacher=teacher,
        members=members,
        school_class=classes[1],
        plan="Murid menghitung bagian hasil sadapan karet per petak sebagai pecahan; kerja "
        "kelompok 4 orang dengan lembar kerja bergambar.",
        lesson_plan=LessonPlan.objects.filter(school=ctx.school).order_by("created_at").first(),
    )
    cycle = visits.cycle_update(
        cycle=cycle,
        actor=facilitators[0],
        version=None,
        plan=cycle.plan,
        plan_link="",
        reflection="",
        revised_plan="",
        advance=True,
    )
    obs = services.observation_plan(
        school=ctx.school,
        actor=facilitators[0],
        version=version,
        teacher=teacher,
        observers=members[:2],
        starts_at=_at(ctx.programme.start + datetime.timedelta(weeks=6, days=1), 9, 0),
        school_class=classes[1],
        subject=subjects["mtk"],
        focus="Apakah semua murid belajar dalam kerja kelompok?",
        cycle=cycle,
    )
    answers = {
        "semua_belajar": "Sebagian besar murid belajar saat mengukur petak; saat menulis "
        "pecahan, kelompok 3 berhenti.",
        "tidak_aktif": "Bayu (kursi 12) dan Sari (kursi 15) diam: belum paham pembagian petak.",
        "tindakan_guru": "Guru mendekati kelompok 3 dan memberi contoh dengan gambar.",
        "ditiru": "Lembar kerja bergambar membuat murid cepat mulai.",
        "pelajaran_berharga": "Pecahan lebih mudah dipahami lewat benda nyata dari sekitar murid.",
    }
    for k, observer in enumerate(members[:2]):
        note_id = uuid.UUID(int=ctx.rng.getrandbits(128), version=4)
        scores = []
        for item in version.items.all():
            if item.code in answers:
                scores.append(services.ScoreInput(item.pk, None, text=answers[item.code]))
            elif item.kind == "yesno":
                scores.append(
                    services.ScoreInput(
                        item.pk, 1 if k == 0 or item.code != "kelompok_efektif" else 0
                    )
                )
        services.capture_batch(
            observation=obs,
            actor=observer,
            notes=[
                services.NoteInput(
                    note_id,
                    obs.starts_at + datetime.timedelta(minutes=25 + k),
                    "Bayu belum menulis apa pun di lembar kerja.",
                    "Bayu (kursi 12)",
                    "Kelompok 3",
                )
            ],
            scores=[],
        )
        if k == 0:  # the first observer photographed the empty worksheet
            services.note_photo_attach(
                observation=obs, actor=observer, note_id=note_id, upload=_worksheet_photo()
            )
        services.record_save(observation=obs, actor=observer, scores=scores, submit=True)
    obs.refresh_from_db()
    obs = services.observation_advance(observation=obs, actor=members[0])
    services.debrief_save(
        observation=obs,
        actor=members[0],
        version=None,
        debrief="Kerja kelompok berjalan, tetapi kelompok 3 butuh contoh visual lebih awal.",
    )
    for _ in range(2):
        obs = services.observation_advance(observation=obs, actor=members[0])
    services.reflection_save(
        observation=obs,
        actor=teacher,
        version=None,
        reflection="Saya akan memulai dengan satu contoh petak bersama sebelum kerja kelompok.",
    )
    services.observation_advance(observation=obs, actor=teacher)
    cycle = visits.cycle_update(
        cycle=cycle,
        actor=facilitators[0],
        version=None,
        plan=cycle.plan,
        plan_link="",
        reflection="",
        revised_plan="",
        advance=True,
    )
    cycle = visits.cycle_update(
        cycle=cycle,
        actor=facilitators[0],
        version=None,
        plan=cycle.plan,
        plan_link="",
        reflection="Murid belajar lewat benda nyata; murid yang pasif perlu contoh bersama dulu. "
        "Kelompok 3 perlu dibagi ulang.",
        revised_plan="",
        advance=True,
    )
    cycle = visits.cycle_update(
        cycle=cycle,
        actor=facilitators[0],
        version=None,
        plan=cycle.plan,
        plan_link="",
        reflection=cycle.reflection,
        revised_plan="Pembukaan: satu petak dikerjakan bersama di papan (10 menit); kelompok "
        "dibagi ulang agar murid pasif tersebar; lembar kerja tetap bergambar.",
        advance=True,
    )


# --- synthetic district ---------------------------------------------------------------------


def _worksheet_photo() -> Any:
    """A small drawn photo of an empty worksheet on a desk (the demo's note photo)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (176, 132, 84))  # the desk
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 60, 490, 420), fill=(250, 250, 245), outline=(90, 90, 90))
    for y in range(110, 400, 36):  # the empty lines of the worksheet
        draw.line((180, y, 460, y), fill=(170, 190, 220), width=2)
    draw.rectangle((180, 80, 330, 96), fill=(60, 60, 60))  # its title
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("lembar-kerja.jpg", out.getvalue(), content_type="image/jpeg")


def synthetic(ctx: SyntheticSchool) -> None:
    """Each teacher observed twice with the D.1 sheet by the principal and the mentor (in bulk:
    the benchmark's agreement and growth pages), and one lesson of guru05 still to be observed
    by guru01 (the capture page)."""
    from django.utils import timezone

    if len(ctx.teachers) < 5 or "principal" not in ctx.users or "mentor" not in ctx.users:
        return
    rng = ctx.rng
    instruments.instruments_install_shipped(school=ctx.school, actor=None)
    version = Instrument.objects.get(school=ctx.school, code="observasi-kelas-d1").versions.get()
    scales = list(version.items.filter(kind="scale"))
    observers = [ctx.users["principal"], ctx.users["mentor"]]
    now = timezone.now()
    observations, records, scores = [], [], []
    for n, teacher in enumerate(ctx.teachers):
        base = 1.4 + rng.random() * 0.8
        for round_, days in enumerate((100, 30)):
            obs = Observation(
                school=ctx.school,
                instrument_version=version,
                teacher=teacher,
                starts_at=_at(ctx.today - datetime.timedelta(days=days + n % 7)),
                stage=Stage.DONE,
                released_at=now,
            )
            observations.append(obs)
            for observer in observers:
                record = Record(
                    school=ctx.school, observation=obs, observer=observer, submitted_at=now
                )
                records.append(record)
                for item in scales:
                    value = _clamp(base + 0.7 * round_ + rng.choice([-1, 0, 0, 0, 1]) * 0.6)
                    scores.append(Score(school=ctx.school, record=record, item=item, value=value))
    Observation.objects.bulk_create(observations, batch_size=500)
    Record.objects.bulk_create(records, batch_size=500)
    Score.objects.bulk_create(scores, batch_size=1000)
    services.observation_plan(
        school=ctx.school,
        actor=ctx.users["principal"],
        version=version,
        teacher=ctx.teachers[4],
        observers=[ctx.teachers[0], ctx.users["mentor"]],
        starts_at=_at(ctx.today + datetime.timedelta(days=1), 8, 10),
        focus="Pertanyaan pemantik",
    )
