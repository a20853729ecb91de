"""The parent's appeal (klage): lodged on the status page (after the deadline too, marked late), then reversed by the
kommune or forwarded to Statsforvalteren."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.decisions import appeals
from applications.models import AppealStatus, RespiteStatus
from applications.respite import services as respite_services
from applications.respite.selectors import appeal_deadline_of
from besokshjem.core.tokens import STATUS, case_token

from ..factories import AppealFactory, DecisionFactory, make_caseworker
from ..pdf_checks import pdf_text, pdfa_problems


def at_noon(day):
    return time_machine.travel(datetime.combine(day, datetime.min.time()).replace(hour=12, tzinfo=timezone.get_current_timezone()))


def test_parent_appeals_within_the_deadline_and_the_kommune_forwards_it(client, received, bergen_caseworker):
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    token = case_token(received, purpose=STATUS)
    response = client.post(reverse("applications:respite_appeal", args=[token]), {"text": "Vi trenger mer hjelp om natten."})
    assert response.status_code == 302
    appeal = decision.appeals.get()
    assert appeal.status == AppealStatus.LODGED and appeal.text == "Vi trenger mer hjelp om natten."
    with pytest.raises(ValidationError):
        appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="")
    appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Vedtaket opprettholdes.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED and appeal.handled_by == bergen_caseworker
    received.refresh_from_db()
    assert received.status == RespiteStatus.DECIDED


def test_reversing_an_appeal_reopens_the_case(received, bergen_caseworker):
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    appeal = AppealFactory(decision=decision)
    appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=True, note="Ny vurdering gir innvilgelse.")
    received.refresh_from_db()
    decision.refresh_from_db()
    appeal.refresh_from_db()
    assert received.status == RespiteStatus.IN_REVIEW and received.closed_at is None
    assert decision.reversed_at is not None and appeal.status == AppealStatus.REVERSED


def test_appeal_after_four_weeks_is_received_but_marked_late(received, bergen_caseworker):
    with at_noon(date(2026, 11, 25)):  # a Wednesday; four weeks on is Wednesday 23 December
        decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    deadline = appeal_deadline_of(decision)
    assert deadline == date(2026, 12, 23)
    with at_noon(deadline):
        on_the_last_day = respite_services.appeal_lodge(decision=decision, text="Siste dag")
    assert (on_the_last_day.status, on_the_last_day.late) == (AppealStatus.LODGED, False)
    on_the_last_day.delete()
    with at_noon(deadline + timedelta(days=1)):
        too_late = respite_services.appeal_lodge(decision=decision, text="For sent")
    assert (too_late.status, too_late.late, too_late.late_considered) == (AppealStatus.LODGED, True, None)


def test_the_answer_to_an_appeal_and_the_forwarding_letter_are_official_letters(client, received, bergen, bergen_caseworker):
    bergen.appeal_authority = "Statsforvalteren i Vestland"
    bergen.save(update_fields=["appeal_authority"])
    received.municipality.refresh_from_db()
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    appeal = AppealFactory(decision=decision)
    appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Behovet er fortsatt dekket av BPA.")

    token = case_token(received, purpose=STATUS)
    answer_url = reverse("applications:respite_appeal_answer_pdf", args=[token, appeal.pk])
    assert answer_url in client.get(reverse("applications:respite_status", args=[token])).content.decode()
    answer = client.get(answer_url).content
    text = " ".join(pdf_text(answer).split())
    assert "Svar på klagen din" in text and "Behovet er fortsatt dekket av BPA." in text
    assert "Statsforvalteren i Vestland" in text and received.guardian_name in text and received.reference in text

    client.force_login(bergen_caseworker)
    forwarding = client.get(reverse("caseworker:respite_forwarding_pdf", args=[received.pk, appeal.pk])).content
    text = " ".join(pdf_text(forwarding).split())
    assert text.count("Statsforvalteren i Vestland") >= 1 and "Oversendelse av klage" in text
    assert "Kopi til: " + received.guardian_name in text and "opprettholder vedtaket" in text
    for pdf in (answer, forwarding):
        assert pdfa_problems(pdf) == []


def test_only_a_caseworker_with_authority_answers_an_appeal(received, bergen, bergen_caseworker):
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    appeal = AppealFactory(decision=decision)
    trainee = make_caseworker(bergen, email="ny@bergen.example.no", may_decide=False)
    with pytest.raises(ValidationError) as refused:
        appeals.appeal_handle(appeal=appeal, by=trainee, reverse=True, note="Omgjøres.")
    assert refused.value.code == "no_authority"
