"""How many reviewers a plan needs: set by the facilitator or the principal on the reviewers
page (and the API), from 1 to 10 and no more than could review; a round already complete with
the new number moves the plan to "reviewed"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kombel.lessons import services
from kombel.lessons.enums import PlanStatus
from kombel.lessons.models import LessonPlan
from tests.factories.lessons import plan_for

pytestmark = pytest.mark.django_db


def _submitted(team):  # type: ignore[no-untyped-def]
    plan = plan_for(
        team.school, team.teachers[0], community=team.community, write={"asesmen": "Kuis"}
    )
    services.plan_submit(actor=team.teachers[0], plan=plan)
    return LessonPlan.objects.get(pk=plan.pk)


def test_the_number_is_validated_and_only_managers_set_it(team, settings):
    settings.LANGUAGE_CODE = "en"
    plan = _submitted(team)
    for bad in (0, 11):
        with pytest.raises(ValidationError) as err:
            services.plan_reviewers_needed_set(actor=team.facilitator, plan=plan, needed=bad)
        assert "from 1 to 10" in err.value.message_dict["reviewers_needed"][0]
    # the school has 5 teachers (the facilitator too); one wrote the plan
    with pytest.raises(ValidationError) as err:
        services.plan_reviewers_needed_set(actor=team.facilitator, plan=plan, needed=5)
    assert "Only 4 teachers" in err.value.message_dict["reviewers_needed"][0]
    with pytest.raises(ValidationError) as err:
        services.plan_reviewers_needed_set(actor=team.teachers[1], plan=plan, needed=3)
    assert err.value.code == "forbidden"
    services.plan_reviewers_needed_set(actor=team.principal, plan=plan, needed=3)
    plan.refresh_from_db()
    assert plan.reviewers_needed == 3
    with pytest.raises(ValidationError) as err:  # a stale page
        services.plan_reviewers_needed_set(
            actor=team.facilitator, plan=plan, needed=2, version=plan.version - 1
        )
    assert err.value.error_list[0].code == "conflict"


def test_lowering_the_number_completes_a_round_whose_reviews_are_in(team):
    plan = _submitted(team)
    reviews = services.reviewers_assign(
        actor=team.facilitator, plan=plan, reviewers=[team.teachers[1]]
    )
    review = reviews[0]
    services.review_save(
        actor=review.reviewer,
        review=review,
        scores={str(c.pk): c.max_score for c in review.rubric.criteria.all()},
        submit=True,
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW  # 1 of 2
    services.plan_reviewers_needed_set(actor=team.facilitator, plan=plan, needed=1)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWED
    services.plan_approve(actor=team.principal, plan=plan)


def test_the_reviewers_page_sets_the_number_with_a_message_next_to_the_field(client, team):
    plan = _submitted(team)
    client.force_login(team.facilitator)
    url = reverse("lessons:assign", args=[team.school.npsn, plan.pk])
    page = client.get(url)
    assert 'name="needed-reviewers_needed"' in page.content.decode()
    bad = client.post(
        url,
        {"form": "needed", "needed-reviewers_needed": "0", "needed-version": plan.version},
    )
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    good = client.post(
        url,
        {"form": "needed", "needed-reviewers_needed": "3", "needed-version": plan.version},
    )
    assert good.status_code == 302
    plan.refresh_from_db()
    assert plan.reviewers_needed == 3 and plan.status == PlanStatus.SUBMITTED
    page = client.get(reverse("lessons:plan", args=[team.school.npsn, plan.pk]))
    assert url in page.content.decode()


def test_a_draft_plan_links_to_the_number_for_managers_only(client, team):
    plan = plan_for(team.school, team.teachers[0], write={"asesmen": "Kuis"})
    url = reverse("lessons:assign", args=[team.school.npsn, plan.pk])
    client.force_login(team.facilitator)
    assert (
        f"{url}#needed"
        in client.get(reverse("lessons:plan", args=[team.school.npsn, plan.pk])).content.decode()
    )
    page = client.get(url)
    assert page.status_code == 200 and 'name="reviewers"' not in page.content.decode()
    client.force_login(team.teachers[1])
    assert (
        url
        not in client.get(
            reverse("lessons:plan", args=[team.school.npsn, plan.pk])
        ).content.decode()
    )


def test_assigning_a_reviewer_whose_name_ends_with_a_title_says_it_once(client, team):
    """'Penelaah ditugaskan: Fitriani, S.Pd..' - a name ending in its degree got a second dot."""
    from django.contrib.messages import get_messages

    plan = _submitted(team)
    reviewer = team.teachers[1]
    reviewer.full_name = "Fitriani, S.Pd."
    reviewer.save(update_fields=["full_name"])
    client.force_login(team.facilitator)
    url = reverse("lessons:assign", args=[team.school.npsn, plan.pk])
    response = client.post(url, {"reviewers": [str(reviewer.pk)]})
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Fitriani, S.Pd." in m for m in said), said
    assert not any(".." in m for m in said), said
