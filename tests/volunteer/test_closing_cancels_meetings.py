"""When a case closes, planned meetings are cancelled and the applicant is told: approval (and rejection and withdrawal)
leaves nothing «upcoming» on the status page, and the applicant gets a notice with a calendar file that removes it."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import MeetingStatus
from applications.volunteer import services as volunteer_services
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.tokens import STATUS, case_token
from besokshjem.outbox.models import Message

from .. import approval_helpers as h
from ..factories import MeetingFactory, VolunteerApplicationFactory


def status_page(client, application) -> str:
    return client.get(reverse("applications:status", args=[case_token(application, purpose=STATUS)])).content.decode()


def test_approval_cancels_planned_meetings_and_the_applicant_is_told(client, draft, bergen_caseworker, on_commit):
    application = h.ready_for_approval(draft, bergen_caseworker)
    when = timezone.now().replace(second=0, microsecond=0) + timedelta(days=6)
    planned = MeetingFactory(application=application, starts_at=when, caseworker=bergen_caseworker, place="Rådhuset, rom 9")
    assert "Rådhuset, rom 9" in status_page(client, application)

    mail.outbox.clear()
    with on_commit():
        volunteer_services.application_approve(application=application, by=bergen_caseworker)
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.CANCELLED
    assert "interview_cancelled" in [e.action for e in audit_entries_for(target=application)]

    notice = Message.objects.get(kind="meeting_cancelled", object_id=planned.pk)
    assert notice.recipient == application.email
    [cancelled] = [m for m in mail.outbox if "avlyst" in m.subject]
    assert application.reference in cancelled.subject
    assert timezone.localtime(when).strftime("%H:%M") in cancelled.body and "/status/" in cancelled.body
    name, content, mimetype = cancelled.attachments[0]
    calendar = content.decode() if isinstance(content, bytes) else content
    assert name.endswith(".ics") and "method=CANCEL" in mimetype
    assert "METHOD:CANCEL" in calendar and "STATUS:CANCELLED" in calendar and f"meeting-{planned.pk}-" in calendar

    html = status_page(client, application)
    assert "Rådhuset, rom 9" not in html and "Dere er godkjent" in html


def test_held_meetings_are_kept_and_a_past_unheld_meeting_is_cancelled_without_a_notice(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    overdue = MeetingFactory(application=application, starts_at=timezone.now() - timedelta(days=1), caseworker=bergen_caseworker)
    volunteer_services.application_approve(application=application, by=bergen_caseworker)
    overdue.refresh_from_db()
    assert overdue.status == MeetingStatus.CANCELLED
    assert not Message.objects.filter(kind="meeting_cancelled").exists()
    assert application.meetings.filter(status=MeetingStatus.HELD).count() == 3


def test_withdrawal_and_rejection_cancel_planned_meetings_too(draft, bergen, bergen_caseworker):
    withdrawn = h.in_review(draft, bergen_caseworker)
    rejected = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    meetings = [MeetingFactory(application=a, caseworker=bergen_caseworker) for a in (withdrawn, rejected)]
    volunteer_services.application_withdraw(application=withdrawn)
    volunteer_services.application_reject(application=rejected, by=bergen_caseworker, reason="Ikke kapasitet nå")
    assert [m.__class__.objects.get(pk=m.pk).status for m in meetings] == [MeetingStatus.CANCELLED] * 2
    assert Message.objects.filter(kind="meeting_cancelled").count() == 2


def test_a_caseworker_cancelling_a_meeting_tells_the_applicant(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    meeting = MeetingFactory(application=application, caseworker=bergen_caseworker)
    volunteer_services.meeting_cancel(meeting=meeting, by=bergen_caseworker)
    volunteer_services.meeting_cancel(meeting=meeting, by=bergen_caseworker)  # twice: one notice
    assert Message.objects.filter(kind="meeting_cancelled", object_id=meeting.pk).count() == 1
