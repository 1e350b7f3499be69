"""Qualitative coding: the default codebook, coding passages, the analysis, and REFI-QDA."""

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema
from django.core.exceptions import ValidationError
from django_scopes import scope

from kombel.evaluation import refi
from kombel.evaluation.defaults import CODEBOOK
from kombel.evaluation.enums import AgreementUnit, SourceType
from kombel.evaluation.models import Code, Coding, Document, Interview
from kombel.evaluation.queries import coding as analysis
from kombel.evaluation.services import coding
from kombel.schools.enums import Role
from tests.evaluation.conftest import TODAY, member

pytestmark = pytest.mark.usefixtures("scoped")
# The schemas the issue names; CI lays shared/ beside the checkout.
SHARED = next(
    (
        p / "shared" / "refi-qda"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "refi-qda").is_dir()
    ),
    None,
)
QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti"><Codes>
<Code guid="11111111-1111-4111-8111-111111111111" name="Kolaborasi" isCodable="false"
 color="#3366CC"><Description>Tema induk</Description>
<Code guid="22222222-2222-4222-8222-222222222222" name="Berbagi praktik baik" isCodable="true"/>
</Code></Codes></CodeBook>"""
ENTITIES = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-1111-4111-8111-111111111111" name="&a;" isCodable="true"/>
</Codes></CodeBook>"""
TEXT = "Kami berbagi RPP 😀 dengan rekan. Waktu kami terbatas sekali. Siswa lebih aktif berdiskusi."


@pytest.fixture
def scoped(school):  # type: ignore[no-untyped-def]
    with scope(school=[school.pk]):
        yield


@pytest.fixture
def mentor(school):  # type: ignore[no-untyped-def]
    return member(school, Role.MENTOR, full_name="Dr. Ratna Juwita")


@pytest.fixture
def codebook(programme, mentor):  # type: ignore[no-untyped-def]
    return coding.codebook_for(programme=programme, actor=mentor)


@pytest.fixture
def codes(codebook):  # type: ignore[no-untyped-def]
    return {c.name: c for c in Code.objects.filter(codebook=codebook, is_codable=True)}


@pytest.fixture
def document(programme, mentor):  # type: ignore[no-untyped-def]
    interview = Interview.objects.create(
        school=programme.school,
        programme=programme,
        month=TODAY.replace(day=1),
        held_on=TODAY,
        interviewee_role=Role.TEACHER,
        interviewer=mentor,
        consent_given=True,
        transcript=TEXT,
    )
    return coding.document_open(
        programme=programme, actor=mentor, source_type=SourceType.INTERVIEW, source_id=interview.pk
    )


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def test_the_default_codebook_mirrors_the_papers_findings(codebook):
    themes = list(Code.objects.filter(codebook=codebook, parent=None).order_by("order"))
    assert [t.name for t in themes] == [
        "Pembentukan komunitas belajar",
        "Profesionalisme guru",
        "Kolaborasi sekolah dan komunitas",
        "Dampak pada pembelajaran",
        "Tantangan",
        "Keberlanjutan",
    ]
    assert not any(t.is_codable for t in themes)
    assert Code.objects.filter(codebook=codebook, is_codable=True).count() == sum(
        len(t.codes) for t in CODEBOOK
    )


def test_a_passage_gets_several_codes_from_several_coders(document, codes, mentor, facilitator):
    start, end = span(document.text, "Kami berbagi RPP 😀 dengan rekan.")
    coding.coding_add(
        document=document,
        actor=mentor,
        codes=[codes["Berbagi pengalaman"], codes["Peer-review RPP"]],
        start=start,
        end=end,
    )
    coding.coding_add(
        document=document, actor=mentor, codes=[codes["Peer-review RPP"]], start=start, end=end
    )
    coding.coding_add(
        document=document, actor=facilitator, codes=[codes["Peer-review RPP"]], start=start, end=end
    )
    assert Coding.objects.count() == 3  # the repeated one changed nothing
    passages = list(analysis.passages_of(codes["Peer-review RPP"]))
    assert [(p.passage, p.coder) for p in passages] == [
        ("Kami berbagi RPP 😀 dengan rekan.", mentor),
        ("Kami berbagi RPP 😀 dengan rekan.", facilitator),
    ]
    assert passages[0].document.source_type == SourceType.INTERVIEW


def test_passages_are_found_by_their_words_or_refused_clearly(document):
    text = document.text
    assert coding.locate(text, "Waktu kami terbatas", None, None) == span(
        text, "Waktu kami terbatas"
    )
    with pytest.raises(ValidationError) as error:
        coding.locate(text, "ber", None, None)
    assert error.value.message_dict == {
        "passage": ["This passage occurs 2 times; select a longer one."]
    }
    with pytest.raises(ValidationError):
        coding.locate(text, "tidak ada", None, None)
    # Offsets from the page (code points) win when they select the passage.
    assert coding.locate(text, "dengan", 19, 25) == (19, 25)
    assert text[19:25] == "dengan"


def test_the_text_coded_is_a_copy_that_edits_do_not_move(document, mentor, programme):
    interview = Interview.objects.get()
    interview.transcript = "Teks baru."
    interview.save()
    again = coding.document_open(
        programme=programme, actor=mentor, source_type=SourceType.INTERVIEW, source_id=interview.pk
    )
    assert (again, again.text) == (document, TEXT)


def test_frequencies_cooccurrence_and_agreement(
    document, codes, mentor, facilitator, programme, codebook
):
    text = document.text
    s1, s2, s3 = (
        span(text, "Kami berbagi RPP 😀 dengan rekan."),
        span(text, "Waktu kami terbatas sekali."),
        span(text, "Siswa lebih aktif berdiskusi."),
    )
    add = coding.coding_add
    add(
        document=document,
        actor=mentor,
        codes=[codes["Peer-review RPP"], codes["Berbagi pengalaman"]],
        start=s1[0],
        end=s1[1],
    )
    add(
        document=document, actor=mentor, codes=[codes["Keterbatasan waktu"]], start=s2[0], end=s2[1]
    )
    add(
        document=document,
        actor=facilitator,
        codes=[codes["Peer-review RPP"]],
        start=s1[0],
        end=s1[1],
    )
    add(
        document=document,
        actor=facilitator,
        codes=[codes["Keterlibatan siswa"]],
        start=s3[0],
        end=s3[1],
    )
    f = analysis.frequencies(codebook)
    assert f.totals[codes["Peer-review RPP"].pk] == 2
    assert f.by_source[codes["Peer-review RPP"].pk] == {SourceType.INTERVIEW: 2}
    assert f.by_month[codes["Keterbatasan waktu"].pk] == {TODAY.replace(day=1): 1}
    _codes, pairs = analysis.cooccurrence(codebook)
    peer, share = codes["Peer-review RPP"].pk, codes["Berbagi pengalaman"].pk
    assert pairs == {(share, peer): 2} or pairs == {(peer, share): 2}
    result = analysis.agreement(codebook, AgreementUnit.SENTENCE)
    assert (result.documents, result.units, len(result.coders)) == (1, 3, 2)
    rows = {r.code.name: r for r in result.codes}
    assert rows["Peer-review RPP"].kappas[0][2] == pytest.approx(1.0)  # the same sentence
    assert rows["Peer-review RPP"].coded_units == 1
    # Waktu: the mentor said yes on unit 2, the facilitator nowhere: kappa 0, alpha 0.
    assert rows["Keterbatasan waktu"].kappas[0][2] == pytest.approx(0.0)
    assert rows["Keterbatasan waktu"].alpha == pytest.approx(0.0)
    segments = analysis.agreement(codebook, AgreementUnit.SEGMENT)
    assert segments.units == 3  # the coded pieces only: uncoded text does not count


def test_keyword_suggestions_use_sastrawi_stems(document, codes, mentor):
    start, end = span(document.text, "Waktu kami terbatas sekali.")
    coding.coding_add(
        document=document, actor=mentor, codes=[codes["Keterbatasan waktu"]], start=start, end=end
    )
    found = analysis.suggestions(codes["Keterlibatan siswa"])
    stems = [k.stem for k in found.keywords]
    assert "siswa" in stems and "aktif" in stems
    assert [s[1] for s in found.sentences] == ["Siswa lebih aktif berdiskusi."]


def _schema(name: str):  # type: ignore[no-untyped-def]
    return xmlschema.XMLSchema(str(SHARED / name)) if SHARED else refi.schema(name)


def test_the_codebook_exports_as_a_valid_qdc_with_stable_guids(codebook):
    body = refi.codebook_qdc(list(Code.objects.filter(codebook=codebook)))
    assert not body.startswith(b"\xef\xbb\xbf") and body.startswith(b"<?xml")
    _schema("Codebook.xsd").validate(io.BytesIO(body))
    again = refi.codebook_qdc(list(Code.objects.filter(codebook=codebook)))
    assert body == again
    theme = Code.objects.filter(codebook=codebook, parent=None).order_by("order").first()
    assert f'guid="{str(theme.pk).upper()}"'.encode() in body
    assert b'isCodable="false"' in body


def test_the_project_exports_as_a_valid_qdpx(document, codes, mentor):
    start, end = span(document.text, "dengan rekan")
    coding.coding_add(
        document=document, actor=mentor, codes=[codes["Berbagi pengalaman"]], start=start, end=end
    )
    codings = list(Coding.objects.all())
    body = refi.project_qdpx(
        name="Program",
        codes=list(Code.objects.all()),
        sources=[refi.ProjectSource(document, codings)],
        users=[mentor],
        created=codings[0].created_at,
        description="Ekspor",
    )
    archive = zipfile.ZipFile(io.BytesIO(body))
    names = archive.namelist()
    assert names[0] == "project.qde" and names[1].startswith("sources/")
    project = archive.read("project.qde")
    _schema("Project.xsd").validate(io.BytesIO(project))
    source = archive.read(names[1])
    assert not source.startswith(b"\xef\xbb\xbf")
    assert source.decode("utf-8") == TEXT
    # Zero-based code points, end exclusive: the emoji counts one, not two (UTF-16) or four.
    assert f'startPosition="{start}" endPosition="{end}"'.encode() in project
    assert TEXT[start:end] == "dengan rekan" and start == 19
    assert f'plainTextPath="internal://{names[1][8:]}"'.encode() in project
    assert (
        refi.project_qdpx(
            name="Program",
            codes=list(Code.objects.all()),
            sources=[refi.ProjectSource(document, codings)],
            users=[mentor],
            created=codings[0].created_at,
            description="Ekspor",
        )
        == body
    )


@pytest.mark.skipif(SHARED is None, reason="shared/refi-qda is not beside the checkout")
def test_the_shipped_schemas_are_the_shared_ones():
    for name in ("Codebook.xsd", "Project.xsd"):
        assert (refi.SCHEMAS / name).read_bytes() == (SHARED / name).read_bytes()


def test_a_qdc_codebook_is_imported_keeping_its_guids(codebook, mentor):
    qdc = QDC.encode()
    assert coding.codebook_import_qdc(codebook=codebook, actor=mentor, data=qdc) == 2
    child = Code.objects.get(name="Berbagi praktik baik")
    assert str(child.pk) == "22222222-2222-4222-8222-222222222222"
    assert (child.parent.name, child.parent.description, child.parent.is_codable) == (
        "Kolaborasi",
        "Tema induk",
        False,
    )
    assert (
        coding.codebook_import_qdc(codebook=codebook, actor=mentor, data=qdc) == 0
    )  # again: no copy


@pytest.mark.parametrize(
    ("data", "first"),
    [
        (
            b"<CodeBook><Codes>",
            "This file is not valid XML, so it is not a REFI-QDA codebook (.qdc).",
        ),
        (
            b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>',
            "The file is not a valid REFI-QDA codebook:",
        ),
        (ENTITIES.encode(), "This file is not valid XML, so it is not a REFI-QDA codebook (.qdc)."),
    ],
)
def test_a_bad_qdc_adds_nothing(codebook, mentor, data, first):
    before = Code.objects.count()
    with pytest.raises(ValidationError) as error:
        coding.codebook_import_qdc(codebook=codebook, actor=mentor, data=data)
    assert error.value.messages[0] == first
    assert Code.objects.count() == before
    assert not Document.objects.exists()
