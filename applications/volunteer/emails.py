"""E-mails on a volunteer's case: meeting invitations and cancellations (with a calendar file), the formålsbekreftelse
notice and the notice of approval or rejection. Each is one outbox row written in the transaction that caused it, rendered when sent;
none carries more than the reference, the kommune, the time and place of a meeting and a link."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event, vText

from applications.intake.emails import municipality_reply_to, status_url
from applications.models import ApplicationStatus, MeetingStatus
from besokshjem.outbox.registry import Kind
from besokshjem.outbox.services import message_write


def meeting_ics(meeting, *, cancel: bool = False) -> bytes:
    """An iCalendar (RFC 5545) invitation, or its cancellation (same UID, a later SEQUENCE, STATUS:CANCELLED);
    the summary says what, not who or why."""
    calendar = Calendar()
    calendar.add("prodid", "-//Besokshjem//besokshjem.example.no//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}-{meeting.application.access_key.hex}@besokshjem")
    event.add("dtstamp", timezone.now())
    if cancel:
        event.add("sequence", 1)
        event.add("status", "CANCELLED")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"{meeting.get_kind_display()} – {meeting.application.municipality.name}")
    event["location"] = vText(meeting.video_link if meeting.is_video else meeting.place)
    event.add("description", f"{meeting.application.reference}")
    calendar.add_component(event)
    return calendar.to_ical()


def _meeting_context(meeting) -> dict:
    application = meeting.application
    return {"meeting": meeting, "application": application, "municipality": application.municipality,
            "status_url": status_url(application)}


def _meeting_ics(meeting) -> list[tuple[str, bytes, str]]:
    return [(f"{meeting.kind}-{meeting.pk}.ics", meeting_ics(meeting), "text/calendar; method=PUBLISH; charset=utf-8")]


def _meeting_cancel_ics(meeting) -> list[tuple[str, bytes, str]]:
    return [(f"{meeting.kind}-{meeting.pk}-avlyst.ics", meeting_ics(meeting, cancel=True), "text/calendar; method=CANCEL; charset=utf-8")]


def _meeting_still_planned(meetings) -> set:
    return {m.pk for m in meetings if m.status == MeetingStatus.SCHEDULED}


def _meeting_still_cancelled(meetings) -> set:
    return {m.pk for m in meetings if m.status == MeetingStatus.CANCELLED}


def _stamp_invited(meeting) -> None:
    type(meeting).objects.filter(pk=meeting.pk).update(invited_at=timezone.now())


def _declaration_still_unsigned(applications) -> set:
    """Sent only while the case is open: a case closed before the send needs no signature."""
    return {a.pk for a in applications if a.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)}


def _case_context(application) -> dict:
    return {"application": application, "municipality": application.municipality, "status_url": status_url(application)}


def _application_reply_to(part) -> list[str]:
    return municipality_reply_to(part.application)


def _part_context(part) -> dict:
    return _case_context(part.application)


KINDS = [
    Kind(name="meeting_invitation", label=_("Invitasjon til samtale eller hjemmebesøk"), template="meeting_invitation", context=_meeting_context, attachments=_meeting_ics,
         reply_to=_application_reply_to, still_due=_meeting_still_planned, sent=_stamp_invited,
         select_related=("application__municipality", "caseworker")),
    Kind(name="meeting_cancelled", label=_("Samtale eller hjemmebesøk avlyst"), template="meeting_cancelled", context=_meeting_context,
         attachments=_meeting_cancel_ics, reply_to=_application_reply_to, still_due=_meeting_still_cancelled,
         select_related=("application__municipality", "caseworker")),
    Kind(name="purpose_confirmation_ready", label=_("Formålsbekreftelse klar"), template="purpose_confirmation_ready", context=_part_context,
         reply_to=_application_reply_to, select_related=("application__municipality",)),
    Kind(name="declaration_requested", label=_("Taushetserklæring til signering"), template="declaration_requested",
         context=_case_context, reply_to=municipality_reply_to, still_due=_declaration_still_unsigned, select_related=("municipality",)),
    Kind(name="volunteer_decision", label=_("Melding om godkjenning eller avslag"), template="volunteer_decision", context=_case_context, reply_to=municipality_reply_to,
         select_related=("municipality",)),
]


def meeting_invitation_write(*, meeting) -> None:
    application = meeting.application
    message_write(kind="meeting_invitation", target=meeting, recipient=application.email, language=application.language,
                  municipality=application.municipality, dedupe_key=f"meeting_invitation:{meeting.pk}")


def meeting_cancelled_write(*, meeting) -> None:
    """A planned meeting is cancelled (by the caseworker, or because the case closed): the time, and a calendar file that
    removes it."""
    application = meeting.application
    message_write(kind="meeting_cancelled", target=meeting, recipient=application.email, language=application.language,
                  municipality=application.municipality, dedupe_key=f"meeting_cancelled:{meeting.pk}")


def declaration_recipients(application) -> list[str]:
    """Who is asked to sign the taushetserklæring: each applicant with an address of their own."""
    recipients = [application.email]
    if application.applying_together and application.partner_email and application.partner_email != application.email:
        recipients.append(application.partner_email)
    return recipients


def declaration_request_write(*, application) -> None:
    """The caseworker asks the applicants to sign the taushetserklæring on the status page: each applicant with an
    address of their own gets the notice."""
    for recipient in declaration_recipients(application):
        message_write(kind="declaration_requested", target=application, recipient=recipient, language=application.language,
                      municipality=application.municipality, dedupe_key=f"declaration_requested:{application.pk}:{recipient}")


def purpose_confirmation_notice_write(*, confirmation) -> None:
    application = confirmation.application
    message_write(kind="purpose_confirmation_ready", target=confirmation, recipient=application.email,
                  language=application.language, municipality=application.municipality,
                  dedupe_key=f"purpose_confirmation_ready:{confirmation.pk}")


def decision_notice_write(*, application) -> None:
    """Approved or rejected: a notice only; the reason is on the status page, not in the e-mail."""
    message_write(kind="volunteer_decision", target=application, recipient=application.email, language=application.language,
                  municipality=application.municipality, dedupe_key=f"volunteer_decision:{application.pk}:{application.status}")
