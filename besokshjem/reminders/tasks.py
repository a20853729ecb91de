"""Thin Celery tasks: ids in, services do the work. Retries only on temporary mail errors, with backoff."""

from celery import shared_task

from .services import TemporaryMailError, backoff_seconds


@shared_task(bind=True, acks_late=True, max_retries=20, soft_time_limit=60, time_limit=120)
def send_reminder(self, reminder_id: int) -> str:
    from . import services

    try:
        return services.send_one(reminder_id=reminder_id)
    except TemporaryMailError as exc:
        raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries + 1)) from exc


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep() -> dict:
    """The beat's periodic job: plan every due reminder and enqueue one send task each."""
    from . import services

    return services.sweep(send_inline=False)
