"""Test support for the real services: an SMTP server (aiosmtpd), a Celery worker process on Redis, PostgreSQL.

Import the fixtures into a conftest.py (or a test module) to use them:

    from tests.integration import broker, integration, mailbox, smtp, smtp_backend, worker, worker_options  # noqa: F401

- `smtp` is a real SMTP server on a free port, started by the test when it wants it up; `mailbox` is what it
  received (and can refuse recipients with a given reply, e.g. "550 No such user" or "451 Try again later");
- `smtp_backend` points Django's SMTP backend at that server (instead of the locmem backend of unit tests);
- `broker` sends this process's tasks through Redis to a queue of the test's own; `worker` is `celery -A
  besokshjem worker` on that queue, the test database and the test SMTP port. Override `worker_options` to give the
  worker extra modules to import (`include`, e.g. test kinds) or extra environment;
- `integration` needs Redis and PostgreSQL (REDIS_URL, DATABASE_URL): locally the test skips without them, under
  CI=true it fails (and tests/conftest.py stops the run at once if the services are missing).

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
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, connections

from besokshjem.celery import app

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
WAIT = 60  # seconds: the bound of every wait


# --- helpers ---------------------------------------------------------------------------------------------------


def stop_process(process, log) -> None:
    """Stop a helper process (terminate, then kill after 15 s) and close its log file."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
    if process is not None:
        log.close()


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
    """A port nothing listens on (until something is started on it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def problems(*, redis_needed: bool) -> list[str]:
    found = []
    if connection.vendor != "postgresql":
        found.append("the database is not PostgreSQL (set DATABASE_URL)")
    if redis_needed:
        if not settings.REDIS_URL:
            found.append("REDIS_URL is not set")
        else:
            try:
                redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
            except redis.RedisError as exc:
                found.append(f"Redis at REDIS_URL is not reachable: {exc}")
    return found


def require(found: list[str]) -> None:
    """Skip locally when a real service is missing; under CI=true fail instead."""
    if found:
        message = "; ".join(found)
        if IN_CI:
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)


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
    assert not any(t.is_alive() for t in threads), "a thread did not finish in time"
    if errors:
        raise errors[0]
    return results


@contextmanager
def celery_broker_unreachable():
    """Point the Celery app of this process at a port where nothing listens (as if Redis were down), tasks not run
    eagerly; on exit the broker, the eager flag and the connection pools are as they were."""
    previous = app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    try:
        yield
    finally:
        for pool in (app.amqp._producer_pool, app._pool):
            if pool is not None:
                pool.force_close_all()
        app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = previous


# --- the SMTP server -------------------------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler: keeps every message it accepts and counts connections (one EHLO each).

    While `reject` is set, every recipient is refused with it; with `reject_count`, only the first that many.
    """

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.reject: str | None = None
        self.reject_count: int | None = None
        self.refused = 0
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and (self.reject_count is None or self.refused < self.reject_count):
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


@pytest.fixture
def smtp_backend(settings, smtp):
    """Django sends through the real SMTP backend to the test server (which the test still has to start)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return smtp


# --- the Celery worker -----------------------------------------------------------------------------------------


class Worker:
    """`celery -A besokshjem worker` in a process of its own, on the test database, a unique queue and the test SMTP
    port. `include` are extra modules the worker imports at start (e.g. kinds a test registers); `env` is added to
    its environment."""

    def __init__(self, *, queue: str, smtp_port: int, log_path: Path, include: tuple[str, ...] = (), env: dict | None = None):
        self.queue, self.smtp_port, self.log_path = queue, smtp_port, log_path
        self.include, self.extra_env = include, env or {}
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
            "OUTBOX_RETRY_BASE_SECONDS": "1",
            "OUTBOX_LEASE_SECONDS": "300",
            "SECRET_KEY": "integration-test-only-secret-key-0123456789",
            "SITE_URL": "http://testserver",
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def start(self):
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery), "-A", "besokshjem", "worker", "--pool=solo", "--concurrency=1", "-Q", self.queue,
                   "--loglevel=INFO", "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if self.include:
            command += ["--include", ",".join(self.include)]
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

    def wait_for_task(self, task_id: str) -> str:
        """Wait until the task succeeded and return its result as the worker logged it."""
        self.wait_for_log(f"[{task_id}] succeeded", what=f"task {task_id} to finish")
        [line] = [line for line in self.log().splitlines() if f"[{task_id}] succeeded" in line]
        return line.split(": ", 1)[1] if ": " in line else line

    def stop(self):
        stop_process(self.process, self._log)
        connections.close_all()


@pytest.fixture
def integration(transactional_db):
    """Redis and PostgreSQL are there (else skip locally, fail under CI); the worker's commits are visible to the test."""
    require(problems(redis_needed=True))


@pytest.fixture
def postgresql(transactional_db):
    require(problems(redis_needed=False))


@pytest.fixture
def broker(integration, settings):
    """Tasks queued by this process go through Redis to a queue of this test's own (not run eagerly in-process)."""
    queue = f"besokshjem-test-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_always_eager, app.conf.task_default_queue = previous
    client = redis.Redis.from_url(settings.REDIS_URL)
    leftovers = list(client.scan_iter(match=f"*{queue}*"))  # the queue, its kombu bindings
    if leftovers:
        client.delete(*leftovers)


@pytest.fixture
def worker_options() -> dict:
    """Extra `include` modules and `env` for the worker; override this fixture in a conftest to change them."""
    return {}


@pytest.fixture
def worker(broker, smtp, tmp_path, worker_options):
    process = Worker(queue=broker, smtp_port=smtp.port, log_path=tmp_path / "worker.log", **worker_options)
    yield process
    process.stop()
