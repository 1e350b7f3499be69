import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kombel.core.uploads import EVIDENCE_EXTENSIONS, validate_upload

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
