"""XLSForm out (converts with pyxform) and in (all or nothing, every problem named), and
answers imported from KoboToolbox/ODK and Google Forms exports (preview, then all or nothing)."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from kombel.core.workbooks import OLE2
from kombel.evaluation import xlsform
from kombel.evaluation.enums import ImportFormat, ResponseSource
from kombel.evaluation.models import Item, Questionnaire, Response
from kombel.evaluation.services import imports, questionnaires

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture
def scoped(school):  # type: ignore[no-untyped-def]
    with scope(school=[school.pk]):
        yield


def workbook(survey: list[list[str]], choices: list[list[str]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        sheet = book.create_sheet("choices")
        for row in choices:
            sheet.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Angket uji", "angket_uji"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_exported_questionnaire_converts_cleanly_with_pyxform(questionnaire):
    data = xlsform.export_xlsform(questionnaire)
    warnings: list[str] = []
    result = convert(xlsform=data, warnings=warnings, file_type=".xlsx")
    assert warnings == []
    xml = result.xform
    assert 'appearance="likert"' in xml
    assert "Sangat setuju" in xml and "Strongly agree" in xml
    assert "Indonesian (id)" in xml and "English (en)" in xml
    survey = load_workbook(io.BytesIO(data))["survey"]
    header = [c.value for c in survey[1]]
    assert header[:4] == ["type", "name", "label::Indonesian (id)", "label::English (en)"]
    row = next(r for r in survey.iter_rows(values_only=True) if r[1] == "kol4")
    assert (row[0], row[5], row[6], row[7]) == ("select_one setuju5", "likert", "kolaborasi", "yes")


def test_text_typed_like_a_formula_stays_text_in_the_exported_form(questionnaire):
    item = questionnaire.items.filter(kind="likert").order_by("order").first()
    item.text = '=HYPERLINK("http://x","klik")'
    item.save()
    survey = load_workbook(io.BytesIO(xlsform.export_xlsform(questionnaire)))["survey"]
    cell = next(row[2] for row in survey.iter_rows() if row[1].value == item.name)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (item.text, "s", True)


def test_an_exported_form_comes_back_as_the_same_questionnaire(questionnaire, school, principal):
    data = xlsform.export_xlsform(questionnaire)
    questionnaire.form_id = "angket_lama"
    questionnaire.save()
    copy = questionnaires.questionnaire_import_xlsform(
        school=school, actor=principal, data=data, audience="teachers"
    )

    def shape(q: Questionnaire) -> list[tuple]:
        return [
            (
                i.name,
                i.kind,
                i.text,
                i.text_en,
                i.reverse,
                i.required,
                i.construct.code if i.construct else None,
                i.section.name if i.section else None,
                i.scale.labels if i.scale else None,
            )
            for i in Item.objects.filter(questionnaire=q).select_related(
                "construct", "section", "scale"
            )
        ]

    assert shape(copy) == shape(questionnaire)
    assert [c.name for c in copy.constructs.all()] == [
        c.name for c in questionnaire.constructs.all()
    ]
    assert copy.form_id == "angket_guru_kombel"


def test_an_xlsform_with_unknown_types_or_missing_choices_is_refused_whole(school, principal):
    data = workbook(
        [
            ["type", "name", "label::Indonesian (id)"],
            ["note", "intro", "Selamat datang"],
            ["select_one setuju", "q1", "Saya berbagi RPP"],
            ["geopoint", "lokasi", "Lokasi sekolah"],
            ["select_one tidakada", "q2", "Saya merefleksi"],
            ["text", "q1", "Nama dobel"],
        ],
        [
            ["list_name", "name", "label::Indonesian (id)"],
            ["setuju", "1", "Tidak"],
            ["setuju", "2", "Ya"],
        ],
    )
    with pytest.raises(ValidationError) as error:
        questionnaires.questionnaire_import_xlsform(
            school=school, actor=principal, data=data, audience="teachers"
        )
    assert error.value.messages == [
        "Survey, row 4: the type “geopoint” is not supported. A Kombel questionnaire holds "
        "Likert questions (select_one with numbered choices) and open questions (text).",
        "Survey, row 5: the choice list “tidakada” is not on the choices sheet.",
        "Survey, row 6: the name “q1” is used twice.",
    ]
    assert not Questionnaire.objects.exists() and not Item.objects.exists()


def test_likert_choices_must_be_numbered_and_a_file_must_be_a_workbook(school, principal):
    data = workbook(
        [["type", "name", "label"], ["select_one s", "q1", "Saya berbagi"]],
        [["list_name", "name", "label"], ["s", "ya", "Ya"], ["s", "tidak", "Tidak"]],
    )
    with pytest.raises(ValidationError) as error:
        questionnaires.questionnaire_import_xlsform(
            school=school, actor=principal, data=data, audience="teachers"
        )
    assert "is not a number" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        questionnaires.questionnaire_import_xlsform(
            school=school, actor=principal, data=b"not a workbook", audience="teachers"
        )
    assert error.value.messages == [
        "This file is not an Excel workbook (.xlsx or .xls) holding an XLSForm."
    ]
    # a damaged .xls (the right signature, nothing after it): the same clear message
    with pytest.raises(ValidationError) as error:
        questionnaires.questionnaire_import_xlsform(
            school=school, actor=principal, data=OLE2 + b"\0" * 100, audience="teachers"
        )
    assert "not an Excel workbook (.xlsx or .xls)" in error.value.messages[0]
    assert not Questionnaire.objects.exists()


DATA = Path(__file__).parent / "data"


def test_an_older_xls_xlsform_is_imported_like_an_xlsx(school, principal):
    """angket_lama.xls was written by xlwt (Excel 97-2003), as older ODK forms are; pyxform
    converts it too."""
    data = (DATA / "angket_lama.xls").read_bytes()
    made = questionnaires.questionnaire_import_xlsform(
        school=school, actor=principal, data=data, audience="teachers", file_name="a.xls"
    )
    assert (made.title, made.form_id) == ("Angket lama (xls)", "angket_lama")
    items = list(made.items.select_related("section", "construct", "scale").order_by("order"))
    assert [(i.name, i.kind, i.reverse) for i in items] == [
        ("s1", "likert", False),
        ("s2", "likert", True),
        ("saran", "open", False),
    ]
    assert items[0].section.title_en == "Working climate"
    assert items[0].construct.code == "dukungan"
    assert items[0].scale.labels[3] == ["Sangat setuju", "Strongly agree"]


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_an_ods_spreadsheet_is_refused_with_the_way_out(school, principal, wave):
    with pytest.raises(ValidationError) as error:
        questionnaires.questionnaire_import_xlsform(
            school=school, actor=principal, data=_ods(), audience="teachers"
        )
    assert "Save As > Excel 2007-365 (.xlsx)" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        _upload(wave, principal, "jawaban.ods", _ods())
    assert "(.ods) cannot be read" in error.value.message_dict["file"][0]


def test_a_kobo_export_saved_as_xls_is_read_too(wave, principal):
    record = _upload(wave, principal, "kobo.xls", (DATA / "kobo_export.xls").read_bytes())
    plan = imports.import_plan(record)
    assert plan.responses[0].submitted_on == datetime.date(2026, 11, 28)
    assert imports.import_apply(record=record, actor=principal) == 1
    response = Response.objects.get()
    assert (response.likert, response.open) == (
        {"kol1": 2, "ks4": 5},
        {"perubahan": "Lebih banyak diskusi"},
    )


def _upload(wave, user, name: str, body: bytes):  # type: ignore[no-untyped-def]
    return imports.import_upload(wave=wave, actor=user, upload=SimpleUploadedFile(name, body))


def test_a_kobo_csv_export_is_previewed_then_imported(wave, principal):
    body = (
        b"start;end;kolaborasi/kol1;kolaborasi/kol2;Setelah mengajar, saya menilai apa yang "
        b"berjalan baik dan apa yang kurang.;perubahan;_uuid;_submission_time\n"
        b"x;y;4;5;Setuju;Lebih banyak diskusi;u-1;2026-11-28T10:00:00\n"
        b"x;y;3;Sangat setuju;2;;u-2;2026-11-29T08:00:00\n"
    )
    record = _upload(wave, principal, "kobo.csv", body)
    plan = imports.import_plan(record)
    assert plan.format == ImportFormat.KOBO
    assert [(m.header, m.item.name, m.by) for m in plan.matches] == [
        ("kolaborasi/kol1", "kol1", "path"),
        ("kolaborasi/kol2", "kol2", "path"),
        (
            "Setelah mengajar, saya menilai apa yang berjalan baik dan apa yang kurang.",
            "ref1",
            "label",
        ),
        ("perubahan", "perubahan", "name"),
    ]
    assert plan.ignored == [] and plan.ready
    assert Response.objects.count() == 0  # the preview writes nothing
    assert imports.import_apply(record=record, actor=principal) == 2
    rows = sorted(
        Response.objects.values_list("external_id", "likert", "open", "source", "submitted_on")
    )
    assert [r[:4] for r in rows] == [
        (
            "kobo:u-1",
            {"kol1": 4, "kol2": 5, "ref1": 4},
            {"perubahan": "Lebih banyak diskusi"},
            ResponseSource.IMPORT,
        ),
        ("kobo:u-2", {"kol1": 3, "kol2": 5, "ref1": 2}, {}, ResponseSource.IMPORT),
    ]
    assert str(rows[0][4]) == "2026-11-28"
    assert imports.import_apply(record=record, actor=principal) == 0  # replayed: nothing twice
    again = imports.import_plan(_upload(wave, principal, "kobo.csv", body))
    assert (again.duplicates, again.responses) == (2, [])


def test_a_google_forms_csv_matches_by_question_text(wave, principal):
    body = (
        '"Timestamp","Saya merancang pembelajaran bersama rekan guru.",'
        '"Apa perubahan terbesar dalam cara Anda mengajar bulan ini?","Email"\n'
        '"2026/11/28 10:12:33 AM GMT+7","Sangat setuju","Proyek kebun karet","a@b.c"\n'
        '"2026/11/28 10:12:33 AM GMT+7","4","","d@e.f"\n'
    ).encode("utf-8-sig")
    plan = imports.import_plan(_upload(wave, principal, "Angket (Responses).csv", body))
    assert plan.format == ImportFormat.GOOGLE
    assert [m.item.name for m in plan.matches] == ["kol1", "perubahan"]
    assert plan.ignored == ["Email"]
    assert [(p.likert, p.open) for p in plan.responses] == [
        ({"kol1": 5}, {"perubahan": "Proyek kebun karet"}),
        ({"kol1": 4}, {}),
    ]
    assert len({p.external_id for p in plan.responses}) == 2  # same second, still two rows


def test_a_google_forms_grid_question_maps_each_row_to_a_question(wave, principal):
    """A multiple-choice grid: one column per row, headed "Question [Row]"; the row is the
    question's text (either language) or its name."""
    body = (
        b'"Timestamp","Kolaborasi antarguru [Saya merancang pembelajaran bersama rekan guru.]",'
        b'"Collaboration [I share materials and good practice with my learning community.]",'
        b'"Kolaborasi [kol3]","Kolaborasi [Baris yang tidak ada]"\n'
        b'"28/11/2026 10:12:33","Setuju","Strongly agree","2","Setuju"\n'
    )
    record = _upload(wave, principal, "Angket (Responses).csv", body)
    plan = imports.import_plan(record)
    assert [(m.item.name, m.by) for m in plan.matches] == [
        ("kol1", "grid"),
        ("kol2", "grid"),
        ("kol3", "grid"),
    ]
    assert plan.ignored == ["Kolaborasi [Baris yang tidak ada]"]
    assert [p.likert for p in plan.responses] == [{"kol1": 4, "kol2": 5, "kol3": 2}]
    assert imports.import_apply(record=record, actor=principal) == 1


def test_a_grid_row_shared_by_two_questions_goes_to_the_grids_section(
    wave, questionnaire, principal
):
    """Two grids may repeat a row ("Overall"): the grid's title names the section."""
    for section in ("kolaborasi", "refleksi"):
        questionnaires.item_add(
            questionnaire=questionnaire,
            actor=principal,
            version=None,
            name=f"{section}_umum",
            kind="likert",
            text="Secara keseluruhan",
            section=questionnaire.sections.get(name=section),
            scale=questionnaire.scales.get(),
            required=False,
        )
    reflection = questionnaire.sections.get(name="refleksi").title
    body = (
        f'"Timestamp","{reflection} [Secara keseluruhan]"\n"28/11/2026 10:12:33","3"\n'
    ).encode()
    plan = imports.import_plan(_upload(wave, principal, "g.csv", body))
    assert [m.item.name for m in plan.matches] == ["refleksi_umum"]


def test_a_kobo_xlsx_export_is_read_too(wave, principal):
    book = Workbook()
    sheet = book.active
    sheet.append(["kol1", "ks4", "_uuid"])
    sheet.append([2, 5, "k-1"])
    out = io.BytesIO()
    book.save(out)
    record = _upload(wave, principal, "kobo.xlsx", out.getvalue())
    assert imports.import_apply(record=record, actor=principal) == 1
    assert Response.objects.get().likert == {"kol1": 2, "ks4": 5}  # stored as answered


def test_one_bad_row_imports_nothing_and_says_where(wave, principal):
    body = b"kol1,kol2,_uuid\n4,5,a\n9,3,b\n4,kadang,c\n"
    record = _upload(wave, principal, "kobo.csv", body)
    plan = imports.import_plan(record)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "kol1"), (4, "kol2")]
    with pytest.raises(ValidationError) as error:
        imports.import_apply(record=record, actor=principal)
    assert error.value.messages == [
        "Row 3, column “kol1”: “9” is not a point of the scale 1 to 5.",
        "Row 4, column “kol2”: “kadang” is not a point of the scale 1 to 5.",
    ]
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("a.txt", b"x", "Upload the export as .xlsx, .xls or .csv."),
        ("a.csv", b"kol1\n", "The file holds no answers (a header row and at least one row)."),
        (
            "a.csv",
            "kol1\n\xe9".encode("latin-1"),
            "Save the CSV file as UTF-8 and upload it again.",
        ),
        ("a.xlsx", b"PK not really", "This file is not a readable Excel workbook."),
    ],
)
def test_unreadable_exports_are_refused_at_upload(wave, principal, name, body, message):
    with pytest.raises(ValidationError) as error:
        _upload(wave, principal, name, body)
    assert error.value.message_dict == {"file": [message]}
