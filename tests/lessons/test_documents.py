"""DOCX and PDF exports read back; a teacher's DOCX imported into sections."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from kombel.lessons import services
from kombel.lessons.documents import plan_docx, plan_pdf
from kombel.lessons.models import LessonPlan, PlanTemplate
from tests.factories.lessons import plan_for

pytestmark = [
    pytest.mark.django_db,
    # this machine's Pango lacks HarfBuzz-Subset, which WeasyPrint will need one day
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
]

TEXTS = {
    "tujuan_pembelajaran": "Peserta didik menjelaskan **rantai makanan** di sawah.",
    "asesmen": "- Diagnostik: tanya jawab\n- Sumatif: tes uraian",
    "lkpd": "| No | Hewan |\n|---|---|\n| 1 | Belalang |",
    "profil_pancasila": "Mandiri\nKreatif",
}


def _plan(team):  # type: ignore[no-untyped-def]
    return LessonPlan.objects.select_related("school", "template", "subject").get(
        pk=plan_for(team.school, team.teachers[0], title="Rantai Makanan", write=TEXTS).pk
    )


def test_the_docx_export_reads_back(team):
    doc = Document(io.BytesIO(plan_docx(_plan(team))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "MODUL AJAR" in text and "Rantai Makanan" in text
    assert "Peserta didik menjelaskan rantai makanan di sawah." in text
    assert "Sumatif: tes uraian" in text and "Kreatif" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert team.school.name in cells and "Guru 1" in cells and "Belalang" in cells


def test_the_pdf_export_reads_back(team):
    reader = PdfReader(io.BytesIO(plan_pdf(_plan(team))))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Rantai Makanan" in text and team.school.name in text
    assert "rantai makanan" in text and "Belalang" in text


def test_a_docx_is_imported_headings_to_sections_the_rest_kept(team):
    doc = Document()
    doc.add_heading("Modul Ajar IPA: Fotosintesis", level=0)
    doc.add_heading("A. Tujuan Pembelajaran", level=2)
    doc.add_paragraph("Menjelaskan proses fotosintesis.")
    doc.add_heading("Asesmen", level=2)
    doc.add_paragraph("Tes tertulis", style="List Bullet")
    doc.add_heading("Catatan Kepala Sekolah", level=2)
    doc.add_paragraph("Sudah diperiksa tahun lalu.")
    out = io.BytesIO()
    doc.save(out)
    services.defaults_install(school=team.school)
    template = PlanTemplate.objects.get(school=team.school, key="modul-ajar")
    plan = services.plan_import_docx(
        actor=team.teachers[0], school=team.school, template=template, data=out.getvalue()
    )
    assert plan.title == "Modul Ajar IPA: Fotosintesis"
    sections = dict(plan.sections.values_list("key", "content"))
    assert sections["tujuan_pembelajaran"] == "Menjelaskan proses fotosintesis."
    assert sections["asesmen"] == "- Tes tertulis"
    assert "Catatan Kepala Sekolah" in sections["lainnya"]
    assert "Sudah diperiksa tahun lalu." in sections["lainnya"]
    assert plan.revisions.count() == 1


def test_a_file_that_is_no_docx_or_too_large_is_refused(team):
    services.defaults_install(school=team.school)
    template = PlanTemplate.objects.get(school=team.school, key="modul-ajar")
    for data in (b"bukan docx", b"x" * (5 * 1024 * 1024 + 1)):
        with pytest.raises(ValidationError) as e:
            services.plan_import_docx(
                actor=team.teachers[0], school=team.school, template=template, data=data
            )
        assert "file" in e.value.message_dict
    assert not LessonPlan.objects.filter(school=team.school).exists()


def test_the_export_pages_answer_files(client, team):
    plan = _plan(team)
    client.force_login(team.teachers[2])
    base = f"/s/{team.school.npsn}/lessons/{plan.pk}/"
    docx = client.get(base + "export.docx")
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('rantai-makanan.docx"')
    assert client.get(base + "export.pdf").content.startswith(b"%PDF")
