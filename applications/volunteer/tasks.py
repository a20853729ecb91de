"""Task names kept so that tasks queued before the outbox existed still run: each writes its outbox row instead of
sending (deduplicated, so a row written by the service itself is not doubled)."""

from celery import shared_task
from django.db import transaction

from applications.models import Meeting, PurposeConfirmation, VolunteerApplication

from . import emails


@shared_task(name="applications.tasks.send_meeting_invitation", acks_late=True)
def send_meeting_invitation(meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("application__municipality").filter(pk=meeting_id).first()
    if meeting is not None:
        with transaction.atomic():
            emails.meeting_invitation_write(meeting=meeting)


@shared_task(name="applications.tasks.send_purpose_confirmation_notice", acks_late=True)
def send_purpose_confirmation_notice(confirmation_id: int) -> None:
    confirmation = PurposeConfirmation.objects.select_related("application__municipality").filter(pk=confirmation_id).first()
    if confirmation is not None:
        with transaction.atomic():
            emails.purpose_confirmation_notice_write(confirmation=confirmation)


@shared_task(name="applications.tasks.send_decision_notice", acks_late=True)
def send_decision_notice(application_id: int) -> None:
    application = VolunteerApplication.objects.select_related("municipality").filter(pk=application_id).first()
    if application is not None:
        with transaction.atomic():
            emails.decision_notice_write(application=application)
