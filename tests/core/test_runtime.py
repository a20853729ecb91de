"""The runtime pieces (README: «Running with PostgreSQL, Redis, a worker and beat»): the embedded defaults locally, the real services under CI."""

import os
import subprocess
import sys
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection

from besokshjem.celery import app

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def test_database_is_the_one_configured(db):
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    if IN_CI:
        assert connection.vendor == "postgresql"


def test_celery_broker_follows_redis_url():
    if settings.REDIS_URL:
        assert app.conf.broker_url.startswith("redis://")
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
    else:
        assert settings.CELERY_TASK_ALWAYS_EAGER
        assert app.conf.broker_url == "memory://"


def test_cache_round_trips_through_the_configured_backend():
    expected = "RedisCache" if settings.REDIS_URL else "LocMemCache"
    assert type(caches["default"]).__name__ == expected
    key = f"besokshjem-test-{uuid.uuid4()}"
    cache.set(key, {"a": 1}, 5)
    assert cache.get(key) == {"a": 1}
    cache.delete(key)


def test_secret_key_is_required_without_debug(monkeypatch):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "TESTING")}
    env.update(DEBUG="false", TESTING="false")
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='besokshjem.settings'; django.setup()"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
