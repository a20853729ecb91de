"""A letter is rendered by WeasyPrint once per content: opened again it comes from the cache; changed, it is rendered
anew (the cache key is the hash of the letter's HTML, so a changed letter is never served stale)."""

import uuid
from unittest import mock

from django.utils import timezone

from applications.decisions.letters import decision_letter_pdf
from besokshjem.core import pdf

from ..factories import DecisionFactory, RespiteApplicationFactory


def test_the_same_letter_is_rendered_once_and_a_changed_one_again(db, bergen):
    application = RespiteApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference="BGO-2026-00001")
    decision = DecisionFactory(application=application, need=False, reasons=f"Første begrunnelse {uuid.uuid4()}.")  # unique: the cache may outlive a run
    with mock.patch.object(pdf, "HTML", wraps=pdf.HTML) as weasyprint:
        first = decision_letter_pdf(decision=decision)
        again = decision_letter_pdf(decision=decision)
        decision.reasons = f"En annen begrunnelse {uuid.uuid4()}."
        changed = decision_letter_pdf(decision=decision)
    assert first == again and first.startswith(b"%PDF")
    assert changed != first and weasyprint.call_count == 2


def test_a_draft_is_rendered_each_time_and_not_kept(db, bergen):
    application = RespiteApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference="BGO-2026-00002")
    decision = DecisionFactory(application=application, need=False, status="draft", decided_at=None, decided_by=None,
                               reasons=f"Utkast {uuid.uuid4()}.")
    with mock.patch.object(pdf, "HTML", wraps=pdf.HTML) as weasyprint:
        decision_letter_pdf(decision=decision)
        decision_letter_pdf(decision=decision)
    assert weasyprint.call_count == 2
