"""The sweep queues rows whose task never reached the broker, once per lease; `send_outbox` sends without one."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from besokshjem.outbox import services, tasks
from besokshjem.outbox.models import Message, MessageStatus

LEASE = 300


@pytest.fixture
def published(monkeypatch, settings):
    """A broker that takes tasks and runs none of them; records the ids handed over."""
    settings.OUTBOX_LEASE_SECONDS = LEASE
    calls = []
    monkeypatch.setattr(tasks.send_batch, "apply_async", lambda args, **options: calls.append(args[0]))
    return calls


def test_the_sweep_queues_a_claimable_row_once_per_lease(bergen, write, published, settings):
    Message.objects.filter(pk=write(bergen).pk).update(queued_at=None)  # its task never reached the broker
    message = Message.objects.get()
    start = timezone.now()

    assert services.sweep() == {"queued": 1}
    assert published == [[message.pk]]
    message.refresh_from_db()
    assert message.queued_at is not None

    with time_machine.travel(start + timedelta(seconds=LEASE - 10), tick=False):
        assert services.sweep() == {"queued": 0}
    with time_machine.travel(start + timedelta(seconds=LEASE + 10), tick=False):
        assert services.sweep() == {"queued": 1}
    assert published == [[message.pk], [message.pk]]


def test_the_sweep_queues_expired_leases_and_not_live_ones_or_future_rows(bergen, write, published):
    live, expired, future = write(bergen), write(bergen), write(bergen, send_after=timezone.now() + timedelta(hours=1))
    services.claim(ids=[live.pk, expired.pk])
    Message.objects.filter(pk=expired.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    Message.objects.update(queued_at=None)
    published.clear()

    assert services.sweep() == {"queued": 1}
    assert published == [[expired.pk]]
    assert Message.objects.get(pk=future.pk).status == MessageStatus.PENDING


def test_the_sweep_hands_over_chunks(bergen, write, published):
    ids = [write(bergen).pk for _ in range(tasks.CHUNK + 5)]
    Message.objects.update(queued_at=None)
    published.clear()

    assert services.sweep() == {"queued": len(ids)}
    assert [len(chunk) for chunk in published] == [tasks.CHUNK, 5]


def test_the_sweep_task_runs_the_sweep(bergen, write, published):
    message = write(bergen)
    Message.objects.update(queued_at=None)
    published.clear()

    assert tasks.sweep.apply().get() == {"queued": 1}
    assert published == [[message.pk]]


def test_send_outbox_sends_in_process_once(bergen, write, published):
    messages = [write(bergen) for _ in range(3)]

    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "sent: 3" in out.getvalue()
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(m.message_id for m in messages)

    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "sent: 0" in out.getvalue() and len(mail.outbox) == 3
