"""A parent on a phone (390 px) sends the kommune a late legeerklæring from the status page: a wrong file first, then
the real one, and sees it listed; the caseworker on the case is told by e-mail. Later, after a vedtak, the parent
appeals and sees their appeal on the page. axe-core scans the status page in each state, the appeal section included."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Attachment
from applications.respite import services as respite_services
from besokshjem.core.tokens import STATUS, case_token

from ..factories import DecisionFactory, RespiteApplicationFactory
from ..respite_helpers import PDF, nb_date, submit
from .test_accessibility import Scan
from .test_volunteer_journey import error_summary, field, heading

pytestmark = pytest.mark.e2e


def test_parent_sends_a_document_after_submitting_and_sees_it_listed(bergen, bergen_caseworker, live_server, new_page):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    respite_services.respite_assign(application=application, caseworker=bergen_caseworker, by=bergen_caseworker)
    mail.outbox.clear()
    page = new_page(mobile=True)
    scan = Scan(page)
    status_url = live_server.url + reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])

    page.goto(status_url)
    expect(heading(page)).to_have_text("Status for søknaden om avlastning")
    documents = page.get_by_role("region", name="Dokumenter du har sendt")
    expect(documents.get_by_role("heading", name="Send et dokument til kommunen")).to_be_visible()
    scan("status, before sending a document")

    # A file that is no PDF, JPEG or PNG: refused in Norwegian, with what was written kept.
    field(page, "Hva er dokumentet?").fill("Legeerklæring fra fastlegen")
    field(page, "Fil").set_input_files([{"name": "erklaering.pdf", "mimeType": "application/pdf", "buffer": b"ikke en pdf"}])
    page.get_by_role("button", name="Send dokumentet").click()
    expect(page).to_have_title(re.compile(r"^Feil: Status for søknaden om avlastning"))
    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("«erklaering.pdf» er ikke en PDF, JPEG eller PNG.")
    expect(field(page, "Hva er dokumentet?")).to_have_value("Legeerklæring fra fastlegen")
    scan("status, document refused")
    assert not Attachment.objects.exists()

    field(page, "Fil").set_input_files([{"name": "legeerklaering.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Send dokumentet").click()
    expect(page.get_by_role("status").filter(has_text="Dokumentet er sendt til kommunen.")).to_be_visible()
    documents = page.get_by_role("region", name="Dokumenter du har sendt")
    expect(documents.get_by_role("listitem").filter(has_text="legeerklaering.pdf")).to_contain_text(
        f"Legeerklæring fra fastlegen, sendt {nb_date(timezone.localdate())}")
    scan("status, document sent")
    assert application.attachments.get().description == "Legeerklæring fra fastlegen"
    assert [m.to for m in mail.outbox if "Nytt dokument fra søkeren" in m.subject] == [[bergen_caseworker.email]]

    # After a vedtak the form goes; an appeal brings it back, and the appeal is shown in full.
    decision = DecisionFactory(application=application, decided_by=bergen_caseworker, rejected=True)
    page.reload()
    expect(page.get_by_role("heading", name="Send et dokument til kommunen")).to_have_count(0)
    field(page, "Hva klager du på, og hvorfor?").fill("Vi trenger avlastning; natten er det tyngste.")
    page.get_by_role("button", name="Send klagen").click()
    appeal = page.get_by_role("region", name="Klage", exact=True)
    expect(appeal.get_by_role("heading", name=f"Klage mottatt {nb_date(timezone.localdate())}")).to_be_visible()
    expect(appeal).to_contain_text("Vi trenger avlastning; natten er det tyngste.")
    expect(appeal).to_contain_text("Klagen er mottatt og behandles av Forvaltningsenhet for helse og omsorg, Bergen kommune.")
    expect(page.get_by_role("heading", name="Send et dokument til kommunen")).to_be_visible()
    scan("status, appeal lodged")
    assert decision.appeals.count() == 1

    assert not scan.found, scan.report()
