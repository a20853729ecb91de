"""Attachments are checked by their content, not their name: PDF, JPEG or PNG only, at most 10 MB."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def validate_attachment(upload) -> str:
    """The real content type of an upload, or a ValidationError in Norwegian."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("«%(name)s» er for stor. Største tillatte størrelse er 10 MB."), code="too_large",
                              params={"name": upload.name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(_("«%(name)s» er ikke en PDF, JPEG eller PNG. Andre filtyper kan ikke lastes opp."),
                              code="bad_type", params={"name": upload.name})
    if content_type.startswith("image/"):
        try:
            Image.open(io.BytesIO(upload.read())).verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise ValidationError(_("«%(name)s» ser ut som et bilde, men kan ikke leses."), code="broken",
                                  params={"name": upload.name}) from exc
        finally:
            upload.seek(0)
    return content_type
