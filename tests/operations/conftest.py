"""Operations tests run against PostgreSQL only. Tests marked `postgres` are *deselected* (reported as such, never
passed) when DATABASE_URL is not PostgreSQL; CI runs on PostgreSQL (tests/conftest.py stops a CI run without it)."""

from django.conf import settings


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    if on_postgresql():
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]
