"""From a granted vedtak to a child in a home, in the browser: the caseworker opens the granted case, reads the
suggestions with their reasons and proposes a home; the home says yes on its own status page; the caseworker sets up
the first meeting and registers the placement (first weekend of the month); the dates appear in the home's calendar
feed; and the case leaves the waiting list exactly when the first date has begun.

The server's clock is frozen: the vedtak is made on Tuesday 1 December 2026 for 2027; the first weekend of January 2027
begins on Friday 1 January at 17:00.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import expect

from besokshjem.core.tokens import STATUS, case_token
from placements.models import PlacementStatus, ProposalStatus

from ..placements.factories import ApprovedHomeFactory, make_need
from .support import admin_login

pytestmark = pytest.mark.e2e

OSLO = ZoneInfo("Europe/Oslo")


def approved(home, number: int):
    application = home.application
    application.status, application.reference, application.submitted_at = "approved", f"BGO-2026-{number:05d}", home.approved_at
    application.save(update_fields=["status", "reference", "submitted_at"])
    return home


def test_caseworker_places_a_child_and_the_vedtak_is_delivered_when_the_first_date_begins(bergen, bergen_caseworker, live_server,
                                                                                          new_page):
    url = live_server.url
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=OSLO)) as clock:
        need = make_need(bergen, bergen_caseworker, born=date(2018, 5, 1))
        need.needs_summary = "Trives med rolige voksne og turer i skogen."
        need.save(update_fields=["needs_summary"])
        near = approved(ApprovedHomeFactory(municipality=bergen, name="Familien Nærheim", area="Bergen"), 8001)
        approved(ApprovedHomeFactory(municipality=bergen, name="Familien Fjernheim", area="Voss"), 8002)
        case = need.decision.application

        caseworker = new_page()
        admin_login(caseworker, url, bergen_caseworker.email)
        caseworker.goto(url + reverse("caseworker:respite_case", args=[case.pk]))
        caseworker.get_by_role("link", name="Tiltak: finn hjem og følg opp").click()
        suggestions = caseworker.locator("table").filter(has_text="Dette passer")
        expect(suggestions.locator("tbody tr").first).to_contain_text("Familien Nærheim")
        expect(suggestions).to_contain_text("Bor i samme område (Bergen).")
        expect(suggestions).to_contain_text("Bor i et annet område (Voss).")
        caseworker.get_by_role("button", name="Foreslå Familien Nærheim").click()
        expect(caseworker.locator(".messagelist")).to_contain_text("Hjemmet er foreslått.")

        home = new_page()
        home.goto(url + reverse("applications:status", args=[case_token(near.application, purpose=STATUS)]))
        request = home.locator("#oppdrag")
        expect(request).to_contain_text("Kommunen spør om dere kan ta imot et barn")
        expect(request).to_contain_text("Trives med rolige voksne og turer i skogen.")
        expect(request).not_to_contain_text(case.child_first_name)
        home.get_by_role("radio", name="Ja, vi vil gjerne").check()
        home.get_by_role("button", name="Send svaret").click()
        expect(home.locator("#oppdrag")).to_contain_text("Dere har sagt ja.")
        assert need.proposals.get().status == ProposalStatus.ACCEPTED

        caseworker.reload()
        caseworker.get_by_label(re.compile("^Første møte")).fill("2026-12-15T17:00")
        caseworker.get_by_label(re.compile("^Sted")).fill("Rådhuset, møterom 3")
        caseworker.get_by_role("button", name="Lagre første møte").click()
        expect(caseworker.locator(".messagelist")).to_contain_text("Første møte er avtalt.")
        caseworker.get_by_label(re.compile("^Startdato")).fill("2027-01-01")
        caseworker.get_by_label(re.compile("^Fast ordning")).select_option("first_weekend")
        caseworker.get_by_role("button", name="Registrer tiltaket").click()
        expect(caseworker.locator(".messagelist")).to_contain_text("Tiltaket er registrert med sine datoer.")
        expect(caseworker.locator("#content-main")).to_contain_text("fredag 1. januar 2027 17:00")
        placement = need.placements.get()

        home.reload()
        feed_url = home.locator("#kalender input[readonly]").first.input_value()
        feed = home.request.get(feed_url)
        assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
        events = Calendar.from_ical(feed.body()).walk("VEVENT")
        starts = sorted(e.decoded("DTSTART").astimezone(OSLO) for e in events)
        assert datetime(2027, 1, 1, 17, tzinfo=OSLO) in starts and datetime(2026, 12, 15, 17, tzinfo=OSLO) in starts
        assert all(case.child_first_name not in str(e.get("SUMMARY")) for e in events)

        waiting_list = url + reverse("caseworker:waiting_list")
        clock.move_to(datetime(2027, 1, 1, 16, 59, tzinfo=OSLO))
        admin_login(caseworker, url, bergen_caseworker.email)
        caseworker.goto(waiting_list)
        expect(caseworker.locator("#content-main")).to_contain_text(case.reference)
        clock.move_to(datetime(2027, 1, 1, 17, 1, tzinfo=OSLO))
        caseworker.goto(waiting_list)
        expect(caseworker.locator("#content-main")).not_to_contain_text(case.reference)
        expect(caseworker.locator("#content-main")).to_contain_text("Ingen venter.")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED and placement.first_date_at == datetime(2027, 1, 1, 17, tzinfo=OSLO)
