"""Production settings pass Django's deployment checks; the tests and `make run` speak plain http."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": ["besokshjem.example.no"],
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def settings_under(**environment) -> dict:
    """The HTTPS settings the settings module gives in a fresh process with this environment (no pytest)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "TESTING"))}
    env.update(SECRET_KEY="a-long-random-production-secret-0123456789", TESTING="false", **environment)
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
             "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
    code = ("import json, django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'besokshjem.settings'; django.setup(); "
            f"from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,  # noqa: S603
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_strict_and_debug_serves_plain_http():
    assert settings_under(DEBUG="false") == {
        "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True, "SECURE_PROXY_SSL_HEADER": None, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
    }
    development = settings_under(DEBUG="true")  # make run
    assert not development["SECURE_SSL_REDIRECT"] and development["SECURE_HSTS_SECONDS"] == 0
    assert not development["SESSION_COOKIE_SECURE"]
    proxied = settings_under(DEBUG="false", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https", SECURE_HSTS_PRELOAD="false")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"] and proxied["SECURE_HSTS_PRELOAD"] is False


def test_production_settings_pass_the_deploy_check_without_warnings(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set for the test run only (tests/conftest.py)
    with override_settings(**PRODUCTION):
        call_command("check", deploy=True, fail_level="WARNING")  # raises SystemCheckError on any warning


def test_the_check_fails_when_https_is_switched_off(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with override_settings(**{**PRODUCTION, "SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0}), \
            pytest.raises(SystemCheckError, match="security.W008|security.W004"):
        call_command("check", deploy=True, fail_level="WARNING")


def test_http_is_redirected_to_https_in_production(client, db):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_https_answers_with_hsts(client, db):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000):
        response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_behind_a_proxy_the_forwarded_proto_counts_as_https(client, db):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
        assert client.get("/").status_code == 301


def test_request_size_limits_are_set_deliberately():
    from besokshjem import settings as module

    assert module.DATA_UPLOAD_MAX_MEMORY_SIZE == module.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert module.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000 and module.DATA_UPLOAD_MAX_NUMBER_FILES == 20
