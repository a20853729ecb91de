"""Which outbox rows are due. Each query reads one index: (status, send_after) or (status, claimed_until).

Due rows and expired leases are two queries rather than one OR, which would make PostgreSQL scan and sort every
due row.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, Q, QuerySet

from .models import Message, MessageStatus


def lease_seconds() -> int:
    return settings.OUTBOX_LEASE_SECONDS


def claimable(now: datetime) -> QuerySet[Message]:
    """Rows a worker may claim now: pending and due, or claimed by a worker whose lease ran out."""
    return Message.objects.filter(
        Q(status=MessageStatus.PENDING, send_after__lte=now) | Q(status=MessageStatus.CLAIMED, claimed_until__lt=now)
    )


def due_ids(*, now: datetime, limit: int, lock: bool = False, extra: Q | None = None) -> list[int]:
    """Up to `limit` claimable ids: pending rows in send_after order first, then expired leases.

    With `lock`, the rows are selected FOR UPDATE SKIP LOCKED (inside the caller's transaction), so two senders
    never pick the same rows.
    """
    extra = extra or Q()
    # Ordered by the indexed column alone: a tie-break on pk would make PostgreSQL sort every due row (a planner sweep
    # gives thousands the same send_after) instead of reading the index in order.
    pending = Message.objects.filter(extra, status=MessageStatus.PENDING, send_after__lte=now).order_by("send_after")
    expired = Message.objects.filter(extra, status=MessageStatus.CLAIMED, claimed_until__lt=now).order_by("claimed_until")
    if lock:
        pending, expired = pending.select_for_update(skip_locked=True), expired.select_for_update(skip_locked=True)
    ids = list(pending.values_list("pk", flat=True)[:limit])
    if len(ids) < limit:
        ids += expired.values_list("pk", flat=True)[: limit - len(ids)]
    return ids


def unqueued_ids(*, now: datetime, limit: int) -> list[int]:
    """Claimable rows not handed to the broker within the lease: their task never reached it (the broker was down
    at commit time) or was lost. Rows queued recently are left alone, so a sweep does not queue them every run."""
    stale = now - timedelta(seconds=lease_seconds())
    return due_ids(now=now, limit=limit, extra=Q(queued_at__isnull=True) | Q(queued_at__lt=stale))


def messages_for(*, targets) -> QuerySet[Message]:
    """The e-mails written about these objects (a case page's "sent to whom, when"), newest first; metadata only.
    One query, however many targets and kinds of target."""
    by_type: dict[int, set[int]] = {}
    for target in targets:
        by_type.setdefault(ContentType.objects.get_for_model(target).pk, set()).add(target.pk)
    if not by_type:
        return Message.objects.none()
    condition = Q()
    for content_type_id, ids in by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=ids)
    return Message.objects.filter(condition).order_by("-created_at", "-pk")


def backlog(*, now: datetime) -> dict:
    """The outbox's health in one query over the (status, send_after) index: how many e-mails wait, how many failed,
    and since when the oldest one that is due has been waiting (None when none is due). Rows waiting for a later
    attempt (backoff, a reminder's future day) are counted as pending but do not age until they are due."""
    return Message.objects.filter(status__in=[MessageStatus.PENDING, MessageStatus.FAILED]).aggregate(
        pending=Count("pk", filter=Q(status=MessageStatus.PENDING)),
        failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
        oldest_due=Min("send_after", filter=Q(status=MessageStatus.PENDING, send_after__lte=now)),
    )
