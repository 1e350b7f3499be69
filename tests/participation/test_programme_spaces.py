"""Forum spaces per programme: one for all the programme's parents, per class if the school
wants, one that includes community leaders."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kombel.participation import queries, services
from kombel.participation.enums import SpaceKind
from kombel.participation.models import Space
from kombel.programs.enums import ProgrammeStatus
from kombel.programs.services.programmes import programme_delete
from kombel.schools.enums import Role
from tests.factories import (
    ProgrammeFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
)
from tests.factories.participation import ChildClassFactory, ConsentFactory, SpaceFactory
from tests.participation.conftest import member

pytestmark = pytest.mark.usefixtures("unscoped")


@pytest.fixture
def programme(school):  # type: ignore[no-untyped-def]
    # 2026/2027 (the class fixture's year) from September to November.
    return ProgrammeFactory(school=school, title="Lokakarya Tebo")


@pytest.fixture
def old_parent(school):  # type: ignore[no-untyped-def]
    """A parent whose child was in a class of 2024/2025 only (not the programme's year)."""
    year = SchoolYearFactory(
        name="2024/2025", start=datetime.date(2024, 7, 15), end=datetime.date(2025, 6, 27)
    )
    old_class = SchoolClassFactory(school=school, school_year=year, name="IX-C", grade=9)
    user = member(school, Role.PARENT, full_name="Pak Lama", username="ortu-lama")
    ChildClassFactory(school_class=old_class, parent=user, child_name="Dodi")
    ConsentFactory(school=school, user=user)
    return user


def test_the_programme_forum_is_made_in_one_go_and_not_twice(principal, programme, klass):
    made = services.programme_spaces_create(actor=principal, programme=programme, classes=[klass])
    assert sorted((s.kind, s.school_class) for s in made) == [
        (SpaceKind.CLASS, klass),
        (SpaceKind.COMMUNITY, None),
        (SpaceKind.PARENTS, None),
    ]
    assert {s.programme for s in made} == {programme}
    assert [s.title for s in made if s.kind == SpaceKind.PARENTS] == ["Parents · Lokakarya Tebo"]
    assert services.programme_spaces_create(actor=principal, programme=programme) == []
    assert Space.objects.count() == 3


def test_the_programme_parents_are_its_audience(
    school, programme, principal, parent, old_parent, leader, teacher, klass
):
    made = {
        s.kind: s
        for s in services.programme_spaces_create(
            actor=principal, programme=programme, classes=[klass]
        )
    }
    whole_school = SpaceFactory(school=school, kind=SpaceKind.PARENTS, title="Semua")
    assert set(queries.spaces_for_user(school, parent)) == {*made.values(), whole_school}
    assert set(queries.spaces_for_user(school, old_parent)) == {whole_school}
    assert set(queries.spaces_for_user(school, leader)) == {made[SpaceKind.COMMUNITY]}
    # The school's own first, then the programme's: all parents, classes, with leaders.
    assert list(queries.spaces_for_user(school, teacher)) == [
        whole_school,
        made[SpaceKind.PARENTS],
        made[SpaceKind.CLASS],
        made[SpaceKind.COMMUNITY],
    ]
    assert set(queries.programmes_of_parent(school, parent)) == {programme}
    with pytest.raises(ValidationError) as info:
        services.thread_create(
            actor=old_parent, space=made[SpaceKind.PARENTS], title="Halo", body="Boleh ikut?"
        )
    assert info.value.code == "forbidden"
    thread = services.thread_create(
        actor=leader, space=made[SpaceKind.COMMUNITY], title="Kebun", body="Ayo ke kebun karet."
    )
    assert thread.space.programme == programme


def test_a_parent_of_another_year_gets_a_clear_403(
    client, school, programme, principal, old_parent
):
    space = services.space_create(
        actor=principal, school=school, kind=SpaceKind.PARENTS, title="Ortu", programme=programme
    )
    client.force_login(old_parent)
    response = client.get(f"/s/{school.npsn}/participation/spaces/{space.pk}/")
    assert response.status_code == 403
    assert b"parents of the programme Lokakarya Tebo" in response.content


def test_a_class_space_of_a_programme_is_a_class_of_its_year(school, programme, principal, klass):
    old_year = SchoolYearFactory(
        name="2024/2025", start=datetime.date(2024, 7, 15), end=datetime.date(2025, 6, 27)
    )
    old_class = SchoolClassFactory(school=school, school_year=old_year, name="IX-C", grade=9)
    with pytest.raises(ValidationError) as info:
        services.space_create(
            actor=principal,
            school=school,
            kind=SpaceKind.CLASS,
            title="IX-C",
            school_class=old_class,
            programme=programme,
        )
    assert info.value.message_dict == {
        "school_class": ["Choose a class of the school year 2026/2027, when the programme runs."]
    }
    other = ProgrammeFactory(school=SchoolFactory())
    with pytest.raises(ValidationError) as info:
        services.space_create(
            actor=principal, school=school, kind=SpaceKind.PARENTS, title="X", programme=other
        )
    assert "programme" in info.value.message_dict
    assert not Space.objects.exists()


def test_the_forum_page_makes_the_programme_spaces_and_groups_them(
    client, school, programme, facilitator, klass
):
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/participation/"
    response = client.post(url, {"setup-programme": programme.pk, "setup-classes": [klass.pk]})
    assert response.status_code == 302
    assert Space.objects.filter(programme=programme).count() == 3
    page = client.get(url)
    assert "Programme: Lokakarya Tebo" in page.content.decode()
    # The single-space form still works, for the whole school.
    response = client.post(url, {"kind": SpaceKind.PARENTS, "title": "Semua orang tua"})
    assert response.status_code == 302
    assert Space.objects.get(title="Semua orang tua").programme is None


def test_the_api_says_which_programme_a_space_is_of(client, school, programme, principal, parent):
    space = services.space_create(
        actor=principal, school=school, kind=SpaceKind.PARENTS, title="Ortu", programme=programme
    )
    client.force_login(parent)
    items = client.get(f"/api/v1/schools/{school.npsn}/participation/spaces").json()["items"]
    assert [(i["id"], i["programme_id"], i["programme_title"]) for i in items] == [
        (str(space.pk), str(programme.pk), "Lokakarya Tebo")
    ]


def test_a_draft_programme_with_a_forum_space_is_not_deleted(school, principal):
    draft = ProgrammeFactory(school=school, status=ProgrammeStatus.DRAFT)
    services.space_create(
        actor=principal, school=school, kind=SpaceKind.PARENTS, title="Ortu", programme=draft
    )
    with pytest.raises(ValidationError, match="already recorded"):
        programme_delete(programme=draft, actor=principal)
    assert Space.objects.filter(programme=draft).exists()


def test_the_api_makes_a_programmes_forum(client, school, programme, facilitator, klass):
    client.force_login(facilitator)
    api = f"/api/v1/schools/{school.npsn}/participation/spaces"
    made = client.post(
        api + "/programme",
        {"programme_id": str(programme.pk), "class_ids": [str(klass.pk)]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert sorted(s["kind"] for s in made.json()) == ["class", "community", "parents"]
    again = client.post(
        api + "/programme", {"programme_id": str(programme.pk)}, content_type="application/json"
    )
    assert (again.status_code, again.json()) == (201, [])
    one = client.post(
        api,
        {"kind": "class", "title": "IX-C", "programme_id": str(programme.pk)},
        content_type="application/json",
    )
    assert one.status_code == 422
    assert "school_class" in one.json()["errors"]
    other = ProgrammeFactory(school=SchoolFactory())
    foreign = client.post(
        api,
        {"kind": "parents", "title": "X", "programme_id": str(other.pk)},
        content_type="application/json",
    )
    assert foreign.status_code == 422 and "programme_id" in foreign.json()["errors"]
    assert Space.objects.count() == 3
