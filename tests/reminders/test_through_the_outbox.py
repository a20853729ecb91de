"""Reminders and letter notices against the real services: Redis, a Celery worker process, an SMTP server (aiosmtpd)
and PostgreSQL. Each due event is one outbox row, delivered once; a refusal is failed and retried from the admin;
two sweeps at once send each event once; `manage.py send_reminders` works without Redis.

The worker and SMTP tests need Redis and PostgreSQL; locally they skip without them, under CI=true they fail.
"""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import RespiteApplication
from applications.respite import services as respite_services
from besokshjem.outbox import services as outbox
from besokshjem.outbox import tasks as outbox_tasks
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.reminders import services as reminders
from besokshjem.reminders import tasks as reminder_tasks
from tests.integration import in_threads, wait_for

from ..factories import RespiteApplicationFactory


def submitted_respite(municipality) -> RespiteApplication:
    """A parent's submitted application (set directly: no receipt is written as a side effect)."""
    n = RespiteApplication.objects.count() + 1
    return RespiteApplicationFactory(municipality=municipality, status="submitted", submitted_at=timezone.now(),
                                     reference=f"{municipality.reference_prefix}-2026-{n:04d}")


def unfinished_draft(municipality, days_old=25) -> RespiteApplication:
    """A parent's draft left `days_old` days ago: respite_draft_unfinished is due (a week before deletion)."""
    draft = RespiteApplicationFactory(municipality=municipality)
    RespiteApplication.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return draft


def interim_reply_notice(application, caseworker) -> Message:
    """The caseworker sends a foreløpig svar: its notice to the parent is an outbox row, queued on commit."""
    reply = respite_services.interim_reply_send(application=application, reason="Vi venter på uttalelse fra skolen",
                                                expected_decision_date=timezone.localdate() + timedelta(days=30), by=caseworker)
    return Message.objects.get(kind="interim_reply_ready", object_id=reply.pk)


def status_of(message) -> str:
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def retry_in_admin(client, caseworker, message):
    client.force_login(caseworker)
    response = client.post(reverse("admin:outbox_message_changelist"),
                           {"action": "retry_failed", "_selected_action": [str(message.pk)]})
    assert response.status_code == 302, response.content[:2000]


@pytest.mark.services
def test_letter_notice_is_delivered_once_through_redis_and_a_worker(bergen, bergen_caseworker, worker, smtp, mailbox):
    smtp.start()
    worker.start()
    application = submitted_respite(bergen)

    message = interim_reply_notice(application, bergen_caseworker)  # queued through Redis on commit
    wait_for(lambda: status_of(message) == MessageStatus.SENT, what="the notice to be sent")
    duplicate = outbox_tasks.send_batch.delay([message.pk])  # a redelivered task must not send again
    assert "'sent': 0" in worker.wait_for_task(duplicate.id)

    message.refresh_from_db()
    assert mailbox.message_ids() == [message.message_id]
    [received] = mailbox.messages
    assert received["To"] == application.guardian_email and received["Auto-Submitted"] == "auto-generated"
    assert message.attempts == 1 and message.sent_at is not None and message.last_error == ""
    body = received.get_payload(0).get_payload(decode=True).decode()
    assert "/avlastning/status/" in body and "Vi venter på uttalelse" not in body  # a link, never the letter


@pytest.mark.services
def test_beat_sweep_reminds_an_unfinished_draft_once(bergen, worker, smtp, mailbox):
    smtp.start()
    worker.start()
    draft = unfinished_draft(bergen)

    first, second = reminder_tasks.sweep.delay(), reminder_tasks.sweep.delay()  # two beats in a row
    worker.wait_for_task(first.id)
    worker.wait_for_task(second.id)
    message = wait_for(lambda: Message.objects.filter(kind="respite_draft_unfinished", object_id=draft.pk, status="sent").first(),
                       what="the draft reminder to be sent")

    assert Message.objects.filter(kind="respite_draft_unfinished").count() == 1
    assert mailbox.message_ids() == [message.message_id]
    assert "/fortsett/" in mailbox.messages[0].get_payload(0).get_payload(decode=True).decode()


@pytest.mark.services
def test_smtp_down_first_is_retried_with_backoff_and_delivered_once(bergen, bergen_caseworker, worker, smtp, mailbox):
    worker.start()  # EMAIL_URL points at smtp.port, where nothing listens yet: connection refused
    application = submitted_respite(bergen)
    message = interim_reply_notice(application, bergen_caseworker)

    wait_for(lambda: Message.objects.get(pk=message.pk).attempts >= 2, what="a second (retried) attempt")
    failing = Message.objects.get(pk=message.pk)
    assert failing.status in (MessageStatus.PENDING, MessageStatus.CLAIMED) and failing.last_error
    assert mailbox.messages == []

    smtp.start()
    wait_for(lambda: status_of(message) == MessageStatus.SENT, what="the notice to be sent once SMTP is up")
    message.refresh_from_db()
    assert message.attempts > 1
    assert mailbox.message_ids() == [message.message_id]


@pytest.mark.services
def test_permanent_refusal_is_failed_not_retried_and_the_admin_retries_at_once(
        bergen, bergen_caseworker, worker, smtp, mailbox, client):
    mailbox.reject = "550 No such user"
    smtp.start()
    worker.start()
    application = submitted_respite(bergen)
    message = interim_reply_notice(application, bergen_caseworker)

    wait_for(lambda: status_of(message) == MessageStatus.FAILED, what="the notice to be recorded as failed")
    message.refresh_from_db()
    assert message.attempts == 1 and mailbox.refused == 1
    assert "550" in message.last_error and "No such user" in message.last_error
    assert mailbox.messages == []

    mailbox.reject = None  # the address was corrected
    retry_in_admin(client, bergen_caseworker, message)  # queued at once, not at the next sweep
    wait_for(lambda: status_of(message) == MessageStatus.SENT, what="the retried notice to be sent")
    assert mailbox.message_ids() == [message.message_id]


def all_sent_once(messages):
    ids = Counter(m.extra_headers["Message-ID"] for m in mail.outbox)
    assert sorted(ids) == sorted(m.message_id for m in messages)
    assert set(ids.values()) == {1}, [k for k, v in ids.items() if v > 1]
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.services
def test_two_sweeps_at_once_plan_and_send_each_due_event_once(postgresql, bergen):
    drafts = [unfinished_draft(bergen) for _ in range(50)]

    results = in_threads(2, lambda: reminders.sweep(send_inline=True))

    assert sum(r["sent"] for r in results) == 50
    messages = list(Message.objects.all())
    assert sorted(m.object_id for m in messages) == sorted(d.pk for d in drafts)
    assert {m.kind for m in messages} == {"respite_draft_unfinished"}
    all_sent_once(messages)


def test_send_reminders_command_sends_in_process_once(bergen, monkeypatch):
    def no_queue(*args, **kwargs):
        raise AssertionError("send_reminders must send in this process, not through Celery")

    monkeypatch.setattr(outbox_tasks.send_batch, "apply_async", no_queue)
    draft = unfinished_draft(bergen)

    out = StringIO()
    call_command("send_reminders", stdout=out)
    message = Message.objects.get()
    assert message.kind == "respite_draft_unfinished" and message.object_id == draft.pk
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mail.outbox] == [[draft.guardian_email]]
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id
    assert "sent: 1" in out.getvalue()

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 1 and Message.objects.count() == 1
    assert "sent: 0" in out.getvalue() and outbox.sweep() == {"queued": 0}
