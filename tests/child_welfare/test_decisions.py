"""A barnevern hjelpetiltak decision on a case the caseworker registered: the barnevern track's legal basis, appeal
deadline (three weeks) and appeal body; a letter to each party, the child too from 15; sent by post, and the appeal
deadline runs from the day the caseworker records the letter arrived."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.decisions import services as decisions
from applications.decisions.letters import decision_letter_pdf
from applications.models import ChildWelfareStatus, Decision, DecisionDelivery
from applications.respite.selectors import appeal_deadline_of
from besokshjem.legal.selectors import cite

from ..factories import make_caseworker
from ..pdf_checks import pdf_text, pdfa_problems
from .test_registration import MOTHER

CONTENT = {
    "service_type": "visiting", "applied_for": "Besøkshjem én helg i måneden, etter bekymringsmelding fra skolen.",
    "facts": "Barnet har lite nettverk, og mor er alene med tre barn.", "reasons": "Et besøkshjem gir barnet stabile voksne.",
    "best_interests": "Barnet trenger faste, trygge voksne utenfor hjemmet.", "child_views": "Barnet vil gjerne.",
    "child_views_weight": "Barnets ønske er lagt stor vekt på.",
}
MADE = datetime(2026, 11, 20, 10)


def decide(case, caseworker, outcome):
    extra = {"scope_amount": 1, "scope_unit": "weekend", "period_from": date(2027, 1, 1)} if outcome != "rejected" else {}
    with time_machine.travel(timezone.make_aware(MADE), tick=False):
        draft = decisions.decision_draft(case=case, by=caseworker, outcome=outcome, **CONTENT, **extra)
        return decisions.decision_confirm(decision=draft, by=caseworker)


@pytest.mark.parametrize("outcome", ["granted", "partly_granted", "rejected"])
def test_a_barnevern_decision_cites_its_track_and_reaches_every_party_by_post(case, bergen_caseworker, outcome):
    mail.outbox.clear()
    decision = decide(case, bergen_caseworker, outcome)
    case.refresh_from_db()
    assert case.status == ChildWelfareStatus.DECIDED
    assert decision.track == "child_welfare" and decision.delivery == DecisionDelivery.PAPER and decision.notified_at is None
    assert decision.appeal_weeks == 3 and mail.outbox == []  # the parties have no page on the portal

    mother_key = f"guardian:{case.guardians.get(name=MOTHER['name']).pk}"
    mother = pdf_text(decision_letter_pdf(decision=decision, party_key=mother_key))
    child = re.sub(r"\s+", " ", pdf_text(decision_letter_pdf(decision=decision, party_key="child")))
    flat = re.sub(r"\s+", " ", mother)
    assert "Mona Testmor" in mother and "Eksempelgata 2" in mother and "Lise Testbarn" in mother
    assert "Skjultveien" not in mother  # the father's confidential address, in nobody's letter
    assert "Kopi til: Per Testfar, Lise Testbarn" in flat
    assert cite("basis.child_welfare.measure") in flat and "forvaltningsloven § 29" in flat and "3 uker" in flat
    assert "Statsforvalteren i Vestland" in flat and "barnevernsloven § 12-9" in flat
    assert "statussiden" not in flat
    if outcome != "rejected":
        assert "1 helg per måned" in flat and "Besøkshjem én helg i måneden" in flat
    assert "Kopi til: Mona Testmor, Per Testfar" in child  # the child, 15, gets a letter of their own
    assert pdfa_problems(decision_letter_pdf(decision=decision)) == []


def test_the_appeal_deadline_runs_three_weeks_from_the_recorded_arrival_and_moves_off_a_holiday(case, bergen_caseworker):
    decision = decide(case, bergen_caseworker, "rejected")
    assert appeal_deadline_of(decision) is None  # the letter has not arrived yet
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 10, 9)), tick=False):
        decision = decisions.decision_record_paper_delivery(decision=decision, delivered_on=date(2026, 12, 4),
                                                                   by=bergen_caseworker)
    # three weeks from Friday 4 December is Friday 25 December (1. juledag): the deadline moves to Monday 28 December
    assert appeal_deadline_of(decision) == date(2026, 12, 28)


def test_only_a_caseworker_with_authority_decides_a_barnevern_case(bergen, case):
    trainee = make_caseworker(bergen, email="ny@bergen.example.no", may_decide=False)
    draft = decisions.decision_draft(case=case, by=trainee, outcome="rejected", **CONTENT)
    with pytest.raises(ValidationError) as refused:
        decisions.decision_confirm(decision=draft, by=trainee)
    assert refused.value.code == "no_authority"


def test_the_caseworker_drafts_previews_confirms_and_records_the_letters_arrival(client, case, bergen_caseworker):
    client.force_login(bergen_caseworker)
    case_url = reverse("caseworker:child_welfare_case", args=[case.pk])
    form = {"action": "decide", "outcome": "granted", "scope_amount": "1", "scope_unit": "weekend", "scope_period": "month",
            "period_from": "2027-01-01", **CONTENT}
    drafted = client.post(case_url, form)
    draft = Decision.all_objects.get(child_welfare_case=case)
    preview_url = reverse("caseworker:child_welfare_decision_preview", args=[case.pk, draft.pk])
    assert drafted.status_code == 302 and drafted["Location"] == preview_url
    preview = client.get(preview_url).content.decode()
    assert "UTKAST" in preview and "barnevernsloven § 3-1" in preview and "brev i posten" in preview

    assert client.post(preview_url, {"action": "confirm"}).status_code == 302
    decision = case.decisions.get()
    page = client.get(case_url).content.decode()
    assert "Mona Testmor" in page and "regnes fra datoen brevet kommer fram" in page
    assert client.get(reverse("caseworker:child_welfare_party_letter_pdf", args=[case.pk, decision.pk, "child"]))["Content-Type"] == "application/pdf"

    client.post(case_url, {"action": "paper_delivery", "decision": decision.pk, "delivered_on": timezone.localdate().isoformat()})
    decision.refresh_from_db()
    assert decision.notified_at is not None and appeal_deadline_of(decision) is not None


def test_a_barnevern_vedtak_is_sent_and_signed_by_the_barneverntjeneste(case, bergen, bergen_caseworker):
    bergen.contact_unit = "Etat for barn og familie"
    bergen.save(update_fields=["contact_unit"])
    decision = decide(case, bergen_caseworker, "granted")
    flat = re.sub(r"\s+", " ", pdf_text(decision_letter_pdf(decision=decision, party_key="child")))
    assert flat.count("Barneverntjenesten") >= 2 and "Etat for barn og familie" not in flat
