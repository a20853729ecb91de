"""Data built once for a test module: a module-scoped fixture opens `module_data(…)` and yields inside it."""

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

from besokshjem.celery import app


@contextmanager
def module_data(django_db_blocker, tmp_path_factory):
    """The database open to a module-scoped fixture, inside one transaction rolled back at the end (each test runs in a
    savepoint inside it). Module scope runs before conftest's per-test settings, so the ones building data touches are
    set here too."""
    test_settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CELERY_TASK_ALWAYS_EAGER=True,
        SITE_URL="http://testserver",
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with test_settings, django_db_blocker.unblock(), transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        app.conf.task_always_eager = eager
