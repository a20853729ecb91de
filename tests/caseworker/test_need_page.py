"""From a granted vedtak to a child in an approved home, on the caseworker's need page: the suggestions with their
reasons, a proposal, the home's yes, the first meeting and the placement with its dates; and the waiting list page
with its figures and CSV. Another kommune's caseworker sees none of it."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token
from placements import services as placements
from placements.models import PlacementStatus, ProposalStatus

from ..mail_helpers import message_of
from ..placements.factories import ApprovedHomeFactory, make_need

OSLO = ZoneInfo("Europe/Oslo")


def frozen(day: date):
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=OSLO), tick=False)


def test_the_caseworker_goes_from_suggestions_to_a_placement(client, bergen, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with frozen(date(2026, 12, 1)), on_commit():
        need = make_need(bergen, bergen_caseworker)
        near = ApprovedHomeFactory(municipality=bergen, name="Familien Nærheim", area="Bergen")
        ApprovedHomeFactory(municipality=bergen, name="Familien Fjernheim", area="Voss")
        ApprovedHomeFactory(municipality=bergen, name="Familien Pauseheim", status="paused", status_reason="Nytt barn i familien")
        client.force_login(bergen_caseworker)
        url = reverse("caseworker:need", args=[need.pk])
        page = client.get(url).content.decode()
        assert page.index("Familien Nærheim") < page.index("Familien Fjernheim")  # the same area ranks first
        assert "Bor i samme område (Bergen)." in page and "Bor i et annet område (Voss)." in page
        assert "Familien Pauseheim" not in page  # a paused home is not suggested

        assert client.post(url, {"action": "propose", "home": near.pk}).status_code == 302
        proposal = need.proposals.get()
        placements.proposal_answer(proposal=proposal, accept=True)  # the home says yes on its page

        refused = client.post(url, {"action": "meeting", "proposal": proposal.pk, "starts_at": "", "first_meeting_place": "Rådhuset"})
        assert refused.status_code == 400 and "Rådhuset" in refused.content.decode()  # nothing typed is lost
        assert client.post(url, {"action": "meeting", "proposal": proposal.pk, "starts_at": "2026-12-15T17:00",
                                 "first_meeting_place": "Rådhuset"}).status_code == 302
        response = client.post(url, {"action": "placement", "proposal": proposal.pk, "start_date": "2027-01-01",
                                     "schedule_kind": "first_weekend", "shared_with_family": "Familien bor i Bergen sentrum og har katt."})
        assert response.status_code == 302
        page = client.get(url).content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.first_meeting_place == "Rådhuset"
    placement = need.placements.get()
    assert placement.status == PlacementStatus.PLANNED and placement.home == near
    assert "fredag 1. januar 2027 17:00" in page and "fredag 5. februar 2027 17:00" in page  # the coming dates
    assert "Hjem som kan passe" not in page  # placed: no more suggestions

    family_page = client.get(reverse("applications:respite_status", args=[case_token(need.decision.application, purpose=STATUS)]))
    assert "Familien bor i Bergen sentrum og har katt." in family_page.content.decode() and "Rådhuset" in family_page.content.decode()
    # the home was asked, both sides invited to the first meeting with a calendar file, the family told a home is found
    application = need.decision.application
    sent = {(message_of(m).kind, m.to[0]) for m in mail.outbox}
    home_found = next(m for m in mail.outbox if message_of(m).kind == "home_found")
    assert "Familien bor i Bergen sentrum og har katt." in home_found.body and "fredag 1. januar 2027 kl. 17:00" in home_found.body
    assert sent == {("proposal_made", near.application.email), ("first_meeting_home", near.application.email),
                    ("first_meeting_family", application.guardian_email), ("home_found", application.guardian_email)}
    for m in mail.outbox:
        assert application.child_first_name not in m.body and application.reference not in m.body  # nothing about the child
    invitation = next(m for m in mail.outbox if message_of(m).kind == "first_meeting_family")
    [(name, ics, mimetype)] = invitation.attachments
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert mimetype.startswith("text/calendar") and "DTSTART;TZID=Europe/Oslo:20261215T170000" in ics and "Rådhuset" in ics


def test_the_waiting_list_page_and_csv(client, bergen, bergen_caseworker, lillestrom, lillestrom_caseworker):
    with frozen(date(2027, 1, 1)):
        need = make_need(bergen, bergen_caseworker, post_town="=cmd|' /C calc'!A0")  # a hostile area reaches the CSV safely
        other = make_need(lillestrom, lillestrom_caseworker)
    with frozen(date(2027, 1, 11)):
        client.force_login(bergen_caseworker)
        page = client.get(reverse("caseworker:waiting_list")).content.decode()
        csv = client.get(reverse("caseworker:waiting_list_csv"))
        dashboard = client.get(reverse("caseworker:dashboard")).content.decode()
    assert need.decision.case.reference in page and other.decision.case.reference not in page
    assert "venter 10 dager" in dashboard
    body = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv") and need.decision.case.reference in body
    assert other.decision.case.reference not in body
    assert ";'=cmd|' /C calc'!A0;" in body and ";=cmd" not in body


def test_another_kommune_cannot_open_or_act_on_the_need(client, bergen, bergen_caseworker, lillestrom_caseworker):
    need = make_need(bergen, bergen_caseworker)
    home = ApprovedHomeFactory(municipality=bergen)
    client.force_login(lillestrom_caseworker)
    url = reverse("caseworker:need", args=[need.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "propose", "home": home.pk}).status_code == 404
    assert not need.proposals.exists()


def test_siblings_are_grouped_on_the_need_page_and_suggested_together(client, bergen, bergen_caseworker):
    first, second = make_need(bergen, bergen_caseworker), make_need(bergen, bergen_caseworker)
    ApprovedHomeFactory(municipality=bergen, name="Familien Enbarn", capacity=1)
    ApprovedHomeFactory(municipality=bergen, name="Familien Søskenpar", capacity=2, sibling_pair=True)
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:need", args=[first.pk])
    page = client.get(url).content.decode()
    assert second.decision.case.reference in page and "Familien Enbarn" in page
    assert client.post(url, {"action": "siblings", "siblings": [second.pk]}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.sibling_group and first.sibling_group == second.sibling_group
    page = client.get(url).content.decode()
    assert "Familien Søskenpar" in page and "Familien Enbarn" not in page  # a home for one child is not suggested


def test_the_placement_waits_for_the_first_meeting_and_the_first_stay_comes_after_it(client, bergen, bergen_caseworker):
    with frozen(date(2026, 12, 1)):
        need = make_need(bergen, bergen_caseworker)
        home = ApprovedHomeFactory(municipality=bergen)
        proposal = placements.proposal_answer(proposal=placements.placement_propose(need=need, home=home, by=bergen_caseworker), accept=True)
        client.force_login(bergen_caseworker)
        url = reverse("caseworker:need", args=[need.pk])
        form = {"action": "placement", "proposal": proposal.pk, "start_date": "2027-01-01", "schedule_kind": "first_weekend"}
        refused = client.post(url, form)
        assert refused.status_code == 400 and "Avtal første møte" in refused.content.decode()
        client.post(url, {"action": "meeting", "proposal": proposal.pk, "starts_at": "2027-01-08T17:00", "first_meeting_place": "Rådhuset"})
        too_early = client.post(url, form)  # the first weekend (1 January) would come before the meeting (8 January)
        assert too_early.status_code == 400 and "Første opphold må komme etter første møte." in too_early.content.decode()
        assert not need.placements.exists()
        assert client.post(url, {**form, "start_date": "2027-02-01"}).status_code == 302
    assert need.placements.get().start_date == date(2027, 2, 1)


def test_the_waiting_list_and_the_dashboard_query_the_same_whatever_the_number_of_children(client, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_need(bergen, bergen_caseworker)
    few = {url: queries(url) for url in (reverse("caseworker:waiting_list"), reverse("caseworker:dashboard"))}
    for _ in range(4):
        make_need(bergen, bergen_caseworker)
    assert {url: queries(url) for url in few} == few
