"""The portal's health for an uptime check or a load balancer (`/helse/`, docs/operations.md): the database, the
Celery broker and the outbox's backlog, each a check that passes or fails.

What it reports carries no personal data: statuses, counts, minutes and the class name of an error. A failed check is
logged once per request with the error's text (a host name, a port), never a recipient or a case.
"""

import logging
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from besokshjem.outbox.selectors import backlog

logger = logging.getLogger(__name__)

OK, FAIL, NOT_USED, NOT_CHECKED = "ok", "fail", "not used", "not checked"


def _failed(name: str, exc: Exception) -> dict:
    logger.warning("Health check %s failed: %s: %s", name, type(exc).__name__, exc)
    return {"status": FAIL, "error": type(exc).__name__}


def check_database() -> dict:
    """One trivial query on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return _failed("database", exc)
    return {"status": OK}


def check_broker() -> dict:
    """A PING to the configured broker, given up after HEALTH_BROKER_TIMEOUT_SECONDS. With eager tasks (the embedded
    defaults) nothing is published, so the broker is «not used» and passes."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": NOT_USED}
    timeout = settings.HEALTH_BROKER_TIMEOUT_SECONDS
    client = None
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
    except (redis.RedisError, OSError, ValueError) as exc:  # ValueError: a broker URL that is not Redis
        return _failed("broker", exc)
    finally:
        if client is not None:
            client.close()
    return {"status": OK}


def outbox_verdict(*, pending: int, failed: int, oldest_due: datetime | None, now: datetime) -> dict:
    """The outbox's figures against the thresholds: the oldest due e-mail may wait HEALTH_OUTBOX_MAX_PENDING_AGE_MINUTES;
    failed e-mails are counted, and fail the check only above HEALTH_OUTBOX_MAX_FAILED when that is set."""
    max_age = settings.HEALTH_OUTBOX_MAX_PENDING_AGE_MINUTES
    max_failed = settings.HEALTH_OUTBOX_MAX_FAILED
    over = []
    if oldest_due is not None and now - oldest_due > timedelta(minutes=max_age):
        over.append("oldest_pending_minutes")
    if max_failed is not None and failed > max_failed:
        over.append("failed")
    return {
        "status": FAIL if over else OK,
        "pending": pending,
        "failed": failed,
        "oldest_pending_minutes": None if oldest_due is None else int((now - oldest_due).total_seconds() // 60),
        "max_pending_age_minutes": max_age,
        "max_failed": max_failed,
        "over_threshold": over,
    }


def check_outbox() -> dict:
    now = timezone.now()
    try:
        figures = backlog(now=now)
    except DatabaseError as exc:
        return _failed("outbox", exc)
    verdict = outbox_verdict(now=now, **figures)
    if verdict["status"] == FAIL:
        logger.warning("Health check outbox failed: over threshold: %s", ", ".join(verdict["over_threshold"]))
    return verdict


def report() -> dict:
    """Every check; the outbox only when the database answered (one connection timeout, not two)."""
    checks = {"database": check_database(), "broker": check_broker()}
    checks["outbox"] = check_outbox() if checks["database"]["status"] == OK else {"status": NOT_CHECKED}
    failed = [name for name, result in checks.items() if result["status"] == FAIL]
    return {"status": FAIL if failed else OK, "failed": failed, "checks": checks}
