"""The caseworker's case page of a volunteer application: every step of approval, one action per button, scoped to
the caseworker's kommune."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from placements import services as placement_services
from placements.models import ApprovedHome
from placements.selectors import current_agreement

from .. import approval_helpers as h


def post(client, application, **data):
    return client.post(reverse("caseworker:case", args=[application.pk]), data)


def test_caseworker_takes_an_application_to_approval_on_the_case_page(client, submitted, bergen_caseworker, on_commit):
    client.force_login(bergen_caseworker)
    page = client.get(reverse("caseworker:case", args=[submitted.pk]))
    assert page.status_code == 200 and "Sjekkliste for godkjenning" in page.content.decode()
    post(client, submitted, action="take")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.IN_REVIEW and submitted.assigned_to == bergen_caseworker

    past = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    mail.outbox.clear()
    for kind in ("interview", "interview", "home_visit"):
        with on_commit():
            response = post(client, submitted, action="schedule", kind=kind, starts_at=past, duration_minutes=60,
                            place="Rådhuset" if kind == "interview" else "", caseworker=bergen_caseworker.pk)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == 3 and all(m.attachments for m in mail.outbox)
    for meeting in submitted.meetings.all():
        data = {"action": "held", "meeting": meeting.pk, "notes": "Godt møte"}
        if meeting.kind == "home_visit":
            data.update(bedroom_for_child="True", safety_notes="Trygt", impression="Varmt hjem")
        assert post(client, submitted, **data).status_code == 302

    assert post(client, submitted, action="purpose", person_key="applicant").status_code == 302
    today = timezone.localdate()
    too_old = post(client, submitted, action="attest", person_key="applicant", attest_type="complete_extended",
                   issue_date=(today - timedelta(days=120)).isoformat(), shown_date=today.isoformat(), outcome="no_remarks")
    assert too_old.status_code == 400 and "mer enn tre måneder gammel" in too_old.content.decode()
    wrong = post(client, submitted, action="attest", person_key="applicant", attest_type="ordinary",
                 issue_date=today.isoformat(), shown_date=today.isoformat(), outcome="no_remarks")
    assert wrong.status_code == 400 and "Feil type politiattest" in wrong.content.decode()
    assert post(client, submitted, action="attest", person_key="applicant", attest_type="complete_extended",
                issue_date=(today - timedelta(days=20)).isoformat(), shown_date=today.isoformat(), outcome="no_remarks").status_code == 302

    refused = post(client, submitted, action="approve")
    assert refused.status_code == 302
    assert "Kan ikke godkjenne ennå" in client.get(reverse("caseworker:case", args=[submitted.pk])).content.decode()

    h.sign_declarations(submitted)
    h.add_rates(submitted.municipality)
    assert post(client, submitted, action="agreement_generate").status_code == 302
    placement_services.agreement_sign_applicant(agreement=current_agreement(application=submitted), typed_name="Kari Testesen", confirmed=True)
    assert post(client, submitted, action="agreement_sign").status_code == 302
    pdf = client.get(reverse("caseworker:case_agreement_pdf", args=[submitted.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

    assert post(client, submitted, action="approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.APPROVED
    assert ApprovedHome.objects.filter(application=submitted).exists()


def test_reject_on_the_case_page_needs_a_reason(client, submitted, bergen_caseworker):
    client.force_login(bergen_caseworker)
    response = post(client, submitted, action="reject", reason="")
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    post(client, submitted, action="reject", reason="Ikke kapasitet til oppfølging nå")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.REJECTED


def test_another_municipality_gets_404_on_the_case_page_and_its_actions(client, submitted, lillestrom_caseworker):
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker:case", args=[submitted.pk])).status_code == 404
    for action in ("take", "approve", "agreement_generate"):
        assert post(client, submitted, action=action).status_code == 404
    assert post(client, submitted, action="reject", reason="x").status_code == 404
    assert client.get(reverse("caseworker:case_agreement_pdf", args=[submitted.pk])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_unknown_action_is_404(client, submitted, bergen_caseworker):
    client.force_login(bergen_caseworker)
    assert post(client, submitted, action="delete_everything").status_code == 404
