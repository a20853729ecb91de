"""The caseworker's case page of a volunteer application: every step of approval, one action per button, scoped to
the caseworker's kommune."""

import uuid
from datetime import date, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.volunteer import services as volunteer_services
from placements import services as placement_services
from placements.models import ApprovedHome
from placements.selectors import current_agreements

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory


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
            response = post(client, submitted, action="schedule", nonce=uuid.uuid4(), kind=kind, starts_at=past, duration_minutes=60,
                            place="Rådhuset" if kind == "interview" else "", caseworker=bergen_caseworker.pk)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert mail.outbox == []  # held yesterday: recorded, not invited to
    for meeting in submitted.meetings.all():
        data = {"action": "held", "meeting": meeting.pk, "notes": "Godt møte"}
        if meeting.kind == "home_visit":
            data.update(bedroom_for_child="True", safety_notes="Trygt", impression="Varmt hjem")
        assert post(client, submitted, **data).status_code == 302

    assert post(client, submitted, action="purpose", person_role="applicant|visiting").status_code == 302
    assert submitted.purpose_confirmations.get().home_type == "visiting"
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
    assert post(client, submitted, action="agreement_generate", start_date="").status_code == 400
    assert post(client, submitted, action="agreement_generate", start_date=today.isoformat()).status_code == 302
    [agreement] = current_agreements(application=submitted)
    placement_services.agreement_sign_party(agreement=agreement, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    assert post(client, submitted, action="agreement_sign", agreement=agreement.pk).status_code == 302
    agreement.refresh_from_db()
    assert agreement.caseworker_signed_by == bergen_caseworker
    pdf = client.get(reverse("caseworker:case_agreement_pdf", args=[submitted.pk, agreement.pk]))
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
    assert client.get(reverse("caseworker:case_agreement_pdf", args=[submitted.pk, 1])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_unknown_action_is_404(client, submitted, bergen_caseworker):
    client.force_login(bergen_caseworker)
    assert post(client, submitted, action="delete_everything").status_code == 404


def test_caseworker_assesses_remarks_and_records_a_birth_date_on_the_case_page(client, lillestrom, lillestrom_caseworker):
    application = h.in_review(VolunteerApplicationFactory(municipality=lillestrom), lillestrom_caseworker)
    member = h.add_household_member(application, name="Bare Året", birth_date=date(1995, 1, 1), estimated=True)
    today = timezone.localdate()
    volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended", issue_date=today, shown_date=today,
        outcome="remarks", note="Gammelt forelegg.", by=lillestrom_caseworker)
    certificate = application.police_certificates.get()
    client.force_login(lillestrom_caseworker)
    page = client.get(reverse("caseworker:case", args=[application.pk])).content.decode()
    assert "Merknadene er ikke vurdert." in page and "Vurder merknadene på politiattesten til Kari Testesen" in page
    assert "Registrer fødselsdatoen til Bare Året (født 1995)" in page

    refused = post(client, application, action="assess", certificate=certificate.pk, acceptable="True", assessment="")
    assert refused.status_code == 400
    assert post(client, application, action="assess", certificate=certificate.pk, acceptable="True",
                assessment="Ikke av betydning for oppdraget.").status_code == 302
    certificate.refresh_from_db()
    assert certificate.assessment_acceptable is True and certificate.assessed_by == lillestrom_caseworker

    assert post(client, application, action="birth_date", member=member.pk, birth_date="1995-08-17").status_code == 302
    member.refresh_from_db()
    assert (member.birth_date, member.birth_date_estimated) == (date(1995, 8, 17), False)
    page = client.get(reverse("caseworker:case", args=[application.pk])).content.decode()
    assert "Vurdert som forenlig med oppdraget" in page and "Registrer fødselsdatoen" not in page

