"""Redis down at commit time: the change commits, nothing raises or hangs, and the sweep delivers the e-mail later."""

import logging
import time

import kombu.exceptions
import kombu.utils.functional
import pytest
from django.db import transaction

from besokshjem.outbox import services, tasks
from besokshjem.outbox.models import Message, MessageStatus
from tests.integration import celery_broker_unreachable, wait_for

GENEROUS = 10  # seconds: this checks "does not hang", not speed


def write_while_the_broker_is_down(bergen, write, caplog) -> tuple[Message, float]:
    with celery_broker_unreachable(), caplog.at_level(logging.WARNING, logger="besokshjem.outbox"):
        started = time.monotonic()
        with transaction.atomic():
            message = write(bergen, recipient="kari@example.no")
            bergen.name = "Bergen kommune"
            bergen.save(update_fields=["name"])
        elapsed = time.monotonic() - started
    return message, elapsed


def test_a_write_while_the_broker_is_down_commits_without_raising_or_hanging(transactional_db, bergen, write, caplog):
    message, elapsed = write_while_the_broker_is_down(bergen, write, caplog)

    assert elapsed < GENEROUS
    bergen.refresh_from_db()
    message.refresh_from_db()
    assert bergen.name == "Bergen kommune"  # the change committed
    assert message.status == MessageStatus.PENDING and message.queued_at is None and message.attempts == 0
    assert "could not queue 1 message(s)" in caplog.text and str(message.pk) in caplog.text
    assert "kari@example.no" not in caplog.text  # no personal data in the log


def test_queue_never_raises_and_reports_what_was_handed_over(transactional_db, bergen, write):
    ids = [write(bergen).pk for _ in range(3)]
    Message.objects.update(queued_at=None, status=MessageStatus.PENDING)

    with celery_broker_unreachable():
        assert services.queue(ids) == 0
    assert not Message.objects.filter(queued_at__isnull=False).exists()


def test_publishing_to_an_unreachable_broker_gives_up_at_the_first_refusal(monkeypatch):
    """kombu's default retries the connection for seconds inside the request; the settings make it give up at once."""
    waits = []
    monkeypatch.setattr(kombu.utils.functional, "sleep", waits.append)

    with celery_broker_unreachable(), pytest.raises(kombu.exceptions.OperationalError):
        tasks.send_batch.apply_async(args=[[1]], retry=False)
    assert waits == []


@pytest.mark.services
def test_a_message_written_while_the_broker_was_down_is_delivered_by_the_sweep_once(bergen, write, worker, smtp, mailbox, caplog):
    smtp.start()
    message, elapsed = write_while_the_broker_is_down(bergen, write, caplog)
    message.refresh_from_db()
    assert elapsed < GENEROUS and message.status == MessageStatus.PENDING and message.queued_at is None

    worker.start()  # Redis is back (the broker fixture: a queue of this test's own)
    assert services.sweep() == {"queued": 1}
    wait_for(lambda: Message.objects.get(pk=message.pk).status == MessageStatus.SENT, what="the message to be sent")

    assert services.sweep() == {"queued": 0}  # sent: nothing left to queue
    duplicate = tasks.send_batch.delay([message.pk])  # a redelivered task sends nothing
    assert "'sent': 0" in worker.wait_for_task(duplicate.id)
    message.refresh_from_db()
    assert mailbox.message_ids() == [message.message_id]
    assert message.attempts == 1 and message.queued_at is not None and message.sent_at is not None
