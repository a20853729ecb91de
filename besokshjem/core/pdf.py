"""PDF letters rendered from HTML templates with WeasyPrint, as PDF/A-2b (archivable: fonts embedded, an sRGB
output intent, XMP metadata declaring the part and conformance; no JavaScript, no encryption). PDF/A-2b rather than
3b, which would allow embedded files. No network: no external resources in the templates."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

PDF_VARIANT = "pdf/a-2b"
#: A kept PDF (`keep=True`: a letter parties open again and again) stays this long in the cache, by the hash of its
#: HTML: opened again it costs no WeasyPrint run (~100 ms), and a letter whose content changed has another hash, so it
#: is never served stale. Not longer: the cache is no archive, and what retention deletes should not linger there.
PDF_CACHE_SECONDS = 24 * 3600


def render_pdf(*, template: str, context: dict, language: str = "nb", keep: bool = False) -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    if not keep:  # an innsyn export, a draft, an agreement: rendered each time, never left in the cache
        return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)
    key = f"pdf:{PDF_VARIANT}:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
