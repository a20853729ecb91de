"""Builders for the tests of a parent's case: files to attach, and sending the application the way the wizard does."""

import io
from datetime import date, datetime

import time_machine
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from PIL import Image
from pypdf import PdfWriter

from applications.intake import services
from applications.intake.respite_steps import RESPITE


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


#: A real one-page PDF (attachments are read through, not only sniffed).
PDF = _blank_pdf()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def submit(application):
    """Send a parent's application as the wizard does (every step re-validated)."""
    return services.application_submit(application=application, incomplete_steps=[s.slug for s in RESPITE.incomplete_steps(application)])


def at(day: date, hour: int = 12):
    """Freeze the clock on a day, at an hour in Oslo."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone()), tick=False)


def nb_date(day: date) -> str:
    """A date as the parent's pages and letters print it ("j. F Y" in Norwegian): 28. desember 2026."""
    with translation.override("nb"):
        return date_format(day, "j. F Y")


# What every vedtak must also state, for tests that are about something else (forvaltningsloven §§ 24–25: the facts;
# Grunnloven § 104: how the child's views weighed; the answer on individual plan and coordinator the factory asks for).
DECISION_TEXT = {
    "facts": "Barnet trenger tilsyn hele døgnet, og foreldrene får lite sammenhengende søvn.",
    "child_views_weight": "Barnets ønske er lagt vekt på.",
    "plan_answer": "Kommunen starter arbeidet med individuell plan; en koordinator tar kontakt.",
}
