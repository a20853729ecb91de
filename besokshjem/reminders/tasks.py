"""Thin Celery tasks of the reminder engine. Names are pinned: tasks queued before a deploy still run."""

from celery import shared_task

from besokshjem.outbox import services as outbox

from . import services


@shared_task(name="besokshjem.reminders.tasks.sweep", acks_late=True, soft_time_limit=240, time_limit=300)
def sweep() -> dict:
    """The beat's periodic job: plan every due reminder and queue the outbox rows for the workers."""
    return services.sweep(send_inline=False)


@shared_task(name="besokshjem.reminders.tasks.send_reminder", acks_late=True)
def send_reminder(reminder_id: int) -> dict:
    """Kept for tasks queued before reminders became outbox rows: their rows were moved to the outbox, which sends them."""
    return outbox.sweep()
