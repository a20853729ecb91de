"""Planning and sending reminders: each due event exactly once, nothing lost.

How exactly-once holds:
- planning inserts one row per (kind, target, due day, recipient); the unique constraint makes a second sweep a no-op;
- sending first *claims* the row with a conditional UPDATE (pending, or a claim whose lease has expired), so two
  sweeps or two workers never send the same row at once;
- a claim is a lease (REMINDER_LEASE_SECONDS): a worker killed mid-send leaves the row to be claimed again later;
- after the mail server accepts the message the row is marked sent at once. A worker killed in the short window
  between the server's acceptance and that update sends a duplicate when the lease expires; every message carries
  a Message-ID derived from the reminder, so such a duplicate is recognisable.
"""

import logging
import smtplib
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks

from besokshjem.tenancy.models import Municipality

from .models import Reminder, ReminderStatus
from .rules import RULES, link_for

log = logging.getLogger(__name__)


class TemporaryMailError(Exception):
    """The mail server could not take the message now; the reminder is released and retried with backoff."""


def lease_seconds() -> int:
    return getattr(settings, "REMINDER_LEASE_SECONDS", 300)


def backoff_seconds(attempts: int) -> int:
    base = getattr(settings, "REMINDER_RETRY_BASE_SECONDS", 60)
    return min(base * 2 ** max(attempts - 1, 0), 3600)


def plan(*, today: date | None = None) -> int:
    """Create a reminder row for every due event of every rule in every kommune. Safe to run any number of times."""
    today = today or timezone.localdate()
    now = timezone.now()
    rows = []
    for municipality in Municipality.objects.all():
        for rule in RULES.values():
            content_type = ContentType.objects.get_for_model(apps.get_model(rule.model))
            for due in rule.events(rule, municipality, today, rule.days_for(municipality)):
                for email, language in due.recipients:
                    rows.append(Reminder(
                        kind=rule.kind, municipality=municipality, content_type=content_type, object_id=due.target.pk,
                        due_on=due.due_on, recipient=email, language=language, send_after=now,
                    ))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def plan_now(*, kind: str, target, municipality, due_on: date, recipients: list[tuple[str, str]]) -> list[int]:
    """Plan a reminder for an event that just happened (e.g. a letter is ready) and send it after commit."""
    content_type = ContentType.objects.get_for_model(target)
    Reminder.objects.bulk_create([
        Reminder(kind=kind, municipality=municipality, content_type=content_type, object_id=target.pk, due_on=due_on,
                 recipient=email, language=language, send_after=timezone.now())
        for email, language in recipients
    ], ignore_conflicts=True)
    ids = list(Reminder.objects.filter(kind=kind, content_type=content_type, object_id=target.pk, due_on=due_on,
                                       status=ReminderStatus.PENDING).values_list("pk", flat=True))
    from . import tasks

    transaction.on_commit(lambda: [tasks.send_reminder.delay(pk) for pk in ids])
    return ids


def claimable(now=None):
    now = now or timezone.now()
    return Reminder.objects.filter(
        Q(status=ReminderStatus.PENDING, send_after__lte=now) | Q(status=ReminderStatus.CLAIMED, claimed_until__lt=now)
    )


def claim(*, reminder_id: int) -> bool:
    """Take the lease on one reminder; False if someone else holds it or it is done."""
    now = timezone.now()
    return claimable(now).filter(pk=reminder_id).update(
        status=ReminderStatus.CLAIMED, claimed_until=now + timedelta(seconds=lease_seconds()), attempts=F("attempts") + 1
    ) == 1


def _is_temporary(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | ConnectionError | TimeoutError | OSError)


def render(reminder: Reminder, target) -> tuple[str, str, str]:
    with translation.override(reminder.language):
        text = render_to_string(f"emails/reminders/{reminder.kind}.txt", {
            "reminder": reminder, "target": target, "municipality": reminder.municipality, "link": link_for(reminder, target),
        })
        subject, _sep, body = text.strip().partition("\n")
        html = render_to_string("emails/reminders/_layout.html", {"body": linebreaks(body.strip()), "subject": subject,
                                                                  "LANGUAGE_CODE": reminder.language})
    return subject.strip(), body.strip() + "\n", html


def _give_up(reminder: Reminder, status: str, error: str = "") -> str:
    Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.CLAIMED).update(status=status, last_error=error[:300], claimed_until=None)
    return status


def send_claimed(reminder: Reminder, target, *, checked: bool = False) -> str:
    """Send one claimed reminder. Returns the new status; raises TemporaryMailError after releasing the claim.

    `checked` means the caller already asked the rule whether the target is still due (for the whole batch).
    A reminder that cannot be sent at all (an unknown kind, a template or link error) is marked failed rather than
    left claimed, so one bad row never blocks the others.
    """
    rule = RULES.get(reminder.kind)
    if rule is None:
        return _give_up(reminder, ReminderStatus.OBSOLETE, f"Ukjent type: {reminder.kind}")
    if target is None or (not checked and target.pk not in rule.still_due([target])):
        return _give_up(reminder, ReminderStatus.OBSOLETE)
    try:
        subject, body, html = render(reminder, target)
    except Exception as exc:  # a broken template or link must not block the queue
        log.exception("Reminder %s could not be rendered", reminder.pk)
        return _give_up(reminder, ReminderStatus.FAILED, f"{type(exc).__name__}: {exc}")
    message = EmailMultiAlternatives(subject=subject, body=body, to=[reminder.recipient],
                                     headers={"Message-ID": reminder.message_id, "Auto-Submitted": "auto-generated"})
    message.attach_alternative(html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # classified below: temporary errors are retried, permanent ones recorded
        error = f"{type(exc).__name__}: {exc}"[:300]
        if _is_temporary(exc):
            Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.CLAIMED).update(
                status=ReminderStatus.PENDING, claimed_until=None, last_error=error,
                send_after=timezone.now() + timedelta(seconds=backoff_seconds(reminder.attempts)),
            )
            raise TemporaryMailError(error) from exc
        Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.CLAIMED).update(
            status=ReminderStatus.FAILED, claimed_until=None, last_error=error)
        log.warning("Reminder %s failed permanently: %s", reminder.pk, type(exc).__name__)
        return ReminderStatus.FAILED
    # The mail server has the message: record it at once (the duplicate window in the module docstring).
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error="")
    return ReminderStatus.SENT


def send_one(*, reminder_id: int) -> str:
    """Claim and send one reminder by id (the Celery task calls this)."""
    if not claim(reminder_id=reminder_id):
        return "not_claimed"
    reminder = Reminder.objects.select_related("municipality", "content_type").get(pk=reminder_id)
    return send_claimed(reminder, reminder.target)


def _targets(reminders) -> dict:
    """Load the targets of a batch with one query per kind of target."""
    by_type: dict = {}
    for r in reminders:
        by_type.setdefault(r.content_type_id, set()).add(r.object_id)
    loaded = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
        for obj in model.objects.select_related(*related).filter(pk__in=ids):
            loaded[(content_type_id, obj.pk)] = obj
    return loaded


def _due_batch(now, size: int) -> list[int]:
    """Ids to claim: due pending rows first, then expired leases. Two queries, each able to use an index
    (one OR across both would make PostgreSQL scan and sort every due row)."""
    locked = {"skip_locked": True}
    ids = list(Reminder.objects.filter(status=ReminderStatus.PENDING, send_after__lte=now).order_by("send_after")
               .select_for_update(**locked).values_list("pk", flat=True)[:size])
    if len(ids) < size:
        ids += list(Reminder.objects.filter(status=ReminderStatus.CLAIMED, claimed_until__lt=now).order_by("claimed_until", "pk")
                    .select_for_update(**locked).values_list("pk", flat=True)[: size - len(ids)])
    return ids


def send_due(*, batch_size: int = 500, limit: int | None = None) -> dict:
    """Claim due reminders batch by batch and send them in this process (the embedded mode and the benchmark)."""
    counts = {"sent": 0, "failed": 0, "retry": 0, "obsolete": 0, "batches": 0}
    while limit is None or counts["sent"] + counts["failed"] + counts["retry"] + counts["obsolete"] < limit:
        now = timezone.now()
        with transaction.atomic():
            ids = _due_batch(now, batch_size)
            if not ids:
                break
            Reminder.objects.filter(pk__in=ids).update(
                status=ReminderStatus.CLAIMED, claimed_until=now + timedelta(seconds=lease_seconds()), attempts=F("attempts") + 1)
        counts["batches"] += 1
        batch = list(Reminder.objects.filter(pk__in=ids, status=ReminderStatus.CLAIMED).select_related("municipality"))
        targets = _targets(batch)
        for rule_kind in {r.kind for r in batch}:
            rule = RULES.get(rule_kind)
            if rule is None:
                for r in batch:
                    if r.kind == rule_kind:
                        r._still_due = True  # send_claimed marks it obsolete
                continue
            group = [targets.get((r.content_type_id, r.object_id)) for r in batch if r.kind == rule_kind]
            still = rule.still_due([t for t in group if t is not None])
            for r in batch:
                if r.kind == rule_kind:
                    r._still_due = targets.get((r.content_type_id, r.object_id)) is not None and r.object_id in still
        for reminder in batch:
            target = targets.get((reminder.content_type_id, reminder.object_id)) if reminder._still_due else None
            try:
                status = send_claimed(reminder, target, checked=True)
            except TemporaryMailError:
                counts["retry"] += 1
                continue
            counts["sent" if status == ReminderStatus.SENT else ("obsolete" if status == "obsolete" else "failed")] += 1
    return counts


def sweep(*, today: date | None = None, send_inline: bool = True) -> dict:
    """Plan every due reminder, then send (in this process) or enqueue (one Celery task per reminder)."""
    from applications.services import drafts_delete_expired

    planned = plan(today=today)
    drafts_delete_expired()
    if send_inline:
        return {"planned": planned, **send_due()}
    from . import tasks

    ids = list(claimable().values_list("pk", flat=True)[:10000])
    for pk in ids:
        tasks.send_reminder.delay(pk)
    return {"planned": planned, "enqueued": len(ids)}


def retry(*, reminder: Reminder) -> None:
    """A caseworker asks to try a failed reminder again (e.g. after the address was corrected)."""
    Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.FAILED).update(
        status=ReminderStatus.PENDING, send_after=timezone.now(), last_error="", claimed_until=None)
