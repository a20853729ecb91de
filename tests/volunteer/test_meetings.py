"""Interviews and home visits: an invitation with a calendar file, held only once they have happened, and a home
visit's structured note."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.volunteer import services as volunteer_services

from .. import approval_helpers as h


def test_interview_invitation_has_a_calendar_file(draft, bergen_caseworker, on_commit):
    application = h.in_review(draft, bergen_caseworker)
    mail.outbox.clear()
    with on_commit():
        volunteer_services.meeting_schedule(application=application, kind="interview", starts_at=timezone.now() + timedelta(days=7),
                                  caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    [message] = mail.outbox
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and "Rådhuset" in text


def test_a_meeting_cannot_be_marked_held_before_it_happens(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    meeting = volunteer_services.meeting_schedule(application=application, kind="interview", starts_at=timezone.now() + timedelta(days=1),
                                        caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    with pytest.raises(ValidationError, match="før den har funnet sted"):
        volunteer_services.meeting_mark_held(meeting=meeting, by=bergen_caseworker, notes="x")


def test_home_visit_needs_its_structured_note(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    meeting = volunteer_services.meeting_schedule(application=application, kind="home_visit", starts_at=timezone.now() - timedelta(hours=2),
                                        caseworker=bergen_caseworker, by=bergen_caseworker)
    assert meeting.place.startswith("Eksempelveien 1")
    with pytest.raises(ValidationError) as exc:
        volunteer_services.meeting_mark_held(meeting=meeting, by=bergen_caseworker, notes="Fint besøk")
    assert {"bedroom_for_child", "safety_notes", "impression"} <= set(exc.value.message_dict)
