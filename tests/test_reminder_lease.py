"""A claim is a lease: a worker killed mid-send does not lose the reminder, and a live claim is never sent twice."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from besokshjem.reminders import services
from besokshjem.reminders.models import Reminder

from .factories import RespiteApplicationFactory


def test_a_reminder_claimed_by_a_killed_worker_is_sent_after_the_lease_expires(bergen, settings):
    settings.REMINDER_LEASE_SECONDS = 300
    application = RespiteApplicationFactory(municipality=bergen)
    [reminder_id] = services.plan_now(kind="respite_draft_unfinished", target=application, municipality=bergen,
                                      due_on=timezone.localdate(), recipients=[(application.guardian_email, "nb")])
    assert services.claim(reminder_id=reminder_id)  # a worker claims it ... and is killed before sending

    assert services.send_due()["sent"] == 0  # the lease is still held: nobody else sends it
    assert not services.claim(reminder_id=reminder_id)
    assert mail.outbox == []

    with time_machine.travel(timezone.now() + timedelta(seconds=301)):
        assert services.send_due()["sent"] == 1
        assert services.send_due()["sent"] == 0
    reminder = Reminder.objects.get(pk=reminder_id)
    assert reminder.status == "sent" and reminder.attempts == 2
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == reminder.message_id


def test_a_temporary_failure_releases_the_claim_with_backoff(bergen, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: connection refused
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    application = RespiteApplicationFactory(municipality=bergen)
    [reminder_id] = services.plan_now(kind="respite_draft_unfinished", target=application, municipality=bergen,
                                      due_on=timezone.localdate(), recipients=[(application.guardian_email, "nb")])
    counts = services.send_due()
    assert counts["retry"] == 1 and counts["sent"] == 0
    reminder = Reminder.objects.get(pk=reminder_id)
    assert reminder.status == "pending" and reminder.claimed_until is None and "ConnectionRefused" in reminder.last_error
    assert reminder.send_after > timezone.now() + timedelta(seconds=50)


def test_a_reminder_of_an_unknown_kind_does_not_block_the_others(bergen):
    application = RespiteApplicationFactory(municipality=bergen)
    [good] = services.plan_now(kind="respite_draft_unfinished", target=application, municipality=bergen,
                               due_on=timezone.localdate(), recipients=[(application.guardian_email, "nb")])
    Reminder.objects.create(kind="retired_kind", municipality=bergen, content_type_id=Reminder.objects.get(pk=good).content_type_id,
                            object_id=application.pk, due_on=timezone.localdate(), recipient="x@example.no", send_after=timezone.now())
    counts = services.send_due()
    assert counts["sent"] == 1 and counts["obsolete"] == 1
    assert not Reminder.objects.filter(status="claimed").exists()
