"""Upload checks for every file people attach (session materials, outputs, practice evidence):
extension, size AND content signature; photos made small for phones and stripped of metadata.

A file renamed to .pdf is refused because its first bytes are not a PDF's; Office files are zip
archives and must hold the part their kind needs (word/, ppt/, xl/); an MP4 has "ftyp" at byte 4.
"""

import io
import uuid
import zipfile
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # one file
MAX_UPLOAD_FILES = 5  # files in one request
MAX_REQUEST_BYTES = 20 * 1024 * 1024  # a whole request, files and fields (core.middleware)

_ZIP = b"PK\x03\x04"
# extension -> (the bytes the file holds at `offset`, offset, the zip part it must contain)
_SIGNATURES: dict[str, tuple[bytes, int, str | None]] = {
    "pdf": (b"%PDF-", 0, None),
    "docx": (_ZIP, 0, "word/"),
    "pptx": (_ZIP, 0, "ppt/"),
    "xlsx": (_ZIP, 0, "xl/"),
    "jpg": (b"\xff\xd8\xff", 0, None),
    "jpeg": (b"\xff\xd8\xff", 0, None),
    "png": (b"\x89PNG\r\n\x1a\n", 0, None),
    "mp4": (b"ftyp", 4, None),
}
DOCUMENT_EXTENSIONS = ("pdf", "docx", "pptx", "xlsx", "jpg", "jpeg", "png")
EVIDENCE_EXTENSIONS = (*DOCUMENT_EXTENSIONS, "mp4")
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")
PHONE_PX = 1280  # the longer side of a photo shown on a phone
THUMBNAIL_PX = 320


def validate_upload(upload: Any, extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> str:
    """Check an uploaded file; return its lower-case extension. Raises ValidationError."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in extensions:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(extensions)},
            code="file_type",
        )
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is 10 MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="file_size",
        )
    magic, offset, member = _SIGNATURES[ext]
    upload.seek(0)
    head = upload.read(offset + len(magic))
    upload.seek(0)
    ok = head[offset:] == magic
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


def validate_upload_batch(uploads: list[Any]) -> None:
    """Check how many files one request brings, and their size together."""
    if len(uploads) > MAX_UPLOAD_FILES:
        raise ValidationError(
            _("At most %(max)s files at once; add the others afterwards.")
            % {"max": MAX_UPLOAD_FILES},
            code="file_count",
        )
    if sum(upload.size or 0 for upload in uploads) > MAX_REQUEST_BYTES:
        raise ValidationError(
            _("The files together are too large; the limit is %(mb)s MB at once.")
            % {"mb": MAX_REQUEST_BYTES // (1024 * 1024)},
            code="file_size",
        )


def file_response(file_field: Any, filename: str) -> FileResponse:
    """Send a stored file as a download named `filename`; 404 when there is none or it is gone.

    Opens through the field's own storage, so it works for any FileField.
    """
    name = file_field.name if file_field else None
    if not name:
        raise Http404
    try:
        handle = file_field.storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename)


def photo_response(file_field: Any) -> FileResponse:
    """Show a stored photo (a `photo_jpeg` copy) in the page to the person the view let through:
    private to their browser, 404 when there is none or it is gone."""
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def photo_open(upload: Any, *, field: str) -> "Image":
    """A JPEG or PNG upload checked and opened, turned upright by its EXIF data, flattened to
    RGB (transparency on white). ValidationError on `field` for anything else."""
    try:
        validate_upload(upload, PHOTO_EXTENSIONS)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(upload) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
            if image.mode in ("RGBA", "LA", "P"):
                rgba = image.convert("RGBA")
                image = Image.new("RGB", rgba.size, "white")
                image.paste(rgba, mask=rgba.getchannel("A"))
            else:
                image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            {field: _("This image cannot be read; choose a JPEG or PNG photo.")}
        ) from exc
    return image


def photo_fitted(image: "Image", max_px: int) -> "Image":
    """A copy at most `max_px` on its longer side (a smaller one stays as it is)."""
    from PIL import Image as PILImage

    copy = image.copy()
    copy.thumbnail((max_px, max_px), PILImage.Resampling.LANCZOS)
    return copy


def photo_jpeg(image: "Image", max_px: int | None = PHONE_PX) -> ContentFile[bytes]:
    """A JPEG copy at most `max_px` on its longer side (None: full size), written anew so it
    carries none of the original's metadata (EXIF, GPS position, comments)."""
    fitted = image if max_px is None else photo_fitted(image, max_px)
    out = io.BytesIO()
    fitted.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
