import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kombel.core.uploads import EVIDENCE_EXTENSIONS, file_response, validate_upload

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16


def test_an_mp4_is_checked_by_its_ftyp_box_and_only_where_videos_are_allowed():
    video = SimpleUploadedFile("praktik.mp4", MP4)
    assert validate_upload(video, extensions=EVIDENCE_EXTENSIONS) == "mp4"
    with pytest.raises(ValidationError) as not_allowed:
        validate_upload(video)
    assert not_allowed.value.code == "file_type"
    with pytest.raises(ValidationError) as renamed:
        validate_upload(SimpleUploadedFile("x.mp4", b"MZ" + b"\x00" * 30), EVIDENCE_EXTENSIONS)
    assert renamed.value.code == "file_content"


class _StoredFile:
    """Just what file_response reads of a FieldFile: its name and its storage."""

    def __init__(self, storage, name):
        self.storage = storage
        self.name = name

    def __bool__(self):
        return bool(self.name)


def test_file_response_sends_the_stored_file_as_a_named_attachment(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("materi/abc123.pdf", ContentFile(b"%PDF-1.4 isi"))
    response = file_response(_StoredFile(storage, name), "Modul Ajar.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 isi"
    assert response["Content-Disposition"] == 'attachment; filename="Modul Ajar.pdf"'


def test_file_response_is_404_when_the_field_is_empty_or_the_file_is_gone(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(Http404):
        file_response(_StoredFile(storage, ""), "x.pdf")
    with pytest.raises(Http404):
        file_response(_StoredFile(storage, "materi/hilang.pdf"), "x.pdf")
