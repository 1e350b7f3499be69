"""The review workflow: submit, assign (never an author, balanced load), review, approve."""

import pytest
from django.core.exceptions import ValidationError

from kombel.lessons import services
from kombel.lessons.enums import CommentKind, PlanStatus, ReviewStatus
from kombel.lessons.models import Review, Transition
from tests.factories.lessons import plan_for

pytestmark = pytest.mark.django_db


def _submitted(team, **kwargs):  # type: ignore[no-untyped-def]
    plan = plan_for(
        team.school,
        team.teachers[0],
        community=team.community,
        write={"tujuan_pembelajaran": "Tujuan", "asesmen": "Kuis"},
        **kwargs,
    )
    services.plan_submit(actor=team.teachers[0], plan=plan)
    plan.refresh_from_db()
    return plan


def _full_scores(review):  # type: ignore[no-untyped-def]
    return {str(c.pk): c.max_score for c in review.rubric.criteria.all()}


def test_automatic_assignment_takes_community_members_not_authors_least_loaded_first(team):
    busy = team.teachers[2]
    other = plan_for(team.school, team.teachers[3], write={"asesmen": "x"})
    services.plan_submit(actor=team.teachers[3], plan=other)
    services.reviewers_assign(actor=team.facilitator, plan=other, reviewers=[busy])
    plan = _submitted(team, co_authors=[team.teachers[1]])
    reviews = services.reviewers_assign(actor=team.facilitator, plan=plan)
    chosen = {r.reviewer for r in reviews}
    assert len(chosen) == 2
    assert not chosen & {team.teachers[0], team.teachers[1]}  # the authors
    assert busy not in chosen  # one open review already; others have none
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    assert all(r.revision.number == 2 for r in reviews)


def test_an_author_is_refused_as_reviewer(team):
    plan = _submitted(team, co_authors=[team.teachers[1]])
    with pytest.raises(ValidationError) as e:
        services.reviewers_assign(actor=team.facilitator, plan=plan, reviewers=[team.teachers[1]])
    assert e.value.error_list[0].code == "forbidden"


def test_an_author_made_co_author_later_cannot_write_the_review(team):
    plan = _submitted(team)
    (review,) = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2]]
    )
    from kombel.lessons.models import PlanAuthor

    PlanAuthor.objects.create(school=team.school, plan=plan, user=team.teachers[2])
    with pytest.raises(ValidationError) as e:
        services.review_save(actor=team.teachers[2], review=review, scores={}, submit=False)
    assert e.value.error_list[0].code == "forbidden"


def test_review_scores_total_and_percentage_and_the_plan_is_reviewed(team):
    plan = _submitted(team)
    reviews = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2], team.teachers[3]]
    )
    first = reviews[0]
    criteria = list(first.rubric.criteria.all())
    with pytest.raises(ValidationError):  # every criterion before submitting
        services.review_save(
            actor=first.reviewer, review=first, scores={str(criteria[0].pk): 4}, submit=True
        )
    scores = {str(c.pk): 3 for c in criteria}
    saved = services.review_save(
        actor=first.reviewer,
        review=first,
        scores=scores,
        summary="Baik",
        comments={"asesmen": "Tambahkan rubrik"},
        submit=True,
    )
    assert saved.total == 3 * len(criteria) and saved.maximum == 4 * len(criteria)
    assert saved.percentage == 75
    assert saved.comments.get().kind == CommentKind.REVIEW
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW  # one review still open
    with pytest.raises(ValidationError):  # approval without the needed reviews
        services.plan_approve(actor=team.principal, plan=plan)
    services.review_save(
        actor=reviews[1].reviewer, review=reviews[1], scores=_full_scores(reviews[1]), submit=True
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWED
    services.plan_approve(actor=team.principal, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    steps = list(Transition.objects.filter(plan=plan).values_list("to_status", "actor"))
    assert steps == [
        (PlanStatus.SUBMITTED, team.teachers[0].pk),
        (PlanStatus.IN_REVIEW, team.facilitator.pk),
        (PlanStatus.REVIEWED, team.teachers[3].pk),
        (PlanStatus.APPROVED, team.principal.pk),
    ]


def test_approve_tapped_twice_approves_once_and_says_no_error(client, team):
    """A double tap on "Approve" said "The plan was approved." and "Only a plan in review can be
    approved." at once."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    plan = _submitted(team)
    for review in services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2], team.teachers[3]]
    ):
        services.review_save(
            actor=review.reviewer, review=review, scores=_full_scores(review), submit=True
        )
    client.force_login(team.principal)
    page = client.get(reverse("lessons:plan", args=[team.school.npsn, plan.pk])).content.decode()
    approve = reverse("lessons:approve", args=[team.school.npsn, plan.pk])
    form = page[page.index(f'action="{approve}"') :]
    form = form[: form.index("</form>")]
    token = form.split('name="_draft" value="', 1)[1].split('"', 1)[0]
    first = client.post(approve, {"_draft": token})
    again = client.post(approve, {"_draft": token})
    assert again["Location"] == first["Location"]
    said = [str(m) for m in get_messages(again.wsgi_request)]
    assert not [m for m in said if "Only a plan in review" in m]
    assert Transition.objects.filter(plan=plan, to_status=PlanStatus.APPROVED).count() == 1


def test_only_the_principal_or_a_delegate_approves(team):
    plan = _submitted(team)
    plan.reviewers_needed = 1
    plan.save()
    (review,) = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2]]
    )
    services.review_save(
        actor=team.teachers[2], review=review, scores=_full_scores(review), submit=True
    )
    with pytest.raises(ValidationError) as e:
        services.plan_approve(actor=team.facilitator, plan=plan)
    assert e.value.error_list[0].code == "forbidden"
    services.delegate_set(actor=team.principal, school=team.school, user=team.facilitator, on=True)
    services.plan_approve(actor=team.facilitator, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_resubmission_goes_to_the_same_reviewers_on_the_new_revision(team):
    plan = _submitted(team)
    reviews = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2], team.teachers[3]]
    )
    for r in reviews:
        services.review_save(actor=r.reviewer, review=r, scores=_full_scores(r), submit=True)
    section = plan.sections.get(key="asesmen")
    services.section_save(
        actor=team.teachers[0], section=section, content="Kuis dan rubrik", version=section.version
    )
    plan.refresh_from_db()
    services.plan_submit(actor=team.teachers[0], plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW and plan.round == 2
    second = Review.objects.filter(plan=plan, round=2)
    assert {r.reviewer for r in second} == {team.teachers[2], team.teachers[3]}
    assert {r.revision.number for r in second} == {3}
    assert {r.revision.number for r in reviews} == {2}  # they reviewed what they were given


def test_the_author_marks_a_review_helpful(team):
    plan = _submitted(team)
    (review,) = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2]]
    )
    with pytest.raises(ValidationError):
        services.review_mark_helpful(actor=team.teachers[0], review=review)  # not submitted
    services.review_save(
        actor=team.teachers[2], review=review, scores=_full_scores(review), submit=True
    )
    review.refresh_from_db()
    with pytest.raises(ValidationError):
        services.review_mark_helpful(actor=team.teachers[2], review=review)  # not an author
    assert services.review_mark_helpful(actor=team.teachers[0], review=review).helpful


def test_local_input_is_a_visible_comment_and_accepted_as_a_revision(team, client):
    plan = plan_for(team.school, team.teachers[0], write={"kegiatan_inti": "Diskusi"})
    comment = services.local_input_add(
        actor=team.leader,
        plan=plan,
        leader=team.leader,
        text="Ajak petani karet bercerita.",
        section_key="kegiatan_inti",
        source_ref="participation:1",
    )
    assert comment.kind == CommentKind.LOCAL
    with pytest.raises(ValidationError):  # a teacher is no community leader
        services.local_input_add(
            actor=team.teachers[1], plan=plan, leader=team.teachers[1], text="x"
        )
    client.force_login(team.teachers[1])
    body = client.get(f"/s/{team.school.npsn}/lessons/{plan.pk}/").content.decode()
    assert "Ajak petani karet bercerita." in body and "Local relevance" in body
    with pytest.raises(ValidationError):  # only the authors take it in
        services.local_input_accept(
            actor=team.teachers[1], comment=comment, section_key="kegiatan_inti"
        )
    revision = services.local_input_accept(
        actor=team.teachers[0], comment=comment, section_key="kegiatan_inti"
    )
    assert revision.number == 2
    assert "> Ajak petani karet bercerita." in revision.content["kegiatan_inti"]
    assert "Datuk Tokoh" in revision.content["kegiatan_inti"]


def test_local_input_on_the_whole_plan_is_taken_into_a_section_the_author_chooses(team, client):
    """A leader's suggestion on the whole plan (as the participation app gives it) offered a
    "Take into this section" button without any section: it answered "The plan has no such
    section." and could never be taken in. The author chooses the section of running text."""
    from django.urls import reverse

    plan = plan_for(team.school, team.teachers[0], write={"kegiatan_inti": "Diskusi"})
    comment = services.local_input_add(
        actor=team.leader,
        plan=plan,
        leader=team.leader,
        text="Kunjungi kebun karet Pak Rusli.",
        source_ref="participation.input:1",
    )
    client.force_login(team.teachers[0])
    body = client.get(reverse("lessons:plan", args=[team.school.npsn, plan.pk])).content.decode()
    accept = reverse("lessons:local_accept", args=[team.school.npsn, comment.pk])
    form = body[body.index(f'action="{accept}"') :]
    form = form[: form.index("</form>")]
    assert 'name="section_key" value=""' not in form
    assert '<select name="section_key"' in form
    assert '<option value="kegiatan_inti">' in form
    assert 'value="alokasi_waktu"' not in form  # a one-line field takes no quotation
    response = client.post(accept, {"section_key": "kegiatan_inti"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.accepted_at is not None and comment.section_key == "kegiatan_inti"
    assert "> Kunjungi kebun karet Pak Rusli." in plan.sections.get(key="kegiatan_inti").content


def test_the_review_page_shows_the_revision_asked_for_and_saves_a_draft(client, team):
    plan = _submitted(team)
    (review,) = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2]]
    )
    plan.status = PlanStatus.REVIEWED  # an author changes the plan meanwhile
    plan.save()
    section = plan.sections.get(key="asesmen")
    services.section_save(
        actor=team.teachers[0],
        section=section,
        content="Teks yang lebih baru",
        version=section.version,
    )
    client.force_login(team.teachers[2])
    url = f"/s/{team.school.npsn}/lessons/reviews/{review.pk}/"
    body = client.get(url).content.decode()
    assert "Kuis" in body and "Teks yang lebih baru" not in body
    criterion = review.rubric.criteria.first()
    response = client.post(
        url,
        {
            f"score_{criterion.pk}": "3",
            "comment_asesmen": "Rubrik?",
            "summary": "Draf",
            "save": "1",
            "version": review.version,
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED and review.scores == {str(criterion.pk): 3}


def test_a_reviews_follow_ups_belong_to_the_authors(client, team):
    from kombel.followups.services import action_item_create

    plan = _submitted(team)
    (review,) = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[2]]
    )
    services.review_save(
        actor=team.teachers[2], review=review, scores=_full_scores(review), submit=True
    )
    client.force_login(team.teachers[0])
    page = client.get(f"/s/{team.school.npsn}/lessons/reviews/{review.pk}/").content.decode()
    assert "Follow-up from this review" in page
    item = action_item_create(
        source=review,
        actor=team.teachers[0],
        owner=team.teachers[0],
        description="Perbaiki rubrik asesmen",
        due_date=plan.created_at.date(),
    )
    assert item.source_type == "lessons.review"
    assert plan.title in item.source_label


def test_calibration_compares_a_new_reviewer_with_the_reference(client, team):
    plan = plan_for(team.school, team.teachers[0], write={"asesmen": "Kuis", "lkpd": "Tabel"})
    with pytest.raises(ValidationError):  # the facilitator writes the reference: not their own
        services.calibration_publish(actor=team.teachers[0], plan=plan)
    reference = services.calibration_publish(actor=team.facilitator, plan=plan)
    example = reference.plan
    assert example.is_example and example.pk != plan.pk
    with pytest.raises(ValidationError):  # no reference yet
        services.calibration_start(actor=team.teachers[2], example=example)
    criteria = list(reference.rubric.criteria.all())
    services.review_save(
        actor=team.facilitator,
        review=reference,
        scores={str(c.pk): 4 for c in criteria},
        submit=True,
    )
    exercise = services.calibration_start(actor=team.teachers[2], example=example)
    assert services.calibration_start(actor=team.teachers[2], example=example) == exercise
    scores = {str(c.pk): 4 for c in criteria}
    scores[str(criteria[0].pk)] = 2
    services.review_save(actor=team.teachers[2], review=exercise, scores=scores, submit=True)
    client.force_login(team.teachers[2])
    body = client.get(f"/s/{team.school.npsn}/lessons/reviews/{exercise.pk}/").content.decode()
    n = len(criteria)
    assert f"You gave the reference score on {n - 1} of {n} criteria." in body
    gap = round(100 * 2 / (4 * n))
    assert f"Your total is {gap} percentage points from the reference." in body
    listed = client.get(f"/s/{team.school.npsn}/lessons/calibration/").content.decode()
    assert example.title in listed
    # the example is no plan of the lists
    mine = client.get(f"/s/{team.school.npsn}/lessons/?list=all").content.decode()
    assert mine.count(example.title) == 1  # the original only
