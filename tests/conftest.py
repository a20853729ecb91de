"""Personas and the checks that make CI fail (not skip) when a real service is missing.

Personas: a caseworker in Bergen, another in Lillestrøm, a volunteer applicant, a parent.
"""

import os

import pytest
from django.conf import settings

from . import second_factor
from .factories import VolunteerApplicationFactory, make_caseworker, make_municipality

# The real services' fixtures (SMTP server, Celery worker, Redis broker), for any test that asks for them.
pytest_plugins = ["tests.integration"]

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # `client.force_login(staff_user)` also gives the second factor, as the caseworker does after the password
    # (tests.second_factor); the admin site keeps requiring it, and tests/security checks that it does.
    second_factor.install()


def pytest_sessionstart(session):
    """Under CI the suite must run against the real PostgreSQL and Redis: fail at once if they are not there."""
    if not IN_CI:
        return
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("CI=true but DATABASE_URL does not point at PostgreSQL")
    if not settings.REDIS_URL:
        problems.append("CI=true but REDIS_URL is not set")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis at REDIS_URL is not reachable: {exc}")
    if problems:
        pytest.exit("; ".join(problems), returncode=3)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # A request through the test client activates its language in this thread; start every test in nb.
    from django.utils import translation

    translation.activate("nb")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks queued by services run in-process in unit tests; the Celery integration tests use a real worker.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from besokshjem.celery import app

    app.conf.task_always_eager = True
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["*"]
    # The test client speaks plain http; production redirects to https (tests/security/test_deploy_settings.py).
    settings.SECURE_SSL_REDIRECT = False
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def bergen(db):
    return make_municipality()


@pytest.fixture
def lillestrom(db):
    return make_municipality(name="Lillestrøm", slug="lillestrom", number="3205", prefix="LIL", household_attest_required=True)


@pytest.fixture
def sarpsborg(db):
    return make_municipality(name="Sarpsborg", slug="sarpsborg", number="3105", prefix="SAR", child_age_max=16)


@pytest.fixture
def bergen_caseworker(bergen):
    return make_caseworker(bergen, email="saksbehandler@bergen.example.no")


@pytest.fixture
def lillestrom_caseworker(lillestrom):
    return make_caseworker(lillestrom, email="saksbehandler@lillestrom.example.no")


@pytest.fixture
def draft(bergen):
    """The volunteer applicant persona's complete, unsent application to Bergen."""
    return VolunteerApplicationFactory(municipality=bergen)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what services queue with transaction.on_commit (e-mails, tasks) when the block ends, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def submitted(draft, on_commit):
    from applications.intake import services
    from applications.intake import volunteer_steps as steps

    with on_commit():
        return services.application_submit(application=draft, incomplete_steps=[s.slug for s in steps.incomplete_steps(draft)])


@pytest.fixture(autouse=True)
def _data_migration_rows(request):
    """Rows made by data migrations (the taushetserklæring v1, the national table of legal references, the KS tariff
    minimums) are flushed by transactional tests; put them back."""
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if {"transactional_db", "live_server"} & set(request.fixturenames) else "db")
    from importlib import import_module

    from django.apps import apps

    import_module("applications.migrations.0003_declaration_text_v1").create(apps, None)
    import_module("besokshjem.legal.migrations.0002_national_references").seed(apps, None)
    import_module("placements.migrations.0002_agreements_per_role_and_person").seed_minimums(apps)


@pytest.fixture(autouse=True)
def _access_log_flushable(request):
    """SQLite: the access log refuses DELETE (a trigger), and a transactional test's flush deletes row by row. Empty
    it with the trigger lifted before the flush, and put the trigger back (PostgreSQL flushes with TRUNCATE)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction"))
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from importlib import import_module

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    migration = import_module("besokshjem.audit.migrations.0002_access_log")
    with connection.cursor() as cursor:
        for sql in [*migration.SQLITE_REMOVE, "DELETE FROM audit_accessentry", *migration.SQLITE_INSTALL]:
            cursor.execute(sql)
