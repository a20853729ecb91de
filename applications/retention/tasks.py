"""The nightly retention run (scheduled in settings.CELERY_BEAT_SCHEDULE): one task per kommune, so one kommune's
failure does not stop the others. Idempotent: a second run finds nothing."""

from celery import shared_task

from besokshjem.tenancy.models import Municipality

from . import services


@shared_task(name="applications.retention.run_all", acks_late=True)
def run_all() -> None:
    for pk in Municipality.objects.values_list("pk", flat=True):
        run_for_municipality.delay(pk)


@shared_task(name="applications.retention.run", acks_late=True)
def run_for_municipality(municipality_id: int) -> None:
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is not None:
        services.retention_run(municipality=municipality, dry_run=False)
