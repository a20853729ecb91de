"""Sending: claim rows with a lease, render them at send time, deliver a batch over one SMTP connection.

No Celery here: the tasks call this, and so does `manage.py send_outbox` (in-process, without a broker). Why a
message is delivered at least once, and the one window in which it can be delivered twice, is in services.py.
"""

import logging
import smtplib
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from besokshjem.core.emails import render_email

from .models import Message, MessageStatus
from .registry import Kind, kind_for
from .selectors import claimable, due_ids, lease_seconds

log = logging.getLogger(__name__)

SENT, FAILED, RETRY, OBSOLETE = "sent", "failed", "retry", "obsolete"
MAX_BACKOFF_SECONDS = 3600


def backoff_seconds(attempts: int) -> int:
    """Wait before the next try after `attempts` tries: the base, doubled per try, at most an hour."""
    return min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def is_temporary(exc: BaseException) -> bool:
    """Worth trying again later: SMTP 4xx, a dropped or refused connection, a timeout. Everything else (5xx, a bad
    address, a certificate that does not verify, other OS errors) is permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | ConnectionError | TimeoutError | socket.timeout):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return False


def describe(exc: BaseException) -> str:
    """The error as recorded on the row (shown in the admin): the SMTP reply where there is one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {_decode(msg)}" for code, msg in exc.recipients.values())
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_decode(exc.smtp_error)}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:300]


def _decode(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


# Claims -------------------------------------------------------------------------------------------------------


def claim(*, ids) -> dict[int, uuid.UUID]:
    """Take a lease on the rows that are claimable now (pending and due, or an expired lease) with one conditional
    UPDATE that gives them this claim's token, then read back which rows carry it (two queries for a batch). Returns
    {id: token} for the rows this call claimed, and only those; another claim of the same rows gets another token."""
    now = timezone.now()
    token = uuid.uuid4()
    ids = list(ids)
    taken = claimable(now).filter(pk__in=ids).update(
        status=MessageStatus.CLAIMED, claim_token=token, claimed_until=now + timedelta(seconds=lease_seconds()),
        attempts=F("attempts") + 1,
    )
    if not taken:
        return {}
    return {pk: token for pk in Message.objects.filter(pk__in=ids, claim_token=token).values_list("pk", flat=True)}


def _finish(message: Message, **fields) -> bool:
    """Change a claimed row, but only while this claim holds it: a worker whose lease ran out and whose row was
    claimed again by another must not mark that claim sent or failed."""
    done = Message.objects.filter(pk=message.pk, status=MessageStatus.CLAIMED, claim_token=message.claim_token).update(**fields)
    if not done:
        log.warning("Outbox message %s: the claim was lost (lease expired) before it could be recorded", message.pk)
    return bool(done)


def _release(message: Message, error: str) -> bool:
    """Back to pending after a temporary error, with backoff."""
    return _finish(message, status=MessageStatus.PENDING, claimed_until=None, last_error=error[:300],
            send_after=timezone.now() + timedelta(seconds=backoff_seconds(message.attempts)))


# Loading and rendering ----------------------------------------------------------------------------------------


def _targets(messages: list[Message]) -> tuple[dict, dict[int, str]]:
    """The batch's targets, with one query per content type. Returns ({(content_type_id, pk): target}, and the
    content types that could not be loaded: {content_type_id: error})."""
    wanted: dict[int, set[int]] = {}
    related: dict[int, set[str]] = {}
    for message in messages:
        wanted.setdefault(message.content_type_id, set()).add(message.object_id)
        kind = kind_for(message.kind)
        related.setdefault(message.content_type_id, set()).update(kind.select_related if kind else ())
    loaded, broken = {}, {}
    for content_type_id, ids in wanted.items():
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            for obj in model._default_manager.select_related(*sorted(related[content_type_id])).filter(pk__in=ids):
                loaded[(content_type_id, obj.pk)] = obj
        except Exception as exc:  # a kind's select_related is wrong: those rows fail, the others are sent
            log.exception("Outbox: targets of content type %s could not be loaded", content_type_id)
            broken[content_type_id] = describe(exc)
    return loaded, broken


def _still_due(kind: Kind, targets: list) -> set:
    if kind.still_due is None:
        return {t.pk for t in targets}
    return set(kind.still_due(targets)) if targets else set()


def build(message: Message, kind: Kind, target) -> EmailMultiAlternatives:
    """Render the message in its language from templates/emails/<kind.template>/ and the kind's context."""
    subject, text, html = render_email(
        template=kind.template, context={**kind.context(target), "message": message}, language=message.language
    )
    email = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[message.recipient],
        reply_to=list(kind.reply_to(target)) if kind.reply_to else None,
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(html, "text/html")
    for filename, content, mimetype in kind.attachments(target) if kind.attachments else ():
        email.attach(filename, content, mimetype)
    return email


# Sending ------------------------------------------------------------------------------------------------------


def _counts() -> dict:
    return {SENT: 0, FAILED: 0, RETRY: 0, OBSOLETE: 0, "retry_ids": [], "retry_in": 0}


def send_claimed(*, claims: dict[int, uuid.UUID]) -> dict:
    """Send the rows claimed with these tokens over one SMTP connection.

    Returns the counts {"sent", "failed", "retry", "obsolete"}, plus "retry_ids" (rows released after a temporary
    error) and "retry_in" (seconds until the last of them is due again), which the task uses to retry.
    One bad row (a template or context error, a refused address) never blocks the others.
    """
    counts = _counts()
    if not claims:
        return counts
    messages = [m for m in Message.objects.filter(pk__in=list(claims), status=MessageStatus.CLAIMED).order_by("pk")
                if m.claim_token == claims[m.pk]]
    targets, broken = _targets(messages)

    def record(message: Message, outcome: str, **fields) -> None:
        if _finish(message, **fields):
            counts[outcome] += 1

    # Which targets are still worth a message: asked once per kind for the whole batch.
    still: dict[str, set | Exception] = {}
    for name in {m.kind for m in messages}:
        kind = kind_for(name)
        if kind is None:
            continue
        group = [targets[key] for m in messages if m.kind == name and (key := (m.content_type_id, m.object_id)) in targets]
        try:
            still[name] = _still_due(kind, list({id(t): t for t in group}.values()))
        except Exception as exc:  # a broken rule fails its own rows only
            log.exception("Outbox: still_due of %s failed", name)
            still[name] = exc

    ready: list[tuple[Message, Kind, object, EmailMultiAlternatives]] = []
    for message in messages:
        kind = kind_for(message.kind)
        target = targets.get((message.content_type_id, message.object_id))
        if kind is None:
            record(message, FAILED, status=MessageStatus.FAILED, claimed_until=None, last_error=f"Ukjent type: {message.kind}"[:300])
        elif message.content_type_id in broken:
            record(message, FAILED, status=MessageStatus.FAILED, claimed_until=None, last_error=broken[message.content_type_id])
        elif isinstance(still[message.kind], Exception):
            record(message, FAILED, status=MessageStatus.FAILED, claimed_until=None, last_error=describe(still[message.kind]))
        elif target is None or target.pk not in still[message.kind]:
            record(message, OBSOLETE, status=MessageStatus.OBSOLETE, claimed_until=None)
        else:
            Message._meta.get_field("target").set_cached_value(message, target)
            try:
                ready.append((message, kind, target, build(message, kind, target)))
            except Exception as exc:  # a template or context bug must not block the queue
                log.exception("Outbox message %s (%s) could not be rendered", message.pk, message.kind)
                record(message, FAILED, status=MessageStatus.FAILED, claimed_until=None, last_error=describe(exc))

    _deliver(ready, counts)
    return counts


def _deliver(ready: list, counts: dict) -> None:
    """One connection for the batch (opened again if the server drops it); each message's result is known."""
    connection = None
    try:
        for index, (message, kind, target, email) in enumerate(ready):
            if timezone.now() >= message.claimed_until:
                # The lease ran out while earlier messages were sent: another worker may hold this row now.
                log.warning("Outbox message %s: lease expired before sending; left for the next claim", message.pk)
                counts[RETRY] += 1
                counts["retry_ids"].append(message.pk)
                continue
            if connection is None:
                try:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                except Exception as exc:  # no connection at all: the whole rest of the batch is tried again later
                    log.warning("Outbox: could not open the mail connection (%s); %s message(s) released",
                                type(exc).__name__, len(ready) - index)
                    connection = None
                    for waiting, *_rest in ready[index:]:
                        _temporary(waiting, describe(exc), counts)
                    return
            try:
                connection.send_messages([email])
            except (smtplib.SMTPException, OSError, ValueError) as exc:  # temporary: backoff; permanent: recorded
                # Anything else (e.g. the task's time limit) propagates: the rows stay claimed until the lease ends.
                if not isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
                    connection = _close(connection)  # the session is gone; open a new one for the next message
                if is_temporary(exc):
                    log.info("Outbox message %s: temporary error %s", message.pk, type(exc).__name__)
                    _temporary(message, describe(exc), counts)
                else:
                    log.warning("Outbox message %s failed permanently: %s", message.pk, type(exc).__name__)
                    if _finish(message, status=MessageStatus.FAILED, claimed_until=None, last_error=describe(exc)):
                        counts[FAILED] += 1
                continue
            # The server has the message: record it at once (the duplicate window in services.py).
            if _finish(message, status=MessageStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""):
                counts[SENT] += 1
            if kind.sent is not None:
                try:
                    kind.sent(target)
                except Exception:  # the message is sent; a failing follow-up must not make it look unsent
                    log.exception("Outbox message %s: the %s sent-hook failed", message.pk, message.kind)
    finally:
        _close(connection)


def _temporary(message: Message, error: str, counts: dict) -> None:
    if not _release(message, error):
        return
    counts[RETRY] += 1
    counts["retry_ids"].append(message.pk)
    counts["retry_in"] = max(counts["retry_in"], backoff_seconds(message.attempts))


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # closing a dead connection
            log.debug("Outbox: closing the mail connection failed", exc_info=True)


def send_batch(*, ids) -> dict:
    """Claim these rows and send those this call claimed (the Celery task calls this)."""
    return send_claimed(claims=claim(ids=ids))


def send_due(*, batch_size: int = 500, limit: int | None = None) -> dict:
    """Claim the rows due when this run starts, batch by batch, and send them in this process (`manage.py
    send_outbox`, the benchmark). Rows released with backoff during the run are left to a later run."""
    started = timezone.now()
    totals = {SENT: 0, FAILED: 0, RETRY: 0, OBSOLETE: 0, "batches": 0}
    handled = 0
    while limit is None or handled < limit:
        size = batch_size if limit is None else min(batch_size, limit - handled)
        with transaction.atomic():
            claims = claim(ids=due_ids(now=started, limit=size, lock=True))
        if not claims:
            break
        totals["batches"] += 1
        result = send_claimed(claims=claims)
        for key in (SENT, FAILED, RETRY, OBSOLETE):
            totals[key] += result[key]
        handled += len(claims)
    return totals

