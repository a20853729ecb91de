"""The outbox: one durable path for every e-mail the portal sends.

A domain service calls `message_write` inside its own transaction, next to the change that causes the e-mail.
The row commits or rolls back with that change; on commit its id is handed to the broker (`queue`). A worker
claims it, renders it from its kind's templates and sends it.

Why every message is delivered at least once:
- the row is written in the same transaction as its cause, so a committed change always has its e-mail;
- if the broker cannot take the task (Redis down at commit time), the row stays pending with `queued_at` unset and
  the beat sweep (`sweep`) queues it later; a task lost after queueing is queued again once `queued_at` is older
  than the lease;
- sending first *claims* the row with a conditional UPDATE (pending and due, or a lease that ran out) that sets a
  new claim token, so two workers or two deliveries of the same task never send a row at once;
- a claim is a lease (OUTBOX_LEASE_SECONDS): a worker killed mid-send leaves the row to be claimed again;
- every later change is a conditional UPDATE on (pk, status=claimed, claim_token): a worker whose lease ran out
  cannot mark another worker's claim sent or failed;
- temporary SMTP errors put the row back to pending with backoff; permanent ones mark it failed, visible in the
  admin, where a caseworker can send it again (`retry`).

The one duplicate window: the worker dies after the mail server accepted the message and before the SENT update.
The lease expires and the message is sent again, with the same Message-ID (`<outbox-<pk>-<kind>@besokshjem>`),
so the duplicate is recognisable.

No body is stored: links with tokens are made at send time by the kind's context and never rest in the table.
"""

import logging
from datetime import date, datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .delivery import claim, send_batch, send_claimed, send_due
from .models import Message, MessageStatus
from .registry import kind_for
from .selectors import unqueued_ids
from .tasks import queue

log = logging.getLogger(__name__)

__all__ = [
    "claim", "message_write", "messages_write_many", "queue", "retry", "send_batch", "send_claimed", "send_due", "sweep",
]


def _message(*, kind: str, recipient: str, language: str, municipality, target=None, content_type=None,
             object_id: int | None = None, dedupe_key: str = "", due_on: date | None = None,
             send_after: datetime | None = None) -> Message:
    """An unsaved row; the target is given as an object or as (content_type, object_id)."""
    if kind_for(kind) is None:
        raise ValueError(f"Unknown outbox kind {kind!r}: register it in the AppConfig.ready() of its app.")
    if target is not None:
        content_type, object_id = ContentType.objects.get_for_model(target), target.pk
    if content_type is None or object_id is None:
        raise ValueError("An outbox message needs a target (or content_type and object_id).")
    return Message(
        kind=kind, municipality=municipality, content_type=content_type, object_id=object_id, recipient=recipient,
        language=language or "nb", dedupe_key=dedupe_key, due_on=due_on, send_after=send_after or timezone.now(),
    )


def message_write(*, kind: str, target, recipient: str, language: str, municipality, dedupe_key: str = "",
                  due_on: date | None = None, send_after: datetime | None = None) -> Message | None:
    """Write one e-mail to the outbox. Call it inside the transaction of the change that causes it: the row and the
    change commit together, and the send is queued on commit.

    Returns None, and queues nothing, when there is no recipient or when a row with this kind and dedupe_key exists
    already (one receipt per application, one reminder per due event). An unknown kind is a programming error.
    """
    message = _message(kind=kind, target=target, recipient=recipient, language=language, municipality=municipality,
                       dedupe_key=dedupe_key, due_on=due_on, send_after=send_after)
    if not recipient:
        return None
    # The kommune and the content type are objects the caller holds; the dedupe key is checked by the database.
    message.full_clean(exclude=["municipality", "content_type"], validate_unique=False, validate_constraints=False)
    if dedupe_key:
        try:
            with transaction.atomic():  # a savepoint: a conflict leaves the caller's transaction usable
                message.save(force_insert=True)
        except IntegrityError:
            if Message.objects.filter(kind=kind, dedupe_key=dedupe_key).exists():
                return None
            raise
    else:
        message.save(force_insert=True)
    if message.send_after <= timezone.now():
        transaction.on_commit(partial(queue, [message.pk]))
    return message


def messages_write_many(rows: list[dict]) -> list[int]:
    """Write many e-mails at once (the reminder planner: thousands of rows). Each dict has message_write's keyword
    arguments; instead of `target` it may give `content_type` and `object_id` (no need to load the objects). Rows whose kind and dedupe_key exist already are skipped; rows without a recipient are left out.
    Nothing is queued: the sweep queues them.

    Returns the ids of the rows now in the outbox for these e-mails (written now or before).
    """
    messages = [_message(**row) for row in rows]
    messages = [m for m in messages if m.recipient]
    keyed = [m for m in messages if m.dedupe_key]
    keyless = [m for m in messages if not m.dedupe_key]
    ids = [m.pk for m in Message.objects.bulk_create(keyless, batch_size=1000)]
    for start in range(0, len(keyed), 1000):
        batch = keyed[start:start + 1000]
        Message.objects.bulk_create(batch, ignore_conflicts=True)
        wanted = {(m.kind, m.dedupe_key) for m in batch}
        found = Message.objects.filter(dedupe_key__in={key for _kind, key in wanted}).values_list("pk", "kind", "dedupe_key")
        ids += [pk for pk, kind, key in found if (kind, key) in wanted]
    return ids


def sweep(*, limit: int = 10000) -> dict:
    """Queue claimable rows that were not handed to the broker within the lease (the beat runs this)."""
    return {"queued": queue(unqueued_ids(now=timezone.now(), limit=limit))}


def retry(*, message: Message) -> bool:
    """Send a failed message again (e.g. after the address was corrected): pending at once, queued on commit."""
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
            status=MessageStatus.PENDING, send_after=timezone.now(), last_error="", claimed_until=None, claim_token=None
        )
        if changed:
            transaction.on_commit(partial(queue, [message.pk]))
    return bool(changed)
