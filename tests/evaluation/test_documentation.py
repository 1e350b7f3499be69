"""Documentation linked to a classroom observation: one of the school's that the person adding
it may open; the gallery links it only for those who may open it too."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from kombel.evaluation.enums import ActivityKind
from kombel.evaluation.models import DocumentationItem
from kombel.evaluation.services import records
from kombel.schools.enums import Role
from tests.evaluation.conftest import member
from tests.factories import SchoolFactory
from tests.factories.observations import planned


def _photo(name: str = "foto.jpg") -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 110, 79)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def observed(teachers, facilitator):  # type: ignore[no-untyped-def]
    """Guru 1 observed by the facilitator (not shared with the other teachers)."""
    return planned(teacher=teachers[0], observers=[facilitator], subject="IPA")


@pytest.fixture
def unseen(teachers, principal):  # type: ignore[no-untyped-def]
    """Guru 2 observed by the principal: the facilitator may not open it."""
    return planned(teacher=teachers[1], observers=[principal], subject="Matematika")


def _add(programme, actor, observation):  # type: ignore[no-untyped-def]
    with scope(school=[programme.school_id]):
        return records.documentation_add(
            programme=programme,
            actor=actor,
            upload=_photo(),
            caption="Guru memandu diskusi kelompok",
            taken_on=programme.start,
            observation=observation,
        )


def test_documentation_links_an_observation_its_author_may_open(programme, facilitator, observed):
    item = _add(programme, facilitator, observed)
    assert item.observation == observed
    assert item.activity_kind == ActivityKind.OBSERVATION
    assert item.activity_label == "IPA · 24 November 2026"  # no teacher's name in the gallery


def test_an_observation_one_may_not_open_or_of_another_school_is_refused(
    programme, facilitator, unseen
):
    other_school = SchoolFactory()
    stranger = member(other_school, Role.PRINCIPAL)
    foreign = planned(
        teacher=member(other_school, Role.TEACHER), observers=[stranger], subject="IPS"
    )
    for observation in (unseen, foreign, foreign.pk):
        with pytest.raises(ValidationError) as error:
            _add(programme, facilitator, observation)
        assert error.value.message_dict == {
            "observation": ["Choose an observation of this school that you may open."]
        }
    with scopes_disabled():
        assert not DocumentationItem.objects.exists()  # nothing half-written (no file either)


def _gallery(client, user, school):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(f"/s/{school.npsn}/evaluation/documentation/").content.decode()


def test_the_gallery_links_the_observation_only_for_those_who_may_open_it(
    client, school, programme, facilitator, principal, teachers, observed
):
    _add(programme, facilitator, observed)
    link = f"/s/{school.npsn}/observations/{observed.pk}/"
    for who in (facilitator, principal, teachers[0]):  # observer, overseer, observed teacher
        assert link in _gallery(client, who, school)
    page = _gallery(client, teachers[2], school)  # a colleague: the caption, no link
    assert "IPA · 24 November 2026" in page
    assert link not in page
    client.force_login(teachers[2])
    assert client.get(link).status_code in (403, 404)


def test_the_form_lists_only_observations_one_may_open(
    client, school, programme, facilitator, observed, unseen
):
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/documentation/new/"
    page = client.get(url).content.decode()
    assert f'value="{observed.pk}"' in page
    assert f'value="{unseen.pk}"' not in page
    response = client.post(
        url,
        {
            "programme": programme.pk,
            "file": _photo(),
            "caption": "Diskusi kelompok",
            "taken_on": "2026-11-24",
            "activity_kind": "other",
            "observation": unseen.pk,  # not offered: refused, nothing saved
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        url,
        {
            "programme": programme.pk,
            "file": _photo(),
            "caption": "Diskusi kelompok",
            "taken_on": "2026-11-24",
            "activity_kind": "other",
            "observation": observed.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert DocumentationItem.objects.get().observation_id == observed.pk


def test_the_api_names_the_observation_only_to_those_who_may_open_it(
    client, school, programme, facilitator, teachers, observed
):
    _add(programme, facilitator, observed)
    url = f"/api/v1/schools/{school.npsn}/evaluation/documentation"
    client.force_login(facilitator)
    [row] = client.get(url).json()["items"]
    assert (row["observation_id"], row["activity_kind"]) == (str(observed.pk), "observation")
    client.force_login(teachers[2])
    [row] = client.get(url).json()["items"]
    assert row["observation_id"] is None
    assert row["activity_label"] == "IPA · 24 November 2026"


def test_a_workshop_session_or_meeting_is_chosen_and_linked_for_those_who_may_open_it(
    client, school, programme, facilitator, charlie
):
    from kombel.evaluation import queries
    from tests.factories.communities import MeetingFactory
    from tests.factories.programs import EventFactory
    from tests.factories.workshops import WorkshopSessionFactory

    session = WorkshopSessionFactory(
        event=EventFactory(programme=programme, kind="workshop", title="Lokakarya PjBL")
    )
    meeting = MeetingFactory(community__programme=programme)
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/documentation/new/"
    base = {"programme": programme.pk, "caption": "Foto", "taken_on": "2026-11-24"}
    both = {**base, "activity_kind": "other", "workshop_session": session.pk}
    response = client.post(url, {**both, "meeting": meeting.pk, "file": _photo()})
    assert "Link one activity" in response.content.decode()
    assert client.post(url, {**both, "file": _photo()}).status_code == 302
    chosen = {**base, "activity_kind": "other", "meeting": meeting.pk, "file": _photo()}
    assert client.post(url, chosen).status_code == 302
    with scopes_disabled():
        items = list(DocumentationItem.objects.order_by("activity_kind"))
        assert [(d.activity_kind, d.activity_id) for d in items] == [
            ("meeting", meeting.pk),
            ("workshop", session.pk),
        ]
        assert items[1].activity_label == "Lokakarya PjBL"
        assert queries.activity_links(school, charlie, items) == {}
    page = client.get(f"/s/{school.npsn}/evaluation/documentation/").content.decode()
    assert f"/s/{school.npsn}/workshops/{session.pk}/" in page
    assert f"/s/{school.npsn}/communities/meetings/{meeting.pk}/" in page


def test_a_photo_is_kept_without_where_it_was_taken(programme, facilitator):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (1.0, 30.0, 0.0)}  # GPSInfo: a latitude
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (11, 110, 79)).save(out, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif()  # the upload carries them
    with scope(school=[programme.school_id]):
        item = records.documentation_add(
            programme=programme,
            actor=facilitator,
            upload=SimpleUploadedFile("kelas.jpeg", out.getvalue(), content_type="image/jpeg"),
            caption="Diskusi kelompok",
            taken_on=programme.start,
        )
    for copy in (item.original, item.display, item.thumbnail):
        with copy.open("rb") as stored, Image.open(stored) as image:
            assert not image.getexif(), copy.name
    with item.original.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (400, 300)
    assert item.file_name == "kelas.jpg"
