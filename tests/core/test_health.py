"""/helse/: the database, the broker and the outbox's backlog, for an uptime check or a load balancer.

The broker tests talk to a real Redis (REDIS_URL; under CI=true a missing one fails) or to a closed port on this
machine; the database is the suite's own (PostgreSQL under CI)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from besokshjem.outbox.models import Message, MessageStatus
from tests.integration import free_port, require

URL = "/helse/"


def messages(municipality, n, *, status=MessageStatus.PENDING, send_after=None):
    """n outbox rows about the kommune itself (fictional addresses), written straight to the table: nothing is queued."""
    content_type = ContentType.objects.get_for_model(municipality)
    send_after = send_after or timezone.now()
    return Message.objects.bulk_create(
        Message(kind="helse-test", municipality=municipality, content_type=content_type, object_id=municipality.pk,
                recipient=f"mottaker{i}@{municipality.slug}.example.no", status=status, send_after=send_after)
        for i in range(n)
    )


@pytest.fixture
def broker_used(settings):
    """Tasks go through the broker (not eagerly in-process), so the check pings it."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def test_the_url_is_helse():
    assert reverse("health") == URL


def test_a_healthy_portal_answers_200_ok_as_json_never_cached_and_sets_no_cookie(db, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["broker"] == {"status": "not used"}  # the tests run tasks eagerly, as the embedded defaults do
    assert body["checks"]["outbox"]["status"] == "ok"


def test_a_head_request_is_answered_and_a_post_is_refused(db, client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_a_logged_in_caseworker_gets_the_same_answer_and_no_login_is_asked(bergen_caseworker, client):
    assert client.get(URL).status_code == 200  # anonymous: no redirect to the login
    client.force_login(bergen_caseworker)
    assert client.get(URL).json()["status"] == "ok"


def test_the_check_is_not_redirected_to_https(db, client, settings):
    """A load balancer asks over plain http behind the TLS proxy; the pages are still redirected."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/personvern/").status_code == 301
    assert client.get(URL).status_code == 200
    assert client.get("/ping/").status_code == 200


def test_the_real_broker_is_pinged_when_tasks_go_through_it(db, client, broker_used):
    require([] if django_settings.REDIS_URL else ["REDIS_URL is not set"])
    broker_used.CELERY_BROKER_URL = django_settings.REDIS_URL
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == {"status": "ok"}


def test_a_broker_nobody_listens_on_fails_the_check_with_503(db, client, broker_used, caplog):
    broker_used.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get(URL)
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "fail" and body["failed"] == ["broker"]
    assert body["checks"]["broker"] == {"status": "fail", "error": "ConnectionError"}
    assert body["checks"]["database"]["status"] == "ok" and body["checks"]["outbox"]["status"] == "ok"
    assert "Health check broker failed" in caplog.text


def test_an_outbox_e_mail_due_longer_than_the_threshold_fails_the_check(bergen, client, settings):
    settings.HEALTH_OUTBOX_MAX_PENDING_AGE_MINUTES = 30
    written = timezone.now()
    messages(bergen, 3, send_after=written)
    messages(bergen, 2, send_after=written + timedelta(hours=2))  # backoff or a later day: pending, not yet due
    messages(bergen, 1, status=MessageStatus.SENT, send_after=written - timedelta(days=1))

    with time_machine.travel(written + timedelta(minutes=29), tick=False):
        fine = client.get(URL)
    assert fine.status_code == 200
    assert fine.json()["checks"]["outbox"] == {
        "status": "ok", "pending": 5, "failed": 0, "oldest_pending_minutes": 29, "max_pending_age_minutes": 30,
        "max_failed": None, "over_threshold": [],
    }

    with time_machine.travel(written + timedelta(minutes=31), tick=False):
        late = client.get(URL)
    assert late.status_code == 503
    body = late.json()
    assert body["failed"] == ["outbox"]
    assert body["checks"]["outbox"]["oldest_pending_minutes"] == 31
    assert body["checks"]["outbox"]["over_threshold"] == ["oldest_pending_minutes"]
    assert b"example.no" not in late.content  # counts only: no recipient, no case


def test_failed_e_mails_are_counted_and_fail_the_check_only_above_the_set_limit(bergen, client, settings):
    messages(bergen, 2, status=MessageStatus.FAILED)
    settings.HEALTH_OUTBOX_MAX_FAILED = None
    counted = client.get(URL)
    assert counted.status_code == 200 and counted.json()["checks"]["outbox"]["failed"] == 2

    settings.HEALTH_OUTBOX_MAX_FAILED = 2
    assert client.get(URL).status_code == 200
    settings.HEALTH_OUTBOX_MAX_FAILED = 1
    over = client.get(URL)
    assert over.status_code == 503 and over.json()["checks"]["outbox"]["over_threshold"] == ["failed"]


@pytest.mark.parametrize("rows", [0, 50])
def test_the_check_costs_two_queries_however_large_the_outbox(bergen, client, rows, django_assert_num_queries):
    messages(bergen, rows)
    messages(bergen, rows, status=MessageStatus.FAILED)
    with django_assert_num_queries(2):  # SELECT 1, and one aggregate over the outbox
        response = client.get(URL)
    assert response.json()["checks"]["outbox"]["pending"] == rows
