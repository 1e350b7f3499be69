"""What every school starts with: the model's teacher questionnaire (angket guru), a short parent
questionnaire, and a codebook mirroring the paper's findings (Hasil 1-6).

Plain data: services.questionnaires and services.coding create them.
"""

from dataclasses import dataclass, field

AGREE_5 = [
    ("Sangat tidak setuju", "Strongly disagree"),
    ("Tidak setuju", "Disagree"),
    ("Ragu-ragu", "Neutral"),
    ("Setuju", "Agree"),
    ("Sangat setuju", "Strongly agree"),
]
FREQUENCY_4 = [
    ("Tidak pernah", "Never"),
    ("Kadang-kadang", "Sometimes"),
    ("Sering", "Often"),
    ("Selalu", "Always"),
]


@dataclass(frozen=True)
class ItemSpec:
    name: str
    text: str
    text_en: str
    reverse: bool = False


@dataclass(frozen=True)
class ConstructSpec:
    code: str
    name: str
    name_en: str
    items: list[ItemSpec]


@dataclass(frozen=True)
class OpenSpec:
    name: str
    text: str
    text_en: str


@dataclass(frozen=True)
class QuestionnaireSpec:
    form_id: str
    audience: str
    title: str
    title_en: str
    description: str
    scale_name: str
    scale: list[tuple[str, str]]
    constructs: list[ConstructSpec]
    open_questions: list[OpenSpec] = field(default_factory=list)


TEACHER = QuestionnaireSpec(
    form_id="angket_guru_kombel",
    audience="teachers",
    title="Angket Guru: Lokakarya dan Komunitas Belajar",
    title_en="Teacher questionnaire: workshops and learning communities",
    description=(
        "Angket bulanan untuk guru peserta program. Tidak ada jawaban benar atau salah; "
        "jawablah sesuai pengalaman Anda bulan ini."
    ),
    scale_name="setuju5",
    scale=AGREE_5,
    constructs=[
        ConstructSpec(
            "kolaborasi",
            "Kolaborasi antarguru",
            "Collaboration",
            [
                ItemSpec(
                    "kol1",
                    "Saya merancang pembelajaran bersama rekan guru.",
                    "I design lessons together with colleagues.",
                ),
                ItemSpec(
                    "kol2",
                    "Saya berbagi bahan dan praktik baik dengan anggota komunitas belajar.",
                    "I share materials and good practice with my learning community.",
                ),
                ItemSpec(
                    "kol3",
                    "Rekan guru memberi masukan pada RPP atau modul ajar saya.",
                    "Colleagues give feedback on my lesson plans.",
                ),
                ItemSpec(
                    "kol4",
                    "Saya lebih suka menyiapkan pembelajaran sendiri tanpa melibatkan rekan.",
                    "I prefer to prepare lessons alone, without colleagues.",
                    reverse=True,
                ),
            ],
        ),
        ConstructSpec(
            "refleksi",
            "Praktik reflektif",
            "Reflective practice",
            [
                ItemSpec(
                    "ref1",
                    "Setelah mengajar, saya menilai apa yang berjalan baik dan apa yang kurang.",
                    "After teaching I consider what went well and what was lacking.",
                ),
                ItemSpec(
                    "ref2",
                    "Saya mengubah rencana pembelajaran berdasarkan hasil refleksi.",
                    "I change my lesson plans because of what I reflected on.",
                ),
                ItemSpec(
                    "ref3",
                    "Pertemuan komunitas membantu saya memahami praktik mengajar saya.",
                    "Community meetings help me understand my own teaching.",
                ),
                ItemSpec(
                    "ref4",
                    "Saya jarang punya waktu untuk memikirkan kembali cara saya mengajar.",
                    "I rarely have time to think again about how I teach.",
                    reverse=True,
                ),
            ],
        ),
        ConstructSpec(
            "motivasi",
            "Motivasi mengajar",
            "Motivation",
            [
                ItemSpec(
                    "mot1",
                    "Saya bersemangat mencoba metode pembelajaran baru.",
                    "I am keen to try new teaching methods.",
                ),
                ItemSpec(
                    "mot2",
                    "Kegiatan lokakarya menambah semangat saya dalam mengajar.",
                    "The workshops add to my enthusiasm for teaching.",
                ),
                ItemSpec(
                    "mot3",
                    "Saya merasa dihargai atas usaha saya memperbaiki pembelajaran.",
                    "I feel my efforts to improve teaching are appreciated.",
                ),
                ItemSpec(
                    "mot4",
                    "Saya merasa jenuh dengan tugas mengajar sehari-hari.",
                    "I feel weary of my daily teaching.",
                    reverse=True,
                ),
            ],
        ),
        ConstructSpec(
            "percaya_diri",
            "Kepercayaan diri pedagogis",
            "Pedagogical confidence",
            [
                ItemSpec(
                    "pd1",
                    "Saya yakin dapat mengelola kelas berbasis proyek.",
                    "I am confident I can run a project-based class.",
                ),
                ItemSpec(
                    "pd2",
                    "Saya yakin memakai media dan teknologi pembelajaran dengan baik.",
                    "I am confident using learning media and technology well.",
                ),
                ItemSpec(
                    "pd3",
                    "Saya mampu merancang asesmen yang sesuai dengan tujuan pembelajaran.",
                    "I can design assessment that fits the learning objectives.",
                ),
                ItemSpec(
                    "pd4",
                    "Saya ragu menerapkan pembelajaran kolaboratif di kelas saya.",
                    "I hesitate to use collaborative learning in my class.",
                    reverse=True,
                ),
            ],
        ),
        ConstructSpec(
            "keterlibatan_siswa",
            "Keterlibatan siswa (menurut guru)",
            "Perceived student engagement",
            [
                ItemSpec(
                    "ks1",
                    "Siswa saya aktif dalam diskusi kelompok.",
                    "My students take an active part in group discussion.",
                ),
                ItemSpec(
                    "ks2",
                    "Siswa saya antusias mengerjakan proyek.",
                    "My students are enthusiastic about projects.",
                ),
                ItemSpec(
                    "ks3",
                    "Siswa saya melakukan refleksi atas hasil belajarnya.",
                    "My students reflect on their own learning.",
                ),
                ItemSpec(
                    "ks4",
                    "Sebagian besar siswa saya pasif selama pembelajaran.",
                    "Most of my students are passive during lessons.",
                    reverse=True,
                ),
            ],
        ),
    ],
    open_questions=[
        OpenSpec(
            "perubahan",
            "Apa perubahan terbesar dalam cara Anda mengajar bulan ini?",
            "What was the biggest change in how you taught this month?",
        ),
        OpenSpec(
            "hambatan",
            "Apa hambatan terbesar yang Anda hadapi, dan dukungan apa yang Anda perlukan?",
            "What was your biggest obstacle, and what support do you need?",
        ),
    ],
)

PARENT = QuestionnaireSpec(
    form_id="angket_orang_tua",
    audience="parents",
    title="Angket Orang Tua: Pembelajaran Anak",
    title_en="Parent questionnaire: your child's learning",
    description="Tiga pertanyaan singkat tentang cara anak Anda bercerita tentang sekolah.",
    scale_name="sering4",
    scale=FREQUENCY_4,
    constructs=[
        ConstructSpec(
            "dukungan_ortu",
            "Keterlibatan dalam belajar anak",
            "Involvement in the child's learning",
            [
                ItemSpec(
                    "ot1",
                    "Anak saya bercerita tentang proyek atau kerja kelompok di sekolah.",
                    "My child talks about projects or group work at school.",
                ),
                ItemSpec(
                    "ot2",
                    "Anak saya bersemangat berangkat ke sekolah.",
                    "My child is keen to go to school.",
                ),
                ItemSpec(
                    "ot3",
                    "Sekolah mengajak saya terlibat dalam kegiatan belajar anak.",
                    "The school invites me to take part in my child's learning.",
                ),
            ],
        )
    ],
    open_questions=[
        OpenSpec(
            "saran_ortu",
            "Apa saran Bapak/Ibu untuk pembelajaran di sekolah?",
            "What would you suggest for learning at the school?",
        )
    ],
)


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    description: str
    color: str
    codes: list[tuple[str, str]]  # (name, description)


# The paper's findings (Hasil 1-6), each a theme with the codes that make it up.
CODEBOOK = [
    ThemeSpec(
        "Pembentukan komunitas belajar",
        "Guru membentuk kelompok menurut mapel dan jenjang, aktif berbagi dan merancang bersama.",
        "#2F5FB3",
        [
            ("Kelompok mapel dan jenjang", "Komunitas dibentuk menurut mata pelajaran dan kelas."),
            ("Berbagi pengalaman", "Guru menceritakan pengalaman mengajar kepada rekan."),
            ("Perencanaan bersama", "RPP atau modul ajar disusun bersama."),
            ("Peer-review RPP", "Rekan menelaah dan memberi masukan pada RPP."),
        ],
    ),
    ThemeSpec(
        "Profesionalisme guru",
        "Guru menerapkan metode kolaboratif dan proyek, media inovatif, lebih percaya diri.",
        "#0B6E4F",
        [
            ("Metode kolaboratif dan proyek", "Pembelajaran kolaboratif atau berbasis proyek."),
            ("Media dan teknologi", "Media pembelajaran inovatif atau digital."),
            ("Kepercayaan diri guru", "Guru merasa lebih yakin mencoba cara baru."),
            ("Refleksi praktik", "Guru menilai dan memperbaiki praktik mengajarnya."),
        ],
    ),
    ThemeSpec(
        "Kolaborasi sekolah dan komunitas",
        "Orang tua dalam forum belajar; tokoh masyarakat memberi masukan yang relevan lokal.",
        "#7A4EB0",
        [
            ("Forum belajar orang tua", "Orang tua ikut forum belajar atau memberi umpan balik."),
            ("Masukan tokoh masyarakat", "Tokoh masyarakat memberi perspektif dan materi lokal."),
        ],
    ),
    ThemeSpec(
        "Dampak pada pembelajaran",
        "Siswa lebih terlibat dalam proyek, diskusi kelompok dan refleksi.",
        "#C05A00",
        [
            ("Keterlibatan siswa", "Siswa aktif, antusias, bertanya."),
            ("Diskusi dan kerja kelompok", "Siswa berdiskusi dan bekerja dalam kelompok."),
            ("Refleksi siswa", "Siswa merefleksikan hasil belajarnya."),
        ],
    ),
    ThemeSpec(
        "Tantangan",
        "Keterbatasan waktu, resistensi terhadap perubahan, kebutuhan pendampingan berkelanjutan.",
        "#B3261E",
        [
            ("Keterbatasan waktu", "Waktu guru tidak cukup untuk kegiatan tambahan."),
            ("Resistensi terhadap perubahan", "Keengganan meninggalkan metode lama."),
            ("Kebutuhan pendampingan", "Guru meminta bimbingan atau pendampingan lanjutan."),
        ],
    ),
    ThemeSpec(
        "Keberlanjutan",
        "Tim fasilitator internal, pertemuan rutin dan monitoring berkala.",
        "#5B6475",
        [
            ("Tim fasilitator internal", "Peran fasilitator internal menjaga komunitas."),
            ("Pertemuan rutin", "Komunitas bertemu terjadwal."),
            ("Monitoring berkala", "Pemantauan praktik dan hasil belajar siswa."),
        ],
    ),
]
