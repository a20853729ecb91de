"""A volunteer applies from the kommune's public page to the receipt, follows the case and withdraws it."""

import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import ApplicationStatus, VolunteerApplication

from ..factories import VolunteerApplicationFactory
from .support import NB, Catalogue, link_in, step_path

pytestmark = pytest.mark.e2e


def exactly(text: str) -> re.Pattern:
    """An accessible name that is `text`, optionally followed by the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def field(scope, label: str):
    return scope.get_by_label(exactly(label))


def choose(page, question: str, answer: str):
    """Tick the radio button or checkbox `answer` in the fieldset whose legend is `question`."""
    page.get_by_role("group", name=exactly(question)).get_by_label(answer, exact=True).check()


def heading(page):
    return page.get_by_role("heading", level=1)


def next_step(page, t=NB):
    page.get_by_role("button", name=t("Neste steg")).click()


def previous_step(page, t=NB):
    page.get_by_role("button", name=t("Forrige steg")).click()


def error_summary(page):
    return page.locator(".error-summary")


def adult_birth_date(years: int = 41) -> str:
    today = timezone.localdate()
    return date(today.year - years, 3, 14).isoformat()


def this_year_reference(prefix: str, number: int) -> str:
    return f"{prefix}-{timezone.localdate().year}-{number:05d}"


def test_volunteer_completes_every_step_on_a_phone_and_withdraws_from_the_status_page(bergen, live_server, new_page):
    page = new_page(mobile=True)

    # The public page for besøkshjem in Bergen, and its button to apply.
    page.goto(f"{live_server.url}/kommune/bergen/besokshjem/")
    expect(heading(page)).to_have_text("Besøkshjem i Bergen")
    page.get_by_role("link", name="Søk om å bli besøkshjem").click()

    # 1. Oppdrag: the type chosen on the public page is already ticked.
    expect(heading(page)).to_have_text("Oppdrag")
    expect(page.get_by_text("Steg 1 av 11")).to_be_visible()
    expect(page.get_by_label("Besøkshjem", exact=True)).to_be_checked()
    choose(page, "Søker du sammen med ektefelle, samboer eller partner?", "Nei")
    next_step(page)

    # 2. Om deg, first with a phone number and a postcode that are wrong.
    expect(heading(page)).to_have_text("Om deg")
    expect(page.get_by_text("Steg 2 av 11")).to_be_visible()
    field(page, "Fornavn").fill("Kari")
    field(page, "Etternavn").fill("Nordvik")
    field(page, "Fødselsdato").fill(adult_birth_date())
    field(page, "E-post").fill("kari.nordvik@example.no")
    field(page, "Telefon").fill("123")
    field(page, "Adresse").fill("Fjellveien 12")
    field(page, "Postnummer").fill("50A")
    field(page, "Poststed").fill("Bergen")
    expect(field(page, "Bostedskommune")).to_have_value("Bergen")
    next_step(page)

    expect(page).to_have_title(re.compile(r"^Feil: Om deg"))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Noe må rettes før du kan gå videre")
    expect(summary).to_contain_text("Postnummeret må være fire sifre, for eksempel 5015.")
    expect(summary).to_contain_text("Oppgi et gyldig norsk telefonnummer, for eksempel 412 34 567.")
    # The summary links to the field, and what was typed is kept.
    summary.get_by_role("link", name=re.compile("Postnummer")).click()
    expect(field(page, "Postnummer")).to_be_focused()
    expect(field(page, "Postnummer")).to_have_value("50A")
    expect(field(page, "Fornavn")).to_have_value("Kari")

    field(page, "Postnummer").fill("5015")
    field(page, "Telefon").fill("412 34 567")
    next_step(page)

    # 3. Familie og husstand: two people, the second added with the formset's own button.
    expect(heading(page)).to_have_text("Familie og husstand")
    expect(error_summary(page)).to_have_count(0)
    person_1 = page.get_by_role("group", name="Person 1")
    field(person_1, "Navn").fill("Ola Nordvik")
    field(person_1, "Fødselsdato").fill("2015-03-03")
    choose(person_1, "Hva er personen for deg?", "Barn")
    page.get_by_role("button", name="Lagre og legg til en person til").click()
    person_2 = page.get_by_role("group", name="Person 2")
    expect(field(person_1, "Navn")).to_have_value("Ola Nordvik")
    field(person_2, "Navn").fill("Åse Nordvik")
    field(person_2, "Fødselsdato").fill("1950-07-20")
    choose(person_2, "Hva er personen for deg?", "Annen voksen")
    next_step(page)

    # 4. Bolig.
    expect(heading(page)).to_have_text("Bolig")
    choose(page, "Boligtype", "Leilighet")
    choose(page, "Eie eller leie", "Leier")
    field(page, "Antall rom (uten kjøkken og bad)").fill("4")
    choose(page, "Kan barnet få eget soverom når det overnatter?", "Ja")
    choose(page, "Har dere dyr i hjemmet?", "Ja")
    field(page, "Hvilke dyr?").fill("En rolig katt")
    choose(page, "Røyker noen i hjemmet?", "Nei")
    field(page, "Avstand til skole, barnehage og aktiviteter").fill("Ti minutter å gå til skolen")

    # Back a step: the household is still there (listed oldest first) ...
    previous_step(page)
    expect(heading(page)).to_have_text("Familie og husstand")
    expect(field(page.get_by_role("group", name="Person 1"), "Navn")).to_have_value("Åse Nordvik")
    expect(
        page.get_by_role("group", name="Person 1").get_by_role("group", name=exactly("Hva er personen for deg?")).get_by_label(
            "Annen voksen", exact=True
        )
    ).to_be_checked()
    expect(field(page.get_by_role("group", name="Person 2"), "Navn")).to_have_value("Ola Nordvik")
    expect(field(page.get_by_role("group", name="Person 2"), "Fødselsdato")).to_have_value("2015-03-03")
    next_step(page)

    # ... and so is the housing step, saved on the way back.
    expect(heading(page)).to_have_text("Bolig")
    expect(page.get_by_role("group", name=exactly("Boligtype")).get_by_label("Leilighet")).to_be_checked()
    expect(page.get_by_role("group", name=exactly("Eie eller leie")).get_by_label("Leier")).to_be_checked()
    expect(field(page, "Antall rom (uten kjøkken og bad)")).to_have_value("4")
    expect(field(page, "Hvilke dyr?")).to_have_value("En rolig katt")
    next_step(page)

    # 5. Helse: half answered, back, forward again — the half answers are still there.
    expect(heading(page)).to_have_text("Helse")
    choose(page, "Hvordan er den fysiske helsen din (og partners)?", "God")
    field(page, "Vil du utdype noe?").fill("Astma, godt regulert")
    previous_step(page)
    expect(heading(page)).to_have_text("Bolig")
    next_step(page)
    expect(heading(page)).to_have_text("Helse")
    expect(
        page.get_by_role("group", name=exactly("Hvordan er den fysiske helsen din (og partners)?")).get_by_label(
            "God", exact=True
        )
    ).to_be_checked()
    expect(field(page, "Vil du utdype noe?")).to_have_value("Astma, godt regulert")
    choose(page, "Hvordan er den psykiske helsen din (og partners)?", "God")
    choose(page, "Har noen i husstanden problemer med rus, alkohol eller pengespill?", "Nei")
    choose(page, "Har dere hatt store livskriser de siste tre årene?", "Nei")
    next_step(page)

    # 6. Andre oppdrag.
    expect(heading(page)).to_have_text("Andre oppdrag")
    choose(page, "Har du andre oppdrag eller arbeid for kommunen?", "Støttekontakt")
    field(page, "Utdyp gjerne (hvilket oppdrag, hvor mye)").fill("Støttekontakt for en gutt, fire timer i uken")
    next_step(page)

    # 7. Interesser og motivasjon.
    expect(heading(page)).to_have_text("Interesser og motivasjon")
    field(page, "Hvilke interesser og fritidsaktiviteter har dere?").fill("Fjellturer, fiske og brettspill")
    field(page, "Hvilke personlige egenskaper vil du trekke fram?").fill("Rolig og tålmodig")
    field(page, "Hvilke tanker har du om å være sammen med barn med funksjonsnedsettelse?").fill("Jeg har erfaring fra jobb")
    field(page, "Hvorfor vil du bli besøkshjem?").fill("Vi har plass og tid")
    next_step(page)

    # 8. Ønsker.
    expect(heading(page)).to_have_text("Ønsker")
    field(page, "Barnets alder fra (år)").fill("6")
    field(page, "Barnets alder til (år)").fill("12")
    choose(page, "Kan dere ta imot et søskenpar?", "Kanskje")
    field(page, "Hvor mange helger eller døgn i måneden kan dere ta imot?").fill("1")
    field(page, "Når passer det for dere?").fill("Helger")
    choose(page, "Kan dere også ta imot i ferier?", "Nei")
    next_step(page)

    # 9. Praktisk.
    expect(heading(page)).to_have_text("Praktisk")
    choose(page, "Har du førerkort for bil?", "Ja")
    choose(page, "Har du bil du kan bruke?", "Ja")
    field(page, "Jeg behersker norsk skriftlig").check()
    field(page, "Jeg behersker norsk muntlig").check()
    field(page, "Jeg kan binde meg for minst ett år").check()
    next_step(page)

    # 10. Samtykke.
    expect(heading(page)).to_have_text("Samtykke")
    field(page, "Jeg samtykker til at kommunen behandler helseopplysningene jeg har oppgitt").check()
    field(page, "Jeg bekrefter at opplysningene i søknaden er riktige og fullstendige").check()
    field(page, "Jeg har lest personvernerklæringen").check()
    field(page, "Jeg er kjent med at jeg må legge fram politiattest før jeg kan få oppdrag").check()
    next_step(page)

    # 11. Oppsummering: every answer is there to check.
    expect(heading(page)).to_have_text("Se over og send inn")
    expect(page.get_by_text("Steg 11 av 11")).to_be_visible()
    expect(page.get_by_text("Noen steg mangler svar")).to_have_count(0)
    about_you = page.get_by_role("region", name="Om deg")
    expect(about_you).to_contain_text("Nordvik")
    expect(about_you).to_contain_text("5015")
    expect(page.get_by_role("region", name="Familie og husstand")).to_contain_text("Ola Nordvik, 3. mars 2015 (Barn)")
    expect(page.get_by_role("region", name="Bolig")).to_contain_text("En rolig katt")
    expect(page.get_by_role("region", name="Ønsker")).to_contain_text("Kanskje")
    review_url = page.url

    # The same review open in a second tab, to send it twice.
    other_tab = page.context.new_page()
    other_tab.goto(review_url)
    expect(other_tab.get_by_role("button", name="Send søknaden")).to_be_visible()

    page.get_by_role("button", name="Send søknaden").click()
    reference = this_year_reference("BGO", 1)
    expect(heading(page)).to_have_text("Søknaden er sendt")
    expect(page.get_by_role("status")).to_contain_text(f"Bergen kommune har mottatt søknaden din. Saksnummeret er {reference}.")
    expect(page.get_by_text("kari.nordvik@example.no")).to_be_visible()

    # Sent again from the other tab, then the receipt reloaded and the review opened again: still one application.
    other_tab.get_by_role("button", name="Send søknaden").click()
    expect(other_tab.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    expect(other_tab.get_by_role("status")).to_contain_text(reference)
    other_tab.close()
    page.reload()
    expect(page.get_by_role("status")).to_contain_text(reference)
    page.goto(review_url)
    expect(heading(page)).to_have_text("Søknaden er sendt")

    application = VolunteerApplication.objects.get()
    assert application.reference == reference
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.language == "nb"
    assert (application.phone.as_e164, application.postcode) == ("+4741234567", "5015")
    assert sorted((m.name, m.birth_date, m.birth_date_estimated) for m in application.household_members.all()) == [
        ("Ola Nordvik", date(2015, 3, 3), False), ("Åse Nordvik", date(1950, 7, 20), False),
    ]

    # One receipt, in Norwegian, with the personal link to the status page.
    receipts = [m for m in mail.outbox if reference in m.subject]
    assert len(receipts) == 1, [m.subject for m in mail.outbox]
    receipt = receipts[0]
    assert receipt.to == ["kari.nordvik@example.no"]
    assert receipt.subject == f"Kvittering: søknaden din til Bergen ({reference})"
    assert "Her kan du følge saken" in receipt.body

    page.goto(link_in(receipt, "/status/"))
    expect(heading(page)).to_have_text("Status for søknaden")
    expect(page.get_by_text(reference)).to_be_visible()
    expect(page.locator(".status-badge")).to_have_text("Mottatt")

    # Withdraw: a confirmation page, then the status page says so and offers no second withdrawal.
    page.get_by_role("link", name="Trekk søknaden").click()
    expect(heading(page)).to_have_text("Trekk søknaden")
    expect(page.get_by_text(f"Vil du trekke søknad {reference}?")).to_be_visible()
    page.get_by_role("button", name="Ja, trekk søknaden").click()
    expect(heading(page)).to_have_text("Status for søknaden")
    expect(page.get_by_role("status").filter(has_text="Søknaden er trukket.")).to_be_visible()
    expect(page.locator(".status-badge")).to_have_text("Trukket")
    expect(page.get_by_role("link", name="Trekk søknaden")).to_have_count(0)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert VolunteerApplication.objects.count() == 1


def test_volunteer_applies_in_english_and_gets_the_receipt_in_english(bergen, live_server, new_page):
    en = Catalogue.load("en")
    page = new_page()

    page.goto(f"{live_server.url}/kommune/bergen/stottekontakt/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_role("banner").get_by_role("button", name="English").click()

    # Same page, now in English; the button offers Norwegian instead.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    support_contact = en("Støttekontakt")
    expect(heading(page)).to_have_text(en("%(type)s i %(name)s", type=support_contact, name="Bergen"))
    expect(page.get_by_role("banner").get_by_role("button", name="Norsk (bokmål)")).to_be_visible()
    page.get_by_role("link", name=en("Søk om å bli %(type)s", type=support_contact.lower())).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text(en("Oppdrag"))
    expect(page.get_by_label(support_contact, exact=True)).to_be_checked()
    # A støttekontakt applies alone: the question about a partner is not asked.
    expect(page.get_by_role("group", name=exactly(en("Søker du sammen med ektefelle, samboer eller partner?")))).to_be_hidden()
    next_step(page, en)

    # A støttekontakt does not take the child home: no household or housing steps.
    expect(heading(page)).to_have_text(en("Om deg"))
    field(page, en.label("fornavn")).fill("Emma")
    field(page, en.label("etternavn")).fill("Lund")
    field(page, en.label("fødselsdato")).fill(adult_birth_date(30))
    field(page, en.label("e-post")).fill("emma.lund@example.no")
    field(page, en("Telefon")).fill("412 34 567")
    field(page, en.label("adresse")).fill("Strandgaten 3")
    field(page, en.label("postnummer")).fill("5013")
    field(page, en.label("poststed")).fill("Bergen")
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Helse"))
    choose(page, en("Hvordan er den fysiske helsen din (og partners)?"), en("God"))
    choose(page, en("Hvordan er den psykiske helsen din (og partners)?"), en("God"))
    choose(page, en("Har noen i husstanden problemer med rus, alkohol eller pengespill?"), en("Nei"))
    choose(page, en("Har dere hatt store livskriser de siste tre årene?"), en("Nei"))
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Andre oppdrag"))
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Interesser og motivasjon"))
    field(page, en("Hvilke interesser og fritidsaktiviteter har dere?")).fill("Football and music")
    field(page, en("Hvilke personlige egenskaper vil du trekke fram?")).fill("Patient")
    field(page, en("Hvilke tanker har du om å være sammen med barn med funksjonsnedsettelse?")).fill("Positive")
    field(page, en("Hvorfor vil du bli %(roles)s?", roles=support_contact.lower())).fill("I want to help")
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Ønsker"))
    field(page, en("Hvor mange timer i uken kan du være støttekontakt?")).fill("4")
    field(page, en("Når passer det for dere?")).fill("Weekday evenings")
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Praktisk"))
    choose(page, en("Har du førerkort for bil?"), en("Ja"))
    choose(page, en("Har du bil du kan bruke?"), en("Nei"))
    field(page, en("Jeg behersker norsk skriftlig")).check()
    field(page, en("Jeg behersker norsk muntlig")).check()
    field(page, en("Jeg kan binde meg for minst ett år")).check()
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Samtykke"))
    field(page, en("Jeg samtykker til at kommunen behandler helseopplysningene jeg har oppgitt")).check()
    field(page, en("Jeg bekrefter at opplysningene i søknaden er riktige og fullstendige")).check()
    field(page, en("Jeg har lest personvernerklæringen")).check()
    field(page, en("Jeg er kjent med at jeg må legge fram politiattest før jeg kan få oppdrag")).check()
    next_step(page, en)

    expect(heading(page)).to_have_text(en("Se over og send inn"))
    page.get_by_role("button", name=en("Send søknaden")).click()

    reference = this_year_reference("BGO", 1)
    expect(heading(page)).to_have_text(en("Søknaden er sendt"))
    expect(page.get_by_role("status")).to_contain_text(reference)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    application = VolunteerApplication.objects.get()
    assert application.language == "en"
    assert application.home_types == ["support_contact"]
    assert application.hours_per_week == 4

    receipt = next(m for m in mail.outbox if reference in m.subject)
    assert receipt.subject == en("Kvittering: søknaden din til %(name)s (%(ref)s)", name="Bergen", ref=reference)
    assert en("Her kan du følge saken, og trekke søknaden hvis du ombestemmer deg:") in receipt.body
    html = receipt.alternatives[0][0] if receipt.alternatives else ""
    assert '<html lang="en">' in html

    page.goto(link_in(receipt, "/status/"))
    expect(heading(page)).to_have_text(en("Status for søknaden"))
    expect(page.locator(".status-badge")).to_have_text(en("Mottatt"))


def test_receipt_is_in_the_language_the_applicant_switched_to_before_submitting(bergen, live_server, page):
    en = Catalogue.load("en")
    draft = VolunteerApplicationFactory(municipality=bergen, language="nb")
    page.goto(live_server.url + step_path(draft, "oppsummering"))
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name=en("Send søknaden")).click()
    expect(heading(page)).to_have_text(en("Søknaden er sendt"))

    draft.refresh_from_db()
    assert draft.language == "en"
