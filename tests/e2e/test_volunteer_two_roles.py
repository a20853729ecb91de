"""A volunteer on a phone applies for two roles: the counter on the first page says how many pages come, and exactly
that many come; only the questions of the roles chosen are asked; free text has a live counter; no serious or
critical axe-core violation on the pages this touches."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import ApplicationStatus, VolunteerApplication

from .support import axe_violations, describe
from .test_volunteer_journey import adult_birth_date, choose, error_summary, exactly, field, heading, next_step

pytestmark = pytest.mark.e2e

WIDTH = 390  # tests/e2e/conftest.py MOBILE


def counter(page):
    return page.locator(".step-counter")


def fits_the_screen(page, locator):
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def fill_about_you(page):
    field(page, "Fornavn").fill("Kari")
    field(page, "Etternavn").fill("Nordvik")
    field(page, "Fødselsdato").fill(adult_birth_date())
    field(page, "E-post").fill("kari.nordvik@example.no")
    field(page, "Telefon").fill("412 34 567")
    field(page, "Adresse").fill("Fjellveien 12")
    field(page, "Postnummer").fill("5015")
    field(page, "Poststed").fill("Bergen")


def fill_household(page):
    person = page.get_by_role("group", name="Person 1")
    field(person, "Navn").fill("Ola Nordvik")
    field(person, "Fødselsdato").fill("2015-03-03")
    # The relation is chosen, not preset: without it the page says so for this person.
    next_step(page)
    expect(error_summary(page)).to_contain_text("Person 1 – Hva er personen for deg?: Velg hva personen er for deg.")
    expect(field(page.get_by_role("group", name="Person 1"), "Navn")).to_have_value("Ola Nordvik")
    fits_the_screen(page, page.get_by_role("button", name="Lagre og legg til en person til"))
    choose(page.get_by_role("group", name="Person 1"), "Hva er personen for deg?", "Barn")


def fill_housing(page):
    choose(page, "Boligtype", "Enebolig")
    choose(page, "Eie eller leie", "Eier")
    field(page, "Antall rom (uten kjøkken og bad)").fill("5")
    choose(page, "Kan barnet få eget soverom når det overnatter?", "Ja")
    choose(page, "Har dere dyr i hjemmet?", "Nei")
    choose(page, "Røyker noen i hjemmet?", "Nei")


def fill_health(page):
    choose(page, "Hvordan er den fysiske helsen din (og partners)?", "God")
    choose(page, "Hvordan er den psykiske helsen din (og partners)?", "God")
    choose(page, "Har noen i husstanden problemer med rus, alkohol eller pengespill?", "Nei")
    choose(page, "Har dere hatt store livskriser de siste tre årene?", "Nei")


def fill_about_us(page, scan):
    field(page, "Hvilke interesser og fritidsaktiviteter har dere?").fill("Fjellturer og brettspill")
    field(page, "Hvilke personlige egenskaper vil du trekke fram?").fill("Rolig")
    field(page, "Hvilke tanker har du om å være sammen med barn med funksjonsnedsettelse?").fill("Positive")
    motivation = field(page, "Hvorfor vil du bli avlastningshjem eller støttekontakt?")
    count = page.locator("#id_motivation_count")
    status = page.locator("#id_motivation_count + .char-count-status")
    motivation.fill("Vi har tid")
    expect(count).to_have_text("10 av 2000 tegn")
    expect(status).to_have_text("")  # far from the limit: nothing is announced
    motivation.fill("x" * 1995)
    expect(count).to_have_text("1995 av 2000 tegn")
    expect(status).to_have_text("Du har 5 tegn igjen.")
    motivation.fill("x" * 2004)
    expect(count).to_have_text("2004 av 2000 tegn Du har 4 tegn for mye.")
    expect(status).to_have_text("Du har 4 tegn for mye.")
    scan(page, "interests and motivation with a counter over the limit")
    # The server holds the limit too.
    next_step(page)
    expect(error_summary(page)).to_contain_text("Svaret kan være på høyst 2000 tegn. Nå er det 2004 tegn.")
    motivation = field(page, "Hvorfor vil du bli avlastningshjem eller støttekontakt?")
    expect(motivation).to_have_value("x" * 2004)
    motivation.fill("Vi har plass og tid")


def fill_preferences(page):
    field(page, "Barnets alder fra (år)").fill("6")
    field(page, "Barnets alder til (år)").fill("12")
    choose(page, "Kan dere ta imot et søskenpar?", "Nei")
    field(page, "Hvor mange helger eller døgn i måneden kan dere ta imot?").fill("2")
    field(page, "Hvor mange timer i uken kan du være støttekontakt?").fill("4")
    field(page, "Når passer det for dere?").fill("Helger")
    choose(page, "Kan dere også ta imot i ferier?", "Ja")


def fill_practical(page):
    choose(page, "Har du førerkort for bil?", "Ja")
    choose(page, "Har du bil du kan bruke?", "Ja")
    field(page, "Jeg behersker norsk skriftlig").check()
    field(page, "Jeg behersker norsk muntlig").check()
    field(page, "Jeg kan binde meg for minst ett år").check()


def fill_consent(page):
    field(page, "Jeg samtykker til at kommunen behandler helseopplysningene jeg har oppgitt").check()
    field(page, "Jeg bekrefter at opplysningene i søknaden er riktige og fullstendige").check()
    field(page, "Jeg har lest personvernerklæringen").check()
    field(page, "Jeg er kjent med at jeg må legge fram politiattest før jeg kan få oppdrag").check()


PAGES = {
    "Om deg": fill_about_you,
    "Familie og husstand": fill_household,
    "Bolig": fill_housing,
    "Helse": fill_health,
    "Andre oppdrag": lambda page: None,
    "Interesser og motivasjon": fill_about_us,
    "Ønsker": fill_preferences,
    "Praktisk": fill_practical,
    "Samtykke": fill_consent,
}

def test_volunteer_applying_for_two_roles_sees_the_number_of_steps_counted_on_the_first_page(bergen, live_server, mobile_page):
    page = mobile_page
    found: dict[str, list] = {}

    def scan(page, where: str):
        if violations := axe_violations(page):
            found[where] = violations

    page.goto(f"{live_server.url}/kommune/bergen/")
    expect(heading(page)).to_have_text("Bli besøkshjem, avlastningshjem eller støttekontakt i Bergen")
    scan(page, "kommune page")
    page.get_by_role("link", name="Avlastningshjem", exact=True).click()
    page.get_by_role("link", name="Søk om å bli avlastningshjem").click()

    # The first page: avlastningshjem from the link, so its question is asked, and the count follows from it.
    expect(heading(page)).to_have_text("Oppdrag")
    respite_mode = page.get_by_role("group", name=exactly("Hvilken avlastning kan du gi?"))
    together = page.get_by_role("group", name=exactly("Søker du sammen med ektefelle, samboer eller partner?"))
    expect(counter(page)).to_have_text("Steg 1 av 11")
    expect(respite_mode).to_be_visible()
    # Støttekontakt alone would ask neither question and have fewer steps; the page follows the ticks at once.
    news = page.get_by_role("status").filter(has_text=re.compile("spørsmål", re.I))  # the status line a screen reader hears
    expect(page.locator("#question-news")).to_have_text("")  # nothing is said when the page loads
    page.get_by_label("Avlastningshjem", exact=True).uncheck()
    expect(page.locator("#question-news")).to_contain_text("Spørsmålet er tatt bort: Hvilken avlastning kan du gi?")
    page.get_by_label("Støttekontakt", exact=True).check()
    expect(counter(page)).to_have_text("Steg 1 av 9")
    expect(respite_mode).to_be_hidden()
    expect(together).to_be_hidden()
    expect(page.locator(".step-progress li")).to_have_count(9)
    # Both roles: the count of a home that takes the child home.
    page.get_by_label("Avlastningshjem", exact=True).check()
    expect(news).to_contain_text("Nytt spørsmål nedenfor: Hvilken avlastning kan du gi?")
    expect(news).to_contain_text("Nytt spørsmål nedenfor: Søker du sammen med ektefelle, samboer eller partner?")
    expect(counter(page)).to_have_text("Steg 1 av 11")
    expect(page.locator(".step-progress li").last).to_have_text("11. Oppsummering")
    expect(respite_mode).to_be_visible()
    expect(together).to_be_visible()
    scan(page, "first page, two roles")
    total = int(re.fullmatch(r"Steg 1 av (\d+)", counter(page).inner_text()).group(1))
    choose(page, "Hvilken avlastning kan du gi?", "Begge deler")
    choose(page, "Søker du sammen med ektefelle, samboer eller partner?", "Nei")
    next_step(page)

    shown = ["Oppdrag"]
    while heading(page).inner_text() != "Se over og send inn":
        title = heading(page).inner_text()
        shown.append(title)
        expect(counter(page)).to_have_text(f"Steg {len(shown)} av {total}")
        PAGES[title](page, scan) if title == "Interesser og motivasjon" else PAGES[title](page)
        if title in ("Familie og husstand", "Ønsker"):
            scan(page, title)
        fits_the_screen(page, page.get_by_role("button", name="Neste steg"))
        next_step(page)
        expect(heading(page)).not_to_have_text(title)
    shown.append("Se over og send inn")
    expect(counter(page)).to_have_text(f"Steg {total} av {total}")
    assert len(shown) == total, shown
    expect(page.get_by_text("Noen steg mangler svar")).to_have_count(0)
    scan(page, "review")

    page.get_by_role("button", name="Send søknaden").click()
    expect(heading(page)).to_have_text("Søknaden er sendt")
    scan(page, "receipt")

    application = VolunteerApplication.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert sorted(application.home_types) == ["respite", "support_contact"]
    assert (application.respite_home_mode, application.applying_together) == ("both", False)
    assert application.motivation == "Vi har plass og tid"
    assert not found, "\n".join(f"{where}:\n{describe(v)}" for where, v in found.items())
