"""Closed cases built directly as rows (what the services would have left), for the retention and innsyn tests."""

from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Attachment, HouseholdMember, PoliceCertificate
from tests.approval_helpers import PARTNER
from tests.factories import DecisionFactory, MeetingFactory, RespiteApplicationFactory, UserFactory, VolunteerApplicationFactory


def oslo(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def closed_volunteer(municipality, *, status="rejected", closed=None, number=1, **extra):
    """A volunteer's application with a partner, a household member, a held interview and an attest, closed now."""
    closed = closed or timezone.now()
    application = VolunteerApplicationFactory(
        municipality=municipality, status=status, reference=f"{municipality.reference_prefix}-2026-{number:05d}",
        submitted_at=closed - timedelta(days=30), closed_at=closed, **{"email": "kari.testesen@example.no", **extra},
        rejection_reason="Kari Testesen har for lite tid.", health_details="Kari har astma.", **PARTNER,
        **{k: v for k, v in extra.items() if k != "email"},
    )
    HouseholdMember.objects.create(application=application, name="Per Testesen", birth_date=date(2001, 2, 3), relation="child")
    caseworker = UserFactory()
    MeetingFactory(application=application, caseworker=caseworker, held=True, notes="Kari Testesen fortalte om hjemmet.",
                   place="Eksempelveien 1")
    PoliceCertificate.objects.create(
        application=application, person_key="applicant", person_name="Kari Testesen", attest_type="child_care",
        issue_date=closed.date() - timedelta(days=40), shown_date=closed.date() - timedelta(days=35), checked_by=caseworker,
        outcome="remarks", note="Kari Testesen: gammel bot.",
    )
    return application


def closed_respite(municipality, *, closed=None, archived=True, number=1, **extra):
    """A parent's application decided (a rejection, so no need or placement) at `closed`, handed over to the archive."""
    closed = closed or timezone.now()
    application = RespiteApplicationFactory(
        municipality=municipality, status="submitted", reference=f"{municipality.reference_prefix}-2026-{number:05d}",
        submitted_at=closed - timedelta(days=20), guardian_email="mona.testforelder@example.no", **extra,
    )
    DecisionFactory(application=application, rejected=True, decided_at=closed)
    application.refresh_from_db()
    if archived:
        application.archived_at = closed
        application.save(update_fields=["archived_at"])
    return application


def attach(application, storage_name="respite/doc.pdf", data=b"%PDF-1.4 test"):
    """An attachment row with its file in private storage."""
    attachment = Attachment(application=application, original_name="uttalelse.pdf", content_type="application/pdf", size=len(data))
    attachment.file.save("uttalelse.pdf", ContentFile(data), save=False)
    attachment.save()
    return attachment
