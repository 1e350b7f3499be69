"""The instruments Kombel ships, in Indonesian with an English translation.

- the classroom-observation form of the ministry's performance management (Pengelolaan
  Kinerja): learning quality (Rapor Pendidikan D.1) in its three components, each sub-indicator
  with its focus behaviours scored 1-3 and a note of evidence, and a recommendation;
- the lesson-study observation sheet, about the students' learning, not the teacher;
- the student-engagement sheet (Diedrich's activity types), scored 1-3.
"""

from typing import Any

D1_LEVELS = [
    {
        "value": 1,
        "label": "Belum dilakukan",
        "label_en": "Not done yet",
        "descriptor": "Perilaku ini tidak terlihat selama pembelajaran.",
        "descriptor_en": "The behaviour was not seen during the lesson.",
    },
    {
        "value": 2,
        "label": "Dilakukan tapi belum efektif",
        "label_en": "Done but not yet effective",
        "descriptor": "Perilaku terlihat, tetapi belum berdampak pada sebagian besar murid.",
        "descriptor_en": "The behaviour was seen but did not yet reach most students.",
    },
    {
        "value": 3,
        "label": "Dilakukan dan efektif",
        "label_en": "Done and effective",
        "descriptor": "Perilaku terlihat dan berdampak pada sebagian besar murid.",
        "descriptor_en": "The behaviour was seen and reached most students.",
    },
]

ENGAGEMENT_LEVELS = [
    {
        "value": 1,
        "label": "Kurang",
        "label_en": "Low",
        "descriptor": "Kurang dari sepertiga murid melakukan kegiatan ini.",
        "descriptor_en": "Fewer than a third of the students did this.",
    },
    {
        "value": 2,
        "label": "Cukup",
        "label_en": "Some",
        "descriptor": "Sepertiga sampai dua pertiga murid melakukan kegiatan ini.",
        "descriptor_en": "A third to two thirds of the students did this.",
    },
    {
        "value": 3,
        "label": "Baik",
        "label_en": "Most",
        "descriptor": "Lebih dari dua pertiga murid melakukan kegiatan ini.",
        "descriptor_en": "More than two thirds of the students did this.",
    },
]


def _scale(code: str, text: str, text_en: str, competency: str = "pedagogical") -> dict[str, Any]:
    return {
        "code": code,
        "kind": "scale",
        "text": text,
        "text_en": text_en,
        "competency": competency,
        "levels": D1_LEVELS,
    }


def _text(code: str, text: str, text_en: str, competency: str = "") -> dict[str, Any]:
    return {
        "code": code,
        "kind": "text",
        "text": text,
        "text_en": text_en,
        "competency": competency,
        "evidence": False,
    }


CLASSROOM_D1: dict[str, Any] = {
    "code": "observasi-kelas-d1",
    "kind": "classroom",
    "name": "Observasi Kelas: Kualitas Pembelajaran (Rapor Pendidikan D.1)",
    "name_en": "Classroom observation: learning quality (Rapor Pendidikan D.1)",
    "description": (
        "Lembar observasi kelas Pengelolaan Kinerja. Setiap perilaku fokus dinilai 1 Belum "
        "dilakukan, 2 Dilakukan tapi belum efektif, 3 Dilakukan dan efektif, dengan catatan bukti."
    ),
    "sections": [
        {
            "title": "Manajemen kelas",
            "title_en": "Classroom management",
            "items": [
                _scale(
                    "d111",
                    "Guru menyampaikan dan menegakkan kesepakatan kelas bersama murid.",
                    "The teacher states and upholds the class agreement made with the students.",
                ),
                _scale(
                    "d112",
                    "Guru memakai waktu belajar secara efektif, termasuk perpindahan antar "
                    "kegiatan.",
                    "The teacher uses learning time well, transitions between activities included.",
                ),
                _scale(
                    "d113",
                    "Guru menerapkan disiplin positif: menanggapi perilaku murid tanpa hukuman.",
                    "The teacher applies positive discipline: responds to behaviour without "
                    "punishment.",
                    "personal",
                ),
            ],
        },
        {
            "title": "Dukungan psikologis",
            "title_en": "Psychological support",
            "items": [
                _scale(
                    "d121",
                    "Guru memberi apresiasi atas usaha dan kemajuan murid.",
                    "The teacher recognises students' effort and progress.",
                    "social",
                ),
                _scale(
                    "d122",
                    "Guru memberi perhatian dan bantuan kepada murid yang membutuhkan.",
                    "The teacher gives attention and help to the students who need it.",
                    "social",
                ),
                _scale(
                    "d123",
                    "Guru menciptakan suasana aman sehingga murid berani bertanya dan berpendapat.",
                    "The teacher makes it safe to ask questions and give opinions.",
                    "personal",
                ),
            ],
        },
        {
            "title": "Metode pembelajaran",
            "title_en": "Teaching method",
            "items": [
                _scale(
                    "d131",
                    "Guru menyampaikan tujuan pembelajaran dan kaitannya dengan kehidupan murid.",
                    "The teacher states the learning objective and links it to students' lives.",
                ),
                _scale(
                    "d132",
                    "Guru mengajukan pertanyaan pemantik yang mendorong murid berpikir.",
                    "The teacher asks open questions that make students think.",
                ),
                _scale(
                    "d133",
                    "Guru memberi umpan balik yang membangun selama murid belajar.",
                    "The teacher gives constructive feedback while students learn.",
                ),
                _scale(
                    "d134",
                    "Guru menyesuaikan kegiatan dengan kebutuhan belajar murid yang berbeda.",
                    "The teacher adapts activities to students' different learning needs.",
                    "professional",
                ),
            ],
        },
        {
            "title": "Rekomendasi",
            "title_en": "Recommendation",
            "items": [
                _text(
                    "rekomendasi",
                    "Rekomendasi untuk pengembangan guru",
                    "Recommendation for the teacher's development",
                )
            ],
        },
    ],
}

LESSON_STUDY: dict[str, Any] = {
    "code": "lesson-study",
    "kind": "lesson_study",
    "name": "Lembar Observasi Lesson Study",
    "name_en": "Lesson-study observation sheet",
    "description": (
        "Amati murid, bukan guru. Catat nama murid atau nomor tempat duduk pada catatan."
    ),
    "sections": [
        {
            "title": "Belajarnya murid",
            "title_en": "The students' learning",
            "items": [
                _text(
                    "semua_belajar",
                    "Apakah semua murid benar-benar belajar? Bagaimana (kapan, pada kegiatan apa)?",
                    "Did all students really learn? How (when, in which activity)?",
                ),
                _text(
                    "tidak_aktif",
                    "Murid mana yang tidak aktif atau kesulitan belajar, dan mengapa?",
                    "Which students were not active or struggled, and why?",
                ),
                _text(
                    "tindakan_guru",
                    "Apa yang dilakukan guru untuk membantu murid tersebut?",
                    "What did the teacher do about it?",
                ),
            ],
        },
        {
            "title": "Hasil pembelajaran",
            "title_en": "What the lesson achieved",
            "items": [
                {
                    "code": "tujuan_tercapai",
                    "kind": "yesno",
                    "text": "Apakah tujuan pembelajaran tercapai?",
                    "text_en": "Were the learning objectives met?",
                    "competency": "pedagogical",
                },
                {
                    "code": "kelompok_efektif",
                    "kind": "yesno",
                    "text": "Apakah kerja kelompok berjalan efektif?",
                    "text_en": "Did the group work work?",
                    "competency": "pedagogical",
                },
            ],
        },
        {
            "title": "Pelajaran bagi kita",
            "title_en": "What we learn",
            "items": [
                _text(
                    "ditiru",
                    "Apa yang dapat ditiru dari pembelajaran ini?",
                    "What is worth imitating from this lesson?",
                ),
                _text(
                    "pelajaran_berharga",
                    "Pelajaran berharga (lesson learned) apa yang diperoleh?",
                    "What lessons were learned?",
                ),
            ],
        },
    ],
}

_ENGAGEMENT_TYPES = [
    (
        "visual",
        "Kegiatan visual: membaca, mengamati gambar, demonstrasi",
        "Visual: reading, looking at pictures, watching a demonstration",
    ),
    (
        "lisan",
        "Kegiatan lisan: bertanya, berpendapat, berdiskusi",
        "Oral: asking, giving opinions, discussing",
    ),
    (
        "mendengarkan",
        "Kegiatan mendengarkan: menyimak penjelasan dan diskusi",
        "Listening: following explanations and discussion",
    ),
    (
        "menulis",
        "Kegiatan menulis: mencatat, menulis laporan, mengerjakan soal",
        "Writing: taking notes, writing reports, doing exercises",
    ),
    (
        "menggambar",
        "Kegiatan menggambar: membuat grafik, peta, diagram",
        "Drawing: making graphs, maps, diagrams",
    ),
    (
        "motorik",
        "Kegiatan motorik: melakukan percobaan, membuat model",
        "Motor: doing experiments, building models",
    ),
    (
        "mental",
        "Kegiatan mental: memecahkan masalah, menganalisis, mengambil keputusan",
        "Mental: solving problems, analysing, deciding",
    ),
    (
        "emosional",
        "Kegiatan emosional: menunjukkan minat, semangat, berani tampil",
        "Emotional: showing interest, enthusiasm, courage",
    ),
]

ENGAGEMENT: dict[str, Any] = {
    "code": "keterlibatan-murid",
    "kind": "engagement",
    "name": "Lembar Keterlibatan Murid",
    "name_en": "Student-engagement sheet",
    "description": "Jenis aktivitas murid selama pembelajaran, masing-masing dinilai 1-3.",
    "sections": [
        {
            "title": "Aktivitas murid",
            "title_en": "Students' activity",
            "items": [
                {
                    "code": code,
                    "kind": "scale",
                    "text": text,
                    "text_en": text_en,
                    "competency": "pedagogical",
                    "levels": ENGAGEMENT_LEVELS,
                }
                for code, text, text_en in _ENGAGEMENT_TYPES
            ],
        }
    ],
}

SHIPPED = [CLASSROOM_D1, LESSON_STUDY, ENGAGEMENT]
