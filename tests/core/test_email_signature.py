"""Every e-mail to the public is signed the same way, by one helper (besokshjem.core.emails.email_signature and
templates/emails/_signature.*): the unit that handles the case and the kommune — for a parent's case the kommune's
unit for helse og omsorg as it has named it, for a volunteer the kommune's contact unit."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.utils import timezone

from applications.respite import services as respite_services
from besokshjem.core.emails import render_email
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Unit

from ..factories import RespiteApplicationFactory
from ..respite_helpers import submit


def _only_mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_a_parents_receipt_is_signed_by_the_kommunes_unit_for_helse_og_omsorg(lillestrom, on_commit):
    Unit.objects.filter(municipality=lillestrom, legal_track=LegalTrack.HEALTH_CARE).update(name="Helse og omsorg")
    lillestrom.contact_unit = "Barneverntjenesten"
    lillestrom.save(update_fields=["contact_unit"])
    with on_commit():
        application = submit(RespiteApplicationFactory(municipality=lillestrom))
    receipt = _only_mail_to(application.guardian_email)
    assert receipt.body.rstrip().endswith("Hilsen\nHelse og omsorg, Lillestrøm kommune")
    assert "Barneverntjenesten" not in receipt.body
    html = receipt.alternatives[0][0]
    assert "<p>Hilsen<br>Helse og omsorg, Lillestrøm kommune</p>" in html


def test_a_letter_notice_to_the_parent_is_signed_too(bergen, bergen_caseworker, on_commit):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    mail.outbox.clear()
    with on_commit():
        respite_services.interim_reply_send(application=application, reason="Vi venter på uttalelse fra skolen.",
                                            expected_decision_date=timezone.localdate() + timedelta(days=20), by=bergen_caseworker)
    notice = _only_mail_to(application.guardian_email)
    assert notice.body.rstrip().endswith("Hilsen\nForvaltningsenhet for helse og omsorg, Bergen kommune")


def test_a_volunteers_receipt_is_signed_by_the_contact_unit_and_the_kommune(bergen, submitted):
    receipt = _only_mail_to(submitted.email)
    assert receipt.body.rstrip().endswith("Hilsen\nBergen kommune")  # Bergen has named no contact unit


def test_the_signature_names_the_contact_unit_when_the_case_has_no_legal_track(bergen):
    bergen.contact_unit = "Etat for barn og familie"
    bergen.save(update_fields=["contact_unit"])
    _subject, text, html = render_email(template="volunteer_decision", context={"municipality": bergen, "application": None,
                                                                                "status_url": "http://testserver/x"}, language="nb")
    assert "Hilsen\nEtat for barn og familie, Bergen kommune" in text
    assert "<p>Hilsen<br>Etat for barn og familie, Bergen kommune</p>" in html


def test_no_email_template_signs_by_itself():
    """A signature written into a template instead of the helper is how «Barneverntjenesten» ended up under parents'
    e-mails."""
    root = Path(settings.BASE_DIR) / "templates" / "emails"
    signing_by_itself = [
        str(path.relative_to(root)) for path in root.rglob("body.*")
        if "Hilsen" in path.read_text(encoding="utf-8") or "contact_unit" in path.read_text(encoding="utf-8")
    ]
    assert signing_by_itself == []
