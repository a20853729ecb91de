"""Celery tasks of the outbox (names pinned: queued tasks outlive deploys) and the hand-over to the broker.

The tasks are thin: ids in, delivery does the work. `queue` lives here, next to the task it publishes, so that
services (which queue) import tasks and tasks import only the layers below them.
"""

import logging

from celery import shared_task
from celery.exceptions import Retry
from django.db import DatabaseError
from django.utils import timezone

from . import delivery
from .models import Message
from .selectors import unqueued_ids

log = logging.getLogger(__name__)

#: Ids per send_batch task: one SMTP connection per task.
CHUNK = 50
SWEEP_LIMIT = 10000


@shared_task(name="besokshjem.outbox.send_batch", acks_late=True, bind=True, max_retries=20)
def send_batch(self, ids: list[int]) -> dict:
    result = delivery.send_batch(ids=ids)
    retry_ids, retry_in = result.pop("retry_ids"), result.pop("retry_in")
    if retry_ids and not self.request.is_eager:
        try:
            # retry=False: a broker that is down fails at once; the sweep is the backstop for these rows.
            raise self.retry(args=[retry_ids], countdown=retry_in, retry=False)
        except Retry:
            raise
        except Exception as exc:  # max retries reached, or the broker is unreachable: the sweep queues them later
            log.warning("Outbox: retry of %s message(s) not queued (%s); left to the sweep", len(retry_ids), type(exc).__name__)
    return result


@shared_task(name="besokshjem.outbox.sweep", acks_late=True)
def sweep() -> dict:
    """The beat's periodic job: queue rows whose task never reached the broker."""
    return {"queued": queue(unqueued_ids(now=timezone.now(), limit=SWEEP_LIMIT))}


def queue(ids) -> int:
    """Hand ids to the broker, CHUNK per task. Never raises: if the broker is unreachable the rest is left with
    queued_at unset for the sweep. Returns how many ids were handed over (queued_at is set for those only).

    In eager mode (no REDIS_URL) the tasks run here, at once.
    """
    handed: list[int] = []
    ids = list(ids)
    chunks = [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]
    for number, chunk in enumerate(chunks):
        try:
            send_batch.apply_async(args=[chunk], retry=False)
        except Exception as exc:  # broker down: no personal data in the log, ids and the exception type only
            left = [pk for rest in chunks[number:] for pk in rest]
            log.warning("Outbox: could not queue %s message(s) %s (%s); the sweep will queue them",
                        len(left), left[:CHUNK], type(exc).__name__)
            break
        handed.extend(chunk)
    if handed:
        try:
            Message.objects.filter(pk__in=handed).update(queued_at=timezone.now())
        except DatabaseError as exc:  # only bookkeeping: the sweep may queue these once more, claims keep it single
            log.warning("Outbox: queued_at not recorded for %s message(s) (%s)", len(handed), type(exc).__name__)
    return len(handed)
