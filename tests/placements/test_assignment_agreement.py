"""An assignment agreement per placement, generated from the home's agreement: the child, the times and the rates in
force on the start date, on the official layout (PDF/A-2b); the caseworker and the home get it, nobody else."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token
from placements.assignment import assignment_agreement_pdf

from ..approval_helpers import add_rates
from ..pdf_checks import pdf_text, pdfa_problems
from .factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def test_the_agreement_names_the_child_the_times_and_the_rates_in_force(client, bergen, bergen_caseworker, lillestrom_caseworker):
    add_rates(bergen)
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        need = make_need(bergen, bergen_caseworker)
        home = ApprovedHomeFactory(municipality=bergen, name="Familien Avtaleheim")
        placement = place(need, home, bergen_caseworker)
    pdf = assignment_agreement_pdf(placement=placement)
    text = " ".join(pdf_text(pdf).split())
    case = need.decision.application
    assert f"Oppdragsavtale for tiltak T-{placement.pk}" in text and case.child_name in text and "Familien Avtaleheim" in text
    assert "Første helg i måneden" in text and "fredag 1. januar 2027 kl. 17:00" in text and "Satsene som gjelder fra" in text
    assert "&#x27;" not in text and "&amp;" not in text
    assert pdfa_problems(pdf) == []

    client.force_login(bergen_caseworker)
    url = reverse("caseworker:placement_agreement_pdf", args=[need.pk, placement.pk])
    assert client.get(url)["Content-Type"] == "application/pdf"
    client.force_login(lillestrom_caseworker)
    assert client.get(url).status_code == 404
    home_url = reverse("applications:placement_agreement_pdf", args=[case_token(home.application, purpose=STATUS), placement.pk])
    assert client.get(home_url)["Content-Type"] == "application/pdf"
    other = ApprovedHomeFactory(municipality=bergen)
    other_url = reverse("applications:placement_agreement_pdf", args=[case_token(other.application, purpose=STATUS), placement.pk])
    assert client.get(other_url).status_code == 404
