"""A made vedtak's letter is rendered once and kept; a draft's is rendered each time."""

from unittest import mock

from django.utils import timezone

from applications.decisions import letters
from applications.decisions.letters import decision_letter_pdf

from ..factories import DecisionFactory, RespiteApplicationFactory


def test_a_made_vedtak_is_rendered_once(db, bergen):
    application = RespiteApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference="BGO-2026-00001")
    decision = DecisionFactory(application=application, need=False)
    assert decision.status == "confirmed"
    with mock.patch.object(letters, "letter_pdf", wraps=letters.letter_pdf) as rendered:
        first = decision_letter_pdf(decision=decision)
        again = decision_letter_pdf(decision=decision)
    assert first == again and first.startswith(b"%PDF") and rendered.call_count == 1


def test_a_draft_is_rendered_each_time(db, bergen):
    application = RespiteApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference="BGO-2026-00002")
    decision = DecisionFactory(application=application, need=False, status="draft", decided_at=None, decided_by=None)
    with mock.patch.object(letters, "letter_pdf", wraps=letters.letter_pdf) as rendered:
        decision_letter_pdf(decision=decision)
        decision_letter_pdf(decision=decision)
    assert rendered.call_count == 2
