"""The applicant withdraws on the status page: audited as the applicant's act; not once the case is closed, and not with
a wrong token. Withdrawing deletes any kept copy of a politiattest."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.volunteer import services as volunteer_services
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.tokens import STATUS, case_token

from .. import approval_helpers as h
from ..respite_helpers import PDF


def test_applicant_can_withdraw_and_it_is_audited(client, submitted):
    token = case_token(submitted, purpose=STATUS)
    confirm = client.get(reverse("applications:withdraw", args=[token]))
    assert "Ja, trekk søknaden" in confirm.content.decode()
    client.post(reverse("applications:withdraw", args=[token]))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    entry = list(audit_entries_for(target=submitted))[-1]
    assert (entry.action, entry.actor_label, entry.from_status, entry.to_status) == ("withdrawn", "søker", "submitted", "withdrawn")
    html = client.get(reverse("applications:status", args=[token])).content.decode()
    assert "Trukket" in html and "Trekk søknaden" not in html


def test_a_rejected_application_cannot_be_withdrawn(client, submitted, bergen_caseworker):

    volunteer_services.application_change_status(application=submitted, to_status="rejected", by=bergen_caseworker, note="Ikke egnet nå")
    token = case_token(submitted, purpose=STATUS)
    client.post(reverse("applications:withdraw", args=[token]))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.REJECTED


def test_withdraw_with_wrong_token_is_404(client, submitted):
    assert client.post(reverse("applications:withdraw", args=["abc:def"])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_withdrawal_deletes_a_kept_attest_copy(draft, bergen, bergen_caseworker):
    bergen.keeps_attest_copies = True
    bergen.save()
    application = h.in_review(draft, bergen_caseworker)
    certificate = volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended", issue_date=timezone.localdate(),
        shown_date=timezone.localdate(), outcome="no_remarks", by=bergen_caseworker,
        copy=SimpleUploadedFile("attest.pdf", PDF),
    )
    name = certificate.copy.name
    assert certificate.copy.storage.exists(name)
    volunteer_services.application_withdraw(application=application)
    certificate.refresh_from_db()
    assert not certificate.copy and certificate.copy_deleted_at is not None
    assert not certificate.copy.storage.exists(name)
