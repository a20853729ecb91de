"""The notice that a letter is on the parent's status page (foreløpig svar, vedtak, answer to an appeal): one outbox
row per letter, written in the letter's transaction, sent once, with a link and none of the letter's content."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.decisions import appeals
from applications.respite import services as respite_services
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.reminders import services as reminders

from ..factories import AppealFactory, DecisionFactory
from ..mail_helpers import kinds_sent, message_of
from ..respite_helpers import DECISION_TEXT


def send_interim_reply(application, caseworker):
    return respite_services.interim_reply_send(application=application, reason="Vi venter på uttalelse fra skolen",
                                               expected_decision_date=timezone.localdate() + timedelta(days=20), by=caseworker)


def make_decision(application, caseworker):
    return respite_services.decision_make(**DECISION_TEXT, application=application, by=caseworker, outcome="rejected",
                                          reasons="Omsorgsbehovet er dekket av skolefritidsordningen",
                                          best_interests="Barnet trives hjemme", child_views="Barnet vil være hjemme")


def answer_appeal(application, caseworker):
    appeal = AppealFactory(decision=DecisionFactory(application=application, decided_by=caseworker, rejected=True))
    return appeals.appeal_handle(appeal=appeal, by=caseworker, reverse=False, note="Kommunen opprettholder vedtaket")


def dismiss_late_appeal(application, caseworker):
    appeal = AppealFactory(decision=DecisionFactory(application=application, decided_by=caseworker, rejected=True), late=True)
    return appeals.appeal_consider_late(appeal=appeal, by=caseworker, consider=False, reasons="Ingen grunn til forsinkelsen oppgitt")


LETTERS = {
    "interim_reply_ready": (send_interim_reply, "skolen"),
    "decision_ready": (make_decision, "skolefritidsordningen"),
    "appeal_answered": (answer_appeal, "opprettholder"),
    "appeal_dismissed": (dismiss_late_appeal, "forsinkelsen"),
}


@pytest.mark.parametrize("kind", LETTERS)
def test_a_letter_writes_one_notice_that_is_sent_once_without_its_content(received, bergen_caseworker, on_commit, kind):
    write_letter, private_words = LETTERS[kind]
    mail.outbox.clear()

    with on_commit():
        letter = write_letter(received, bergen_caseworker)

    [message] = Message.objects.filter(kind=kind)
    assert message.target == letter
    assert (message.recipient, message.language, message.municipality) == (received.guardian_email, "nb", received.municipality)
    assert message.dedupe_key == f"{kind}:{letter.pk}:{received.guardian_email}"
    assert message.status == MessageStatus.SENT and message.attempts == 1
    [email] = mail.outbox
    assert message_of(email) == message and email.extra_headers["Message-ID"] == message.message_id
    assert email.to == [received.guardian_email] and received.reference in email.subject
    assert "/avlastning/status/" in email.body
    html, _mimetype = email.alternatives[0]
    for text in (email.subject, email.body, html):
        assert private_words not in text

    mail.outbox.clear()
    reminders.sweep(send_inline=True)
    assert mail.outbox == []
    assert Message.objects.filter(kind=kind).count() == 1


def test_a_notice_whose_hand_over_never_ran_is_sent_by_the_next_sweep(received, bergen_caseworker):
    mail.outbox.clear()
    letter = send_interim_reply(received, bergen_caseworker)  # no commit: the row is written, never handed to a worker

    message = Message.objects.get(kind="interim_reply_ready", object_id=letter.pk)
    assert message.status == MessageStatus.PENDING and message.queued_at is None
    assert mail.outbox == []
    reminders.sweep(send_inline=True)
    assert kinds_sent() == ["interim_reply_ready"]
    reminders.sweep(send_inline=True)
    assert kinds_sent() == ["interim_reply_ready"]


def test_every_letter_on_the_same_day_gets_its_own_notice(received, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with on_commit():
        first = send_interim_reply(received, bergen_caseworker)
        second = send_interim_reply(received, bergen_caseworker)
        decision = make_decision(received, bergen_caseworker)
        appeal = respite_services.appeal_lodge(decision=decision, text="Vi klager")
        appeals.appeal_handle(appeal=appeal, by=bergen_caseworker, reverse=False, note="Opprettholdes")

    assert sorted(kinds_sent()) == ["appeal_answered", "decision_ready", "interim_reply_ready", "interim_reply_ready"]
    assert {message_of(email).object_id for email in mail.outbox} == {first.pk, second.pk, decision.pk, appeal.pk}


def test_a_refused_letter_writes_no_notice(received, bergen_caseworker, on_commit):
    mail.outbox.clear()
    with on_commit(), pytest.raises(ValidationError):
        respite_services.interim_reply_send(application=received, reason=" ", expected_decision_date=None, by=bergen_caseworker)
    with on_commit(), pytest.raises(ValidationError):
        respite_services.decision_make(**DECISION_TEXT, application=received, by=bergen_caseworker, outcome="rejected", reasons="",
                                       best_interests="Barnet trives hjemme", child_views="Barnet vil være hjemme")

    assert not Message.objects.filter(kind__in=LETTERS).exists()
    assert mail.outbox == []
