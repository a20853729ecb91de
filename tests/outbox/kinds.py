"""E-mail kinds for the outbox tests. Their target is a kommune (tenancy.Municipality), so no domain code is needed.

The test process registers them with the `kinds` fixture (tests/outbox/conftest.py); a test worker imports
tests/outbox/worker_kinds.py, which registers the same kinds there.
"""

from pathlib import Path

from besokshjem.outbox.registry import Kind

TEMPLATES_DIR = Path(__file__).parent / "templates"


def context(municipality) -> dict:
    return {"municipality": municipality}


def active_only(municipalities) -> set:
    return {m.pk for m in municipalities if m.is_active}


def contact(municipality) -> list[str]:
    return [municipality.contact_email]


def calendar(municipality) -> list[tuple[str, bytes, str]]:
    return [("avtale.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")]


PLAIN = Kind(name="outbox_test", template="outbox_test", context=context, reply_to=contact, attachments=calendar)
#: Still due only while the kommune is active.
ACTIVE_ONLY = Kind(name="outbox_test_active", template="outbox_test", context=context, still_due=active_only)
#: Its templates do not exist: rendering fails.
BROKEN = Kind(name="outbox_test_broken", template="outbox_test_missing", context=context)

KINDS = [PLAIN, ACTIVE_ONLY, BROKEN]
