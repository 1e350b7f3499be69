"""Demo data of the monthly evaluation at SMP N 1 Kabupaten Tebo.

The model's teacher questionnaire given as a named baseline before the programme and at the end
of each month so far (the last one still open, four teachers yet to answer), with a believable
rise in every construct; an anonymous parent wave; six interviews and the meetings' reflections,
coded with the default codebook (two interviews by two coders, for agreement); a few photos.
The synthetic district gets the same waves in bulk (the benchmark's results page).
"""

import datetime
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils.timezone import localtime

from kombel.communities.enums import MeetingStatus
from kombel.communities.models import Meeting
from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.evaluation import defaults, text
from kombel.evaluation.enums import EVALUATION_KIND, ActivityKind, SourceType, WaveKind
from kombel.evaluation.models import Code, Item, Questionnaire, Response, Wave, encode_likert
from kombel.evaluation.services import coding, questionnaires, records, waves
from kombel.followups.services import action_item_create
from kombel.observations.models import Observation
from kombel.programs.models import Event
from kombel.schools.enums import Role
from kombel.workshops.models import WorkshopSession

# Each construct's mean at baseline and its rise per month (on the 1-5 scale).
START = {
    "kolaborasi": (2.9, 0.22),
    "refleksi": (3.0, 0.18),
    "motivasi": (3.3, 0.12),
    "percaya_diri": (2.8, 0.20),
    "keterlibatan_siswa": (2.9, 0.17),
}
CHANGES = [
    "Saya mulai merancang modul ajar bersama rekan satu komunitas, tidak sendiri lagi.",
    "Siswa saya kerjakan proyek kecil tentang kebun karet; mereka lebih aktif berdiskusi.",
    "Saya memakai kartu keluar di akhir pelajaran untuk melihat siapa yang belum paham.",
    "Saya lebih percaya diri mencoba pembelajaran berbasis proyek setelah lokakarya.",
    "RPP saya ditelaah rekan dan masukannya membuat kegiatan siswa lebih jelas.",
    "Saya mulai merekam refleksi singkat setelah mengajar dan membahasnya di komunitas.",
]
OBSTACLES = [
    "Waktu untuk menyiapkan proyek terbatas karena jam mengajar padat.",
    "Masih butuh pendampingan saat menilai hasil proyek siswa.",
    "Beberapa siswa belum terbiasa bekerja kelompok dan masih pasif.",
    "Jadwal pertemuan komunitas kadang bentrok dengan kegiatan sekolah.",
    "Perlu contoh asesmen formatif yang sesuai untuk kelas besar.",
]
PARENT_SUGGESTIONS = [
    "Anak saya senang bercerita tentang proyek kebun karet. Lanjutkan!",
    "Mohon tugas proyek diberitahukan lebih awal agar kami bisa membantu.",
    "Forum orang tua sebaiknya diadakan sore hari setelah jam kerja.",
    "Anak lebih bersemangat, tapi tugas kelompok kadang sampai malam.",
]

# Six interviews: (month index from the programme's first month, interviewee role, who,
# interviewer username, [(sentence, [code names])]).
INTERVIEWS: list[tuple[int, str, str, str, list[tuple[str, list[str]]]]] = [
    (
        0,
        Role.TEACHER,
        "Guru IPA kelas VII",
        "pendamping1",
        [
            (
                "Awalnya saya ragu ikut komunitas karena jam mengajar saya penuh.",
                ["Keterbatasan waktu"],
            ),
            (
                "Di komunitas MIPA kami menyusun lembar kerja bersama dari data kebun karet.",
                ["Perencanaan bersama", "Kelompok mapel dan jenjang"],
            ),
            (
                "Rekan saya menelaah RPP saya dan memberi masukan tentang langkah praktikum.",
                ["Peer-review RPP"],
            ),
            (
                "Siswa jadi lebih aktif bertanya ketika contohnya dari lingkungan mereka sendiri.",
                ["Keterlibatan siswa"],
            ),
            (
                "Saya masih butuh bimbingan untuk menilai proyek siswa secara adil.",
                ["Kebutuhan pendampingan"],
            ),
        ],
    ),
    (
        0,
        Role.FACILITATOR,
        "Fasilitator internal komunitas MIPA",
        "pendamping1",
        [
            (
                "Tugas saya memastikan komunitas bertemu setiap dua minggu.",
                ["Tim fasilitator internal", "Pertemuan rutin"],
            ),
            (
                "Di setiap pertemuan anggota berbagi pengalaman mengajar minggu itu.",
                ["Berbagi pengalaman"],
            ),
            (
                "Ada guru senior yang masih enggan meninggalkan ceramah.",
                ["Resistensi terhadap perubahan"],
            ),
            (
                "Kami mencatat tindak lanjut dan memeriksanya di pertemuan berikutnya.",
                ["Monitoring berkala"],
            ),
        ],
    ),
    (
        1,
        Role.PRINCIPAL,
        "Kepala sekolah",
        "pendamping2",
        [
            (
                "Saya melihat guru mulai merancang pembelajaran bersama, bukan sendiri-sendiri.",
                ["Perencanaan bersama"],
            ),
            (
                "Tim fasilitator internal menjaga agar komunitas tetap berjalan.",
                ["Tim fasilitator internal"],
            ),
            ("Kami memantau hasil belajar siswa setiap akhir bulan.", ["Monitoring berkala"]),
            (
                "Tantangannya adalah waktu guru yang terbatas di akhir semester.",
                ["Keterbatasan waktu"],
            ),
        ],
    ),
    (
        1,
        Role.PARENT,
        "Orang tua siswa kelas VIII",
        "guru01",
        [
            ("Saya diundang ke forum belajar orang tua bulan lalu.", ["Forum belajar orang tua"]),
            (
                "Anak saya sekarang sering bercerita tentang kerja kelompok di sekolah.",
                ["Diskusi dan kerja kelompok", "Keterlibatan siswa"],
            ),
            ("Kami senang bisa memberi masukan tentang tugas proyek.", ["Forum belajar orang tua"]),
        ],
    ),
    (
        2,
        Role.COMMUNITY_LEADER,
        "Tokoh masyarakat Muara Tebo",
        "guru01",
        [
            (
                "Saya menyarankan siswa belajar langsung di kebun karet warga.",
                ["Masukan tokoh masyarakat"],
            ),
            ("Materi pelajaran menjadi dekat dengan kehidupan desa.", ["Masukan tokoh masyarakat"]),
            (
                "Sekolah sekarang lebih terbuka mengajak masyarakat terlibat.",
                ["Forum belajar orang tua"],
            ),
        ],
    ),
    (
        2,
        Role.TEACHER,
        "Guru Matematika kelas IX",
        "pendamping1",
        [
            (
                "Saya lebih percaya diri memakai pembelajaran berbasis proyek sekarang.",
                ["Kepercayaan diri guru", "Metode kolaboratif dan proyek"],
            ),
            (
                "Saya memakai video dan aplikasi sederhana sebagai media pembelajaran.",
                ["Media dan teknologi"],
            ),
            (
                "Setelah mengajar saya menulis refleksi singkat tentang apa yang kurang.",
                ["Refleksi praktik"],
            ),
            ("Siswa diminta merefleksikan hasil belajarnya di akhir proyek.", ["Refleksi siswa"]),
            (
                "Saya khawatir kebiasaan ini berhenti bila pendamping tidak datang lagi.",
                ["Kebutuhan pendampingan"],
            ),
        ],
    ),
]
# Second coder of the first two interviews (agreement): mostly the same codes, a few differ.
SECOND_CODER = "guru01"
DISAGREE = {"Berbagi pengalaman": "Pertemuan rutin"}
# Stems that suggest a code when the demo codes meetings' reflections.
KEYWORDS = {
    "aktif": "Keterlibatan siswa",
    "tanya": "Keterlibatan siswa",
    "diskusi": "Diskusi dan kerja kelompok",
    "kelompok": "Diskusi dan kerja kelompok",
    "waktu": "Keterbatasan waktu",
    "singkat": "Keterbatasan waktu",
    "amat": "Peer-review RPP",
    "coba": "Metode kolaboratif dan proyek",
    "bank": "Perencanaan bersama",
    "susun": "Perencanaan bersama",
    "dokumentasi": "Monitoring berkala",
    "bagi": "Berbagi pengalaman",
    "pahami": "Refleksi praktik",
    "paham": "Refleksi praktik",
}


def _likert(ctx_rng: Any, latent: float, reverse: bool) -> int:
    value = min(5, max(1, round(latent + ctx_rng.gauss(0, 0.45))))
    return 6 - value if reverse else value


def _answers(rng: Any, items: list[Item], levels: dict[str, float]) -> dict[str, int]:
    return {
        item.name: _likert(rng, levels[item.construct.code], item.reverse)
        for item in items
        if item.is_likert and item.construct
    }


def _month_events(programme: Any, before: datetime.date) -> list[Event]:
    return list(
        Event.objects.filter(programme=programme, kind=EVALUATION_KIND, date__lte=before)
        .exclude(is_cancelled=True)
        .order_by("date")
    )


def _image(rng: Any, colour: tuple[int, int, int], name: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(0, 1500), rng.randrange(0, 1100)
        shade = tuple(min(255, c + rng.randrange(20, 90)) for c in colour)
        draw.rectangle((x, y, x + rng.randrange(60, 300), y + rng.randrange(60, 300)), fill=shade)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def seed(ctx: DemoContext) -> None:
    if ctx.programme is None:
        return
    today, school, programme = ctx.today, ctx.school, ctx.programme
    # Its own generator: the rise the demo shows must not depend on what the steps before drew.
    rng = random.Random(f"evaluation-{school.npsn}")  # noqa: S311 (demo data, not secrets)
    principal = ctx.users["kepsek"]
    facilitator = ctx.users["guru01"]
    teacher_q = questionnaires.questionnaire_from_spec(
        school=school, actor=principal, spec=defaults.TEACHER
    )
    parent_q = questionnaires.questionnaire_from_spec(
        school=school, actor=principal, spec=defaults.PARENT
    )
    items = list(Item.objects.filter(questionnaire=teacher_q).select_related("construct", "scale"))
    teachers = list(ctx.extra.get("teachers", []))
    baseline = waves.wave_create(
        programme=programme,
        questionnaire=teacher_q,
        actor=principal,
        kind=WaveKind.BASELINE,
        title="Angket awal (sebelum program)",
        opens_on=programme.start - datetime.timedelta(days=10),
        closes_on=programme.start - datetime.timedelta(days=1),
        anonymous=False,
        names_visible=True,
    )
    plan = [(baseline, baseline.opens_on + datetime.timedelta(days=3), 0.0)]
    events = _month_events(programme, today)
    for n, event in enumerate(events, start=1):
        wave = waves.wave_create(
            programme=programme,
            questionnaire=teacher_q,
            actor=facilitator,
            kind=WaveKind.MONTHLY,
            title=f"Angket bulan ke-{n} ({event.date:%m/%Y})",
            month=event.date,
            opens_on=event.date - datetime.timedelta(days=3),
            closes_on=event.date + datetime.timedelta(days=4),
            anonymous=False,
            names_visible=True,
        )
        answered_on = min(today, event.date)
        plan.append((wave, answered_on, float(n)))
    levels = {t.pk: {c: rng.gauss(m, 0.5) for c, (m, _r) in START.items()} for t in teachers}
    growth = {t.pk: {c: rng.gauss(r, 0.15) for c, (_m, r) in START.items()} for t in teachers}
    last_wave = plan[-1][0]
    for wave, day, month in plan:
        skip = 4 if wave == last_wave and wave.closes_on >= today else rng.randrange(0, 3)
        for teacher in teachers[: len(teachers) - skip]:
            latent = {c: levels[teacher.pk][c] + growth[teacher.pk][c] * month for c in START}
            waves.response_submit(
                wave=wave,
                actor=teacher,
                likert=_answers(rng, items, latent),
                open_answers={
                    "perubahan": rng.choice(CHANGES) if month and rng.random() < 0.7 else "",
                    "hambatan": rng.choice(OBSTACLES) if rng.random() < 0.6 else "",
                },
                today=day,
            )
        if wave == last_wave and wave.closes_on >= today and teachers:
            waves.response_save(  # one teacher stopped halfway on the phone
                wave=wave,
                actor=teachers[-1],
                likert=dict(list(_answers(rng, items, levels[teachers[-1].pk]).items())[:7]),
                today=today,
            )
    _parents(ctx, parent_q)
    _interviews_and_coding(ctx, teacher_q)
    _documentation(ctx)
    if len(plan) > 1:
        action_item_create(
            actor=facilitator,
            source=plan[-1][0],
            owner=principal,
            description="Jadwalkan lesson study bagi guru yang kepercayaan dirinya masih rendah",
            due_date=today + datetime.timedelta(days=14),
        )


def _parents(ctx: DemoContext, questionnaire: Questionnaire) -> None:
    rng, today = ctx.rng, ctx.today
    items = list(Item.objects.filter(questionnaire=questionnaire).select_related("construct"))
    wave = waves.wave_create(
        programme=ctx.programme,
        questionnaire=questionnaire,
        actor=ctx.users["kepsek"],
        kind=WaveKind.MONTHLY,
        title="Angket orang tua (November)",
        month=today - datetime.timedelta(days=10),
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=6),
        anonymous=True,
    )
    parents = [ctx.users[f"ortu{n:02d}"] for n in range(1, 7) if f"ortu{n:02d}" in ctx.users]
    for parent in parents[:5]:
        waves.response_submit(
            wave=wave,
            actor=parent,
            likert={
                i.name: min(4, max(1, round(rng.gauss(3.0, 0.7)))) for i in items if i.is_likert
            },
            open_answers={"saran_ortu": rng.choice(PARENT_SUGGESTIONS)},
            today=today - datetime.timedelta(days=rng.randrange(0, 9)),
        )


def _code_sentences(
    document: Any, coder: Any, codes: dict[str, Code], found: list[tuple[int, int, list[str]]]
) -> None:
    for start, end, names in found:
        chosen = [codes[n] for n in names if n in codes]
        if chosen:
            coding.coding_add(document=document, actor=coder, codes=chosen, start=start, end=end)


def _interviews_and_coding(ctx: DemoContext, teacher_q: Questionnaire) -> None:
    programme = ctx.programme
    first_month = programme.start.replace(day=1)
    codebook = coding.codebook_for(programme=programme, actor=ctx.users["pendamping1"])
    codes = {c.name: c for c in Code.objects.filter(codebook=codebook, is_codable=True)}
    for n, (month, role, who, interviewer, lines) in enumerate(INTERVIEWS):
        start = (first_month + datetime.timedelta(days=31 * month + 20)).replace(day=1)
        held = min(ctx.today - datetime.timedelta(days=2), start + datetime.timedelta(days=24))
        interview = records.interview_create(
            programme=programme,
            actor=ctx.users[interviewer],
            held_on=held,
            today=ctx.today,
            interviewee_role=role,
            interviewee=who,
            consent_given=True,
            consent_note="Formulir persetujuan ditandatangani.",
            transcript=" ".join(sentence for sentence, _names in lines),
        )
        document = coding.document_open(
            programme=programme,
            actor=ctx.users[interviewer],
            source_type=SourceType.INTERVIEW,
            source_id=interview.pk,
        )
        spans = text.sentences(document.text)
        found = [(a, b, names) for (a, b), (_s, names) in zip(spans, lines, strict=True)]
        _code_sentences(document, ctx.users[interviewer], codes, found)
        if n < 2:  # double-coded: a second coder, mostly agreeing
            second = [(a, b, [DISAGREE.get(x, x) for x in names]) for a, b, names in found]
            _code_sentences(document, ctx.users[SECOND_CODER], codes, second)
    meetings = (
        Meeting.objects.filter(community__programme=programme, status=MeetingStatus.HELD)
        .exclude(went_well="")
        .order_by("-date")[:6]
    )
    for meeting in meetings:
        document = coding.document_open(
            programme=programme,
            actor=ctx.users["pendamping1"],
            source_type=SourceType.REFLECTION,
            source_id=meeting.pk,
        )
        found = text.matching_sentences(document.text, set(KEYWORDS))
        _code_sentences(
            document,
            ctx.users["pendamping1"],
            codes,
            [(a, b, sorted({KEYWORDS[s] for s in hits})) for a, b, hits in found],
        )
    latest = (
        Wave.objects.filter(programme=programme, questionnaire=teacher_q)
        .order_by("-opens_on")
        .first()
    )
    if latest is not None and Response.objects.filter(wave=latest).exclude(open={}).exists():
        document = coding.document_open(
            programme=programme,
            actor=ctx.users["pendamping1"],
            source_type=SourceType.OPEN_ANSWERS,
            source_id=latest.pk,
            key="perubahan",
        )
        found = text.matching_sentences(document.text, set(KEYWORDS) | {"proyek", "percaya"})
        extra = {"proyek": "Metode kolaboratif dan proyek", "percaya": "Kepercayaan diri guru"}
        _code_sentences(
            document,
            ctx.users["pendamping1"],
            codes,
            [(a, b, sorted({KEYWORDS.get(s) or extra[s] for s in hits})) for a, b, hits in found],
        )


def _documentation(ctx: DemoContext) -> None:
    rng = ctx.rng
    photos = [
        (
            "Pameran proyek kebun karet kelas VII",
            (46, 110, 79),
            ActivityKind.OTHER,
            "Pameran proyek",
        ),
        ("Diskusi komunitas MIPA tentang lembar kerja", (47, 95, 179), ActivityKind.MEETING, ""),
        (
            "Lokakarya: simulasi pembelajaran berbasis proyek",
            (161, 92, 0),
            ActivityKind.WORKSHOP,
            "",
        ),
    ]
    meeting = (
        Meeting.objects.filter(community__programme=ctx.programme, status=MeetingStatus.HELD)
        .order_by("-date")
        .first()
    )
    session = (
        WorkshopSession.objects.filter(event__programme=ctx.programme, event__date__lte=ctx.today)
        .order_by("-event__date")
        .first()
    )
    for n, (caption, colour, kind, label) in enumerate(photos):
        activity_id = meeting.pk if kind == ActivityKind.MEETING and meeting else None
        if kind == ActivityKind.WORKSHOP and session is not None:
            activity_id = session.pk
        records.documentation_add(
            programme=ctx.programme,
            actor=ctx.users["guru01"],
            upload=_image(rng, colour, f"dokumentasi-{n + 1}.jpg"),
            caption=caption,
            taken_on=ctx.today - datetime.timedelta(days=7 * (n + 1)),
            today=ctx.today,
            activity_kind=kind if activity_id or kind == ActivityKind.OTHER else ActivityKind.OTHER,
            activity_id=activity_id,
            activity_label=label
            or ("Lokakarya 2 hari" if kind == ActivityKind.WORKSHOP and not activity_id else ""),
        )
    # A classroom observation's photo, linked to it: the gallery links it for those who may
    # open the observation (its observers, the observed teacher, the principal, mentors).
    observation = (
        Observation.objects.filter(school=ctx.programme.school, starts_at__date__lte=ctx.today)
        .order_by(F("released_at").desc(nulls_last=True), "-starts_at")
        .first()
    )
    if observation is not None:
        records.documentation_add(
            programme=ctx.programme,
            actor=ctx.users["kepsek"],
            upload=_image(rng, (120, 60, 140), "dokumentasi-observasi.jpg"),
            caption="Observasi kelas: siswa berdiskusi dalam kelompok",
            taken_on=localtime(observation.starts_at).date(),
            today=ctx.today,
            observation=observation,
        )


# --- synthetic district ---------------------------------------------------------------------


def synthetic(ctx: SyntheticSchool) -> None:
    """The teacher questionnaire with a baseline and three monthly waves, every teacher
    answering, in bulk (the benchmark's wave results page)."""
    if ctx.programme is None or not ctx.teachers:
        return
    rng, programme = ctx.rng, ctx.programme
    questionnaire = questionnaires.questionnaire_from_spec(
        school=ctx.school, actor=None, spec=defaults.TEACHER
    )
    items = list(Item.objects.filter(questionnaire=questionnaire).select_related("construct"))
    slots = {item.name: item.slot for item in items}
    start = min(ctx.today, programme.end) - datetime.timedelta(days=120)
    created = []
    for n in range(4):
        opens = start + datetime.timedelta(days=30 * n)
        created.append(
            Wave(
                school=ctx.school,
                programme=programme,
                questionnaire=questionnaire,
                kind=WaveKind.BASELINE if n == 0 else WaveKind.MONTHLY,
                month=None if n == 0 else opens.replace(day=1),
                title="Angket awal" if n == 0 else f"Angket bulan ke-{n}",
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=6),
                anonymous=False,
                names_visible=True,
            )
        )
    Wave.objects.bulk_create(created)
    responses = []
    for teacher in ctx.teachers:
        base = {c: rng.gauss(m, 0.35) for c, (m, _r) in START.items()}
        for n, wave in enumerate(created):
            latent = {c: base[c] + START[c][1] * n for c in START}
            likert = _answers(rng, items, latent)
            responses.append(
                Response(
                    school=ctx.school,
                    wave=wave,
                    respondent=teacher,
                    status="submitted",
                    submitted_on=wave.opens_on,
                    likert=likert,
                    vector=encode_likert(likert, slots),
                )
            )
    Response.objects.bulk_create(responses, batch_size=500)
