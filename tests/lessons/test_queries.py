"""The plan page and the review page read a fixed number of queries, whatever the plan's size."""

import pytest

from kombel.lessons import services
from tests.factories.lessons import plan_for

pytestmark = pytest.mark.django_db


def _world(team, n):  # type: ignore[no-untyped-def]
    texts = {"tujuan_pembelajaran": "Tujuan", "asesmen": "Kuis", "kegiatan_inti": "Diskusi"}
    plan = plan_for(team.school, team.teachers[0], community=team.community, write=texts)
    for i in range(n):
        services.comment_add(
            actor=team.teachers[1], plan=plan, text=f"Komentar {i}", section_key="asesmen"
        )
    services.plan_submit(actor=team.teachers[0], plan=plan)
    reviews = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=team.teachers[1 : 1 + max(n // 2, 1)]
    )
    for r in reviews:
        scores = {str(c.pk): c.max_score for c in r.rubric.criteria.all()}
        services.review_save(
            actor=r.reviewer, review=r, scores=scores, comments={"asesmen": "Ok"}, submit=True
        )
    return plan, reviews[0]


@pytest.mark.parametrize(("page", "queries"), [("plan", 8), ("review", 6)])
def test_queries_do_not_grow_with_the_plan(client, team, django_assert_num_queries, page, queries):
    """Session user, school, then the page's own reads (the plan page: plan with its last
    revision and the viewer's membership, authors, sections, reviews, comments, history, the
    approvers it waits on)."""
    client.force_login(team.teachers[3])
    for n in (1, 6):
        plan, review = _world(team, n)
        base = f"/s/{team.school.npsn}/lessons/"
        url = base + (f"{plan.pk}/" if page == "plan" else f"reviews/{review.pk}/")
        client.get(url)  # warm the caches (roles, session)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
