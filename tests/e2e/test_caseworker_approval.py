"""A caseworker takes a besøkshjem from application to approval in the admin; the applicant signs on a phone.

The caseworker schedules two interviews and a home visit, marks them held, registers the attest; the applicant
signs the taushetserklæring and the contract on the status page; the caseworker signs and approves; the home
appears among approved homes. A caseworker of another kommune cannot open the case.
"""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import ApplicationStatus, MeetingStatus
from applications.volunteer import services as volunteer_services
from placements.models import ApprovedHome
from placements.selectors import current_agreements

from .. import approval_helpers as h
from .support import admin_login, link_in
from .test_accessibility import Scan

pytestmark = pytest.mark.e2e

APPLICANT = "Kari Testesen"  # tests.factories.VolunteerApplicationFactory


# --- The caseworker's case page -------------------------------------------------------------------------------------


def status_link(application) -> str:
    """The applicant's link to the status page, from the receipt e-mail."""
    receipt = next(m for m in mail.outbox if application.reference in m.subject)
    return link_in(receipt, "/status/")


def case_url(live_server, application) -> str:
    return live_server.url + reverse("caseworker:case", args=[application.pk])


def action_form(page, action: str):
    """The case page's form for one action (take, schedule, attest, approve, ...): the next step's on top, or another
    in its folded section, which is opened as a caseworker would (a click on its summary)."""
    form = page.locator("form").filter(has=page.locator(f"input[name='action'][value='{action}']"))
    for folded in page.locator("details.case-step:not([open])").filter(has=form).all():
        folded.locator("> summary").click()
    return form


def messages(page):
    return page.locator(".messagelist")


def case_status(page):
    return page.locator("#content-main > p").first


def oslo(days_ago: int, hour: int) -> str:
    """A datetime-local value in the kommune's time zone, `days_ago` days back at `hour`:00."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return f"{day.isoformat()}T{hour:02d}:00"


def to_mark_held(page):
    """The headings of the forms for marking a scheduled meeting held: one per scheduled meeting (in its folded
    section, opened here)."""
    for folded in page.locator("details#samtaler:not([open])").all():
        folded.locator("> summary").click()
    return page.get_by_role("heading", name=re.compile("^Marker "))


# Each schedule and each held form ends with the same message as the one before it, so these steps wait for the
# number of scheduled meetings to change instead: the old page would otherwise satisfy the wait.


def schedule(page, kind: str, starts_at: str, caseworker: str, place: str = ""):
    scheduled = to_mark_held(page).count()
    form = action_form(page, "schedule")
    form.get_by_label("Type").select_option(label=kind)
    form.get_by_label("Tidspunkt").fill(starts_at)
    form.get_by_label("Sted").fill(place)
    form.get_by_label("Saksbehandler").select_option(label=caseworker)
    form.locator("input[type='submit']").click()
    expect(to_mark_held(page)).to_have_count(scheduled + 1)
    expect(messages(page)).to_contain_text("er registrert uten invitasjon, fordi tidspunktet har passert.")


def mark_held(page, kind: str, notes: str, **home_visit):
    """A meeting that has taken place is the next step: its form is on top."""
    scheduled = to_mark_held(page).count()
    fieldset = page.locator("#neste-steg")
    expect(fieldset).to_contain_text(f"Gjelder: {kind} ")
    fieldset.get_by_label("Referat").fill(notes)
    if home_visit:
        fieldset.get_by_label("Eget soverom til barnet").select_option(label=home_visit["bedroom"])
        fieldset.get_by_label("Sikkerhet i hjemmet").fill(home_visit["safety"])
        fieldset.get_by_label("Helhetsinntrykk").fill(home_visit["impression"])
    fieldset.get_by_role("button", name=re.compile("^Registrer .* som gjennomført$")).click()
    expect(to_mark_held(page)).to_have_count(scheduled - 1)
    expect(messages(page)).to_contain_text("er registrert som gjennomført.")


def register_attest(page, attest_type: str, issued, shown):
    form = action_form(page, "attest")
    form.get_by_label("Person").select_option(label=APPLICANT)
    form.get_by_label("Type attest").select_option(label=attest_type)
    form.get_by_label("Utstedt dato").fill(issued.isoformat())
    form.get_by_label("Vist dato").fill(shown.isoformat())
    form.get_by_label("Resultat").select_option(label="Ingen merknader")
    form.get_by_role("button", name="Registrer attest").click()


# --- The applicant's status page ------------------------------------------------------------------------------------


def typed_name(section):
    return section.get_by_role("textbox", name=re.compile(r"^Skriv fullt navn\*?$"))


def sign(section, button: str, name: str, confirm: bool):
    """Sign the taushetserklæring or the agreement: the name typed, the one checkbox ticked (or not)."""
    typed_name(section).fill(name)
    if confirm:
        section.get_by_role("checkbox").check()
    section.get_by_role("button", name=button).click()


def test_caseworker_approves_a_home_the_applicant_signed_for_on_a_phone(
    live_server, new_page, submitted, bergen, bergen_caseworker
):
    h.add_rates(bergen)
    application = submitted
    status_page = status_link(application)
    caseworker = str(bergen_caseworker)
    today = timezone.localdate()

    # The caseworker logs in on a desktop and finds the new case in the workspace.
    admin = new_page()
    admin_login(admin, live_server.url, bergen_caseworker.email)
    admin.get_by_role("link", name="Gå til min arbeidsflate").click()
    expect(admin.get_by_role("heading", name="Saker uten saksbehandler")).to_be_visible()
    admin.get_by_role("link", name=application.reference).click()
    admin.get_by_role("link", name="Åpne saken").click()
    expect(admin).to_have_url(case_url(live_server, application))
    expect(admin.get_by_role("heading", name="Sjekkliste for godkjenning")).to_be_visible()
    expect(case_status(admin)).to_contain_text("Status: Mottatt")
    action_form(admin, "take").get_by_role("button", name="Ta saken til behandling").click()
    expect(messages(admin)).to_contain_text("Saken er tatt til behandling.")
    expect(case_status(admin)).to_contain_text("Status: Under behandling")
    expect(case_status(admin)).to_contain_text(f"Saksbehandler: {caseworker}")

    # Two interviews and a home visit, all yesterday: a meeting can be marked held only after it has started. Recorded
    # after the fact, none of them sends an invitation.
    mail.outbox.clear()
    schedule(admin, "Samtale", oslo(1, 9), caseworker, place="Rådhuset, møterom 2")
    schedule(admin, "Samtale", oslo(1, 11), caseworker, place="Rådhuset, møterom 2")
    schedule(admin, "Hjemmebesøk", oslo(1, 14), caseworker)
    assert mail.outbox == [], [m.subject for m in mail.outbox]

    mark_held(admin, "Samtale", "Første samtale: motivasjon og erfaring")
    mark_held(admin, "Samtale", "Andre samtale: praktiske forhold")
    mark_held(
        admin, "Hjemmebesøk", "Besøk i hjemmet", bedroom="Ja", safety="Røykvarsler og trappegrind", impression="Trygt og ryddig"
    )
    expect(to_mark_held(admin)).to_have_count(0)
    meetings = admin.get_by_role("table").filter(has=admin.get_by_role("columnheader", name="Referat"))
    expect(meetings.get_by_role("cell", name="Gjennomført", exact=True)).to_have_count(3)

    # The formålsbekreftelse the applicant needs to order the politiattest.
    action_form(admin, "purpose").get_by_role("button", name="Lag formålsbekreftelse").click()
    expect(messages(admin)).to_contain_text(f"Formålsbekreftelse laget for {APPLICANT} (besøkshjem).")

    # An attest issued four months before it was shown is refused; one issued three weeks before is registered.
    attest_type = "Uttømmende og utvidet politiattest"
    register_attest(admin, attest_type, issued=today - relativedelta(months=4), shown=today)
    expect(action_form(admin, "attest")).to_contain_text("Attesten var mer enn tre måneder gammel da den ble vist")
    assert not application.police_certificates.exists()
    register_attest(admin, attest_type, issued=today - timedelta(days=21), shown=today)
    expect(messages(admin)).to_contain_text(f"Politiattest registrert for {APPLICANT}")

    # Approve pressed before anyone has signed: refused, with what is missing, and the case stays in review.
    action_form(admin, "approve").get_by_role("button", name="Godkjenn hjemmet").click()
    refused = messages(admin)
    expect(refused).to_contain_text("Kan ikke godkjenne ennå")
    expect(refused).to_contain_text(f"Taushetserklæring (versjon 1) er ikke signert av {APPLICANT}.")
    expect(refused).to_contain_text("Oppdragsavtalen for besøkshjem er ikke laget.")
    expect(case_status(admin)).to_contain_text("Status: Under behandling")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not ApprovedHome.objects.exists()

    action_form(admin, "agreement_generate").get_by_role("button", name="Lag avtale").click()
    expect(messages(admin)).to_contain_text("Laget: Oppdragsavtalen for besøkshjem. Søkerne leser og signerer på statussiden.")

    # The taushetserklæring is signed once the caseworker asks for it.
    action_form(admin, "declaration_request").get_by_role("button", name="Be om signering av taushetserklæringen").click()
    expect(messages(admin)).to_contain_text(f"E-post sendt til {application.email}")

    # The applicant opens the status page from the receipt, on a phone: meetings, documents, two things to sign.
    phone = new_page(mobile=True)
    scan = Scan(phone)
    phone.goto(status_page)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Status for søknaden")
    expect(phone.locator(".status-badge")).to_have_text("Under behandling")
    expect(phone.locator("#avtaler li")).to_have_count(3)
    expect(phone.locator("#avtaler")).to_contain_text("Rådhuset, møterom 2 (gjennomført)")
    expect(phone.get_by_role("link", name=f"Formålsbekreftelse for {APPLICANT}, besøkshjem (PDF)")).to_be_visible()
    declaration = phone.locator("#taushetserklaering")
    agreement = phone.locator("#avtale")
    expect(declaration).to_contain_text("forvaltningsloven § 13")
    expect(declaration.get_by_role("button", name="Signer taushetserklæringen")).to_be_visible()
    expect(agreement.get_by_role("heading", name="Oppdragsavtale")).to_be_visible()
    expect(agreement).to_contain_text("kr 950,00")
    expect(agreement.get_by_role("button", name="Signer avtalen")).to_be_visible()
    scan("status page with the declaration and the agreement to sign")

    # A first name only, and the box left unticked: errors, and what was typed is kept.
    sign(declaration, "Signer taushetserklæringen", "Kari", confirm=False)
    summary = declaration.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Kryss av for at du har lest og godtar taushetserklæringen.")
    expect(typed_name(declaration)).to_have_value("Kari")
    scan("status page after signing without ticking the box")

    sign(declaration, "Signer taushetserklæringen", "Kari", confirm=True)
    expect(declaration.locator(".error-summary")).to_contain_text(f"Skriv fullt navn slik det står i søknaden: {APPLICANT}.")
    scan("status page after signing with a name that does not match the application")

    # The name as in the application, in any case.
    sign(declaration, "Signer taushetserklæringen", "kari testesen", confirm=True)
    expect(phone.get_by_role("status").filter(has_text="Taushetserklæringen er signert. Takk!")).to_be_visible()
    expect(declaration).to_contain_text("Signert av kari testesen")
    expect(declaration.get_by_role("button", name="Signer taushetserklæringen")).to_have_count(0)

    sign(agreement, "Signer avtalen", APPLICANT, confirm=True)
    expect(phone.get_by_role("status").filter(has_text="Avtalen er signert.")).to_be_visible()
    expect(agreement).to_contain_text(f"{APPLICANT}: signert av {APPLICANT}")
    expect(agreement).to_contain_text("Bergen: ikke signert")
    with phone.expect_download() as download:
        agreement.get_by_role("link", name="Last ned oppdragsavtale (PDF)").click()
    [made] = current_agreements(application=application)
    assert download.value.suggested_filename == f"avtale-{application.reference}-{made.pk}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The caseworker signs for the kommune and approves.
    admin.reload()
    action_form(admin, "agreement_sign").get_by_role("button", name="Signer avtalen for kommunen").click()
    expect(messages(admin)).to_contain_text("Du har signert oppdragsavtalen for besøkshjem for kommunen.")
    action_form(admin, "approve").get_by_role("button", name="Godkjenn hjemmet").click()
    expect(messages(admin)).to_contain_text("Hjemmet er godkjent og ligger nå blant godkjente hjem.")
    expect(case_status(admin)).to_contain_text("Status: Godkjent")
    expect(action_form(admin, "approve")).to_have_count(0)

    # The home is among the approved homes.
    admin.goto(f"{live_server.url}/admin/placements/approvedhome/")
    row = admin.locator("#result_list tbody tr").filter(has_text=APPLICANT)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Bergen")
    expect(row).to_contain_text("Besøkshjem")

    # The applicant sees the decision; nothing is left to sign.
    phone.goto(status_page)
    expect(phone.locator(".status-badge")).to_have_text("Godkjent")
    expect(phone.get_by_text("Dere er godkjent.")).to_be_visible()
    expect(phone.get_by_role("button", name=re.compile("^Signer"))).to_have_count(0)
    expect(phone.locator("#avtale")).to_contain_text("Bergen: signert")
    scan("status page after approval")

    assert not scan.found, scan.report()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.assigned_to == bergen_caseworker
    assert application.closed_at is not None
    assert [m.status for m in application.meetings.all()] == [MeetingStatus.HELD] * 3
    assert application.police_certificates.get().issue_date == today - timedelta(days=21)
    assert application.declaration_signatures.get().typed_name == "kari testesen"
    [signed] = current_agreements(application=application)
    assert [p.signed_name for p in signed.parties.all()] == [APPLICANT] and signed.caseworker_signed_by == bergen_caseworker
    home = ApprovedHome.objects.get(application=application)
    assert (home.municipality, home.name, home.approved_by) == (bergen, APPLICANT, bergen_caseworker)


def test_caseworker_of_another_kommune_gets_404_on_the_case(live_server, page, submitted, lillestrom_caseworker):
    admin_login(page, live_server.url, lillestrom_caseworker.email)

    response = page.goto(case_url(live_server, submitted))
    assert response.status == 404
    expect(page.get_by_text(submitted.reference)).to_have_count(0)
    expect(page.get_by_text(APPLICANT)).to_have_count(0)

    change_page = reverse("admin:applications_volunteerapplication_change", args=[submitted.pk])
    assert page.goto(live_server.url + change_page).status == 404


# --- Pages with several forms: each field is named by its own label -------------------------------------------------


def labelled(scope, role: str, label: str) -> int:
    """How many `role` elements in `scope` are named by `label` alone (and the required-field asterisk).

    Counted without waiting: the page has loaded. Where two forms render the same id, the first field gets both
    labels ("Skriv fullt navn* Skriv fullt navn*") and the second none; axe-core does not report it.
    """
    return scope.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$")).count()


def test_status_page_labels_every_sign_field(live_server, mobile_page, submitted, bergen, bergen_caseworker):
    application = h.in_review(submitted, bergen_caseworker)
    h.add_rates(bergen)
    volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    h.request_declaration(application, bergen_caseworker)
    mobile_page.goto(status_link(application))
    declaration, agreement = mobile_page.locator("#taushetserklaering"), mobile_page.locator("#avtale")
    expect(agreement.get_by_role("button", name="Signer avtalen")).to_be_visible()

    assert labelled(declaration, "textbox", "Skriv fullt navn") == 1
    assert labelled(declaration, "checkbox", "Jeg har lest taushetserklæringen og forplikter meg til å følge den") == 1
    assert labelled(agreement, "textbox", "Skriv fullt navn") == 1
    assert labelled(agreement, "checkbox", "Jeg har lest avtalen og godtar den") == 1

    # The agreement's error summary leads to the agreement's own field.
    agreement.get_by_role("button", name="Signer avtalen").click()
    agreement.locator(".error-summary").get_by_role("link", name=re.compile("^Skriv fullt navn")).click()
    expect(typed_name(agreement)).to_be_focused()


def test_case_page_labels_every_field(live_server, page, submitted, bergen_caseworker):
    application = h.in_review(submitted, bergen_caseworker)
    admin_login(page, live_server.url, bergen_caseworker.email)
    page.goto(case_url(live_server, application))
    expect(action_form(page, "schedule")).to_be_visible()

    assert labelled(action_form(page, "assign"), "combobox", "Saksbehandler:") == 1
    assert labelled(action_form(page, "schedule"), "combobox", "Saksbehandler:") == 1
    assert labelled(action_form(page, "purpose"), "combobox", "Person og oppdrag:") == 1
    assert labelled(action_form(page, "agreement_generate"), "textbox", "Startdato:") == 1
    assert labelled(action_form(page, "attest"), "combobox", "Person:") == 1
