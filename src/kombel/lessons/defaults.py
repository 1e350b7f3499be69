"""The templates and rubrics every school starts with, shipped as data (in Indonesian: they are
the official names of the documents' parts, not interface text).

A school gets its own editable copy of each (`services.defaults_install`), keyed by `key`: it can
adjust them or add its own; a plan keeps the sections it was created with.
"""

from typing import TypedDict


class SectionSpec(TypedDict, total=False):
    key: str
    title: str
    kind: str  # enums.SectionKind
    group: str
    help: str
    options: list[str]


class TemplateSpec(TypedDict):
    key: str
    name: str
    description: str
    sections: list[SectionSpec]


PROFIL_PANCASILA = [
    "Beriman, bertakwa kepada Tuhan YME, dan berakhlak mulia",
    "Berkebinekaan global",
    "Bergotong royong",
    "Mandiri",
    "Bernalar kritis",
    "Kreatif",
]

# The eight graduate-profile dimensions of the 2025 regulation (Permendikdasmen No. 13/2025).
DIMENSI_PROFIL_LULUSAN = [
    "Keimanan dan ketakwaan terhadap Tuhan YME",
    "Kewargaan",
    "Penalaran kritis",
    "Kreativitas",
    "Kolaborasi",
    "Kemandirian",
    "Kesehatan",
    "Komunikasi",
]

MODUL_AJAR: TemplateSpec = {
    "key": "modul-ajar",
    "name": "Modul Ajar (Kurikulum Merdeka)",
    "description": "Informasi umum, komponen inti dan lampiran, fase D.",
    "sections": [
        {
            "key": "alokasi_waktu",
            "title": "Alokasi waktu",
            "kind": "text",
            "group": "Informasi Umum",
            "help": "Misalnya 2 JP x 40 menit",
        },
        {"key": "kompetensi_awal", "title": "Kompetensi awal", "group": "Informasi Umum"},
        {
            "key": "profil_pancasila",
            "title": "Profil Pelajar Pancasila",
            "kind": "choices",
            "group": "Informasi Umum",
            "options": PROFIL_PANCASILA,
        },
        {"key": "sarana_prasarana", "title": "Sarana dan prasarana", "group": "Informasi Umum"},
        {"key": "target_peserta_didik", "title": "Target peserta didik", "group": "Informasi Umum"},
        {
            "key": "model_pembelajaran",
            "title": "Model pembelajaran",
            "kind": "text",
            "group": "Informasi Umum",
        },
        {
            "key": "tujuan_pembelajaran",
            "title": "Tujuan pembelajaran",
            "group": "Komponen Inti",
            "help": "Dari Capaian Pembelajaran (CP) dan Alur Tujuan Pembelajaran (ATP)",
        },
        {
            "key": "asesmen",
            "title": "Asesmen",
            "group": "Komponen Inti",
            "help": "Diagnostik, formatif, sumatif",
        },
        {"key": "pemahaman_bermakna", "title": "Pemahaman bermakna", "group": "Komponen Inti"},
        {"key": "pertanyaan_pemantik", "title": "Pertanyaan pemantik", "group": "Komponen Inti"},
        {
            "key": "kegiatan_pendahuluan",
            "title": "Kegiatan pendahuluan",
            "group": "Komponen Inti",
            "help": "Dengan alokasi waktu",
        },
        {
            "key": "kegiatan_inti",
            "title": "Kegiatan inti",
            "group": "Komponen Inti",
            "help": "Dengan alokasi waktu",
        },
        {
            "key": "kegiatan_penutup",
            "title": "Kegiatan penutup",
            "group": "Komponen Inti",
            "help": "Dengan alokasi waktu",
        },
        {"key": "refleksi", "title": "Refleksi guru dan peserta didik", "group": "Komponen Inti"},
        {"key": "pengayaan_remedial", "title": "Pengayaan dan remedial", "group": "Komponen Inti"},
        {"key": "lkpd", "title": "Lembar kerja peserta didik (LKPD)", "group": "Lampiran"},
        {
            "key": "bahan_bacaan",
            "title": "Bahan bacaan guru dan peserta didik",
            "group": "Lampiran",
        },
        {"key": "glosarium", "title": "Glosarium", "group": "Lampiran"},
        {"key": "daftar_pustaka", "title": "Daftar pustaka", "group": "Lampiran"},
    ],
}

RPP_MENDALAM: TemplateSpec = {
    "key": "rpp-pembelajaran-mendalam",
    "name": "RPP Pembelajaran Mendalam (2025)",
    "description": "Identifikasi, desain pembelajaran, pengalaman belajar dan asesmen.",
    "sections": [
        {"key": "peserta_didik", "title": "Peserta didik", "group": "Identifikasi"},
        {"key": "materi", "title": "Materi pelajaran", "group": "Identifikasi"},
        {
            "key": "dimensi_profil_lulusan",
            "title": "Dimensi profil lulusan",
            "kind": "choices",
            "group": "Identifikasi",
            "options": DIMENSI_PROFIL_LULUSAN,
        },
        {
            "key": "capaian_pembelajaran",
            "title": "Capaian pembelajaran",
            "group": "Desain Pembelajaran",
        },
        {"key": "lintas_disiplin", "title": "Lintas disiplin ilmu", "group": "Desain Pembelajaran"},
        {
            "key": "tujuan_pembelajaran",
            "title": "Tujuan pembelajaran",
            "group": "Desain Pembelajaran",
        },
        {
            "key": "topik",
            "title": "Topik pembelajaran",
            "kind": "text",
            "group": "Desain Pembelajaran",
        },
        {"key": "praktik_pedagogis", "title": "Praktik pedagogis", "group": "Desain Pembelajaran"},
        {"key": "kemitraan", "title": "Kemitraan pembelajaran", "group": "Desain Pembelajaran"},
        {"key": "lingkungan", "title": "Lingkungan pembelajaran", "group": "Desain Pembelajaran"},
        {"key": "digital", "title": "Pemanfaatan digital", "group": "Desain Pembelajaran"},
        {
            "key": "memahami",
            "title": "Memahami",
            "group": "Pengalaman Belajar",
            "help": "Berkesadaran, bermakna, menggembirakan",
        },
        {"key": "mengaplikasi", "title": "Mengaplikasi", "group": "Pengalaman Belajar"},
        {"key": "merefleksi", "title": "Merefleksi", "group": "Pengalaman Belajar"},
        {"key": "asesmen_awal", "title": "Asesmen awal", "group": "Asesmen"},
        {"key": "asesmen_proses", "title": "Asesmen proses", "group": "Asesmen"},
        {"key": "asesmen_akhir", "title": "Asesmen akhir", "group": "Asesmen"},
    ],
}

TEMPLATES: list[TemplateSpec] = [MODUL_AJAR, RPP_MENDALAM]


class LevelSpec(TypedDict):
    score: int
    label: str
    descriptor: str


class CriterionSpec(TypedDict):
    title: str
    section_key: str
    description: str


class RubricSpec(TypedDict):
    key: str
    name: str
    levels: list[LevelSpec]
    criteria: list[CriterionSpec]


TELAAH_LEVELS: list[LevelSpec] = [
    {"score": 4, "label": "Sangat baik", "descriptor": "Tidak perlu revisi."},
    {"score": 3, "label": "Baik", "descriptor": "Perlu revisi untuk penyempurnaan."},
    {"score": 2, "label": "Cukup", "descriptor": "Konsep benar, perlu revisi agar lebih jelas."},
    {"score": 1, "label": "Kurang", "descriptor": "Ada kesalahan fakta, konsep, atau prosedur."},
]

PRESENCE_LEVELS: list[LevelSpec] = [
    {"score": 2, "label": "Ada dan lengkap", "descriptor": "Komponen ada dan lengkap."},
    {"score": 1, "label": "Ada, belum lengkap", "descriptor": "Komponen ada tetapi belum lengkap."},
    {"score": 0, "label": "Tidak ada", "descriptor": "Komponen tidak ada."},
]

TELAAH: RubricSpec = {
    "key": "telaah",
    "name": "Telaah Modul Ajar",
    "levels": TELAAH_LEVELS,
    "criteria": [
        {
            "title": "Tujuan pembelajaran sesuai CP/ATP dan dapat diukur",
            "section_key": "tujuan_pembelajaran",
            "description": "Tujuan memuat kompetensi dan konten, selaras dengan ATP.",
        },
        {
            "title": "Asesmen selaras dengan tujuan",
            "section_key": "asesmen",
            "description": "Ada asesmen diagnostik, formatif dan sumatif dengan kriteria jelas.",
        },
        {
            "title": "Pertanyaan pemantik dan pemahaman bermakna",
            "section_key": "pertanyaan_pemantik",
            "description": "Memantik rasa ingin tahu dan dekat dengan kehidupan peserta didik.",
        },
        {
            "title": "Kegiatan berpusat pada peserta didik",
            "section_key": "kegiatan_inti",
            "description": "Langkah jelas, alokasi waktu wajar, peserta didik aktif.",
        },
        {
            "title": "Diferensiasi: pengayaan dan remedial",
            "section_key": "pengayaan_remedial",
            "description": "Ada layanan bagi yang sudah dan yang belum mencapai tujuan.",
        },
        {
            "title": "Lampiran mendukung kegiatan",
            "section_key": "lkpd",
            "description": "LKPD dan bahan bacaan siap dipakai dan sesuai tujuan.",
        },
    ],
}

KELENGKAPAN: RubricSpec = {
    "key": "kelengkapan",
    "name": "Daftar periksa kelengkapan (0-2)",
    "levels": PRESENCE_LEVELS,
    "criteria": [
        {"title": "Kompetensi awal", "section_key": "kompetensi_awal", "description": ""},
        {"title": "Profil Pelajar Pancasila", "section_key": "profil_pancasila", "description": ""},
        {"title": "Sarana dan prasarana", "section_key": "sarana_prasarana", "description": ""},
        {"title": "Target peserta didik", "section_key": "target_peserta_didik", "description": ""},
        {"title": "Model pembelajaran", "section_key": "model_pembelajaran", "description": ""},
        {"title": "Tujuan pembelajaran", "section_key": "tujuan_pembelajaran", "description": ""},
        {"title": "Asesmen", "section_key": "asesmen", "description": ""},
        {"title": "Kegiatan pembelajaran", "section_key": "kegiatan_inti", "description": ""},
        {"title": "Refleksi", "section_key": "refleksi", "description": ""},
        {"title": "Lampiran", "section_key": "lkpd", "description": ""},
    ],
}

RUBRICS: list[RubricSpec] = [TELAAH, KELENGKAPAN]
