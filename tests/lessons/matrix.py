"""This app's rows of the permission matrix (see tests/test_permission_matrix.py).

In the world (builders.py) the teacher writes `lesson_plan` (a draft in the facilitator's
community) and `done_plan` (reviewed by the facilitator, ready for approval) and is the assigned
reviewer of `plan_in_review`, which the facilitator wrote.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from kombel.lessons.models import PlanSection
from kombel.schools.enums import Role
from tests.permissions import Endpoint

VIEW = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR})
WRITE = frozenset({Role.TEACHER, Role.FACILITATOR})
AUTHOR = frozenset({Role.TEACHER})  # of lesson_plan and done_plan
REVIEWER = frozenset({Role.TEACHER})  # of plan_in_review
MANAGE = frozenset({Role.FACILITATOR, Role.PRINCIPAL})
APPROVE = frozenset({Role.PRINCIPAL})
CALIBRATE = frozenset({Role.FACILITATOR})  # manages and reviews
PRACTISE = frozenset({Role.FACILITATOR})  # the teacher wrote the example (the API says 403)
COMMENT = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL})

L = "/s/{npsn}/lessons/"
PL = L + "{lesson_plan.pk}/"
A = "/api/v1/schools/{npsn}/lessons"
APL = A + "/plans/{lesson_plan.pk}"


def _section_version(sw) -> int:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return PlanSection.objects.get(plan=sw.objects["lesson_plan"], key="asesmen").version


def _photo() -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 60)).save(out, "JPEG")
    return SimpleUploadedFile("peta.jpg", out.getvalue())


def _lkpd_version(sw) -> int:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return PlanSection.objects.get(plan=sw.objects["lesson_plan"], key="lkpd").version


def _docx() -> SimpleUploadedFile:
    """A small Word document (the import's template field left out: the form says so)."""
    from docx import Document

    doc = Document()
    doc.add_heading("Asesmen", level=2)
    doc.add_paragraph("Kuis")
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile("modul.docx", out.getvalue())


ENDPOINTS: list[Endpoint] = [
    Endpoint(L, VIEW),
    Endpoint(L + "new/", WRITE),
    Endpoint(
        L + "new/",
        WRITE,
        method="POST",
        data=lambda sw: {"template": sw.objects["lesson_template"].pk, "title": "Rantai makanan"},
    ),
    Endpoint(PL, VIEW),
    Endpoint(PL + "export.docx", VIEW),
    Endpoint(PL + "export.pdf", VIEW),
    Endpoint(L + "import/", WRITE),
    Endpoint(L + "import/", WRITE, method="POST", data=lambda sw: {"file": _docx()}),
    Endpoint(PL + "edit/", AUTHOR),
    Endpoint(PL + "edit/", AUTHOR, method="POST", data=lambda sw: {"title": "Ekosistem"}),
    Endpoint(PL + "sections/asesmen/", AUTHOR),
    Endpoint(
        PL + "sections/asesmen/",
        AUTHOR,
        method="POST",
        data=lambda sw: {"content": "Kuis dan proyek", "version": _section_version(sw)},
    ),
    Endpoint(
        PL + "sections/lkpd/images/",
        AUTHOR,
        method="POST",
        data=lambda sw: {"image": _photo(), "alt": "Peta", "version": _lkpd_version(sw)},
    ),
    Endpoint(L + "images/{lesson_image.pk}.jpg", VIEW),
    Endpoint(PL + "revisions/", VIEW),
    Endpoint(PL + "compare/", VIEW),
    Endpoint(PL + "revisions/1/restore/", AUTHOR, method="POST"),
    Endpoint(PL + "comments/", COMMENT, method="POST", data=lambda sw: {"text": "Bagus"}),
    Endpoint(PL + "submit/", AUTHOR, method="POST"),
    Endpoint(L + "{plan_in_review.pk}/assign/", MANAGE),
    Endpoint(L + "{plan_in_review.pk}/assign/", MANAGE, method="POST", data=lambda sw: {}),
    Endpoint(
        PL + "assign/",
        MANAGE,
        method="POST",
        data=lambda sw: {"form": "needed", "needed-reviewers_needed": "1"},
    ),
    Endpoint(L + "{done_plan.pk}/approve/", APPROVE, method="POST"),
    Endpoint(
        L + "{done_plan.pk}/return/", APPROVE, method="POST", data=lambda sw: {"note": "Perbaiki"}
    ),
    Endpoint(L + "comments/{lesson_local_input.pk}/accept/", AUTHOR, method="POST"),
    Endpoint(L + "reviews/{lesson_review.pk}/", REVIEWER),
    Endpoint(
        L + "reviews/{lesson_review.pk}/",
        REVIEWER,
        method="POST",
        data=lambda sw: {"summary": "Draf ulasan", "save": "1"},
    ),
    Endpoint(L + "reviews/{submitted_review.pk}/", VIEW),
    Endpoint(L + "reviews/{submitted_review.pk}/helpful/", AUTHOR, method="POST"),
    Endpoint(L + "settings/", MANAGE),
    Endpoint(L + "settings/defaults/", WRITE | MANAGE, method="POST"),
    Endpoint(
        L + "settings/",
        APPROVE,
        method="POST",
        data=lambda sw: {"user": sw.users[Role.FACILITATOR].pk, "on": "on"},
    ),
    Endpoint(L + "templates/new/", MANAGE),
    Endpoint(
        L + "templates/new/",
        MANAGE,
        method="POST",
        data=lambda sw: {
            "name": "Modul P5",
            "sections": "Inti | Kegiatan\nAsesmen",
            "active": "on",
        },
    ),
    Endpoint(L + "templates/{lesson_template.pk}/", MANAGE),
    Endpoint(
        L + "templates/{lesson_template.pk}/",
        MANAGE,
        method="POST",
        data=lambda sw: {"name": "Modul Ajar", "sections": "Inti | Kegiatan inti"},
    ),
    Endpoint(L + "rubrics/new/", MANAGE),
    Endpoint(
        L + "rubrics/new/",
        MANAGE,
        method="POST",
        data=lambda sw: {"form": "rubric", "name": "Rubrik P5", "active": "on"},
    ),
    Endpoint(L + "rubrics/{lesson_rubric.pk}/", MANAGE),
    Endpoint(
        L + "rubrics/{lesson_rubric.pk}/",
        MANAGE,
        method="POST",
        data=lambda sw: {
            "form": "criterion",
            "title": "Kontekstual",
            "levels": "2 | Ya | Ada\n0 | Tidak | Tidak ada",
        },
    ),
    Endpoint(L + "criteria/{lesson_criterion.pk}/delete/", MANAGE, method="POST"),
    Endpoint(L + "quality/", MANAGE),
    Endpoint(L + "calibration/", VIEW),
    Endpoint(L + "{done_plan.pk}/calibration/publish/", CALIBRATE, method="POST"),
    Endpoint(L + "{lesson_example.pk}/calibration/practise/", WRITE, method="POST"),
    # API
    Endpoint(A + "/plans", VIEW, api=True),
    Endpoint(
        A + "/plans",
        WRITE,
        method="POST",
        api=True,
        data=lambda sw: {"template_key": "modul-ajar", "title": "Rantai makanan"},
    ),
    Endpoint(APL, VIEW, api=True),
    Endpoint(
        APL + "/sections/{section_key}",
        AUTHOR,
        method="PUT",
        api=True,
        data=lambda sw: {"content": "Kuis dan proyek", "version": _section_version(sw)},
    ),
    Endpoint(  # multipart; the matrix sends JSON without a file: 422 once allowed
        APL + "/sections/{section_key}/images",
        AUTHOR,
        method="POST",
        api=True,
        data=lambda sw: {"alt": "Peta"},
        ok=(422,),
    ),
    Endpoint(APL + "/revisions", VIEW, api=True),
    Endpoint(APL + "/revisions/{revision_number}", VIEW, api=True),
    Endpoint(APL + "/compare", VIEW, api=True),
    Endpoint(
        APL + "/revisions/{revision_number}/restore",
        AUTHOR,
        method="POST",
        api=True,
        data=lambda sw: {},
    ),
    Endpoint(A + "/plans/{plan_in_review.pk}/transitions", VIEW, api=True),
    Endpoint(APL + "/submit", AUTHOR, method="POST", api=True, data=lambda sw: {}),
    Endpoint(
        A + "/plans/{plan_in_review.pk}/reviewers",
        MANAGE,
        method="POST",
        api=True,
        data=lambda sw: {"reviewer_ids": []},
    ),
    Endpoint(
        A + "/plans/{done_plan.pk}/approve", APPROVE, method="POST", api=True, data=lambda sw: {}
    ),
    Endpoint(A + "/plans/{done_plan.pk}/reviews", VIEW, api=True),
    Endpoint(
        APL + "/comments", COMMENT, method="POST", api=True, data=lambda sw: {"text": "Bagus"}
    ),
    Endpoint(A + "/reviews", VIEW, api=True),
    Endpoint(A + "/reviews/{submitted_review.pk}", VIEW, api=True),
    Endpoint(
        A + "/reviews/{lesson_review.pk}",
        REVIEWER,
        method="PUT",
        api=True,
        data=lambda sw: {"summary": "Draf"},
    ),
    Endpoint(
        A + "/reviews/{submitted_review.pk}/helpful",
        AUTHOR,
        method="POST",
        api=True,
        data=lambda sw: {"helpful": True},
    ),
    Endpoint(
        APL + "/reviewers_needed",
        MANAGE,
        method="PUT",
        api=True,
        data=lambda sw: {"reviewers_needed": 1},
    ),
    Endpoint(A + "/templates", VIEW, api=True),
    Endpoint(A + "/templates/{lesson_template.pk}", VIEW, api=True),
    Endpoint(
        A + "/templates",
        MANAGE,
        method="POST",
        api=True,
        data=lambda sw: {"name": "Modul P5", "sections": [{"title": "Kegiatan"}]},
    ),
    Endpoint(
        A + "/templates/{lesson_template.pk}",
        MANAGE,
        method="PUT",
        api=True,
        data=lambda sw: {"name": "Modul Ajar", "sections": [{"title": "Kegiatan inti"}]},
    ),
    Endpoint(A + "/rubrics", VIEW, api=True),
    Endpoint(A + "/rubrics/{lesson_rubric.pk}", VIEW, api=True),
    Endpoint(
        A + "/rubrics", MANAGE, method="POST", api=True, data=lambda sw: {"name": "Rubrik P5"}
    ),
    Endpoint(
        A + "/rubrics/{lesson_rubric.pk}",
        MANAGE,
        method="PUT",
        api=True,
        data=lambda sw: {"name": "Telaah"},
    ),
    Endpoint(
        A + "/rubrics/{lesson_rubric.pk}/criteria",
        MANAGE,
        method="POST",
        api=True,
        data=lambda sw: {"title": "Kontekstual", "levels": [{"score": 2}, {"score": 0}]},
    ),
    Endpoint(
        A + "/rubrics/{lesson_rubric.pk}/criteria/{lesson_criterion.pk}",
        MANAGE,
        method="PUT",
        api=True,
        data=lambda sw: {"title": "Kontekstual", "levels": [{"score": 2}, {"score": 0}]},
    ),
    Endpoint(
        A + "/rubrics/{lesson_rubric.pk}/criteria/{lesson_criterion.pk}",
        MANAGE,
        method="DELETE",
        api=True,
    ),
    Endpoint(A + "/calibration", VIEW, api=True),
    Endpoint(A + "/plans/{done_plan.pk}/calibration", CALIBRATE, method="POST", api=True),
    Endpoint(A + "/calibration/{lesson_example.pk}/practise", PRACTISE, method="POST", api=True),
    Endpoint(A + "/reviews/{lesson_exercise.pk}/calibration", VIEW, api=True),
]
