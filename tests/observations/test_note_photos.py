"""A photo on a capture note: sent after its note, idempotent by the note's id, resized for
phones without EXIF/GPS, refused once the record is closed, and served only to those who may
see the record (never through a public media address)."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from kombel.core.models import AuditLog
from kombel.observations.models import Note
from kombel.schools.enums import Role
from tests.factories import SchoolFactory
from tests.factories.observations import planned, shipped
from tests.observations.conftest import member

pytestmark = pytest.mark.django_db


def jpeg(size: tuple[int, int] = (2400, 1800)) -> bytes:
    """A camera's photo: large, with the maker and where it was taken in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (1.0, 30.0, 0.0)}  # GPSInfo: a latitude
    out = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def base(observation) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/schools/{observation.school.npsn}/observations/{observation.pk}"


def send_note(client, user, observation, text="Andi bertanya") -> str:  # type: ignore[no-untyped-def]
    note_id = str(uuid.uuid4())
    client.force_login(user)
    response = client.post(
        base(observation) + "/capture",
        {"notes": [{"id": note_id, "taken_at": "2026-11-30T00:35:00Z", "text": text}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return note_id


def send_photo(client, observation, note_id, data=None, name="foto.jpg"):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, data or jpeg(), content_type="image/jpeg")
    return client.post(base(observation) + f"/notes/{note_id}/photo", {"photo": upload})


def test_a_photo_is_stored_once_small_and_without_exif(client, observation, peer, settings):
    note_id = send_note(client, peer, observation)
    first = send_photo(client, observation, note_id)
    assert first.status_code == 201, first.content
    assert first.json()["stored"] is True
    files = sorted(p.name for p in (settings.MEDIA_ROOT / "observations").rglob("*.jpg"))
    assert len(files) == 2  # the phone-sized photo and its thumbnail
    # The phone did not hear the answer and sends it again: acknowledged, stored once.
    again = send_photo(client, observation, note_id)
    assert again.status_code == 200 and again.json()["stored"] is False
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "observations").rglob("*.jpg")) == files
    with scopes_disabled():
        note = Note.objects.get(pk=note_id)
        assert AuditLog.objects.filter(action="observations.note.photo_added").count() == 1
    for copy, longest in ((note.photo, 1280), (note.thumbnail, 320)):
        with copy.open("rb") as stored, Image.open(stored) as image:
            assert not image.getexif(), copy.name
            assert max(image.size) == longest
    # The record's notes say where the photo is.
    record = client.get(base(observation)).json()["records"]
    photos = [n["photo_url"] for r in record for n in r["notes"]]
    assert photos == [
        f"/s/{observation.school.npsn}/observations/{observation.pk}/notes/{note_id}/photo/full/"
    ]


def test_a_photo_before_its_note_is_404_and_can_be_sent_later(client, observation, peer):
    client.force_login(peer)
    early = str(uuid.uuid4())
    response = send_photo(client, observation, early)
    assert response.status_code == 404
    assert "has not arrived yet" in response.json()["detail"]
    with scopes_disabled():
        assert not Note.objects.exists()


def test_no_photo_after_the_record_is_closed(client, observation, peer):
    note_id = send_note(client, peer, observation)
    assert send_photo(client, observation, note_id).status_code == 201
    late_note = send_note(client, peer, observation, text="Kelompok 3")
    client.post(base(observation) + "/capture", {"submit": True}, content_type="application/json")
    refused = send_photo(client, observation, late_note)
    assert refused.status_code == 409 and "submitted your record" in refused.json()["detail"]
    # The photo already stored, sent again: still acknowledged.
    assert send_photo(client, observation, note_id).status_code == 200
    with scopes_disabled():
        assert not Note.objects.get(pk=late_note).photo


def test_what_is_not_a_photo_is_refused(client, observation, peer):
    note_id = send_note(client, peer, observation)
    response = send_photo(client, observation, note_id, data=b"%PDF-1.4 not a photo", name="x.jpg")
    assert response.status_code == 422
    missing = client.post(base(observation) + f"/notes/{note_id}/photo", {})
    assert missing.status_code == 422
    with scopes_disabled():
        assert not Note.objects.get(pk=note_id).photo


def test_only_the_notes_own_observer_sends_its_photo(client, observation, peer, mentor, teacher):
    note_id = send_note(client, peer, observation)
    client.force_login(mentor)  # the other observer: the note is not in their record
    assert send_photo(client, observation, note_id).status_code == 404
    client.force_login(teacher)  # the observed teacher records nothing
    assert send_photo(client, observation, note_id).status_code in (403, 404)
    other = SchoolFactory(name="SMP Negeri 2")
    stranger = member(other, Role.TEACHER)
    with scopes_disabled():
        foreign = planned(
            teacher=member(other, Role.TEACHER), observers=[stranger], version=shipped(other)
        )
    client.force_login(peer)
    # Another school's observation through this school, and this note through the other's.
    assert send_photo(client, foreign, note_id).status_code == 404
    wrong = (
        f"/api/v1/schools/{observation.school.npsn}/observations/{foreign.pk}/notes/{note_id}/photo"
    )
    assert client.post(wrong, {"photo": SimpleUploadedFile("a.jpg", jpeg())}).status_code == 404
    with scopes_disabled():
        assert not Note.objects.get(pk=note_id).photo


def test_the_photo_is_served_only_to_who_may_see_the_record(
    client, observation, peer, mentor, teacher, colleague, parent
):
    note_id = send_note(client, peer, observation)
    send_photo(client, observation, note_id)
    npsn = observation.school.npsn
    url = f"/s/{npsn}/observations/{observation.pk}/notes/{note_id}/photo/"
    client.force_login(peer)
    page = client.get(f"/s/{npsn}/observations/{observation.pk}/").content.decode()
    assert f'src="{url}thumb/"' in page and 'loading="lazy"' in page
    for user in (peer, mentor):
        client.force_login(user)
        response = client.get(url + "thumb/")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
        assert client.get(url + "full/").status_code == 200
    for user in (teacher, colleague):  # not released, not shared: the record is not theirs to see
        client.force_login(user)
        assert client.get(url + "thumb/").status_code in (403, 404)
    client.force_login(parent)
    assert client.get(url + "thumb/").status_code in (403, 404)
    # The file itself is not under a public address.
    with scopes_disabled():
        assert "/media/" not in page
        assert Note.objects.get(pk=note_id).photo.name.startswith(
            f"observations/{observation.school_id}/"
        )
