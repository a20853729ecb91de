"""Letters on a case are sent and signed by the unit that handles the case's legal track (the forvaltningsenhet for a
parent's application, the barneverntjeneste for a barnevern case), not by the kommune's general contact unit."""

import re
import uuid

from django.utils import timezone

from applications.decisions.letters import decision_letter_context, decision_letter_pdf, interim_reply_pdf
from applications.models import InterimReply
from besokshjem.tenancy.models import Unit

from ..factories import DecisionFactory, RespiteApplicationFactory
from ..pdf_checks import pdf_text


def _decision(bergen):
    bergen.contact_unit = "Etat for barn og familie"
    bergen.save(update_fields=["contact_unit"])
    application = RespiteApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference="BGO-2026-00001")
    return DecisionFactory(application=application, need=False, reasons=f"Begrunnelse {uuid.uuid4()}.")  # the PDF cache may outlive a run


def test_a_parents_vedtak_is_sent_and_signed_by_the_unit_for_helse_og_omsorg(db, bergen):
    decision = _decision(bergen)
    assert decision.track == "health_care"
    text = re.sub(r"\s+", " ", pdf_text(decision_letter_pdf(decision=decision)))
    assert text.count("Forvaltningsenhet for helse og omsorg") == 2  # the sender at the top, the signature
    assert "Etat for barn og familie" not in text


def test_a_renamed_unit_is_named_and_without_one_the_contact_unit(db, bergen):
    decision = _decision(bergen)
    Unit.objects.filter(municipality=bergen, legal_track="health_care").update(name="Tildelingskontoret")
    assert decision_letter_context(decision)["letter"].sender_unit == "Tildelingskontoret"
    Unit.objects.filter(municipality=bergen, legal_track="health_care").delete()
    assert decision_letter_context(decision)["letter"].sender_unit == "Etat for barn og familie"


def test_a_foreløpig_svar_is_sent_by_the_same_unit(db, bergen, bergen_caseworker):
    decision = _decision(bergen)
    reply = InterimReply.objects.create(application=decision.application, reason="Vi venter på en uttalelse.", sent_by=bergen_caseworker,
                                        expected_decision_date=timezone.localdate())
    text = re.sub(r"\s+", " ", pdf_text(interim_reply_pdf(reply=reply)))
    assert "Forvaltningsenhet for helse og omsorg" in text and "Etat for barn og familie" not in text
