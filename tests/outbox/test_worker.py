"""Through Redis, a real Celery worker and a real SMTP server: delivered once, retried with backoff on 4xx."""

import pytest
from django.db import transaction

from besokshjem.outbox import tasks
from besokshjem.outbox.models import Message, MessageStatus
from tests.integration import wait_for

pytestmark = pytest.mark.services


def status_of(message) -> str:
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def test_a_committed_message_is_delivered_once_by_the_worker(bergen, write, worker, smtp, mailbox):
    smtp.start()
    worker.start()
    with transaction.atomic():
        message = write(bergen, recipient="kari@example.no", dedupe_key="receipt:1")  # queued through Redis on commit
    duplicate = tasks.send_batch.delay([message.pk])  # the same task twice (a redelivery) must not send twice

    wait_for(lambda: status_of(message) == MessageStatus.SENT, what="the message to be sent")
    assert "'sent': 0" in worker.wait_for_task(duplicate.id)
    assert mailbox.message_ids() == [message.message_id] and mailbox.messages[0]["To"] == "kari@example.no"
    assert Message.objects.get(pk=message.pk).attempts == 1


def test_a_temporary_refusal_is_retried_by_the_task_and_delivered_once(bergen, write, worker, smtp, mailbox):
    mailbox.reject, mailbox.reject_count = "451 Try again later", 1
    smtp.start()
    worker.start()  # OUTBOX_RETRY_BASE_SECONDS=1 in the worker
    with transaction.atomic():
        message = write(bergen)

    wait_for(lambda: status_of(message) == MessageStatus.SENT, what="the retried message to be sent")
    message.refresh_from_db()
    assert mailbox.refused == 1 and mailbox.message_ids() == [message.message_id]
    assert message.attempts == 2 and message.last_error == ""
    assert "retry: Retry in" in worker.log()
