"""The vedtak as an official letter: for each outcome, the PDF read back states the addressees, what was applied for,
the granted scope with its unit, the appeal deadline as a date, the appeal body by name, the legal basis from the
national table, and says nothing twice; it is PDF/A-2b with every font embedded."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from applications.decisions.letters import decision_letter_pdf
from applications.respite import services as respite_services
from besokshjem.legal.selectors import cite

from ..pdf_checks import pdf_text, pdfa_problems
from ..respite_helpers import DECISION_TEXT

MADE = datetime(2026, 11, 20, 10)  # Friday: four weeks end on Friday 18 December


@pytest.fixture
def two_guardians(received):
    received.second_guardian = True
    received.second_guardian_name = "Per Testforelder"
    received.second_guardian_email = "per@example.no"
    received.second_guardian_has_parental_responsibility = True
    received.weekends_per_month = 3
    received.save()
    received.municipality.appeal_authority = "Statsforvalteren i Vestland"
    received.municipality.save(update_fields=["appeal_authority"])
    return received


OUTCOMES = {
    "granted": {"outcome": "granted", "service_type": "respite_home", "scope_amount": 2, "scope_unit": "weekend"},
    "partly_granted": {"outcome": "partly_granted", "service_type": "respite_home", "scope_amount": 1, "scope_unit": "weekend"},
    "rejected": {"outcome": "rejected"},
}


def decide(application, caseworker, outcome):
    content = OUTCOMES[outcome]
    with time_machine.travel(timezone.make_aware(MADE), tick=False):
        return respite_services.decision_make(
            application=application, by=caseworker, applied_for=respite_services.applied_for_text(application),
            period_from=date(2027, 1, 1) if outcome != "rejected" else None,
            criterion="Kommunen skal tilby avlastning til den som har særlig tyngende omsorgsarbeid.",
            reasons="Omsorgsarbeidet er særlig tyngende om natten.", best_interests="Faste rammer er til barnets beste.",
            child_views="Barnet gleder seg til å bli kjent med en ny familie.", **DECISION_TEXT, **content,
        )


def sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s", flat) if len(s.strip()) > 25]


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_letter_states_what_the_law_asks_to_every_party_and_is_pdf_a(two_guardians, bergen_caseworker, outcome):
    decision = decide(two_guardians, bergen_caseworker, outcome)
    data = decision_letter_pdf(decision=decision)
    text = pdf_text(data)

    assert "Bergen kommune" in text and "Mona Testforelder" in text and "Eksempelgata 2" in text
    assert "Kopi til: Per Testforelder" in text  # the other party, by name only
    assert "Avlastningshjem" in text and "3 helger per måned" in text  # what was applied for
    assert "18. desember 2026" in text  # the appeal deadline as a date
    assert "Statsforvalteren i Vestland" in text
    assert cite("basis.health_care.respite") in re.sub(r"\s+", " ", text)
    assert cite("appeal.health_care") in text
    if outcome == "granted":
        assert "Søknaden er innvilget" in text and "2 helger per måned" in re.sub(r"\s+", " ", text)
    elif outcome == "partly_granted":
        assert "delvis innvilget" in text and "1 helg per måned" in re.sub(r"\s+", " ", text)
        assert "ut over dette, er avslått" in text
    else:
        assert "Søknaden er avslått" in text
    said = sentences(text)
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]
    assert pdfa_problems(data) == []


def test_the_second_guardian_gets_a_letter_of_their_own_without_the_first_ones_address(two_guardians, bergen_caseworker):
    decision = decide(two_guardians, bergen_caseworker, "granted")
    text = pdf_text(decision_letter_pdf(decision=decision, party_key="guardian:2"))
    assert "Per Testforelder" in text and "Kopi til: Mona Testforelder" in text
    assert "Eksempelgata 2" not in text


def test_the_letter_answers_the_request_for_an_individual_plan(two_guardians, bergen_caseworker):
    decision = decide(two_guardians, bergen_caseworker, "rejected")
    text = re.sub(r"\s+", " ", pdf_text(decision_letter_pdf(decision=decision)))
    assert "Individuell plan og koordinator" in text and DECISION_TEXT["plan_answer"] in text
    assert cite("individual_plan") in text
