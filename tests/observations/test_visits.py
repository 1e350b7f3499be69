import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from kombel.followups.enums import ItemStatus
from kombel.followups.services import action_item_create, action_item_status_set
from kombel.observations.enums import CycleStage
from kombel.observations.services import visits
from tests.factories.observations import planned, shipped

pytestmark = pytest.mark.django_db


def _visit(school, mentor, teachers, day, **kwargs):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return visits.visit_create(
            school=school, actor=mentor, teachers=teachers, visited_on=day, **kwargs
        )


def test_the_next_visit_opens_with_the_previous_recommendations_and_their_status(
    client, school, mentor, teacher, peer
):
    first = _visit(
        school, mentor, [teacher, peer], datetime.date(2026, 11, 2), recommendations="Kartu keluar"
    )
    with scopes_disabled():
        done = action_item_create(
            actor=mentor,
            source=first,
            owner=teacher,
            description="Coba kartu keluar",
            due_date=datetime.date(2026, 11, 16),
        )
        action_item_status_set(item=done, actor=teacher, status=ItemStatus.DONE, version=None)
        action_item_create(
            actor=mentor,
            source=first,
            owner=peer,
            description="Atur ulang kelompok",
            due_date=datetime.date(2026, 11, 16),
        )
    second = _visit(school, mentor, [teacher], datetime.date(2026, 11, 23))
    assert second.previous == first
    client.force_login(mentor)
    page = client.get(f"/s/{school.npsn}/observations/visits/{second.pk}/").content.decode()
    assert "Kartu keluar" in page and "Coba kartu keluar" in page and "Atur ulang kelompok" in page
    assert "Done" in page and "overdue" in page


def test_a_visit_takes_only_teachers_of_the_school(school, mentor, principal):
    with pytest.raises(ValidationError) as error:
        _visit(school, mentor, [principal], datetime.date(2026, 11, 2))
    assert "teachers" in error.value.message_dict


def test_a_teacher_sees_only_visits_they_were_part_of(client, school, mentor, teacher, peer):
    _visit(school, mentor, [teacher], datetime.date(2026, 11, 2), focus="Untuk Siti")
    _visit(school, mentor, [peer], datetime.date(2026, 11, 3), focus="Untuk Budi")
    client.force_login(teacher)
    items = client.get(f"/api/v1/schools/{school.npsn}/mentoring-visits").json()["items"]
    assert [v["focus"] for v in items] == ["Untuk Siti"]


def test_the_mentor_page_lists_visits_teachers_and_open_follow_ups(client, school, mentor, teacher):
    visit = _visit(school, mentor, [teacher], datetime.date(2026, 11, 2))
    _visit(school, mentor, [teacher], datetime.date(2026, 12, 8), status="planned", focus="Berikut")
    with scopes_disabled():
        action_item_create(
            actor=mentor,
            source=visit,
            owner=teacher,
            description="Asesmen formatif",
            due_date=datetime.date(2026, 12, 10),
        )
    client.force_login(mentor)
    response = client.get(f"/s/{school.npsn}/observations/visits/mine/")
    assert [v.visited_on for v in response.context["planned"]] == [datetime.date(2026, 12, 8)]
    assert [v.pk for v in response.context["done"]] == [visit.pk]
    assert [i.description for i in response.context["open_items"]] == ["Asesmen formatif"]
    assert [t.pk for t in response.context["teachers"]] == [teacher.pk]


def test_a_lesson_study_cycle_runs_plan_do_see_revise(client, school, teacher, peer, colleague):
    version = shipped(school, "lesson-study")
    with scopes_disabled():
        cycle = visits.cycle_create(
            school=school, actor=peer, title="LS IPA", teacher=teacher, members=[peer, colleague]
        )

        def step(**kwargs):  # type: ignore[no-untyped-def]
            fields = {"plan": "Rencana", "plan_link": "", "reflection": "", "revised_plan": ""}
            fields.update(kwargs)
            return visits.cycle_update(
                cycle=cycle, actor=peer, version=None, advance=True, **fields
            )

        cycle = step()
        assert cycle.stage == CycleStage.DO
        with pytest.raises(ValidationError):
            step()  # no observation of the lesson yet
        observation = planned(
            teacher=teacher, observers=[peer, colleague], version=version, cycle=cycle
        )
        cycle = step()
        with pytest.raises(ValidationError):
            step()  # the reflection meeting is not written
        cycle = step(reflection="Murid belajar lewat benda nyata")
        cycle = step(reflection="Murid belajar lewat benda nyata", revised_plan="Mulai bersama")
        assert cycle.stage == CycleStage.DONE
    client.force_login(colleague)
    page = client.get(f"/s/{school.npsn}/observations/lesson-study/{cycle.pk}/").content.decode()
    assert f"/observations/{observation.pk}/" in page and "Mulai bersama" in page
