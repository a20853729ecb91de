"""An approved home answers the kommune's proposal on its own status page — yes, or no with a reason — and sees the
dates of its placements. It sees the child's age, the service and the kommune's short description, never the child's
name or case."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token
from placements import services as placements
from placements.models import ProposalStatus

from ..placements.factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def approved(home, number: int):
    """The home's application as approval leaves it: submitted, with its reference, approved."""
    application = home.application
    application.status, application.reference, application.submitted_at = "approved", f"BGO-2026-{number:05d}", home.approved_at
    application.save(update_fields=["status", "reference", "submitted_at"])
    return home


def status_url(home) -> str:
    return reverse("applications:status", args=[case_token(home.application, purpose=STATUS)])


def test_the_home_declines_with_a_reason_then_another_home_accepts_and_sees_its_dates(client, bergen, bergen_caseworker):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        need = make_need(bergen, bergen_caseworker, born=date(2018, 3, 1))
        first = approved(ApprovedHomeFactory(municipality=bergen), 7001)
        proposal = placements.placement_propose(need=need, home=first, by=bergen_caseworker)
        page = client.get(status_url(first)).content.decode()
        assert "Kommunen spør om dere kan ta imot et barn" in page and "8 år" in page
        assert need.decision.case.child_first_name not in page and need.decision.case.reference not in page

        answer_url = reverse("applications:answer_proposal", args=[case_token(first.application, purpose=STATUS), proposal.pk])
        refused = client.post(answer_url, {"answer": "no", "decline_reason": ""})
        assert refused.status_code == 400 and "Skriv hvorfor hjemmet takker nei." in refused.content.decode()
        assert client.post(answer_url, {"answer": "no", "decline_reason": "Vi har fått barnebarn på besøk i vår."}).status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.DECLINED and proposal.decline_reason == "Vi har fått barnebarn på besøk i vår."
        assert client.post(answer_url, {"answer": "yes"}).status_code == 404  # answered: nothing left to answer

        second = approved(ApprovedHomeFactory(municipality=bergen), 7002)
        accepted = placements.placement_propose(need=need, home=second, by=bergen_caseworker)
        token = case_token(second.application, purpose=STATUS)
        client.post(reverse("applications:answer_proposal", args=[token, accepted.pk]), {"answer": "yes"})
        accepted.refresh_from_db()
        assert accepted.status == ProposalStatus.ACCEPTED
        placement = place(need, second, bergen_caseworker, proposal=accepted)
    with time_machine.travel(datetime(2026, 12, 20, 12, tzinfo=OSLO), tick=False):
        page = client.get(status_url(second)).content.decode()
    assert f"T-{placement.pk}" in page and "fredag 1. januar 2027 kl. 17:00" in page


def test_a_home_cannot_answer_another_homes_proposal(client, bergen, bergen_caseworker):
    need = make_need(bergen, bergen_caseworker)
    asked, other = approved(ApprovedHomeFactory(municipality=bergen), 7003), approved(ApprovedHomeFactory(municipality=bergen), 7004)
    proposal = placements.placement_propose(need=need, home=asked, by=bergen_caseworker)
    token = case_token(other.application, purpose=STATUS)
    assert client.post(reverse("applications:answer_proposal", args=[token, proposal.pk]), {"answer": "yes"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
