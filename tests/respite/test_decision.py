"""The vedtak on a parent's application: what it must contain, the letter as PDF with appeal information, and a
granted vedtak that waits for its service to start («tomt vedtak»)."""

import io
from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.caseworker.selectors import awaiting_delivery
from applications.respite import services as respite_services
from besokshjem.core.tokens import STATUS, case_token
from placements import services as placement_services

from ..factories import DecisionFactory
from ..placements.factories import ApprovedHomeFactory
from ..respite_helpers import DECISION_TEXT

DECISION = {
    "outcome": "granted", "service_type": "respite_home", "scope_amount": 2, "scope_unit": "weekend",
    "reasons": "Omsorgsarbeidet er særlig tyngende, særlig om natten.",
    "best_interests": "Barnet trives med faste rammer; avlastningshjem gir forutsigbarhet.",
    "child_views": "Barnet har sagt at det gleder seg til å bli kjent med en ny familie.",
}


def decide(application, caseworker, **changes):
    return respite_services.decision_make(**DECISION_TEXT, application=application, by=caseworker,
                                          period_from=timezone.localdate(), **{**DECISION, **changes})


@pytest.mark.parametrize("missing", ["reasons", "best_interests", "child_views"])
def test_decision_requires_reasons_and_the_childs_best_interests_and_views(received, bergen_caseworker, missing):
    with pytest.raises(ValidationError) as exc:
        decide(received, bergen_caseworker, **{missing: ""})
    assert missing in exc.value.message_dict


def test_a_grant_needs_service_scope_and_period(received, bergen_caseworker):
    with pytest.raises(ValidationError) as exc:
        respite_services.decision_make(**DECISION_TEXT, application=received, by=bergen_caseworker, **{**DECISION, "service_type": "", "scope_amount": None})
    assert {"service_type", "scope_amount", "period_from"} <= set(exc.value.message_dict)


def test_decision_pdf_is_a_real_pdf_with_outcome_reasons_and_appeal_information(client, received, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with on_commit():
        decision = decide(received, bergen_caseworker)
    [notice] = mail.outbox
    assert "Innvilget" not in notice.body and "tyngende" not in notice.body
    token = case_token(received, purpose=STATUS)
    response = client.get(reverse("applications:respite_letter_pdf", args=[token, decision.pk]))
    assert response.content.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in ("Søknaden er innvilget", "2 helger per måned", "særlig tyngende", "Barnets beste", "Du kan klage", "4 uker",
                     "Statsforvalteren", "helse- og omsorgstjenesteloven § 3-6", "7-2", "dokumentene", "Bergen"):
        assert expected in text, expected
    html = client.get(reverse("applications:respite_letter", args=[token, decision.pk])).content.decode()
    assert "Barnets egne synspunkter" in html


def test_granted_decision_is_awaiting_delivery_until_the_first_placement_date_has_begun(received, bergen_caseworker):
    """Delivery is derived, not a button: the vedtak waits until the first date of a placement for its need has begun."""
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker)
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        [row] = awaiting_delivery(user=bergen_caseworker)
        assert row["need"].decision == decision and row["days"] == 10
    home = ApprovedHomeFactory(municipality=received.municipality, home_types=["respite"])
    placement = placement_services.placement_create(
        need=decision.need, home=home, start_date=timezone.localdate(), schedule_kind="weekly", weekday=timezone.localdate().weekday(),
        starts_at_time=time(23, 0), ends_at_time=time(23, 30), by=bergen_caseworker)
    assert awaiting_delivery(user=bergen_caseworker) != []  # today's date has not begun yet (23:00)
    with time_machine.travel(placement.first_date_at + timedelta(minutes=1)):
        assert awaiting_delivery(user=bergen_caseworker) == []
