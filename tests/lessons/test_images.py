"""Images in a section's rich text: resized for phones, re-encoded without EXIF, served only to
those who may read the plan, shown on the page and kept in the DOCX and PDF exports."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image
from pypdf import PdfReader

from kombel.lessons import services
from kombel.lessons.documents import plan_docx, plan_pdf
from kombel.lessons.models import LessonPlan, PlanImage, PlanSection
from kombel.schools.enums import Role
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.factories.lessons import plan_for

pytestmark = [
    pytest.mark.django_db,
    # this machine's Pango lacks HarfBuzz-Subset, which WeasyPrint will need one day
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
]


def _photo(size=(3000, 2000), fmt="JPEG", name="foto.jpg", exif=True):  # type: ignore[no-untyped-def]
    image = Image.new("RGB", size, (30, 140, 60))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        info = Image.Exif()
        info[0x010F] = "KameraHP"  # Make
        info[0x0131] = "Rahasia"  # Software
        image.save(out, fmt, exif=info.tobytes())
    else:
        image.save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def _section(plan, key="lkpd"):  # type: ignore[no-untyped-def]
    section = PlanSection.objects.get(plan=plan, key=key)
    section.plan = LessonPlan.objects.get(pk=plan.pk)
    return section


def test_an_image_is_resized_stripped_and_added_to_the_section(team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    section = _section(plan)
    image, revision = services.section_image_add(
        actor=author, section=section, upload=_photo(), alt="Sawah [desa]", version=2
    )
    assert (image.width, image.height) == (1280, 853)
    with image.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1280
        assert not stored.getexif() and "exif" not in stored.info
    section.refresh_from_db()
    url = reverse("lessons:image", args=[team.school.npsn, image.pk])
    assert section.content == f"Lembar kerja\n\n![Sawah (desa)]({url})"
    assert revision.content["lkpd"] == section.content and section.version == 3


def test_a_png_with_transparency_becomes_a_jpeg(team):
    author = team.teachers[0]
    plan = plan_for(team.school, author)
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    upload = SimpleUploadedFile("bagan.png", out.getvalue())
    saved, _rev = services.section_image_add(
        actor=author, section=_section(plan), upload=upload, version=1
    )
    assert (saved.width, saved.height) == (200, 100) and saved.alt == "Image"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("catatan.txt", b"bukan gambar"), "cannot be uploaded"),
        (SimpleUploadedFile("palsu.jpg", b"%PDF-1.4 bukan gambar"), "not a valid .jpg"),
        (SimpleUploadedFile("rusak.jpg", b"\xff\xd8\xff" + b"0" * 200), "cannot be read"),
        (SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * (10 * 2**20 + 1)), "too large"),
    ],
)
def test_what_is_not_an_image_or_too_large_is_refused_and_nothing_is_written(
    team, settings, upload, message
):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    with pytest.raises(ValidationError) as err:
        services.section_image_add(actor=author, section=_section(plan), upload=upload, version=2)
    assert message in " ".join(err.value.message_dict["image"])
    assert not PlanImage.objects.exists()
    assert _section(plan).content == "Lembar kerja"


def test_only_authors_add_images_to_rich_sections_and_a_stale_version_is_refused(team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    with pytest.raises(ValidationError) as err:
        services.section_image_add(
            actor=team.teachers[1], section=_section(plan), upload=_photo(), version=2
        )
    assert err.value.code == "forbidden"
    with pytest.raises(ValidationError) as err:
        services.section_image_add(actor=author, section=_section(plan), upload=_photo(), version=1)
    assert err.value.error_list[0].code == "conflict"
    with pytest.raises(ValidationError):
        services.section_image_add(
            actor=author, section=_section(plan, "alokasi_waktu"), upload=_photo(), version=1
        )
    assert not PlanImage.objects.exists()


def _upload_through_the_page(client, team):  # type: ignore[no-untyped-def]
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    client.force_login(author)
    url = reverse("lessons:section_image", args=[team.school.npsn, plan.pk, "lkpd"])
    response = client.post(url, {"image": _photo(), "alt": "Peta desa", "version": 2})
    assert response.status_code == 302
    return plan, PlanImage.objects.get()


def test_the_page_uploads_shows_and_serves_the_image_to_readers_only(client, team):
    plan, image = _upload_through_the_page(client, team)
    src = reverse("lessons:image", args=[team.school.npsn, image.pk])
    page = client.get(reverse("lessons:plan", args=[team.school.npsn, plan.pk]))
    assert f'<img src="{src}" alt="Peta desa">' in page.content.decode()
    client.force_login(team.principal)
    served = client.get(src)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"
    client.force_login(team.leader)  # a community leader reads no plans
    assert client.get(src).status_code in (403, 404)
    other = SchoolFactory()
    stranger = UserFactory()
    MembershipFactory(user=stranger, school=other, role=Role.TEACHER)
    client.force_login(stranger)
    assert client.get(src).status_code == 404


def test_the_page_refuses_a_non_image_with_a_message_next_to_the_field(client, team):
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    client.force_login(author)
    url = reverse("lessons:section_image", args=[team.school.npsn, plan.pk, "lkpd"])
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(url, {"image": bad, "version": 2}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Files of this type cannot be uploaded" in response.content.decode()
    assert not PlanImage.objects.exists()


def test_images_are_kept_in_the_docx_and_pdf_exports(client, team):
    plan, _image = _upload_through_the_page(client, team)
    plan = LessonPlan.objects.select_related("school", "template", "subject").get(pk=plan.pk)
    doc = Document(io.BytesIO(plan_docx(plan)))
    assert len(doc.inline_shapes) == 1
    assert "Peta desa" in [p.text for p in doc.paragraphs]
    reader = PdfReader(io.BytesIO(plan_pdf(plan)))
    assert sum(len(page.images) for page in reader.pages) >= 1


def test_the_api_adds_an_image_and_refuses_a_non_image(client, team):
    from tests.factories.accounts import PASSWORD
    from tests.lessons.test_api import _api

    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    secret = client.post(
        "/api/v1/auth/token",
        {"username": author.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    path = f"/api/v1/schools/{team.school.npsn}/lessons/plans/{plan.pk}/sections/lkpd/images"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    bad = client.post(path, {"image": SimpleUploadedFile("a.txt", b"teks")}, **auth)
    assert bad.status_code == 422 and "image" in bad.json()["errors"]
    none = client.post(path, {"alt": "Peta"}, **auth)
    assert none.status_code == 422 and "image" in none.json()["errors"]
    stale = client.post(path, {"image": _photo(), "version": 1}, **auth)
    assert stale.status_code == 409
    ok = client.post(path, {"image": _photo(), "alt": "Peta", "version": 2}, **auth)
    assert ok.status_code == 201, ok.content
    out = ok.json()
    assert out["width"] == 1280 and out["revision"] == 2
    assert out["markdown"] == f"![Peta]({out['url']})"
    assert out["markdown"] in _section(plan).content
    reader = _api(client, team.principal)
    assert reader("GET", f"/schools/{team.school.npsn}/lessons/plans/{plan.pk}").status_code == 200
    client.logout()
    assert client.post(path, {"image": _photo()}).status_code in (401, 403)
