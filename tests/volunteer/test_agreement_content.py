"""What the agreements say, read back from their PDFs: an arbeidsavtale has everything arbeidsmiljøloven § 14-6 asks for,
numbers carry their unit in proper Norwegian, and no escaped HTML entity («KS&#x27;») reaches a PDF."""

from datetime import date

import pytest

from applications.volunteer import services as volunteer_services
from applications.volunteer.selectors import purpose_confirmation_pdf
from placements.models import EmploymentTerms
from placements.selectors import agreement_pdf

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory
from ..pdf_checks import pdfa_problems


def respite_home(bergen, caseworker, **extra):
    fields = {"home_types": ["respite"], "respite_home_mode": "overnight", "frequency_per_month": 2, **extra}
    return h.in_review(VolunteerApplicationFactory(municipality=bergen, **fields), caseworker)


def test_an_arbeidsavtale_has_what_arbeidsmiljoloven_14_6_requires(bergen, bergen_caseworker):
    EmploymentTerms.objects.create(municipality=bergen, pension_scheme="klp", pay_day=12, holiday_pay_percent="12.0",
                                   notice_months=1, trial_months=6)
    h.add_rates(bergen)
    application = respite_home(bergen, bergen_caseworker)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker, start_date=date(2027, 1, 4))
    text = " ".join(h.pdf_text(agreement_pdf(agreement=agreement)).split())
    required = {
        "a) the parties": ["Arbeidsgiver: Bergen kommune", "Arbeidstaker: Kari Testesen, født 12. april 1985"],
        "b) the workplace": ["Avlastningen gis i arbeidstakerens hjem, Eksempelveien 1, 5015 Bergen"],
        "c) the work": ["Avlaster (avlastningshjem) for barn og unge etter helse- og omsorgstjenesteloven"],
        "d) the start": ["Arbeidsforholdet begynner 4. januar 2027"],
        "e) permanent or temporary": ["Ansettelsen er fast."],
        "f) trial period": ["prøvetid på 6 måneder"],
        "g) holiday and holiday pay": ["rett til ferie etter ferieloven", "Feriepengene er 12 prosent"],
        "h) notice": ["Gjensidig oppsigelsesfrist er 1 måned"],
        "i) pay, pension and pay date": ["Timelønn: kr 235,50 per time", "den 12. hver måned", "KLP (Kommunal Landspensjonskasse)",
                                         "barn 0–10 år kr 400,00, barn over 10 år kr 450,00"],
        "j)–k) working hours and pauses": ["forskrift om arbeidstid for avlastere", "Pauser og hvile"],
        "m) tariff agreement": ["KS' særavtale SGS 1030 Avlastere", "Tariffpartene er KS"],
        "scope": ["Forventet omfang: 2 døgn per måned"],
    }
    missing = {item: [p for p in phrases if p not in text] for item, phrases in required.items()}
    assert not any(missing.values()), missing
    assert "&#" not in text and "&amp;" not in text and "&quot;" not in text


def test_the_default_terms_are_stated_when_the_kommune_has_set_none(bergen, bergen_caseworker):
    h.add_rates(bergen)
    [agreement] = volunteer_services.agreements_generate(application=respite_home(bergen, bergen_caseworker), by=bergen_caseworker)
    assert "Det er ikke avtalt prøvetid." in agreement.body
    assert "KLP (Kommunal Landspensjonskasse)" in agreement.body and "den 12. hver måned" in agreement.body
    assert "Feriepengene er 12 prosent" in agreement.body
    assert agreement.terms == {"pension": "KLP (Kommunal Landspensjonskasse)", "pay_day": 12, "holiday_pay_percent": "12.0",
                               "notice_months": 1, "trial_months": 0, "tariff": "KS SGS 1030"}


@pytest.mark.parametrize(("per_month", "scope"), [(1, "1 helg per måned"), (2, "2 helger per måned")])
def test_the_scope_is_a_number_with_its_unit_in_proper_norwegian(bergen, bergen_caseworker, per_month, scope):
    h.add_rates(bergen)
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, frequency_per_month=per_month), bergen_caseworker)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    text = " ".join(h.pdf_text(agreement_pdf(agreement=agreement)).split())
    assert f"Forventet omfang: {scope}" in text
    assert "1 helger" not in text


def test_no_escaped_entity_reaches_an_agreement_or_a_formalsbekreftelse(bergen, bergen_caseworker):
    bergen.contact_unit = "Barn & familie «Sør»"
    bergen.address = "Postboks 1, 5020 Bergen"
    bergen.save()
    h.add_rates(bergen)
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, last_name="O'Testesen", address="Kari's vei 2"), bergen_caseworker)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert "&#" not in agreement.body and "&amp;" not in agreement.body
    assert "KS' veiledende satser" in agreement.body and "Kari O'Testesen" in agreement.body
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    for pdf in (agreement_pdf(agreement=agreement), purpose_confirmation_pdf(confirmation=confirmation)):
        text = h.pdf_text(pdf)
        assert "O'Testesen" in text
        for entity in ("&#", "&amp;", "&quot;", "&lt;", "&gt;"):
            assert entity not in text, entity


def test_the_formalsbekreftelse_and_the_agreement_are_official_letters_in_pdf_a(bergen, bergen_caseworker):
    h.add_rates(bergen)
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    letter = " ".join(h.pdf_text(purpose_confirmation_pdf(confirmation=confirmation)).split())
    assert "Bergen kommune" in letter and f"Vår referanse {application.reference}" in letter
    assert application.applicant_name in letter and bergen_caseworker.get_full_name() in letter and "Side 1 av 1" in letter
    contract = " ".join(h.pdf_text(agreement_pdf(agreement=agreement)).split())
    assert "Bergen kommune" in contract and application.reference in contract
    for pdf in (agreement_pdf(agreement=agreement), purpose_confirmation_pdf(confirmation=confirmation)):
        assert pdfa_problems(pdf) == []
