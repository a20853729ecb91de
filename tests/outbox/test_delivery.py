"""Sending a batch through a real SMTP server (aiosmtpd): one connection, backoff, bad rows that block nothing."""

import logging
import smtplib
import ssl
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from besokshjem.outbox import services, tasks
from besokshjem.outbox.delivery import backoff_seconds, is_temporary
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.outbox.registry import Kind, register, unregister

from .kinds import ACTIVE_ONLY, BROKEN, context


@pytest.fixture
def not_queued(monkeypatch):
    """Rows are written but their tasks are not run: the test sends the batch itself."""
    monkeypatch.setattr(tasks.send_batch, "apply_async", lambda *args, **kwargs: None)


@pytest.fixture
def towns(bergen, lillestrom, sarpsborg):
    return [bergen, lillestrom, sarpsborg]


def statuses(messages) -> list[str]:
    return [Message.objects.get(pk=m.pk).status for m in messages]


def test_a_batch_of_five_goes_over_one_smtp_connection(bergen, write, not_queued, smtp_backend, mailbox):
    smtp_backend.start()
    messages = [write(bergen, recipient=f"person{i}@example.no") for i in range(5)]

    result = services.send_batch(ids=[m.pk for m in messages])

    assert result["sent"] == 5 and mailbox.connections == 1
    assert sorted(mailbox.message_ids()) == sorted(m.message_id for m in messages)
    assert statuses(messages) == [MessageStatus.SENT] * 5


def test_a_temporary_refusal_is_retried_after_backoff_and_delivered_once(bergen, write, not_queued, smtp_backend, mailbox, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    mailbox.reject, mailbox.reject_count = "451 Try again later", 1
    smtp_backend.start()
    message = write(bergen)

    before = timezone.now()
    result = services.send_batch(ids=[message.pk])

    message.refresh_from_db()
    assert result["retry"] == 1 and result["retry_ids"] == [message.pk] and result["retry_in"] == 60
    assert message.status == MessageStatus.PENDING and message.attempts == 1 and message.claimed_until is None
    assert message.send_after >= before + timedelta(seconds=60) and "451" in message.last_error
    assert mailbox.messages == [] and mailbox.refused == 1

    assert services.send_batch(ids=[message.pk])["sent"] == 0  # not before its time
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now() - timedelta(seconds=1))  # the time has passed
    assert services.send_batch(ids=[message.pk])["sent"] == 1
    assert services.send_batch(ids=[message.pk])["sent"] == 0

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2 and message.last_error == ""
    assert mailbox.message_ids() == [message.message_id]


def test_a_permanent_refusal_fails_the_row_and_the_next_is_sent_on_the_same_connection(bergen, write, not_queued, smtp_backend,
                                                                                       mailbox):
    mailbox.reject, mailbox.reject_count = "550 No such user", 1
    smtp_backend.start()
    refused, accepted = write(bergen, recipient="nobody@example.no"), write(bergen, recipient="kari@example.no")

    result = services.send_batch(ids=[refused.pk, accepted.pk])

    assert (result["failed"], result["sent"], result["retry"]) == (1, 1, 0)
    refused.refresh_from_db()
    assert refused.status == MessageStatus.FAILED and refused.last_error == "550 No such user"
    assert mailbox.message_ids() == [accepted.message_id] and mailbox.connections == 1


def test_backoff_doubles_per_attempt_up_to_an_hour(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    assert [backoff_seconds(n) for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


@pytest.mark.parametrize(("error", "temporary"), [
    (smtplib.SMTPRecipientsRefused({"a@example.no": (450, b"Mailbox busy")}), True),
    (smtplib.SMTPRecipientsRefused({"a@example.no": (450, b"busy"), "b@example.no": (550, b"unknown")}), False),
    (smtplib.SMTPDataError(421, b"Closing"), True),
    (smtplib.SMTPSenderRefused(553, b"Not allowed", "x@example.no"), False),
    (smtplib.SMTPServerDisconnected("gone"), True),
    (smtplib.SMTPConnectError(554, b"No service"), True),
    (ConnectionRefusedError(), True),
    (TimeoutError(), True),
    (ssl.SSLCertVerificationError("certificate verify failed"), False),
    (OSError("no route"), False),
])
def test_errors_are_classified_temporary_or_permanent(error, temporary):
    assert is_temporary(error) is temporary


def test_no_connection_releases_the_whole_batch_as_temporary(bergen, write, not_queued, smtp_backend, mailbox):
    # The server is not started: connection refused.
    messages = [write(bergen) for _ in range(3)]

    result = services.send_batch(ids=[m.pk for m in messages])

    assert result["retry"] == 3 and result["sent"] == result["failed"] == 0
    for message in Message.objects.filter(pk__in=[m.pk for m in messages]):
        assert message.status == MessageStatus.PENDING and message.send_after > timezone.now()
        assert "ConnectionRefusedError" in message.last_error and message.attempts == 1


def test_a_render_error_fails_its_row_and_the_others_are_sent(bergen, write, not_queued, smtp_backend, mailbox):
    smtp_backend.start()
    good = [write(bergen, recipient=f"p{i}@example.no") for i in range(3)]
    broken = write(bergen, kind=BROKEN.name)

    result = services.send_batch(ids=[good[0].pk, broken.pk, good[1].pk, good[2].pk])

    assert result["sent"] == 3 and result["failed"] == 1
    broken.refresh_from_db()
    assert broken.status == MessageStatus.FAILED and "TemplateDoesNotExist" in broken.last_error
    assert sorted(mailbox.message_ids()) == sorted(m.message_id for m in good)


def test_a_target_no_longer_due_is_obsolete_and_not_sent(towns, write, not_queued):
    bergen, lillestrom, sarpsborg = towns
    messages = [write(town, kind=ACTIVE_ONLY.name) for town in towns]
    lillestrom.is_active = False
    lillestrom.save(update_fields=["is_active"])

    result = services.send_batch(ids=[m.pk for m in messages])

    assert (result["sent"], result["obsolete"]) == (2, 1)
    assert statuses(messages) == [MessageStatus.SENT, MessageStatus.OBSOLETE, MessageStatus.SENT]
    assert sorted(m.to[0] for m in mail.outbox) == ["post@bergen.example.no", "post@sarpsborg.example.no"]


def test_still_due_is_asked_once_per_batch(towns, write, not_queued):
    asked = []
    register(Kind(name="outbox_test_counted", template="outbox_test", context=context,
                  still_due=lambda targets: asked.append(len(targets)) or {t.pk for t in targets}))
    try:
        messages = [write(town, kind="outbox_test_counted") for town in towns for _ in range(2)]
        assert services.send_batch(ids=[m.pk for m in messages])["sent"] == 6
    finally:
        unregister("outbox_test_counted")
    assert asked == [3]


def test_a_deleted_target_is_obsolete(bergen, lillestrom, write, not_queued):
    message = write(lillestrom, municipality=bergen)
    lillestrom.delete()

    assert services.send_batch(ids=[message.pk])["obsolete"] == 1
    assert statuses([message]) == [MessageStatus.OBSOLETE] and mail.outbox == []


def test_the_sent_hook_runs_after_delivery_and_its_error_is_not_fatal(bergen, write, not_queued, caplog):
    stamped = []

    def stamp(municipality):
        stamped.append(municipality.pk)
        raise RuntimeError("stamp failed")

    register(Kind(name="outbox_test_hooked", template="outbox_test", context=context, sent=stamp))
    try:
        message = write(bergen, kind="outbox_test_hooked")
        with caplog.at_level(logging.ERROR, logger="besokshjem.outbox"):
            result = services.send_batch(ids=[message.pk])
    finally:
        unregister("outbox_test_hooked")

    assert result["sent"] == 1 and stamped == [bergen.pk] and statuses([message]) == [MessageStatus.SENT]
    assert "sent-hook failed" in caplog.text


def test_send_due_sends_what_is_due_in_batches(towns, write, not_queued):
    messages = [write(town) for town in towns for _ in range(3)]
    later = write(towns[0], send_after=timezone.now() + timedelta(hours=1))

    result = services.send_due(batch_size=4)

    assert result == {"sent": 9, "failed": 0, "retry": 0, "obsolete": 0, "batches": 3}
    assert statuses(messages) == [MessageStatus.SENT] * 9 and statuses([later]) == [MessageStatus.PENDING]
    assert services.send_due()["batches"] == 0
