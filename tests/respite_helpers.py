"""Builders for the tests of a parent's case: files to attach, and sending the application the way the wizard does."""

import io

from PIL import Image

from applications.intake import services
from applications.intake.respite_steps import RESPITE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def submit(application):
    """Send a parent's application as the wizard does (every step re-validated)."""
    return services.application_submit(application=application, incomplete_steps=[s.slug for s in RESPITE.incomplete_steps(application)])
