"""axe-core on every public page and every state of the volunteer application: no serious or critical
WCAG 2.1 A/AA violations (public-sector web solutions in Norway must meet WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from applications.intake import volunteer_steps as steps
from applications.intake.volunteer_steps import VOLUNTEER
from besokshjem.tenancy.choices import HomeType

from ..factories import VolunteerApplicationFactory
from .support import axe_violations, describe, step_path

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = [
    "/",
    "/kommune/bergen/",
    "/kommune/bergen/besokshjem/",
    "/kommune/bergen/avlastningshjem/",
    "/kommune/bergen/stottekontakt/",
    "/kommune/bergen/personvern/",
    "/personvern/",
    "/tilgjengelighet/",
]


class Scan:
    """Scan pages as the journey reaches them, then report every page's violations at once."""

    def __init__(self, page):
        self.page = page
        self.found: dict[str, list[dict]] = {}

    def __call__(self, where: str):
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        violations = axe_violations(self.page)
        if violations:
            self.found[where] = violations

    def report(self) -> str:
        return "\n".join(f"{where} ({self.page.url}):\n{describe(v)}" for where, v in self.found.items())


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violations(bergen, live_server, page, path, language):
    if language != "nb":
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    response = page.goto(live_server.url + path)
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    scan = Scan(page)
    scan(path)
    assert not scan.found, scan.report()


def test_every_step_of_the_application_has_no_serious_accessibility_violations(bergen, live_server, page):
    scan = Scan(page)
    url = live_server.url

    page.goto(f"{url}/kommune/bergen/soknad/")
    scan("first step, before the draft exists")
    page.get_by_role("button", name="Neste steg").click()
    expect(page.locator(".error-summary")).to_contain_text("Velg minst én type oppdrag.")
    scan("first step with errors")
    # The summary's link to a group of checkboxes leads to its first option (a group has no id of its own).
    page.locator(".error-summary").get_by_role("link", name="Velg minst én type oppdrag.").click()
    expect(page.get_by_label("Besøkshjem", exact=True)).to_be_focused()

    # Every type applied for, so every question of every step is on the page.
    draft = VolunteerApplicationFactory(
        municipality=bergen,
        home_types=[HomeType.VISITING, HomeType.RESPITE, HomeType.SUPPORT_CONTACT],
        respite_home_mode="both",
        applying_together=True,
        partner_first_name="Per",
        partner_last_name="Testesen",
        partner_birth_date="1984-02-01",
        partner_email="per.testesen@example.no",
        partner_phone="+4741234568",
        hours_per_week=4,
    )
    for step in steps.steps_for(draft):
        page.goto(url + step_path(draft, step.slug))
        expect(page.get_by_role("heading", level=1)).to_have_text(str(step.title))
        scan(f"step {step.slug}")

    # Validation errors on a plain step and in the household formset.
    page.goto(url + step_path(draft, "soker"))
    page.get_by_label("Postnummer").fill("50A")
    page.get_by_label("Telefon", exact=False).first.fill("123")
    page.get_by_role("button", name="Neste steg").click()
    expect(page.locator(".error-summary")).to_contain_text("Postnummeret må være fire sifre")
    scan("step soker with errors")

    page.goto(url + step_path(draft, "husstand"))
    page.get_by_role("group", name="Person 1").get_by_label("Fødselsdato").fill("1800-01-01")
    page.get_by_role("button", name="Neste steg").click()
    expect(page.locator(".error-summary")).to_contain_text("Person 1")
    scan("step husstand with errors")

    # Review, incomplete and complete.
    incomplete = VolunteerApplicationFactory(municipality=bergen, motivation="")
    page.goto(url + step_path(incomplete, "oppsummering"))
    expect(page.get_by_text("Noen steg mangler svar")).to_be_visible()
    scan("review with missing answers")

    page.goto(url + step_path(draft, "oppsummering"))
    scan("review")

    # Saved for later.
    page.goto(url + step_path(draft, "praktisk"))
    page.get_by_role("button", name="Lagre og fortsett senere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er lagret")
    scan("saved for later")

    # Submit, follow the case, withdraw.
    page.goto(url + step_path(draft, "oppsummering"))
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    scan("receipt")

    # The status link is only in the receipt e-mail (no link of one purpose leads to another).
    draft.refresh_from_db()
    page.goto(url + VOLUNTEER.status_url(draft))
    expect(page.get_by_role("heading", level=1)).to_have_text("Status for søknaden")
    scan("status")

    page.get_by_role("link", name="Trekk søknaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trekk søknaden")
    scan("withdraw")

    page.get_by_role("button", name="Ja, trekk søknaden").click()
    expect(page.locator(".status-badge")).to_have_text("Trukket")
    scan("status after withdrawal")

    assert not scan.found, scan.report()
