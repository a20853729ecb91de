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


@shared_task(**RETRY)
def send_application_receipt(application_id: int) -> None:
    from . import emails
    from .models import VolunteerApplication

    application = VolunteerApplication.objects.select_related("municipality").get(pk=application_id)
    emails.send_receipt(application=application)


@shared_task(**RETRY)
def send_resume_link(application_id: int) -> None:
    from . import emails
    from .models import VolunteerApplication

    application = VolunteerApplication.objects.select_related("municipality").get(pk=application_id)
    if application.is_draft:
        emails.send_resume_link(application=application)
