"""The applicant's side of approval on the status page: meetings, formålsbekreftelser, signatures, every agreement signed
by the person it names, and its PDF."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import checklist
from besokshjem.core.tokens import RESUME, STATUS, case_token

from .. import approval_helpers as h
from ..factories import MeetingFactory, VolunteerApplicationFactory


def status_url(application, name="applications:status", **kwargs):
    return reverse(name, kwargs={"token": case_token(application, purpose=STATUS), **kwargs})


def test_status_page_shows_the_interview_time(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    when = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0) + timedelta(days=8)
    MeetingFactory(application=application, starts_at=when, caseworker=bergen_caseworker, place="Rådhuset, rom 4")
    html = client.get(status_url(application)).content.decode()
    assert "Rådhuset, rom 4" in html and timezone.localtime(when).strftime("%H:%M") in html


def test_applicant_signs_the_declaration_on_the_status_page(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.request_declaration(application)
    html = client.get(status_url(application)).content.decode()
    assert "Taushetserklæring" in html and "forvaltningsloven § 13" in html
    bad = client.post(status_url(application, "applications:sign_declaration"), {"person_key": "applicant", "typed_name": "Kari"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Skriv fullt navn" in body and "Kryss av" in body and 'value="Kari"' in body
    ok = client.post(status_url(application, "applications:sign_declaration"),
                     {"person_key": "applicant", "typed_name": "Kari Testesen", "confirmed": "on"})
    assert ok.status_code == 302
    signature = application.declaration_signatures.get()
    assert signature.text.version == 1 and signature.typed_name == "Kari Testesen"
    assert "Signert av Kari Testesen" in client.get(status_url(application)).content.decode()


def test_applicant_signs_the_agreement_and_downloads_the_pdf(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.add_rates(application.municipality)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    html = client.get(status_url(application)).content.decode()
    assert "Oppdragsavtale" in html and "kr 950,00" in html
    response = client.post(status_url(application, "applications:sign_agreement", pk=agreement.pk),
                           {"person_key": "applicant", "typed_name": "Kari Testesen", "confirmed": "on"})
    assert response.status_code == 302
    party = agreement.parties.get()
    assert party.signed_at and party.signed_name == "Kari Testesen"
    pdf = client.get(status_url(application, "applications:agreement_pdf", pk=agreement.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_each_person_signs_their_own_agreement_on_the_status_page(client, bergen, bergen_caseworker):
    """A couple applying for avlastningshjem (arbeidsavtaler) and besøkshjem (an oppdragsavtale naming both): three
    agreements, each signable by the person it names; a wrong name is refused and what was typed is kept."""
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["visiting", "respite"], respite_home_mode="both", **h.PARTNER), bergen_caseworker)
    h.add_rates(bergen)
    visiting, kari, ola = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    html = client.get(status_url(application)).content.decode()
    for agreement in (visiting, kari, ola):
        assert f'id="avtale-{agreement.pk}"' in html
    assert html.count("Signer avtalen") == 3

    wrong = client.post(status_url(application, "applications:sign_agreement", pk=ola.pk),
                        {"person_key": "partner", "typed_name": "Kari Testesen", "confirmed": "on"})
    assert wrong.status_code == 400 and "Skriv fullt navn slik det står i søknaden: Ola Testesen." in wrong.content.decode()
    not_a_party = client.post(status_url(application, "applications:sign_agreement", pk=ola.pk),
                              {"person_key": "applicant", "typed_name": "Kari Testesen", "confirmed": "on"})
    assert not_a_party.status_code == 400

    for agreement, key, name in ((visiting, "applicant", "Kari Testesen"), (visiting, "partner", "Ola Testesen"),
                                 (kari, "applicant", "Kari Testesen"), (ola, "partner", "Ola Testesen")):
        response = client.post(status_url(application, "applications:sign_agreement", pk=agreement.pk),
                               {"person_key": key, "typed_name": name, "confirmed": "on"})
        assert response.status_code == 302, response.content.decode()[:500]
    for agreement in (visiting, kari, ola):
        agreement.refresh_from_db()
        assert agreement.applicant_signed_at is not None
    assert "Signer avtalen" not in client.get(status_url(application)).content.decode()


def test_a_replaced_or_another_cases_agreement_is_404(client, draft, bergen, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    other = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    h.add_rates(bergen)
    [old] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    [theirs] = volunteer_services.agreements_generate(application=other, by=bergen_caseworker)
    for pk in (old.pk, theirs.pk):
        assert client.get(status_url(application, "applications:agreement_pdf", pk=pk)).status_code == 404
        assert client.post(status_url(application, "applications:sign_agreement", pk=pk),
                           {"person_key": "applicant", "typed_name": "Kari Testesen", "confirmed": "on"}).status_code == 404


def test_purpose_confirmation_pdf_is_downloadable_from_the_status_page(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    assert "Formålsbekreftelse for Kari Testesen, besøkshjem (PDF)" in client.get(status_url(application)).content.decode()
    pdf = client.get(status_url(application, "applications:purpose_confirmation_pdf", pk=confirmation.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_documents_are_404_with_a_wrong_or_tampered_token(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.add_rates(application.municipality)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    token = case_token(application, purpose=STATUS)
    resume = case_token(application, purpose=RESUME)
    for bad in (token[:-3] + "abc", resume):
        assert client.get(reverse("applications:agreement_pdf", kwargs={"token": bad, "pk": agreement.pk})).status_code == 404
        assert client.get(reverse("applications:purpose_confirmation_pdf", kwargs={"token": bad, "pk": confirmation.pk})).status_code == 404


def test_another_applications_confirmation_is_404(client, draft, bergen, bergen_caseworker):
    mine = h.in_review(draft, bergen_caseworker)
    other = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=other, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    assert client.get(status_url(mine, "applications:purpose_confirmation_pdf", pk=confirmation.pk)).status_code == 404


def test_approved_applicant_sees_approval_on_the_status_page(client, draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    volunteer_services.application_approve(application=application, by=bergen_caseworker)
    html = client.get(status_url(application)).content.decode()
    assert "Godkjent" in html and "Dere er godkjent" in html and "Signer" not in html
