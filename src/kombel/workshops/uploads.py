"""Upload checks for session materials and outputs: extension, size AND content signature.

A file renamed to .pdf is refused because its first bytes are not a PDF's; Office files are zip
archives and must hold the part their kind needs (word/, ppt/, xl/).
"""

import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_SIGNATURES: dict[str, tuple[bytes, str | None]] = {
    "pdf": (b"%PDF-", None),
    "docx": (_ZIP, "word/"),
    "pptx": (_ZIP, "ppt/"),
    "xlsx": (_ZIP, "xl/"),
    "jpg": (b"\xff\xd8\xff", None),
    "jpeg": (b"\xff\xd8\xff", None),
    "png": (b"\x89PNG\r\n\x1a\n", None),
}
ALLOWED_EXTENSIONS = tuple(_SIGNATURES)


def validate_upload(upload: Any) -> str:
    """Check an uploaded file; return its lower-case extension. Raises ValidationError."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _SIGNATURES:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(ALLOWED_EXTENSIONS)},
            code="file_type",
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is 10 MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="file_size",
        )
    magic, member = _SIGNATURES[ext]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    ok = head == magic
    if ok and member is not None:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = any(n.startswith(member) for n in archive.namelist())
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("The file's content is not a valid .%(ext)s file.") % {"ext": ext},
            code="file_content",
        )
    return ext
