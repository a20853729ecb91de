"""PDF letters rendered from HTML templates with WeasyPrint (no network: no external resources in the templates)."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML


def render_pdf(*, template: str, context: dict, language: str = "nb") -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf()
