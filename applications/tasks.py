"""Thin tasks: load by id, call the e-mail function. Retried on temporary failures only."""

import smtplib

from celery import shared_task

TEMPORARY_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)
RETRY = {
    "autoretry_for": TEMPORARY_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 12,
    "acks_late": True,
}


def _application(application_id: int, kind: str):
    from .wizard import wizard_for

    return wizard_for(kind).model.objects.select_related("municipality").get(pk=application_id)


@shared_task(**RETRY)
def send_application_receipt(application_id: int, kind: str = "volunteer") -> None:
    from . import emails

    emails.send_receipt(application=_application(application_id, kind))


@shared_task(**RETRY)
def send_resume_link(application_id: int, kind: str = "volunteer") -> None:
    from . import emails

    application = _application(application_id, kind)
    if application.is_draft:
        emails.send_resume_link(application=application)


@shared_task(**RETRY)
def send_meeting_invitation(meeting_id: int) -> None:
    from . import emails
    from .models import Meeting

    meeting = Meeting.objects.select_related("application__municipality", "caseworker").get(pk=meeting_id)
    emails.send_meeting_invitation(meeting=meeting)


@shared_task(**RETRY)
def send_purpose_confirmation_notice(confirmation_id: int) -> None:
    from . import emails
    from .models import PurposeConfirmation

    confirmation = PurposeConfirmation.objects.select_related("application__municipality").get(pk=confirmation_id)
    emails.send_purpose_confirmation_notice(confirmation=confirmation)


@shared_task(**RETRY)
def send_decision_notice(application_id: int) -> None:
    from . import emails
    from .models import VolunteerApplication

    application = VolunteerApplication.objects.select_related("municipality").get(pk=application_id)
    emails.send_decision_notice(application=application)
