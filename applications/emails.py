"""One function per e-mail. No health data in any of them: only the reference, the kommune and a link."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from besokshjem.core.emails import send_templated_email

from .wizard import wizard_for


def status_url(application) -> str:
    return settings.SITE_URL + wizard_for(application).status_url(application)


def resume_url(application) -> str:
    return settings.SITE_URL + wizard_for(application).resume_url(application)


def send_receipt(*, application) -> None:
    send_templated_email(
        template=f"{wizard_for(application).kind}_receipt",
        to=[application.email],
        reply_to=[application.municipality.contact_email],
        language=application.language,
        context={
            "application": application,
            "municipality": application.municipality,
            "status_url": status_url(application),
        },
    )


def send_resume_link(*, application) -> None:
    send_templated_email(
        template="resume",
        to=[application.email],
        language=application.language,
        context={
            "application": application,
            "municipality": application.municipality,
            "resume_url": resume_url(application),
            "delete_after": timezone.localdate(application.created_at) + timedelta(days=settings.DRAFT_RETENTION_DAYS),
        },
    )
    type(application).objects.filter(pk=application.pk).update(resume_link_sent_at=timezone.now())


def meeting_ics(meeting) -> bytes:
    """An iCalendar (RFC 5545) invitation; the summary says what, not who or why."""
    from icalendar import Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", "-//Besokshjem//besokshjem.example.no//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}-{meeting.application.access_key.hex}@besokshjem")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"{meeting.get_kind_display()} – {meeting.application.municipality.name}")
    event["location"] = vText(meeting.video_link if meeting.is_video else meeting.place)
    event.add("description", f"{meeting.application.reference}")
    calendar.add_component(event)
    return calendar.to_ical()


def send_meeting_invitation(*, meeting) -> None:
    from django.core.mail import EmailMultiAlternatives

    from besokshjem.core.emails import render_email

    application = meeting.application
    subject, text, html = render_email(
        template="meeting_invitation",
        language=application.language,
        context={"meeting": meeting, "application": application, "municipality": application.municipality,
                 "status_url": status_url(application)},
    )
    message = EmailMultiAlternatives(subject=subject, body=text, to=[application.email],
                                     reply_to=[application.municipality.contact_email])
    message.attach_alternative(html, "text/html")
    message.attach(f"{meeting.kind}-{meeting.pk}.ics", meeting_ics(meeting), "text/calendar; method=PUBLISH; charset=utf-8")
    message.send(fail_silently=False)
    type(meeting).objects.filter(pk=meeting.pk).update(invited_at=timezone.now())


def send_purpose_confirmation_notice(*, confirmation) -> None:
    application = confirmation.application
    send_templated_email(
        template="purpose_confirmation_ready",
        to=[application.email],
        reply_to=[application.municipality.contact_email],
        language=application.language,
        context={"application": application, "municipality": application.municipality, "status_url": status_url(application)},
    )


def send_decision_notice(*, application) -> None:
    """Approved or rejected: a notice only; the reason is on the status page, not in the e-mail."""
    send_templated_email(
        template="volunteer_decision",
        to=[application.email],
        reply_to=[application.municipality.contact_email],
        language=application.language,
        context={"application": application, "municipality": application.municipality, "status_url": status_url(application)},
    )
