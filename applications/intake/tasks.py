"""Tasks of the public forms. E-mail goes through the outbox; these names are kept so that tasks queued before the
outbox existed still run (each writes its outbox row, deduplicated, instead of sending). Expired drafts are deleted
by the periodic job registered with the reminder engine (applications/apps.py)."""

from celery import shared_task
from django.db import transaction

from . import emails, services
from .wizard import wizard_for


def _application(application_id: int, kind: str):
    return wizard_for(kind).model.objects.select_related("municipality").filter(pk=application_id).first()


@shared_task(name="applications.tasks.send_application_receipt", acks_late=True)
def send_application_receipt(application_id: int, kind: str = "volunteer") -> None:
    application = _application(application_id, kind)
    if application is not None and not application.is_draft:
        with transaction.atomic():
            emails.receipt_write(application=application)


@shared_task(name="applications.tasks.send_resume_link", acks_late=True)
def send_resume_link(application_id: int, kind: str = "volunteer") -> None:
    application = _application(application_id, kind)
    if application is not None and application.is_draft:
        services.resume_link_request(application=application)
