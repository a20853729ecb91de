"""The appeal deadline runs from the day the vedtak reached the parent (pbrl § 7-5, fvl § 29), not from the day it was
made: digitally, the day it is on the status page and the e-mail saying a vedtak has been made is written; on paper,
the day the caseworker records. When the parent first opens the letter is logged, and never moves the deadline.
Every deadline is shown as a date: on the status page, in the letter and on the case page."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.decisions import services as decisions
from applications.models import DecisionAction, DecisionDelivery, RespiteAction
from applications.respite import services as respite_services
from applications.respite.selectors import appeal_deadline_of
from besokshjem.audit.models import AuditEntry
from besokshjem.core.tokens import STATUS, case_token
from besokshjem.outbox.models import Message

from ..factories import RespiteApplicationFactory
from ..respite_helpers import DECISION_TEXT, at, nb_date, submit

REJECTION = {
    "outcome": "rejected", "reasons": "Omsorgsbehovet dekkes av skolefritidsordningen.",
    "best_interests": "Barnet trives hjemme.", "child_views": "Barnet vil helst være hjemme.",
}


@pytest.fixture
def case(bergen):
    with at(date(2026, 11, 2)):
        return submit(RespiteApplicationFactory(municipality=bergen))


def status_url(application) -> str:
    return reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])


def letter_url(application, decision) -> str:
    return reverse("applications:respite_letter", args=[case_token(application, purpose=STATUS), decision.pk])


NOTIFICATIONS = [
    # (made on, delivery, the day the paper letter arrived, last day to appeal)
    pytest.param(date(2026, 11, 25), DecisionDelivery.DIGITAL, None, date(2026, 12, 23), id="notice the day it was made"),
    pytest.param(date(2026, 11, 28), DecisionDelivery.DIGITAL, None, date(2026, 12, 28),
                 id="notice the day it was made, a Saturday: four weeks end on 2. juledag"),
    pytest.param(date(2026, 11, 25), DecisionDelivery.PAPER, date(2026, 11, 28), date(2026, 12, 28),
                 id="paper letter arrived three days later"),
    pytest.param(date(2026, 11, 25), DecisionDelivery.PAPER, date(2026, 11, 27), date(2026, 12, 28),
                 id="paper letter arrived two days later: four weeks end on 1. juledag"),
]


@pytest.mark.parametrize(("made_on", "delivery", "arrived", "deadline"), NOTIFICATIONS)
def test_the_appeal_deadline_runs_from_the_day_the_vedtak_reached_the_parent(
    client, case, bergen_caseworker, made_on, delivery, arrived, deadline
):
    with at(made_on):
        decision = respite_services.decision_make(**DECISION_TEXT, application=case, by=bergen_caseworker, delivery=delivery, **REJECTION)
    if arrived:
        assert decision.notified_at is None and appeal_deadline_of(decision) is None
        with at(arrived + timedelta(days=2)):
            decision = decisions.decision_record_paper_delivery(decision=decision, delivered_on=arrived, by=bergen_caseworker)
    assert timezone.localdate(decision.notified_at) == (arrived or made_on)
    assert appeal_deadline_of(decision) == deadline

    with at(deadline):
        assert f"Klagefrist: {nb_date(deadline)}." in client.get(status_url(case)).content.decode()
        assert f"senest {nb_date(deadline)}" in client.get(letter_url(case, decision)).content.decode()
        on_the_last_day = respite_services.appeal_lodge(decision=decision, text="Vi klager på siste dag.")
    assert on_the_last_day.late is False


def test_a_digital_vedtak_reaches_the_parent_with_a_notice_that_says_a_vedtak_was_made(case, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with at(date(2026, 11, 28)), on_commit():
        decision = respite_services.decision_make(**DECISION_TEXT, application=case, by=bergen_caseworker, **REJECTION)

    assert decision.delivery == DecisionDelivery.DIGITAL and decision.notified_at == decision.decided_at
    [message] = Message.objects.filter(kind="decision_ready")
    assert message.target == decision
    [notice] = mail.outbox
    assert notice.subject == f"Vedtak i saken din ({case.reference})"
    assert "Bergen har fattet et vedtak i saken din" in notice.body
    assert "Fristen for å klage er 28. desember 2026." in notice.body
    assert "skolefritidsordningen" not in notice.body and "/avlastning/status/" in notice.body


def test_a_paper_vedtak_has_no_deadline_until_the_caseworker_records_when_it_arrived(client, case, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with at(date(2026, 11, 25)), on_commit():
        decision = respite_services.decision_make(**DECISION_TEXT, application=case, by=bergen_caseworker, delivery=DecisionDelivery.PAPER, **REJECTION)
    assert not Message.objects.filter(kind="decision_ready").exists() and mail.outbox == []
    with at(date(2026, 11, 26)):
        html = client.get(status_url(case)).content.decode()
        letter = client.get(letter_url(case, decision)).content.decode()
    assert "Vedtaket er sendt til deg i posten. Du kan klage innen 4 uker fra den dagen brevet kommer fram." in html
    assert "Klagefristen er 4 uker fra den dagen du fikk dette brevet." in letter

    with at(date(2026, 11, 30)):
        for wrong, field in ((date(2026, 11, 24), "delivered_on"), (date(2026, 12, 1), "delivered_on")):
            with pytest.raises(ValidationError) as exc:
                decisions.decision_record_paper_delivery(decision=decision, delivered_on=wrong, by=bergen_caseworker)
            assert field in exc.value.message_dict
        client.force_login(bergen_caseworker)
        response = client.post(reverse("caseworker:respite_case", args=[case.pk]),
                               {"action": "paper_delivery", "decision": decision.pk, "delivered_on": "2026-11-28"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert timezone.localdate(decision.notified_at) == date(2026, 11, 28)
    assert appeal_deadline_of(decision) == date(2026, 12, 28)
    assert AuditEntry.objects.filter(action=DecisionAction.DECISION_PAPER_DELIVERY_RECORDED, note="2026-11-28").count() == 1
    with at(date(2026, 11, 30)):
        page = client.get(reverse("caseworker:respite_case", args=[case.pk])).content.decode()
    assert "kom fram til søkeren 28. november 2026" in page and "klagefrist <strong>28. desember 2026</strong>" in page


def test_a_digital_vedtak_has_no_paper_delivery_to_record(case, bergen_caseworker):
    with at(date(2026, 11, 25)):
        decision = respite_services.decision_make(**DECISION_TEXT, application=case, by=bergen_caseworker, **REJECTION)
        with pytest.raises(ValidationError, match="sendt digitalt"):
            decisions.decision_record_paper_delivery(decision=decision, delivered_on=date(2026, 11, 25), by=bergen_caseworker)


def test_another_kommune_cannot_record_when_a_letter_arrived(client, case, bergen_caseworker, lillestrom_caseworker):
    with at(date(2026, 11, 25)):
        decision = respite_services.decision_make(**DECISION_TEXT, application=case, by=bergen_caseworker, delivery=DecisionDelivery.PAPER, **REJECTION)
    client.force_login(lillestrom_caseworker)
    response = client.post(reverse("caseworker:respite_case", args=[case.pk]),
                           {"action": "paper_delivery", "decision": decision.pk, "delivered_on": "2026-11-28"})
    assert response.status_code == 404
    decision.refresh_from_db()
    assert decision.notified_at is None


def test_when_the_parent_first_opens_the_letter_is_logged_once_and_never_moves_the_deadline(client, case, bergen_caseworker):
    with at(date(2026, 11, 25)):
        decision = respite_services.decision_make(**DECISION_TEXT, application=case, by=bergen_caseworker, **REJECTION)
    with at(date(2026, 11, 26)):
        client.force_login(bergen_caseworker)  # the caseworker's own copy of the PDF is not the parent reading it
        client.get(reverse("caseworker:respite_letter_pdf", args=[case.pk, decision.pk]))
        client.logout()
        decision.refresh_from_db()
        assert decision.read_at is None
    with at(date(2026, 12, 10)):
        client.get(letter_url(case, decision))
    with at(date(2026, 12, 12)):
        client.get(reverse("applications:respite_letter_pdf", args=[case_token(case, purpose=STATUS), decision.pk]))
    decision.refresh_from_db()
    assert timezone.localdate(decision.read_at) == date(2026, 12, 10)
    assert appeal_deadline_of(decision) == date(2026, 12, 23)
    assert AuditEntry.objects.filter(action=RespiteAction.DECISION_READ).count() == 1
