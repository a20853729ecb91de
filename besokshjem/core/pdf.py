"""PDF letters rendered from HTML templates with WeasyPrint, as PDF/A-2b (archivable: fonts embedded, an sRGB
output intent, XMP metadata declaring the part and conformance; no JavaScript, no encryption). PDF/A-2b rather than
3b, which would allow embedded files. No network: no external resources in the templates."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

PDF_VARIANT = "pdf/a-2b"


def render_pdf(*, template: str, context: dict, language: str = "nb") -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)
