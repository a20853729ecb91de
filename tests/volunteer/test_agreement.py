"""The agreements with a volunteer home: one per role, of the kind the kommune's setting gives that role; an arbeidsavtale
is personal (one per employee), an oppdragsavtale may name a couple and then both sign; rates must be in force."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import checklist
from besokshjem.tenancy.models import HomeTypeSetting
from placements import services as placement_services
from placements.selectors import agreement_pdf, current_agreements

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory


def agreement_lines(application) -> list[str]:
    return [line for line in checklist(application).missing if "avtale" in line.lower()]


def test_agreement_kind_follows_the_municipality_setting(bergen, bergen_caseworker):
    h.add_rates(bergen)
    respite = h.in_review(VolunteerApplicationFactory(municipality=bergen, home_types=["respite"], respite_home_mode="overnight"), bergen_caseworker)
    assert [a.kind for a in volunteer_services.agreements_generate(application=respite, by=bergen_caseworker)] == ["employment"]
    visiting = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    assert [a.kind for a in volunteer_services.agreements_generate(application=visiting, by=bergen_caseworker)] == ["assignment"]
    HomeTypeSetting.objects.filter(municipality=bergen, home_type="visiting").update(agreement_kind="employment")
    visiting.municipality.refresh_from_db()
    [remade] = volunteer_services.agreements_generate(application=visiting, by=bergen_caseworker)
    assert remade.kind == "employment" and remade.person_key == "applicant"
    assert visiting.agreements.filter(superseded_at__isnull=True).count() == 1


def test_two_roles_get_one_agreement_each_with_the_kind_of_each_roles_setting(bergen, bergen_caseworker):
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["visiting", "respite"], respite_home_mode="overnight"), bergen_caseworker)
    h.add_rates(bergen)
    agreements = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert [(a.home_type, a.kind, a.legal_track) for a in agreements] == [
        ("visiting", "assignment", "child_welfare"), ("respite", "employment", "health_care"),
    ]
    assert agreement_lines(application) == [
        "Oppdragsavtalen for besøkshjem er ikke signert av Kari Testesen.",
        "Oppdragsavtalen for besøkshjem er ikke signert av kommunen.",
        "Arbeidsavtalen for avlastningshjem (Kari Testesen) er ikke signert av Kari Testesen.",
        "Arbeidsavtalen for avlastningshjem (Kari Testesen) er ikke signert av kommunen.",
    ]


def test_an_arbeidsavtale_is_personal_each_employee_gets_their_own(bergen, bergen_caseworker):
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["respite"], respite_home_mode="overnight", **h.PARTNER), bergen_caseworker)
    h.add_rates(bergen)
    agreements = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert [(a.kind, a.person_key, [p.name for p in a.parties.all()]) for a in agreements] == [
        ("employment", "applicant", ["Kari Testesen"]), ("employment", "partner", ["Ola Testesen"]),
    ]
    kari, ola = agreements
    assert "Arbeidstaker: Kari Testesen" in kari.body and "Ola Testesen" not in kari.body
    assert "Arbeidstaker: Ola Testesen" in ola.body and "Kari Testesen" not in ola.body
    with pytest.raises(ValidationError, match="ikke part i avtalen"):
        placement_services.agreement_sign_party(agreement=kari, person_key="partner", typed_name="Ola Testesen", confirmed=True)


def test_a_couples_oppdragsavtale_needs_both_signatures(bergen, bergen_caseworker):
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, **h.PARTNER), bergen_caseworker)
    h.add_rates(bergen)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert [p.person_key for p in agreement.parties.all()] == ["applicant", "partner"]
    assert "Kari Testesen" in agreement.body and "Ola Testesen" in agreement.body and "begge signerer" in agreement.body

    placement_services.agreement_sign_party(agreement=agreement, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    placement_services.agreement_sign_caseworker(agreement=agreement, by=bergen_caseworker)
    agreement.refresh_from_db()
    assert agreement.applicant_signed_at is None
    assert agreement_lines(application) == ["Oppdragsavtalen for besøkshjem er ikke signert av Ola Testesen."]

    with pytest.raises(ValidationError, match="Skriv fullt navn"):
        placement_services.agreement_sign_party(agreement=agreement, person_key="partner", typed_name="Kari Testesen", confirmed=True)
    placement_services.agreement_sign_party(agreement=agreement, person_key="partner", typed_name=" ola  testesen ", confirmed=True)
    agreement.refresh_from_db()
    ola = agreement.parties.get(person_key="partner")
    assert (ola.signed_name, ola.signed_at is not None) == ("ola testesen", True)
    assert agreement.applicant_signed_at == ola.signed_at
    assert agreement_lines(application) == []


def test_a_stottekontakt_in_a_couples_application_is_the_applicant_alone(bergen, bergen_caseworker):
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["visiting", "support_contact"], hours_per_week=4, **h.PARTNER), bergen_caseworker)
    h.add_rates(bergen)
    visiting, support = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert [p.person_key for p in visiting.parties.all()] == ["applicant", "partner"]
    assert [p.person_key for p in support.parties.all()] == ["applicant"]


def test_agreement_needs_rates_in_force_on_its_start_date(draft, bergen, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="ingen satser for oppdragsavtale etter Barnevernsloven"):
        volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    tomorrow = timezone.localdate() + timedelta(days=1)
    h.add_rates(bergen, valid_from=tomorrow)
    with pytest.raises(ValidationError, match="ingen satser"):
        volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker, start_date=tomorrow)
    assert agreement.start_date == tomorrow and agreement.rates_valid_from == tomorrow


def test_remaking_the_agreements_starts_the_signatures_over(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert not checklist(application).complete
    [current] = current_agreements(application=application)
    assert not current.applicant_signed_at and not current.caseworker_signed_at


def test_a_temporary_arbeidsavtale_needs_its_reason(bergen, bergen_caseworker):
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, home_types=["respite"], respite_home_mode="overnight"), bergen_caseworker)
    h.add_rates(bergen)
    end = timezone.localdate() + timedelta(days=180)
    with pytest.raises(ValidationError) as exc:
        volunteer_services.agreements_generate(application=application, by=bergen_caseworker, end_date=end)
    assert "arbeidsmiljøloven § 14-9" in exc.value.message_dict["temporary_reason"][0]
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker, end_date=end,
                                                         temporary_reason="Vikariat for en avlaster i permisjon")
    assert "midlertidig" in agreement.body and "Vikariat for en avlaster i permisjon" in agreement.body


def test_agreement_pdf_has_parties_rates_and_every_signature_time(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    [agreement] = current_agreements(application=application)
    text = h.pdf_text(agreement_pdf(agreement=agreement))
    assert "OPPDRAGSAVTALE" in text and "Bergen kommune" in text and "Kari Testesen" in text
    assert "kr 950,00 per døgn" in text and "kr 4,50 per km" in text
    local = timezone.localtime
    [party] = agreement.parties.all()
    assert local(party.signed_at).strftime("%H:%M") in text
    assert local(agreement.caseworker_signed_at).strftime("%H:%M") in text
    assert text.count("signert") >= 2
