"""Reminders against the real services: Redis, a Celery worker process, an SMTP server and PostgreSQL.

- a real worker (`celery -A besokshjem worker`, started here on a queue of its own) takes the tasks from Redis and
  delivers to an SMTP server running in this test (aiosmtpd): exactly once, with the reminder's Message-ID;
- the mail server is down first: the task retries with backoff and the reminder arrives once the server is up;
- a permanent refusal (550) is recorded as failed, not retried, and the admin action puts it back in the queue;
- two sweeps at once on PostgreSQL send each due event once;
- `manage.py send_reminders` works without Redis (in-process) and sends nothing twice.

The worker and SMTP tests need Redis and PostgreSQL (REDIS_URL, DATABASE_URL). Locally they skip without them;
under CI=true they fail instead (and tests/conftest.py stops the run at once if the services are missing).
Every wait is bounded (WAIT seconds) and polls; the worker is always stopped by its fixture.
"""

import email
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from applications import respite_services
from applications.models import InterimReply, RespiteApplication
from besokshjem.reminders import services, tasks
from besokshjem.reminders.models import Reminder, ReminderStatus

from .factories import RespiteApplicationFactory

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
WAIT = 60  # seconds: the bound of every wait in this file


# --- helpers ---------------------------------------------------------------------------------------------------


def wait_for(predicate, *, timeout=WAIT, what="the condition", interval=0.1):
    """Poll until predicate() is truthy and return its value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def submitted_respite(municipality, **fields) -> RespiteApplication:
    """A parent's submitted application (set directly: no receipt task is queued as a side effect)."""
    n = RespiteApplication.objects.count() + 1
    return RespiteApplicationFactory(municipality=municipality, status="submitted", submitted_at=timezone.now(),
                                     reference=f"{municipality.reference_prefix}-2026-{n:04d}", **fields)


def unfinished_draft(municipality, days_old=25, **fields) -> RespiteApplication:
    """A parent's draft left unfinished `days_old` days ago: the respite_draft_unfinished reminder is due (7 days before deletion)."""
    draft = RespiteApplicationFactory(municipality=municipality, **fields)
    RespiteApplication.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return draft


def interim_reply_sent(application, caseworker) -> int:
    """The caseworker sends a foreløpig svar: its notice to the parent (interim_reply_ready) is planned with plan_now and
    queued on commit, the production path (autocommit in these tests: at once)."""
    reply = respite_services.interim_reply_send(application=application, reason="Vi venter på uttalelse fra skolen",
                                                expected_decision_date=timezone.localdate() + timedelta(days=30), by=caseworker)
    return Reminder.objects.get(kind="interim_reply_ready", object_id=reply.pk).pk


def interim_reply(application, caseworker) -> InterimReply:
    """A foreløpig svar made directly (nothing planned or queued)."""
    return InterimReply.objects.create(application=application, reason="Venter", sent_by=caseworker,
                                       expected_decision_date=timezone.localdate() + timedelta(days=30))


def status_of(reminder_id) -> str:
    return Reminder.objects.values_list("status", flat=True).get(pk=reminder_id)


def _problems(*, redis_needed: bool) -> list[str]:
    problems = []
    if connection.vendor != "postgresql":
        problems.append("the database is not PostgreSQL (set DATABASE_URL)")
    if redis_needed:
        if not settings.REDIS_URL:
            problems.append("REDIS_URL is not set")
        else:
            import redis

            try:
                redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
            except redis.RedisError as exc:
                problems.append(f"Redis at REDIS_URL is not reachable: {exc}")
    return problems


def _require(problems):
    if problems:
        message = "; ".join(problems)
        if IN_CI:
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)


# --- the SMTP server -------------------------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler: keeps every message it accepts; refuses every recipient with `reject` while that is set."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.reject: str | None = None
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject:
            self.refused += 1
            return self.reject
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    """A real SMTP server on 127.0.0.1:port, started when the test wants it up (the port is free until then)."""

    def __init__(self, port: int, handler: Mailbox):
        self.port, self.handler, self.controller = port, handler, None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mailbox():
    return Mailbox()


@pytest.fixture
def smtp(mailbox):
    server = SmtpServer(free_port(), mailbox)
    yield server
    server.stop()


# --- the Celery worker -----------------------------------------------------------------------------------------


class Worker:
    """`celery -A besokshjem worker` in a process of its own, on the test database, a unique queue and the test SMTP port."""

    def __init__(self, *, queue: str, smtp_port: int, log_path: Path):
        self.queue, self.smtp_port, self.log_path = queue, smtp_port, log_path
        self.process: subprocess.Popen | None = None

    def env(self) -> dict:
        db = connection.settings_dict
        credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
        database_url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "besokshjem.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "CELERY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "REMINDER_RETRY_BASE_SECONDS": "1",
            "SECRET_KEY": "integration-test-only-secret-key-0123456789",
            "SITE_URL": "http://testserver",
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
        }

    def start(self):
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery), "-A", "besokshjem", "worker", "--pool=solo", "--concurrency=1", "-Q", self.queue,
                   "--loglevel=INFO", "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, env=self.env(), cwd=settings.BASE_DIR,  # noqa: S603
                                        stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_for_log(" ready.", what="the worker to be ready")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, text: str, *, what: str):
        def seen():
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited ({self.process.returncode}) while waiting for {what}:\n{self.log()}")
            return text in self.log()

        try:
            wait_for(seen, what=what)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- worker log ---\n{self.log()[-5000:]}") from None

    def wait_for_task(self, task_id: str):
        self.wait_for_log(f"[{task_id}] succeeded", what=f"task {task_id} to finish")

    def drain(self, reminder_id: int) -> None:
        """Queue one more send of an already handled reminder and wait for it: the (solo, FIFO) worker has then run
        everything queued before it, and that extra send must do nothing."""
        task_id = tasks.send_reminder.delay(reminder_id).id
        self.wait_for_task(task_id)
        [line] = [line for line in self.log().splitlines() if f"[{task_id}] succeeded" in line]
        assert line.endswith("'not_claimed'"), line

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self.process is not None:
            self._log.close()
        connections.close_all()


@pytest.fixture
def integration(transactional_db):
    """Redis and PostgreSQL are there (else skip locally, fail under CI); the worker commits are visible to this test."""
    _require(_problems(redis_needed=True))


@pytest.fixture
def broker(integration, settings):
    """Tasks queued by this process go through Redis to a queue of this test's own (not run eagerly in-process)."""
    from besokshjem.celery import app

    queue = f"besokshjem-test-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_always_eager, app.conf.task_default_queue = previous
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    leftovers = list(client.scan_iter(match=f"*{queue}*"))  # the queue, its kombu bindings
    if leftovers:
        client.delete(*leftovers)


@pytest.fixture
def worker(broker, smtp, tmp_path):
    process = Worker(queue=broker, smtp_port=smtp.port, log_path=tmp_path / "worker.log")
    yield process
    process.stop()


# --- a) delivered once through Redis, a worker and SMTP --------------------------------------------------------


@pytest.mark.services
def test_letter_notice_is_delivered_once_through_redis_and_a_worker(bergen, bergen_caseworker, worker, smtp, mailbox):
    smtp.start()
    worker.start()
    application = submitted_respite(bergen)

    reminder_id = interim_reply_sent(application, bergen_caseworker)  # queues send_reminder through Redis
    duplicate = tasks.send_reminder.delay(reminder_id)  # the same task twice (a redelivery) must not send twice

    wait_for(lambda: status_of(reminder_id) == ReminderStatus.SENT, what="the reminder to be sent")
    worker.wait_for_task(duplicate.id)
    worker.drain(reminder_id)

    reminder = Reminder.objects.get(pk=reminder_id)
    assert mailbox.message_ids() == [reminder.message_id]
    [message] = mailbox.messages
    assert message["To"] == application.guardian_email
    assert message["Auto-Submitted"] == "auto-generated" and application.reference in message["Subject"]
    assert reminder.status == ReminderStatus.SENT and reminder.sent_at is not None and reminder.attempts == 1
    assert reminder.claimed_until is None and reminder.last_error == ""


@pytest.mark.services
def test_beat_sweep_reminds_an_unfinished_draft_once(bergen, worker, smtp, mailbox):
    smtp.start()
    worker.start()
    draft = unfinished_draft(bergen)

    first, second = tasks.sweep.delay(), tasks.sweep.delay()  # two beats in a row: both plan and enqueue
    worker.wait_for_task(first.id)
    worker.wait_for_task(second.id)
    reminder = wait_for(lambda: Reminder.objects.filter(kind="respite_draft_unfinished", object_id=draft.pk, status="sent").first(),
                        what="the draft reminder to be sent")
    worker.drain(reminder.pk)

    assert Reminder.objects.count() == 1
    assert mailbox.message_ids() == [reminder.message_id]
    assert mailbox.messages[0]["To"] == draft.guardian_email


# --- b) the mail server is down first ---------------------------------------------------------------------------


@pytest.mark.services
def test_smtp_down_first_is_retried_with_backoff_and_delivered_once(bergen, bergen_caseworker, worker, smtp, mailbox):
    worker.start()  # EMAIL_URL points at smtp.port, where nothing listens yet: connection refused
    application = submitted_respite(bergen)
    reminder_id = interim_reply_sent(application, bergen_caseworker)

    wait_for(lambda: Reminder.objects.get(pk=reminder_id).attempts >= 2, what="a second (retried) attempt")
    failing = Reminder.objects.get(pk=reminder_id)
    assert failing.status in (ReminderStatus.PENDING, ReminderStatus.CLAIMED)
    assert "retry: Retry in" in worker.log()
    assert mailbox.messages == []

    smtp.start()
    wait_for(lambda: status_of(reminder_id) == ReminderStatus.SENT, what="the reminder to be sent once SMTP is up")
    worker.drain(reminder_id)

    reminder = Reminder.objects.get(pk=reminder_id)
    assert reminder.attempts > 1
    assert mailbox.message_ids() == [reminder.message_id]
    assert "Connection refused" in worker.log() or "ConnectionRefusedError" in worker.log()


# --- e) a permanent refusal -------------------------------------------------------------------------------------


def _retry_in_admin(client, caseworker, reminder_id):
    client.force_login(caseworker)
    response = client.post(reverse("admin:reminders_reminder_changelist"),
                           {"action": "retry_failed", "_selected_action": [str(reminder_id)]})
    assert response.status_code == 302, response.content[:2000]


@pytest.mark.services
def test_permanent_refusal_is_failed_not_retried_and_the_admin_can_retry(bergen, bergen_caseworker, worker, smtp, mailbox, client):
    mailbox.reject = "550 No such user"
    smtp.start()
    worker.start()
    application = submitted_respite(bergen)
    reminder_id = interim_reply_sent(application, bergen_caseworker)

    wait_for(lambda: status_of(reminder_id) == ReminderStatus.FAILED, what="the reminder to be recorded as failed")
    worker.drain(reminder_id)
    reminder = Reminder.objects.get(pk=reminder_id)
    assert reminder.attempts == 1 and mailbox.refused == 1
    assert "550" in reminder.last_error and "No such user" in reminder.last_error
    assert "retry:" not in worker.log()
    assert mailbox.messages == []

    _retry_in_admin(client, bergen_caseworker, reminder_id)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and reminder.last_error == "" and reminder.send_after <= timezone.now()

    mailbox.reject = None  # the address was corrected
    tasks.send_reminder.delay(reminder_id)  # what the next beat sweep would enqueue
    wait_for(lambda: status_of(reminder_id) == ReminderStatus.SENT, what="the retried reminder to be sent")
    worker.drain(reminder_id)
    assert mailbox.message_ids() == [reminder.message_id]


def test_permanent_refusal_in_process_is_failed_not_retried_and_the_admin_can_retry(
        bergen, bergen_caseworker, smtp, mailbox, client, settings):
    """The same classification without Redis (SQLite too): send_due against the real SMTP server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    mailbox.reject = "550 No such user"
    smtp.start()
    application = submitted_respite(bergen)
    reminder = Reminder.objects.create(kind="interim_reply_ready", municipality=bergen, target=interim_reply(application, bergen_caseworker),
                                       due_on=timezone.localdate(),
                                       recipient=application.guardian_email, send_after=timezone.now())

    assert services.send_due()["failed"] == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED and reminder.attempts == 1
    assert "550" in reminder.last_error and "No such user" in reminder.last_error
    assert services.send_due()["batches"] == 0  # not retried
    assert mailbox.refused == 1 and mailbox.messages == []

    _retry_in_admin(client, bergen_caseworker, reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and reminder.last_error == ""

    mailbox.reject = None
    assert services.send_due()["sent"] == 1
    assert mailbox.message_ids() == [reminder.message_id]


# --- c) two sweeps at once on PostgreSQL ------------------------------------------------------------------------


@pytest.fixture
def postgresql(transactional_db):
    _require(_problems(redis_needed=False))


def in_threads(n: int, work) -> list:
    """Run work() in n threads started together, each on its own database connection (closed at thread end)."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=WAIT)
            results[i] = work()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert not any(t.is_alive() for t in threads), "a sending thread did not finish in time"
    if errors:
        raise errors[0]
    return results


def assert_each_sent_once(reminders):
    ids = Counter(m.extra_headers["Message-ID"] for m in mail.outbox)
    recipients = Counter(m.to[0] for m in mail.outbox)
    assert sorted(ids) == sorted(r.message_id for r in reminders)
    assert set(ids.values()) == {1}, [k for k, v in ids.items() if v > 1]
    assert sorted(recipients) == sorted(r.recipient for r in reminders) and set(recipients.values()) == {1}
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.services
def test_two_senders_at_once_send_each_due_event_once(postgresql, bergen, bergen_caseworker):
    replies = [interim_reply(submitted_respite(bergen), bergen_caseworker) for _ in range(50)]
    Reminder.objects.bulk_create([
        Reminder(kind="interim_reply_ready", municipality=bergen, target=r, due_on=timezone.localdate(),
                 recipient=r.application.guardian_email, send_after=timezone.now()) for r in replies
    ])

    results = in_threads(2, lambda: services.send_due(batch_size=5))

    assert sum(r["sent"] for r in results) == 50 and sum(r["retry"] + r["failed"] + r["obsolete"] for r in results) == 0
    assert_each_sent_once(Reminder.objects.all())


@pytest.mark.services
def test_two_sweeps_at_once_plan_and_send_each_due_event_once(postgresql, bergen):
    drafts = [unfinished_draft(bergen) for _ in range(50)]

    results = in_threads(2, lambda: services.sweep(send_inline=True))

    assert sum(r["sent"] for r in results) == 50
    reminders = Reminder.objects.all()
    assert sorted(r.object_id for r in reminders) == sorted(d.pk for d in drafts)
    assert {r.kind for r in reminders} == {"respite_draft_unfinished"}
    assert_each_sent_once(reminders)


# --- d) the management command without Redis --------------------------------------------------------------------


def test_send_reminders_command_sends_in_process_once(bergen, settings, monkeypatch):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def no_queue(*args, **kwargs):
        raise AssertionError("send_reminders must send in this process, not through Celery")

    monkeypatch.setattr(tasks.send_reminder, "delay", no_queue)
    draft = unfinished_draft(bergen)

    out = StringIO()
    call_command("send_reminders", stdout=out)
    reminder = Reminder.objects.get()
    assert reminder.kind == "respite_draft_unfinished" and reminder.object_id == draft.pk
    assert reminder.status == ReminderStatus.SENT
    assert [m.to for m in mail.outbox] == [[draft.guardian_email]]
    assert mail.outbox[0].extra_headers["Message-ID"] == reminder.message_id
    assert "sent: 1" in out.getvalue()

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 1
    assert "sent: 0" in out.getvalue()
