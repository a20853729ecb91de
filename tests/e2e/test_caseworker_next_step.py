"""A caseworker on a phone (390 px) takes a besøkshjem from «received» to «approved» by doing only what the case page's
«Neste steg» box asks each time; the volunteer signs the taushetserklæring (once asked) and the agreement through the
status link. The number of page loads is counted, and the case page is scanned with axe-core.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import ApplicationStatus, MeetingStatus
from placements.models import ApprovedHome

from .. import approval_helpers as h
from .support import admin_login, link_in
from .test_accessibility import Scan
from .test_caseworker_approval import sign

pytestmark = pytest.mark.e2e

APPLICANT = "Kari Testesen"  # tests.factories.VolunteerApplicationFactory
# Page loads of the caseworker's case page from opening it to approval: 1 to open it, 1 per next step (13: take,
# 2 × schedule and record an interview, the formålsbekreftelse, schedule and record the home visit, ask for the
# signature, the attest, the agreement, the kommune's signature, approval) and 1 reload after the volunteer signed.
# Before issue #15 the same case took about as many posts, each on a page of 30 fields to search through.
PAGE_LOADS = 15


def oslo(days_ago: int, hour: int) -> str:
    """A datetime-local value: `days_ago` days back at `hour`:00 (a meeting recorded after the fact)."""
    return f"{(timezone.localdate() - timedelta(days=days_ago)).isoformat()}T{hour:02d}:00"


def next_step(page, label: str, done: str, **fields):
    """Do the one next step: check its heading, fill in what is asked (the rest is filled in already), press its button,
    and wait for the confirmation."""
    box = page.locator("#neste-steg")
    expect(box.get_by_role("heading", level=2)).to_have_text(f"Neste steg: {label}")
    for name, value in fields.items():
        field = box.get_by_label(re.compile(rf"^{re.escape(name)}:?$"))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    box.get_by_role("button", name=label).click()
    expect(page.locator(".messagelist")).to_contain_text(done)


def test_caseworker_approves_a_home_following_only_the_next_step(live_server, new_page, submitted, bergen, bergen_caseworker):
    h.add_rates(bergen)
    application = submitted
    today = timezone.localdate()

    admin = new_page(mobile=True)
    admin_login(admin, live_server.url, bergen_caseworker.email)
    admin.wait_for_load_state("load")  # the admin index: counted from the case page on
    loads = []
    admin.on("load", lambda p: loads.append(p.url))
    admin.goto(live_server.url + reverse("caseworker:case", args=[application.pk]))
    scan = Scan(admin)

    next_step(admin, "Ta saken til behandling", "Saken er tatt til behandling.")
    box = admin.locator("#neste-steg")
    expect(box.get_by_label("Saksbehandler")).to_have_value(str(bergen_caseworker.pk))  # no «---------» to pick again
    scan("case page: schedule the first interview")

    mail.outbox.clear()
    next_step(admin, "Avtal første samtale", "er registrert uten invitasjon", Tidspunkt=oslo(2, 9), Sted="Rådhuset, møterom 2")
    next_step(admin, "Registrer samtalen som gjennomført", "er registrert som gjennomført", Referat="Motivasjon og erfaring")
    expect(box.get_by_label("Sikkerhet i hjemmet")).to_have_count(0)
    next_step(admin, f"Lag formålsbekreftelse for {APPLICANT}", f"Formålsbekreftelse laget for {APPLICANT}")
    next_step(admin, "Avtal neste samtale", "er registrert uten invitasjon", Tidspunkt=oslo(1, 9), Sted="Rådhuset, møterom 2")
    next_step(admin, "Registrer samtalen som gjennomført", "er registrert som gjennomført", Referat="Praktiske forhold")
    expect(box.get_by_label("Type")).to_have_value("home_visit")
    next_step(admin, "Avtal hjemmebesøk", "er registrert uten invitasjon", Tidspunkt=oslo(1, 14))
    scan("case page: record the home visit")
    # Every folded section opened: the whole page is scanned too.
    for summary in admin.locator("details.case-step > summary").all():
        summary.click()
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390  # nothing widens the page on a phone
    scan("case page with every section open")
    next_step(admin, "Registrer hjemmebesøket som gjennomført", "er registrert som gjennomført", **{
        "Referat": "Besøk i hjemmet", "Eget soverom til barnet": "Ja", "Sikkerhet i hjemmet": "Røykvarsler og trappegrind",
        "Helhetsinntrykk": "Trygt og ryddig"})
    # Meetings recorded after the fact: no invitations; only the formålsbekreftelse's notice went out.
    assert [m.subject for m in mail.outbox if "nvitasjon" in m.subject or m.attachments] == []

    # The volunteer cannot sign the taushetserklæring before they are asked.
    phone = new_page(mobile=True)
    status_page = link_in(next(m for m in mail.outbox if application.reference in m.subject), "/status/")
    phone.goto(status_page)
    expect(phone.get_by_role("button", name="Signer taushetserklæringen")).to_have_count(0)

    next_step(admin, "Be om signering av taushetserklæringen", f"E-post sendt til {application.email}")
    asked = next(m for m in mail.outbox if m.subject.startswith("Signer taushetserklæringen"))
    assert asked.to == [application.email]
    expect(box.get_by_label("Type attest")).to_have_value("complete_extended")
    next_step(admin, f"Registrer politiattest for {APPLICANT}", f"Politiattest registrert for {APPLICANT}",
              **{"Utstedt dato": (today - timedelta(days=21)).isoformat(), "Vist dato": today.isoformat()})
    next_step(admin, "Lag avtalen", "Laget: Oppdragsavtalen for besøkshjem.")
    expect(box.get_by_role("heading", level=2)).to_have_text("Neste steg: Vent på søkerne")
    expect(box).to_contain_text(f"Taushetserklæring (versjon 1) er ikke signert av {APPLICANT}.")

    # The volunteer signs both through the link in the e-mail that asked them.
    phone.goto(link_in(asked, "/status/"))
    sign(phone.locator("#taushetserklaering"), "Signer taushetserklæringen", APPLICANT, confirm=True)
    expect(phone.get_by_role("status").filter(has_text="Taushetserklæringen er signert.")).to_be_visible()
    sign(phone.locator("#avtale"), "Signer avtalen", APPLICANT, confirm=True)
    expect(phone.get_by_role("status").filter(has_text="Avtalen er signert.")).to_be_visible()

    admin.reload()
    next_step(admin, "Signer avtalen for kommunen", "Du har signert oppdragsavtalen for besøkshjem for kommunen.")
    next_step(admin, "Godkjenn hjemmet", "Hjemmet er godkjent")
    expect(admin.locator("#neste-steg")).to_have_count(0)
    expect(admin.locator("#content-main > p").first).to_contain_text("Status: Godkjent")

    assert len(loads) == PAGE_LOADS, loads
    assert all(re.search(rf"/{application.pk}/", url) for url in loads)
    assert not scan.found, scan.report()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert [m.status for m in application.meetings.all()] == [MeetingStatus.HELD] * 3
    assert ApprovedHome.objects.filter(application=application, approved_by=bergen_caseworker).exists()
