"""Who is told (a notice in the app, an e-mail to a confirmed address): a reviewer assigned,
a review submitted, a plan submitted, reviewed, approved or sent back. Nobody about their own
action."""

import pytest
from django.core import mail

from kombel.accounts.models import Notice, User
from kombel.lessons import services
from tests.factories.lessons import plan_for

pytestmark = pytest.mark.django_db


def _told(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Notice.objects.filter(user=user).order_by("created_at").values_list("subject", flat=True)
    )


def _scores(review):  # type: ignore[no-untyped-def]
    return {str(c.pk): c.max_score for c in review.rubric.criteria.all()}


def test_the_people_concerned_are_told_at_each_step(team, django_capture_on_commit_callbacks):
    author, co_author = team.teachers[0], team.teachers[1]
    reviewer = team.teachers[2]
    User.objects.filter(pk=co_author.pk).update(email="", email_confirmed_at=None)
    plan = plan_for(
        team.school,
        author,
        co_authors=[co_author],
        community=team.community,
        title="Ekosistem",
        write={"asesmen": "Kuis"},
    )
    plan.reviewers_needed = 1
    plan.save(update_fields=["reviewers_needed"])
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(actor=author, plan=plan)
    assert _told(team.facilitator) == ["“Ekosistem” diajukan untuk ditelaah"]
    assert _told(author) == []  # not about one's own action
    assert mail.outbox[-1].to == [team.facilitator.email]
    assert "/assign/" in Notice.objects.get(user=team.facilitator).url

    with django_capture_on_commit_callbacks(execute=True):
        (review,) = services.reviewers_assign(
            actor=team.facilitator, plan=plan, reviewers=[reviewer]
        )
    assert _told(reviewer) == ["Mohon telaah “Ekosistem”"]
    assert Notice.objects.get(user=reviewer).url.endswith(f"/lessons/reviews/{review.pk}/")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_save(actor=reviewer, review=review, scores=_scores(review), submit=True)
    for person in (author, co_author):
        assert _told(person) == [
            "Telaah untuk “Ekosistem” sudah masuk",
            "Semua telaah untuk “Ekosistem” sudah masuk",
        ]
    assert _told(team.principal) == ["“Ekosistem” siap disetujui"]
    # the co-author has no address: told in the app only
    assert {m.to[0] for m in mail.outbox} == {author.email, team.principal.email}

    services.plan_return(actor=team.principal, plan=plan, note="Lengkapi rubrik asesmen.")
    assert _told(author)[-1] == "“Ekosistem” dikembalikan untuk direvisi"
    assert "Lengkapi rubrik asesmen." in Notice.objects.filter(user=author).first().body

    services.plan_submit(actor=author, plan=plan)  # again: to the same reviewer
    assert _told(reviewer)[-1] == "Mohon telaah ulang “Ekosistem”"
    (again,) = plan.reviews.filter(round=2)
    services.review_save(actor=reviewer, review=again, scores=_scores(again), submit=True)
    services.plan_approve(actor=team.principal, plan=plan, note="Bagus.")
    assert _told(co_author)[-1] == "“Ekosistem” disetujui"


def test_each_person_is_told_in_their_own_language(team):
    author, reviewer = team.teachers[0], team.teachers[2]
    reviewer.language = "en"
    reviewer.save(update_fields=["language"])
    plan = plan_for(team.school, author, title="Pecahan", write={"asesmen": "Kuis"})
    services.plan_submit(actor=author, plan=plan)
    services.reviewers_assign(actor=team.facilitator, plan=plan, reviewers=[reviewer])
    assert _told(reviewer) == ["Please review “Pecahan”"]
