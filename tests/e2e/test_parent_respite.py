"""A parent applies for avlastning on a phone and attaches a doctor's statement; a caseworker sends an interim reply
and then a vedtak from the admin; the parent reads the letter and lodges an appeal. And a parent whose appeal deadline
ends on a public holiday appeals, on time, on the first working day after it.

axe-core scans every page the parent sees on the way (no serious or critical WCAG 2.1 A/AA violations).
"""

import io
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from applications.intake import services as submit_services
from applications.models import Appeal, AppealStatus, Attachment, Outcome, RespiteApplication, RespiteStatus
from applications.respite import services as respite_services
from applications.respite.selectors import appeal_deadline_of
from besokshjem.core.tokens import STATUS, case_token
from besokshjem.outbox.models import Message

from ..factories import RespiteApplicationFactory, synthetic_national_id
from ..respite_helpers import DECISION_TEXT
from .support import admin_login, link_in
from .test_accessibility import Scan
from .test_volunteer_journey import choose, error_summary, field, heading, next_step

pytestmark = pytest.mark.e2e

GUARDIAN_EMAIL = "mona.testforelder@example.no"
CHILD_NEEDS = "Autisme og epilepsi. Trenger tilsyn hele døgnet."
DECISION_REASONS = "Omsorgen er særlig tyngende, men behovet dekkes delvis av BPA."


def a_real_pdf() -> bytes:
    """A small, well-formed one-page PDF (what a scanned doctor's statement would be)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def nb_date(value) -> str:
    """A date as the parent's pages print it ("j. F Y" in Norwegian)."""
    with translation.override("nb"):
        return date_format(value, "j. F Y")


def mails_to(address: str, subject_part: str) -> list:
    return [m for m in mail.outbox if m.to == [address] and subject_part in m.subject]


def test_parent_applies_caseworker_replies_and_decides_parent_reads_the_letter_and_appeals(
    bergen, bergen_caseworker, live_server, new_page, settings
):
    url = live_server.url
    page = new_page(mobile=True)
    scan = Scan(page)

    # --- The parent applies, on a phone ------------------------------------------------------------------------------

    page.goto(f"{url}/kommune/bergen/avlastning/")
    expect(heading(page)).to_have_text("Søk om avlastning i Bergen")
    scan("public page for avlastning")
    page.get_by_role("link", name="Søk om avlastning").click()

    # 1. Barnet: first without a birth date or fødselsnummer, then with a synthetic fødselsnummer.
    expect(heading(page)).to_have_text("Barnet")
    expect(page.get_by_text("Steg 1 av")).to_be_visible()
    scan("step barnet, before the draft exists")
    field(page, "Barnets fornavn").fill("Lille")
    field(page, "Barnets etternavn").fill("Testbarn")
    field(page, "Barnets behov, med dine ord").fill(CHILD_NEEDS)
    next_step(page)
    expect(page).to_have_title(re.compile(r"^Feil: Barnet"))
    expect(error_summary(page)).to_be_focused()
    expect(error_summary(page)).to_contain_text("Oppgi barnets fødselsdato eller fødselsnummer.")
    scan("step barnet with errors")
    assert RespiteApplication.objects.count() == 0
    expect(field(page, "Barnets fornavn")).to_have_value("Lille")
    field(page, "Barnets fødselsnummer (valgfritt)").fill(synthetic_national_id(day=15, month=8, year2=16))
    next_step(page)

    # 2. Foresatte.
    expect(heading(page)).to_have_text("Foresatte")
    scan("step foresatte")
    field(page, "Ditt fulle navn").fill("Mona Testforelder")
    field(page, "Din relasjon til barnet").fill("Mor")
    field(page, "E-post").fill(GUARDIAN_EMAIL)
    field(page, "Telefon").fill("412 34 500")
    field(page, "Adresse").fill("Eksempelgata 2")
    field(page, "Postnummer").fill("5015")
    field(page, "Poststed").fill("Bergen")
    choose(page, "Har du foreldreansvar for barnet?", "Ja")
    choose(page, "Er det en foresatt til som skal stå i søknaden?", "Nei")
    next_step(page)

    # 3. Omsorgsarbeidet: a "ja" needs a few words more.
    expect(heading(page)).to_have_text("Omsorgsarbeidet")
    scan("step omsorg")
    field(page, "Hvor mange timer i måneden bruker dere på omsorg ut over det som er vanlig for barnets alder?").fill("120")
    choose(page, "Er omsorgsarbeidet særlig fysisk belastende?", "Ja")
    field(page, "Fortell mer (fysisk)").fill("Mange løft hver dag.")
    choose(page, "Er omsorgsarbeidet særlig psykisk belastende?", "Nei")
    choose(page, "Må dere hjelpe barnet om natten, eller blir søvnen ofte avbrutt?", "Ja")
    next_step(page)
    expect(error_summary(page)).to_contain_text("Fortell mer (natt): Fortell litt mer, så kommunen kan vurdere behovet.")
    scan("step omsorg with errors")
    field(page, "Fortell mer (natt)").fill("Våkner tre ganger hver natt.")
    next_step(page)

    # 4. Tjenester.
    expect(heading(page)).to_have_text("Tjenester")
    scan("step tjenester")
    field(page, "Hvilke tjenester får dere i dag?").fill("BPA 10 timer i uken")
    choose(page, "Hva søker dere om?", "Avlastningshjem")
    field(page, "Hvor mange helger (eller døgn) i måneden ønsker dere?").fill("2")
    next_step(page)

    # 5. Vedlegg: an executable renamed to .pdf is refused by its content and nothing is stored ...
    expect(heading(page)).to_have_text("Vedlegg")
    scan("step vedlegg")
    uploads = field(page, "Legg ved dokumenter (valgfritt)")
    uploads.set_input_files([{"name": "virus.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 256}])
    page.get_by_role("button", name="Last opp").click()
    expect(page).to_have_title(re.compile(r"^Feil: Vedlegg"))
    expect(error_summary(page)).to_contain_text("«virus.pdf» er ikke en PDF, JPEG eller PNG")
    scan("step vedlegg with an upload refused")
    assert Attachment.objects.count() == 0
    assert not [p for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file()]

    # ... a real PDF is stored, and the step stays open for more.
    statement = a_real_pdf()
    uploads.set_input_files([{"name": "legeuttalelse.pdf", "mimeType": "application/pdf", "buffer": statement}])
    page.get_by_role("button", name="Last opp").click()
    expect(heading(page)).to_have_text("Vedlegg")
    expect(error_summary(page)).to_have_count(0)
    expect(page.get_by_role("listitem").filter(has_text="legeuttalelse.pdf")).to_be_visible()
    scan("step vedlegg with a file uploaded")
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "legeuttalelse.pdf",
        "application/pdf",
        len(statement),
    )
    next_step(page)

    # 6. Plan og samtykke.
    expect(heading(page)).to_have_text("Plan og samtykke")
    scan("step plan-og-samtykke")
    choose(page, "Ønsker dere individuell plan for barnet?", "Ja")
    choose(page, "Ønsker dere en koordinator?", "Nei")
    choose(page, "Samtykker dere til at kommunen henter opplysninger fra andre?", "Ja")
    choose(page, "Fra hvem kan kommunen hente opplysninger?", "Skole eller barnehage")
    field(page, "Jeg bekrefter at opplysningene er riktige").check()
    next_step(page)

    # 7. Oppsummering.
    expect(heading(page)).to_have_text("Se over og send inn")
    expect(page.get_by_text("Noen steg mangler svar")).to_have_count(0)
    expect(page.get_by_role("region", name="Barnet")).to_contain_text("Testbarn")
    expect(page.get_by_role("region", name="Foresatte")).to_contain_text(GUARDIAN_EMAIL)
    expect(page.get_by_role("region", name="Tjenester")).to_contain_text("Avlastningshjem")
    expect(page.get_by_role("region", name="Vedlegg")).to_contain_text("legeuttalelse.pdf")
    scan("review")
    page.get_by_role("button", name="Send søknaden").click()

    # The receipt, and the e-mail with the personal link to the status page.
    expect(heading(page)).to_have_text("Søknaden er sendt")
    application = RespiteApplication.objects.get()
    reference = application.reference
    assert application.status == RespiteStatus.SUBMITTED
    assert (application.child_birth_date.isoformat(), application.guardian_phone.as_e164) == ("2016-08-15", "+4741234500")
    assert (application.services_wanted, application.consent_sources) == (["respite_home"], ["school"])
    expect(page.get_by_role("status")).to_contain_text(f"Bergen kommune har mottatt søknaden din. Saksnummeret er {reference}.")
    expect(page.get_by_text(GUARDIAN_EMAIL)).to_be_visible()
    scan("receipt")

    receipts = mails_to(GUARDIAN_EMAIL, reference)
    assert [m.subject for m in receipts] == [f"Kvittering: søknad om avlastning til Bergen ({reference})"]
    status_url = link_in(receipts[0], "/avlastning/status/")
    assert CHILD_NEEDS not in receipts[0].body  # no health data in e-mail

    page.goto(status_url)
    expect(heading(page)).to_have_text("Status for søknaden om avlastning")
    expect(page.get_by_text(reference)).to_be_visible()
    expect(page.locator(".status-badge")).to_have_text("Mottatt")
    expect(page.get_by_role("heading", name="Foreløpig svar")).to_have_count(0)
    expect(page.get_by_role("button", name="Send klagen")).to_have_count(0)
    scan("status, received")

    # --- The caseworker takes the case and sends an interim reply (desktop, in the admin) --------------------------

    admin = new_page()
    admin_login(admin, url, bergen_caseworker.email)
    admin.goto(f"{url}/admin/applications/respiteapplication/")
    admin.get_by_role("row").filter(has_text=reference).get_by_role("link", name="Åpne saken").click()
    expect(admin).to_have_url(url + reverse("caseworker:respite_case", args=[application.pk]))

    # The statement is there to download, exactly as uploaded.
    statement_link = admin.get_by_role("link", name="legeuttalelse.pdf")
    expect(statement_link).to_be_visible()
    with admin.expect_download() as download_info:
        statement_link.click()
    download = download_info.value
    assert download.suggested_filename == "legeuttalelse.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == statement

    admin.get_by_role("button", name="Ta saken til behandling").click()
    expect(admin.locator(".messagelist")).to_contain_text("Saken er tatt til behandling.")
    expect(admin.get_by_role("button", name="Ta saken til behandling")).to_have_count(0)

    expected_decision = timezone.localdate() + timedelta(days=21)
    interim_reason = "Vi venter på opplysninger fra skolen."
    # The next step is the draft vedtak (at the top); a foreløpig svar before the month has passed is folded below it.
    expect(admin.get_by_role("heading", name="Neste steg: Skriv utkast til vedtak")).to_be_visible()
    admin.locator("summary").filter(has_text="Foreløpig svar").click()
    admin.get_by_label("Grunn til at saken tar tid").fill(interim_reason)
    admin.get_by_label("Forventet dato for vedtak").fill(expected_decision.isoformat())
    admin.get_by_role("button", name="Send foreløpig svar").click()
    expect(admin.locator(".messagelist")).to_contain_text("Foreløpig svar er sendt til Mona Testforelder")
    admin.locator("summary").filter(has_text="Foreløpig svar").click()
    expect(admin.get_by_role("listitem").filter(has_text=interim_reason)).to_be_visible()
    application.refresh_from_db()
    assert application.status == RespiteStatus.IN_REVIEW
    assert application.assigned_to == bergen_caseworker

    notices = mails_to(GUARDIAN_EMAIL, f"Nytt brev i saken din ({reference})")
    assert len(notices) == 1
    assert link_in(notices[0], "/avlastning/status/") == status_url
    assert interim_reason not in notices[0].body

    # --- The parent reads the interim reply ----------------------------------------------------------------------

    page.goto(status_url)
    expect(page.locator(".status-badge")).to_have_text("Under behandling")
    interim = page.get_by_role("region", name="Foreløpig svar", exact=True)
    expect(interim).to_contain_text(interim_reason)
    expect(interim).to_contain_text(f"Du kan vente vedtak innen {nb_date(expected_decision)}.")
    # Sent the day the application came in: it says the case is expected to take longer, not that a month has passed.
    expect(interim).to_contain_text("Vi regner med at saken vil ta lengre tid enn vanlig.")
    expect(interim).not_to_contain_text("innen én måned")
    scan("status, after the interim reply")

    # --- The caseworker decides: partly granted --------------------------------------------------------------------

    period_from = timezone.localdate() + timedelta(days=14)
    admin.get_by_label("Utfall").select_option(label="Delvis innvilget")
    admin.get_by_label(re.compile(r"^Tjeneste:?$")).select_option(label="Avlastningshjem")
    admin.get_by_label("Omfang (antall)").fill("1")
    admin.get_by_label("Enhet").select_option(label="helger")
    admin.get_by_label("Fra dato").fill(period_from.isoformat())
    admin.get_by_label("Til dato").fill((period_from + timedelta(days=364)).isoformat())
    admin.get_by_label("Faktiske forhold kommunen legger til grunn").fill("Barnet sover lite, og foreldrene er våkne mange netter.")
    admin.get_by_label("Begrunnelse").fill(DECISION_REASONS)
    admin.get_by_label("Vurdering av barnets beste (Grunnloven § 104)").fill("Barnet trives med faste, korte opphold.")
    admin.get_by_label("Barnets egne synspunkter").fill("Barnet er hørt med tegn og bilder og gleder seg.")
    admin.get_by_label("Hvordan barnets synspunkter er vektlagt").fill("Barnets glede over korte opphold er lagt vekt på.")
    admin.get_by_label("Svar om individuell plan og koordinator").fill("Kommunen starter arbeidet med individuell plan.")
    admin.get_by_role("button", name="Lagre utkast og forhåndsvis").click()
    # The preview shows the letter as the parent will get it; nothing is sent until it is confirmed.
    expect(admin.get_by_text("UTKAST – ikke sendt")).to_be_visible()
    expect(admin.locator(".official-letter")).to_contain_text("1 helg per måned")
    assert not Message.objects.filter(kind="decision_ready").exists()
    admin.get_by_role("button", name="Fatt vedtaket").click()
    expect(admin.get_by_role("heading", name=re.compile(r"^Vedtak .*: Delvis innvilget$"))).to_be_visible()

    application.refresh_from_db()
    decision = application.decisions.get()
    assert application.status == RespiteStatus.DECIDED
    assert (decision.outcome, decision.scope_display, decision.decided_by) == (
        Outcome.PARTLY_GRANTED,
        "1 helg per måned",
        bergen_caseworker,
    )
    appeal_deadline = appeal_deadline_of(decision)
    assert timezone.localdate(decision.notified_at) == timezone.localdate()  # digital: the notice went out with it
    expect(admin.get_by_text(f"klagefrist {date_format(appeal_deadline, 'j. F Y')}")).to_be_visible()
    # No e-mail carries the vedtak: the parent reads it behind the personal link. (That the parent is told of this
    # second letter on the same day is test_parent_is_told_of_every_letter_even_two_on_one_day, below.)
    assert not [m.subject for m in mail.outbox if DECISION_REASONS in m.body or "Delvis innvilget" in m.body]

    # --- The parent reads the letter, in HTML and as PDF ---------------------------------------------------------

    page.goto(status_url)
    expect(page.locator(".status-badge")).to_have_text("Vedtak fattet")
    decided = page.get_by_role("region", name="Vedtak", exact=True)
    expect(decided).to_contain_text("Delvis innvilget")
    expect(decided).to_contain_text(f"Klagefrist: {nb_date(appeal_deadline)}.")
    expect(page.get_by_role("button", name="Send klagen")).to_be_visible()
    expect(page.get_by_role("link", name="Trekk søknaden")).to_have_count(0)
    scan("status, decided")

    pdf = page.request.get(url + decided.get_by_role("link", name="Last ned vedtaket (PDF)").get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert f'filename="vedtak-{reference}.pdf"' in pdf.headers["content-disposition"]
    letter_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    for expected in (reference, "delvis innvilget", "1 helg per måned", "Du kan klage"):
        assert expected in letter_text, expected

    decided.get_by_role("link", name="Les vedtaksbrevet").click()
    expect(heading(page)).to_have_text("Vedtak om avlastningshjem")
    letter = page.locator("article.decision-letter")
    expect(page.locator(".official-letter")).to_contain_text(f"Vår referanse: {reference}")
    expect(letter).to_contain_text("Gjelder: Lille Testbarn")
    expect(letter).to_contain_text(DECISION_REASONS)
    expect(letter).to_contain_text("Barnet er hørt med tegn og bilder og gleder seg.")
    expect(letter).to_contain_text(f"senest {nb_date(appeal_deadline)}")
    scan("decision letter")
    page.get_by_role("link", name="Tilbake til saken").click()

    # --- The parent appeals: first with nothing written, then with the reasons --------------------------------------

    expect(heading(page)).to_have_text("Status for søknaden om avlastning")
    page.get_by_role("button", name="Send klagen").click()
    summary = page.get_by_role("region", name="Klage", exact=True).locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv hva du klager på og hvorfor.")
    scan("status, appeal with errors")
    assert Appeal.objects.count() == 0
    summary.get_by_role("link", name=re.compile("Hva klager du på")).click()
    appeal_text = field(page, "Hva klager du på, og hvorfor?")
    expect(appeal_text).to_be_focused()

    appeal_text.fill("Vi trenger to helger i måneden, slik vi søkte om. Én helg gir oss ikke nok hvile.")
    new_statement = a_real_pdf()
    field(page, "Vedlegg (valgfritt)").set_input_files(
        [{"name": "ny-legeuttalelse.pdf", "mimeType": "application/pdf", "buffer": new_statement}]
    )
    page.get_by_role("button", name="Send klagen").click()
    expect(page.get_by_role("status").filter(has_text="Klagen er mottatt. Kommunen vurderer saken på nytt.")).to_be_visible()
    appeal_region = page.get_by_role("region", name="Klage", exact=True)
    expect(appeal_region.get_by_role("heading", name=f"Klage mottatt {nb_date(timezone.localdate())}")).to_be_visible()
    expect(appeal_region).to_contain_text("Klagen er mottatt og behandles av Forvaltningsenhet for helse og omsorg, Bergen kommune.")
    expect(appeal_region).to_contain_text("Én helg gir oss ikke nok hvile.")
    expect(appeal_region.get_by_role("link", name="ny-legeuttalelse.pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Send klagen")).to_have_count(0)
    scan("status, appeal lodged")

    appeal = Appeal.objects.get()
    assert (appeal.decision, appeal.status) == (decision, AppealStatus.LODGED)
    assert appeal.text.startswith("Vi trenger to helger i måneden")
    assert appeal.attachment_name == "ny-legeuttalelse.pdf"

    # The caseworker finds the appeal on the case page.
    admin.reload()
    expect(admin.get_by_role("heading", name=re.compile(r"^Klage .* – Mottatt$"))).to_be_visible()
    expect(admin.get_by_text("Én helg gir oss ikke nok hvile.")).to_be_visible()
    with admin.expect_download() as download_info:
        admin.get_by_role("link", name="ny-legeuttalelse.pdf").click()
    with open(download_info.value.path(), "rb") as downloaded:
        assert downloaded.read() == new_statement

    assert not scan.found, scan.report()


def test_parent_is_told_of_every_letter_even_two_on_one_day(bergen, bergen_caseworker):
    """Each letter on the status page (interim reply, vedtak) gets its own e-mail notice, also on the same day."""
    application = RespiteApplicationFactory(municipality=bergen)
    submit_services.application_submit(application=application, incomplete_steps=[])
    mail.outbox.clear()

    respite_services.interim_reply_send(
        application=application,
        reason="Vi venter på opplysninger fra skolen.",
        expected_decision_date=timezone.localdate() + timedelta(days=21),
        by=bergen_caseworker,
    )
    respite_services.decision_make(**DECISION_TEXT,
        application=application,
        by=bergen_caseworker,
        outcome=Outcome.REJECTED,
        reasons="Behovet er dekket av BPA.",
        best_interests="Barnet har det godt hjemme.",
        child_views="Barnet er hørt og vil helst være hjemme.",
    )

    notices = [m for m in mail.outbox if m.to == [application.guardian_email] and "/avlastning/status/" in m.body]
    assert len(notices) == 2, [m.subject for m in mail.outbox]


def test_parent_appeals_on_the_first_working_day_after_a_holiday_moved_deadline(bergen, bergen_caseworker, live_server, new_page):
    """A vedtak made and sent digitally on Saturday 28 November 2026 has reached the parent that day: four weeks end on
    Saturday 26 December (2. juledag), so the deadline moves to Monday 28 December, and an appeal that day is on time."""
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=tz), tick=False):
        application = RespiteApplicationFactory(municipality=bergen)
        submit_services.application_submit(application=application, incomplete_steps=[])
    with time_machine.travel(datetime(2026, 11, 28, 10, tzinfo=tz), tick=False):
        decision = respite_services.decision_make(**DECISION_TEXT,
            application=application, by=bergen_caseworker, outcome=Outcome.REJECTED, reasons="Behovet er dekket av BPA.",
            best_interests="Barnet har det godt hjemme.", child_views="Barnet er hørt og vil helst være hjemme.",
        )
    assert appeal_deadline_of(decision) == date(2026, 12, 28)
    token = case_token(application, purpose=STATUS)
    page = new_page(mobile=True)

    with time_machine.travel(datetime(2026, 12, 28, 9, tzinfo=tz)):
        page.goto(live_server.url + reverse("applications:respite_status", args=[token]))
        decided = page.get_by_role("region", name="Vedtak", exact=True)
        expect(decided).to_contain_text("Klagefrist: 28. desember 2026.")
        decided.get_by_role("link", name="Les vedtaksbrevet").click()
        expect(page.locator("article.decision-letter")).to_contain_text("senest 28. desember 2026")
        page.get_by_role("link", name="Tilbake til saken").click()
        expect(page.get_by_text("Klagefristen gikk ut")).to_have_count(0)
        field(page, "Hva klager du på, og hvorfor?").fill("Vi trenger avlastning; behovet er større enn BPA dekker.")
        page.get_by_role("button", name="Send klagen").click()
        expect(page.get_by_role("status").filter(has_text="Klagen er mottatt. Kommunen vurderer saken på nytt.")).to_be_visible()
        expect(page.get_by_role("region", name="Klage", exact=True).get_by_role("heading", name="Klage mottatt 28. desember 2026")).to_be_visible()

    appeal = Appeal.objects.get()
    assert (appeal.decision, appeal.late) == (decision, False)
    decision.refresh_from_db()
    assert timezone.localdate(decision.read_at) == date(2026, 12, 28)  # logged, and the deadline did not move
    assert appeal_deadline_of(decision) == date(2026, 12, 28)
