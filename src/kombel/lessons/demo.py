"""Lesson plans of the demo: a dozen plans by the Tebo teachers in every state of the review
workflow, with reviews, comments and a community leader's input, all in Indonesian.

Plans are written through the services (each section save is a revision), so the demo shows
real histories: compare revisions, see who waits on whom, approve, mark a review helpful.
"""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kombel.communities.models import Community
from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.lessons import services
from kombel.lessons.models import LessonPlan, PlanTemplate, Review

MA, RPP = "modul-ajar", "rpp-pembelajaran-mendalam"

# title, template, subject, grade, authors, community, state, topic, local context
PLANS: list[tuple[str, str, str, int, list[str], str, str, str, str]] = [
    ("Ekosistem Sawah di Sekitar Sekolah", MA, "ipa", 7, ["guru03", "guru09"], "MIPA Kelas VII",
     "approved", "ekosistem sawah", "sawah warga di belakang sekolah"),
    ("Pecahan dalam Jual Beli di Pasar Tebo", MA, "mtk", 7, ["guru06"], "MIPA Kelas VII",
     "reviewed", "pecahan", "Pasar Muara Tebo"),
    ("Asal Usul Danau Sipin: Teks Cerita Rakyat", MA, "bindo", 8, ["guru07", "guru11"],
     "Bahasa Kelas VIII", "in_review_half", "teks cerita rakyat", "cerita rakyat Jambi"),
    ("Descriptive Text: My Village by the Batanghari", MA, "bing", 8, ["guru14"],
     "Bahasa Kelas VIII", "submitted", "descriptive text", "desa di tepi Sungai Batanghari"),
    ("Kearifan Lokal Masyarakat Melayu Jambi", MA, "ips", 7, ["guru08", "guru12"], "IPS & PPKn",
     "approved", "kearifan lokal", "adat Melayu Jambi"),
    ("Musyawarah untuk Mufakat di Lingkungan Sekolah", MA, "ppkn", 9, ["guru13"], "IPS & PPKn",
     "draft", "musyawarah", "rapat OSIS dan rapat desa"),
    ("Sistem Pencernaan Manusia dan Makanan Lokal", RPP, "ipa", 8, ["guru17"], "MIPA Kelas VII",
     "draft", "sistem pencernaan", "makanan khas Jambi seperti tempoyak"),
    ("Persamaan Linear Satu Variabel: Ongkos Ojek", RPP, "mtk", 7, ["guru06", "guru09"],
     "MIPA Kelas VII", "in_review", "persamaan linear satu variabel", "ongkos ojek ke sekolah"),
    ("Menulis Puisi tentang Sungai Batanghari", MA, "bindo", 8, ["guru22"], "Bahasa Kelas VIII",
     "approved_round2", "puisi", "Sungai Batanghari"),
    ("Perdagangan Karet dan Kesejahteraan Petani", MA, "ips", 9, ["guru18", "guru19"],
     "IPS & PPKn", "local_input", "perdagangan karet", "kebun karet rakyat di Tebo"),
    ("Energi Terbarukan: Kincir Air Sederhana", RPP, "ipa", 7, ["guru03"], "MIPA Kelas VII",
     "approved", "energi terbarukan", "aliran sungai kecil di desa"),
    ("Struktur Teks Prosedur: Membuat Tempoyak", MA, "bindo", 7, ["guru07"], "Bahasa Kelas VIII",
     "submitted", "teks prosedur", "tempoyak buatan ibu-ibu di rumah"),
]  # fmt: skip


def _texts(topic: str, local: str, template: str) -> dict[str, str]:
    if template == RPP:
        return {
            "peserta_didik": f"Sebagian besar peserta didik sudah mengenal {local}; beberapa "
            "masih kesulitan membaca teks panjang dan perlu pendampingan.",
            "materi": f"Konsep {topic} dikaitkan dengan {local}.",
            "dimensi_profil_lulusan": "Penalaran kritis\nKolaborasi\nKomunikasi",
            "tujuan_pembelajaran": f"- Peserta didik menjelaskan konsep {topic} dengan contoh "
            f"dari {local}.\n- Peserta didik menyelesaikan masalah sehari-hari tentang {topic}.",
            "topik": topic.capitalize(),
            "praktik_pedagogis": "Pembelajaran berbasis masalah dengan kerja kelompok 4 orang.",
            "memahami": f"Guru menampilkan foto {local} dan mengajukan pertanyaan pemantik.",
            "mengaplikasi": f"Kelompok mengamati dan mencatat data tentang {topic} di {local}.",
            "merefleksi": "Peserta didik menulis satu hal baru yang dipelajari dan satu "
            "pertanyaan.",
            "asesmen_awal": "Tiga pertanyaan lisan untuk mengetahui pengetahuan awal.",
            "asesmen_proses": "Lembar observasi kerja kelompok dan umpan balik langsung.",
            "asesmen_akhir": "Presentasi kelompok dinilai dengan rubrik (skala 1-4).",
        }
    return {
        "alokasi_waktu": "2 JP x 40 menit",
        "kompetensi_awal": f"Peserta didik pernah melihat {local} dalam kehidupan sehari-hari.",
        "profil_pancasila": "Bergotong royong\nBernalar kritis\nKreatif",
        "sarana_prasarana": "Papan tulis, LKPD cetak, gawai guru, lingkungan sekitar sekolah.",
        "target_peserta_didik": "Peserta didik reguler; tiga peserta didik perlu pendampingan "
        "membaca.",
        "model_pembelajaran": "Problem Based Learning",
        "tujuan_pembelajaran": f"Melalui pengamatan {local}, peserta didik dapat:\n\n"
        f"1. menjelaskan konsep {topic} dengan bahasa sendiri;\n"
        f"2. menyajikan hasil pengamatan tentang {topic} dalam tabel.",
        "asesmen": "- **Diagnostik**: tiga pertanyaan pemantik di awal.\n"
        "- **Formatif**: lembar observasi diskusi kelompok.\n"
        "- **Sumatif**: tes tertulis uraian, lima soal.",
        "pemahaman_bermakna": f"{topic.capitalize()} ada di sekitar kita, misalnya di {local}.",
        "pertanyaan_pemantik": f"Apa yang kalian ketahui tentang {local}? Mengapa {topic} "
        "penting bagi keluarga kalian?",
        "kegiatan_pendahuluan": "(10 menit) Salam, doa, presensi, apersepsi dengan foto "
        f"{local}, menyampaikan tujuan.",
        "kegiatan_inti": f"(60 menit)\n\n1. Kelompok mengamati {local} dengan panduan LKPD.\n"
        "2. Diskusi kelompok dan menyusun tabel temuan.\n"
        "3. Presentasi dan tanggapan antarkelompok.",
        "kegiatan_penutup": "(10 menit) Menyimpulkan bersama, refleksi, dan tugas rumah.",
        "refleksi": "Apa yang paling menarik hari ini? Bagian mana yang masih membingungkan?",
        "pengayaan_remedial": "Pengayaan: membuat poster. Remedial: pendampingan kelompok kecil "
        "dengan contoh yang lebih sederhana.",
        "lkpd": f"| No | Yang diamati di {local} | Catatan |\n|---|---|---|\n| 1 | | |\n| 2 | | |",
    }


COMMENTS = [
    ("tujuan_pembelajaran", "Tujuan sudah jelas, tetapi kata kerja 'memahami' sulit diukur; "
     "sebaiknya 'menjelaskan' atau 'membandingkan'."),
    ("asesmen", "Asesmen formatif belum punya kriteria; tambahkan rubrik sederhana."),
    ("kegiatan_inti", "Alokasi waktu kegiatan inti terlalu padat untuk 40 siswa."),
    ("pengayaan_remedial", "Remedial bisa memakai tutor sebaya dari kelompok yang sudah tuntas."),
    ("lkpd", "LKPD bagus dan kontekstual; beri contoh pengisian di baris pertama."),
]  # fmt: skip
SUMMARIES = [
    "Modul ini kontekstual dan dekat dengan kehidupan siswa. Perbaiki asesmen formatif.",
    "Secara umum baik. Kegiatan inti perlu dibagi lebih rinci per langkah dengan waktunya.",
    "Sangat inspiratif, bisa dipakai guru lain di komunitas. Sedikit perbaikan pada tujuan.",
]


def _write(plan: LessonPlan, authors: list[Any], texts: dict[str, str]) -> None:
    for i, section in enumerate(plan.sections.all()):
        text = texts.get(section.key)
        if text:
            author = authors[i % len(authors)]
            services.section_save(
                actor=author, section=section, content=text, version=section.version
            )


def _sketch() -> SimpleUploadedFile:
    """A drawn plan of the rice field behind the school (the LKPD's observation map)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1000), (236, 232, 214))
    draw = ImageDraw.Draw(image)
    for i, x in enumerate(range(80, 1500, 360)):
        draw.rectangle((x, 120, x + 320, 620), fill=(120 + 20 * (i % 2), 180, 90))
        draw.text((x + 20, 140), f"Petak {i + 1}", fill=(20, 60, 20))
    draw.rectangle((0, 700, 1600, 820), fill=(90, 150, 210))
    draw.text((40, 740), "Parit / saluran air", fill=(255, 255, 255))
    draw.rectangle((650, 860, 950, 980), fill=(200, 80, 60))
    draw.text((680, 900), "Sekolah", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("denah-sawah.jpg", out.getvalue(), content_type="image/jpeg")


def _review(ctx: Any, review: Review, k: int, *, high: bool = False) -> None:
    criteria = list(review.rubric.criteria.all())
    scores = {}
    for c in criteria:
        best = c.max_score
        scores[str(c.pk)] = best if high else max(best - ctx.rng.choice([0, 1, 1, 2]), 1)
    keys = set(review.plan.sections.values_list("key", flat=True))
    comments = {
        key: text for j, (key, text) in enumerate(COMMENTS) if key in keys and (j + k) % 2 == 0
    }
    services.review_save(
        actor=review.reviewer,
        review=review,
        scores=scores,
        summary=SUMMARIES[k % len(SUMMARIES)],
        comments=comments,
        submit=True,
    )


def seed(ctx: DemoContext) -> None:
    """Twelve plans of SMP N 1 in every state, with reviews and a community leader's input."""
    school = ctx.school
    if school is None or "guru03" not in ctx.users:
        return
    services.defaults_install(school=school)
    templates = {t.key: t for t in PlanTemplate.objects.filter(school=school)}
    communities = {c.name: c for c in Community.objects.filter(school=school)}
    subjects = ctx.extra.get("subjects", {})
    principal = ctx.users.get("kepsek")
    k = 0
    for title, tkey, code, grade, usernames, cname, state, topic, local in PLANS:
        authors = [ctx.users[u] for u in usernames]
        community = communities.get(cname)
        plan = services.plan_create(
            actor=authors[0],
            school=school,
            template=templates[tkey],
            title=title,
            subject=subjects.get(code),
            grade=grade,
            community=community,
            co_authors=authors[1:],
            school_year="2026/2027",
        )
        texts = _texts(topic, local, tkey)
        if state == "draft":
            texts = dict(list(texts.items())[: len(texts) // 2])
        _write(plan, authors, texts)
        if title.startswith("Ekosistem Sawah"):  # an image in the LKPD, resized for phones
            section = plan.sections.get(key="lkpd")
            services.section_image_add(
                actor=authors[0],
                section=section,
                upload=_sketch(),
                alt="Denah sawah di belakang sekolah untuk pengamatan",
                version=section.version,
            )
        if state in ("draft",):
            continue
        if state == "local_input":
            leader = ctx.users.get("tokoh1")
            if leader is not None:
                first = services.local_input_add(
                    actor=leader,
                    plan=plan,
                    leader=leader,
                    text="Harga karet turun naik setiap bulan; ajak siswa mewawancarai "
                    "pengepul di desa agar mereka melihat sendiri rantai perdagangannya.",
                    section_key="kegiatan_inti",
                    source_ref="demo",
                )
                services.local_input_accept(
                    actor=authors[0], comment=first, section_key="kegiatan_inti"
                )
                services.local_input_add(
                    actor=ctx.users.get("tokoh2") or leader,
                    plan=plan,
                    leader=ctx.users.get("tokoh2") or leader,
                    text="Sebut juga kebun karet tua yang diremajakan dengan bantuan desa.",
                    section_key="pemahaman_bermakna",
                    source_ref="demo",
                )
            continue
        services.plan_submit(actor=authors[0], plan=plan)
        facilitator = community.facilitator if community else ctx.users["guru01"]
        if state == "submitted":
            if title.startswith("Descriptive Text"):  # a plan that needs three reviewers
                services.plan_reviewers_needed_set(actor=facilitator, plan=plan, needed=3)
            continue
        reviews = services.reviewers_assign(actor=facilitator, plan=plan)
        if state == "in_review":
            continue
        if state == "in_review_half":
            _review(ctx, reviews[0], k)
            k += 1
            continue
        for review in reviews:
            _review(ctx, review, k, high=state.startswith("approved"))
            k += 1
        if state == "approved_round2":
            section = plan.sections.get(key="asesmen")
            services.section_save(
                actor=authors[0],
                section=section,
                content=section.content + "\n- **Rubrik**: diksi, citraan, amanat (skala 1-4).",
                version=section.version,
            )
            plan.refresh_from_db()
            services.plan_submit(actor=authors[0], plan=plan, note="Asesmen sudah diperbaiki.")
            for review in Review.objects.filter(plan=plan, round=2):
                _review(ctx, review, k, high=True)
                k += 1
        plan.refresh_from_db()
        reviews_in = Review.objects.filter(plan=plan, round=plan.round, status="submitted")
        for review in reviews_in[:1]:
            services.review_mark_helpful(actor=authors[0], review=review)
        if state.startswith("approved") and principal is not None:
            services.plan_approve(actor=principal, plan=plan, note="Disetujui. Terima kasih.")


def synthetic(ctx: SyntheticSchool) -> None:
    """Ten plans per school of the synthetic district in every state, one of them long (many
    revisions of long sections: the plan page, the review page and comparing two revisions are
    measured on it by `make bench`)."""
    teachers = list(ctx.teachers)
    if len(teachers) < 6:
        return
    school = ctx.school
    services.defaults_install(school=school)
    templates = {t.key: t for t in PlanTemplate.objects.filter(school=school)}
    communities = list(Community.objects.filter(school=school).order_by("name"))
    principal = ctx.users.get("principal")
    states = ["draft", "submitted", "in_review", "reviewed", "approved"] * 2
    for i, state in enumerate(states):
        title, tkey, _code, _grade, _users, _c, _s, topic, local = PLANS[i % len(PLANS)]
        authors = [teachers[(2 * i) % len(teachers)], teachers[(2 * i + 1) % len(teachers)]]
        community = communities[i % len(communities)] if communities else None
        plan = services.plan_create(
            actor=authors[0],
            school=school,
            template=templates[tkey],
            title=title,
            community=community,
            co_authors=authors[1:],
        )
        texts = _texts(topic, local, tkey)
        if i == 0:  # the long plan: every section long, rewritten a few times
            texts = {k: (v + "\n\n") * 12 for k, v in texts.items()}
        _write(plan, authors, texts)
        if i == 0:
            for round_ in range(3):
                for section in plan.sections.filter(kind="rich"):
                    services.section_save(
                        actor=authors[round_ % 2],
                        section=section,
                        content=section.content.replace("peserta didik", f"siswa ({round_})", 3),
                        version=section.version,
                    )
        if state == "draft":
            continue
        services.plan_submit(actor=authors[0], plan=plan)
        if state == "submitted":
            continue
        reviews = services.reviewers_assign(actor=authors[0], plan=plan) if community else []
        if state == "in_review" or not reviews:
            continue
        for k, review in enumerate(reviews):
            _review(ctx, review, k, high=state == "approved")
        plan.refresh_from_db()
        if state == "approved" and principal is not None and plan.status == "reviewed":
            services.plan_approve(actor=principal, plan=plan)
