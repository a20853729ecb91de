"""Planning reminders: every due event of every registered rule becomes one outbox row per recipient.

Planning is idempotent: the outbox row's dedupe key is (kind, target, due day, recipient), so a second sweep writes
nothing new, and a new deadline (a new due day) gives a new reminder. Sending is the outbox's work (see
besokshjem/outbox/services.py: claims with leases and tokens, backoff, the one documented duplicate window).
"""

from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from besokshjem.outbox import services as outbox
from besokshjem.tenancy.models import Municipality

from .registry import PERIODIC, RULES, due_events


def dedupe_key(*, kind: str, content_type_id: int, object_id: int, due_on: date, recipient: str) -> str:
    return f"reminder:{kind}:{content_type_id}:{object_id}:{due_on:%Y%m%d}:{recipient.lower()}"


def plan(*, today: date | None = None) -> int:
    """Write an outbox row for every due event of every rule in every kommune. Safe to run any number of times."""
    today = today or timezone.localdate()
    now = timezone.now()
    rows = []
    for municipality in Municipality.objects.all():
        for rule in RULES.values():
            content_type = ContentType.objects.get_for_model(apps.get_model(rule.model))
            for due in due_events(rule, municipality, today):
                for email, language in due.recipients:
                    rows.append({
                        "kind": rule.kind, "municipality": municipality, "content_type": content_type, "object_id": due.target.pk,
                        "recipient": email, "language": language, "due_on": due.due_on, "send_after": now,
                        "dedupe_key": dedupe_key(kind=rule.kind, content_type_id=content_type.pk, object_id=due.target.pk,
                                                 due_on=due.due_on, recipient=email),
                    })
    outbox.messages_write_many(rows)
    return len(rows)


def run_periodic() -> None:
    for job in PERIODIC:
        job()


def sweep(*, today: date | None = None, send_inline: bool = True) -> dict:
    """Plan every due reminder and run the registered periodic jobs; then send in this process or queue for the workers."""
    planned = plan(today=today)
    run_periodic()
    if send_inline:
        return {"planned": planned, **outbox.send_due()}
    return {"planned": planned, **outbox.sweep()}
