"""Claims: a conditional UPDATE with a lease and a token per claim."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from besokshjem.outbox import services, tasks
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.outbox.registry import Kind, register, unregister

from .kinds import context

LEASE = timedelta(seconds=300)


@pytest.fixture
def message(bergen, write, monkeypatch, settings):
    """A pending message whose task was not run (as if it were still in the broker)."""
    settings.OUTBOX_LEASE_SECONDS = int(LEASE.total_seconds())
    monkeypatch.setattr(tasks.send_batch, "apply_async", lambda *args, **kwargs: None)
    return write(bergen)


def test_a_claimed_row_is_not_claimed_again(message):
    first = services.claim(ids=[message.pk])
    second = services.claim(ids=[message.pk])

    assert list(first) == [message.pk] and second == {}
    message.refresh_from_db()
    assert message.status == MessageStatus.CLAIMED and message.claim_token == first[message.pk] and message.attempts == 1
    assert message.claimed_until > timezone.now() + LEASE - timedelta(seconds=10)


def test_a_row_is_not_claimed_before_its_send_after(bergen, write, monkeypatch):
    monkeypatch.setattr(tasks.send_batch, "apply_async", lambda *args, **kwargs: None)
    later = write(bergen, send_after=timezone.now() + timedelta(minutes=5))

    assert services.claim(ids=[later.pk]) == {}


def test_an_expired_lease_is_claimable_again_with_a_new_token(message):
    first = services.claim(ids=[message.pk])

    with time_machine.travel(timezone.now() + LEASE - timedelta(seconds=5), tick=False):
        assert services.claim(ids=[message.pk]) == {}
    with time_machine.travel(timezone.now() + LEASE + timedelta(seconds=5), tick=False):
        second = services.claim(ids=[message.pk])

    assert list(second) == [message.pk] and second[message.pk] != first[message.pk]
    message.refresh_from_db()
    assert message.attempts == 2 and message.claim_token == second[message.pk]


def test_a_worker_whose_lease_ran_out_cannot_mark_the_new_claim_sent(message, caplog):
    """Worker A renders and sends slowly; its lease runs out and worker B claims the row meanwhile. A's message
    reaches the server (the documented duplicate window), but A cannot record B's claim as sent: B sends it too."""
    takeover = {}

    def slow_context(municipality):
        if not takeover:  # while A is busy with the row, its lease runs out and B claims it
            Message.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
            takeover.update(services.claim(ids=[message.pk]))
        return context(municipality)

    register(Kind(name="outbox_test_slow", template="outbox_test", context=slow_context))
    Message.objects.filter(pk=message.pk).update(kind="outbox_test_slow")
    try:
        claims_a = services.claim(ids=[message.pk])
        with caplog.at_level(logging.WARNING, logger="besokshjem.outbox"):
            result_a = services.send_claimed(claims=claims_a)

        message.refresh_from_db()
        assert result_a["sent"] == 0
        assert message.status == MessageStatus.CLAIMED and message.claim_token == takeover[message.pk] != claims_a[message.pk]
        assert "claim was lost" in caplog.text and message.recipient not in caplog.text

        result_b = services.send_claimed(claims=takeover)
        message.refresh_from_db()
        assert result_b["sent"] == 1 and message.status == MessageStatus.SENT and message.attempts == 2
        assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message.message_id] * 2  # a recognisable duplicate
    finally:
        unregister("outbox_test_slow")


def test_a_stale_claim_is_not_sent_at_all(message):
    """A worker that claimed, lost its lease and the row before loading it sends nothing."""
    stale = services.claim(ids=[message.pk])
    Message.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    fresh = services.claim(ids=[message.pk])

    assert services.send_claimed(claims=stale)["sent"] == 0
    assert mail.outbox == []
    assert services.send_claimed(claims=fresh)["sent"] == 1
    assert len(mail.outbox) == 1
