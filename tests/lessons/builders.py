"""This app's objects in the test world (see tests/world.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from kombel.lessons import services
from kombel.lessons.models import Comment, Review
from kombel.schools.enums import Role
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.factories.lessons import plan_for
from tests.world import SchoolWorld, world_builder


@world_builder
def lessons(sw: SchoolWorld) -> None:
    """A draft plan by the teacher in the facilitator's community (with a second revision);
    a plan in review by the facilitator, reviewed (assigned) by the teacher; a community
    leader's input on the draft; a submitted review on a third plan for the helpful button."""
    teacher, facilitator = sw.users[Role.TEACHER], sw.users[Role.FACILITATOR]
    with scopes_disabled():
        community = CommunityFactory(
            school=sw.school,
            programme__school=sw.school,
            facilitator=facilitator,
            members=[teacher],
        )
        plan = plan_for(
            sw.school,
            teacher,
            community=community,
            write={
                "tujuan_pembelajaran": "Peserta didik menjelaskan ekosistem sawah.",
                "asesmen": "Kuis",
            },
        )
        in_review = plan_for(
            sw.school, facilitator, title="Pecahan di pasar", write={"kegiatan_inti": "Belanja"}
        )
        services.plan_submit(actor=facilitator, plan=in_review)
        (review,) = services.reviewers_assign(
            actor=facilitator, plan=in_review, reviewers=[teacher]
        )
        local = services.local_input_add(
            actor=sw.users[Role.COMMUNITY_LEADER],
            plan=plan,
            leader=sw.users[Role.COMMUNITY_LEADER],
            text="Ajak petani setempat bercerita tentang musim tanam.",
            section_key="kegiatan_inti",
        )
        done_plan = plan_for(sw.school, teacher, title="Teks prosedur", write={"asesmen": "Rubrik"})
        done_plan.reviewers_needed = 1
        done_plan.save(update_fields=["reviewers_needed"])
        services.plan_submit(actor=teacher, plan=done_plan)
        (done,) = services.reviewers_assign(
            actor=facilitator, plan=done_plan, reviewers=[facilitator]
        )
        criteria = list(done.rubric.criteria.all())
        services.review_save(
            actor=facilitator,
            review=done,
            scores={str(c.pk): c.max_score for c in criteria},
            summary="Bagus",
            submit=True,
        )
        reference = services.calibration_publish(actor=facilitator, plan=done_plan)
        services.review_save(
            actor=facilitator,
            review=reference,
            scores={str(c.pk): c.max_score for c in reference.rubric.criteria.all()},
            submit=True,
        )
        newcomer = UserFactory(full_name="Guru Baru")
        MembershipFactory(user=newcomer, school=sw.school, role=Role.TEACHER)
        exercise = services.calibration_start(actor=newcomer, example=reference.plan)
        services.review_save(
            actor=newcomer,
            review=exercise,
            scores={str(c.pk): 1 for c in reference.rubric.criteria.all()},
            submit=True,
        )
        photo = io.BytesIO()
        Image.new("RGB", (40, 30), (20, 120, 60)).save(photo, "JPEG")
        section = plan.sections.get(key="lkpd")
        section.plan = plan
        image, _revision = services.section_image_add(
            actor=teacher,
            section=section,
            upload=SimpleUploadedFile("sawah.jpg", photo.getvalue()),
            alt="Sawah",
            version=section.version,
        )
    sw.objects.update(
        lesson_example=reference.plan,
        lesson_exercise=exercise,
        lesson_image=image,
        lesson_plan=plan,
        plan_in_review=in_review,
        lesson_review=Review.objects.with_scopes_disabled().get(pk=review.pk),
        submitted_review=done,
        done_plan=done_plan,
        lesson_local_input=Comment.objects.with_scopes_disabled().get(pk=local.pk),
        lesson_rubric=done.rubric,
        lesson_criterion=criteria[-1],
        lesson_template=plan.template,
        section_key="asesmen",
        revision_number=1,
    )
