"""A caseworker takes a barnevern case through the workspace in the browser: registers a child of 15 with two guardians
with parental responsibility (the father's address confidential), drafts a vedtak om hjelpetiltak, previews and makes
it, prints the letters, records the day they arrived, registers an appeal that came by post, upholds the vedtak and
sends the answer.

The clock is frozen on the server: the letters arrive on Friday 4 December 2026, three weeks on is 1. juledag, so the
appeal deadline is Monday 28 December. Admin pages are not axe-scanned here: the suite scans the public pages and what
applicants and parents see (test_accessibility.py), never the admin.
"""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from applications.models import AppealStatus, ChildWelfareCase, ChildWelfareStatus
from applications.respite.deadlines import appeal_deadline

from ..pdf_checks import pdf_text
from .support import admin_login

pytestmark = pytest.mark.e2e

CHILD = "Lise Testbarn"
MOTHER = {"Navn": "Mona Testmor", "Relasjon til barnet": "Mor", "E-post": "mona@example.no", "Adresse": "Eksempelgata 2",
          "Postnummer": "5015", "Poststed": "Bergen"}
FATHER = {"Navn": "Per Testfar", "Relasjon til barnet": "Far", "E-post": "per@example.no", "Adresse": "Skjultveien 9",
          "Postnummer": "0150", "Poststed": "Oslo"}
APPEAL_NOTE = "Besøkshjemmet gir barnet stabile voksne; klagen endrer ikke vurderingen."



def return_to_case(page, url, caseworker, case):
    """The caseworker comes back to the case another day, logging in again (30 minutes idle end the session)."""
    admin_login(page, url, caseworker.email)
    page.goto(url + reverse("caseworker:child_welfare_case", args=[case.pk]))

def field(scope, label: str):
    """The field whose label is exactly `label` (the admin adds a colon)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def section(page, heading: str, css: str = "fieldset"):
    """The part of a form under one heading (the register page's fieldsets and guardians have headings, not legends)."""
    return page.locator(css).filter(has=page.get_by_role("heading", name=heading, exact=True))


def fill_guardian(page, number: int, guardian: dict, confidential: bool):
    part = section(page, f"Foresatt {number}", css=".guardian")
    for label, value in guardian.items():
        field(part, label).fill(value)
    field(part, "Har foreldreansvar").check()
    field(part, "Fortrolig adresse").set_checked(confidential)


def test_caseworker_registers_decides_and_answers_an_appeal_on_a_barnevern_case(bergen, bergen_caseworker, live_server, new_page):
    bergen.appeal_authority = "Statsforvalteren i Vestland"
    bergen.save(update_fields=["appeal_authority"])
    url, page = live_server.url, new_page()
    tz = timezone.get_current_timezone()

    # Tuesday 1 December 2026: the child (born 14 March 2011) is 15, so a party too.
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=tz)) as clock:
        admin_login(page, url, bergen_caseworker.email)
        page.goto(url + reverse("caseworker:child_welfare_register"))
        child = section(page, "Barnet")
        field(child, "Barnets fornavn").fill("Lise")
        field(child, "Barnets etternavn").fill("Testbarn")
        field(child, "Barnets fødselsdato").fill("2011-03-14")
        field(child, "Bakgrunn for saken").fill("Bekymringsmelding fra skolen.")
        fill_guardian(page, 1, MOTHER, confidential=False)
        fill_guardian(page, 2, FATHER, confidential=True)
        page.get_by_role("button", name="Registrer saken").click()

        expect(page.locator(".messagelist")).to_contain_text(re.compile(r"Saken \S+ er registrert\."))
        case = ChildWelfareCase.objects.get()
        expect(page).to_have_url(url + reverse("caseworker:child_welfare_case", args=[case.pk]))
        expect(page.locator(".messagelist")).to_contain_text(f"Saken {case.reference} er registrert.")
        parties = page.locator("h2:has-text('Parter som får vedtaket') + ul")
        expect(parties).to_contain_text(f"{CHILD} (barnet, fylt 15 år)")
        expect(parties.get_by_role("listitem").filter(has_text="Per Testfar")).to_contain_text("fortrolig adresse")

        # The vedtak: drafted, previewed (nothing sent), made.
        field(page, "Utfall").select_option(label="Innvilget")
        field(page, "Tjeneste").select_option(label="Besøkshjem")
        field(page, "Omfang (antall)").fill("1")
        field(page, "Enhet").select_option(label="helger")
        field(page, "Per").select_option(label="per måned")
        field(page, "Fra dato").fill("2027-01-01")
        field(page, "Dette er søkt om").fill("Besøkshjem én helg i måneden, etter bekymringsmelding fra skolen.")
        field(page, "Faktiske forhold kommunen legger til grunn").fill("Barnet har lite nettverk, og mor er alene med tre barn.")
        field(page, "Begrunnelse").fill("Et besøkshjem gir barnet stabile voksne.")
        field(page, "Vurdering av barnets beste (Grunnloven § 104)").fill("Barnet trenger faste, trygge voksne utenfor hjemmet.")
        field(page, "Barnets egne synspunkter").fill("Barnet vil gjerne.")
        field(page, "Hvordan barnets synspunkter er vektlagt").fill("Barnets ønske er lagt stor vekt på.")
        page.get_by_role("button", name="Lagre utkast og forhåndsvis").click()

        expect(page.get_by_text("Slik får partene vedtaket. Ingenting er sendt ennå.")).to_be_visible()
        listed = page.get_by_text("Parter som får vedtaket:")
        for name in ("Mona Testmor", "Per Testfar", CHILD):
            expect(listed).to_contain_text(name)
        expect(page.locator(".official-letter")).to_contain_text("1 helg per måned")
        page.get_by_role("button", name="Fatt vedtaket").click()

        expect(page.get_by_role("heading", name="Vedtak 1. desember 2026: Innvilget")).to_be_visible()
        expect(page.get_by_text("klagefrist: regnes fra datoen brevet kommer fram")).to_be_visible()
        case.refresh_from_db()
        assert case.status == ChildWelfareStatus.DECIDED

        # A letter per party, each a PDF; none prints the father's confidential address.
        letters = page.locator("p").filter(has_text="Brev til:").get_by_role("link")
        expect(letters).to_have_text(["Mona Testmor", "Per Testfar", CHILD])
        for href in [letters.nth(i).get_attribute("href") for i in range(3)]:
            pdf = page.request.get(url + href)
            assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf"), href
            text = " ".join(pdf_text(pdf.body()).split())
            assert CHILD in text and "forvaltningsloven § 29" in text, href
            assert "Skjultveien" not in text, href

        # Monday 7 December: the letters arrived on Friday 4 December.
        clock.move_to(datetime(2026, 12, 7, 9, tzinfo=tz))
        return_to_case(page, url, bergen_caseworker, case)  # days later: the idle session has ended, log in again
        field(page, "Brevet kom fram").fill("2026-12-04")
        page.get_by_role("button", name="Registrer datoen").click()
        deadline = appeal_deadline(date(2026, 12, 4), 3)
        assert deadline == date(2026, 12, 28)  # three weeks end on 1. juledag
        expect(page.get_by_text(f"klagefrist: {dateformat.format(deadline, 'j. F Y')}")).to_be_visible()

        # Monday 14 December: the mother's appeal comes by post; the kommune upholds the vedtak.
        clock.move_to(datetime(2026, 12, 14, 9, tzinfo=tz))
        return_to_case(page, url, bergen_caseworker, case)
        page.get_by_text("Registrer en klage som kom per brev eller muntlig").click()
        field(page, "Hvem klager").fill("Mona Testmor")
        field(page, "Klagen kom inn").fill("2026-12-14")
        field(page, "Hva klagen gjelder").fill("Vi ønsker ikke besøkshjem likevel.")
        page.get_by_role("button", name="Registrer klagen").click()
        expect(page.get_by_role("heading", name=re.compile(r"^Klage 14\. desember 2026 fra Mona Testmor"))).to_be_visible()

        page.get_by_role("radio", name=re.compile(r"Opprettholder vedtaket")).check()
        field(page, "Begrunnelse").fill(APPEAL_NOTE)
        page.get_by_role("button", name="Lagre utkast og forhåndsvis").click()
        expect(page.get_by_text("Slik får klageren svaret. Ingenting er sendt ennå.")).to_be_visible()
        expect(page.locator(".official-letter")).to_contain_text(APPEAL_NOTE)
        page.get_by_role("button", name="Send svaret").click()

        forwarding = page.get_by_role("link", name="Oversendelsesbrev til klageinstansen (PDF)")
        expect(forwarding).to_be_visible()
        pdf = page.request.get(url + forwarding.get_attribute("href"))
        assert pdf.status == 200 and "Statsforvalteren i Vestland" in " ".join(pdf_text(pdf.body()).split())

    appeal = case.decisions.get().appeals.get()
    assert (appeal.status, appeal.late, appeal.lodged_by) == (AppealStatus.FORWARDED, False, "Mona Testmor")
