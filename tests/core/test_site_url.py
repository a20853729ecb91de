"""Links in e-mails lead to where the portal is served: they are built from SITE_URL, `make run` sets SITE_URL to the
address it serves, and under DEBUG the first request warns when the two differ."""

import logging
import shutil
import subprocess

from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token

from ..factories import RespiteApplicationFactory
from ..respite_helpers import submit

WARNING = "links in e-mails will not lead here"


def test_links_in_emails_are_built_from_site_url(bergen, settings, on_commit):
    settings.SITE_URL = "http://127.0.0.1:8123"
    with on_commit():
        application = submit(RespiteApplicationFactory(municipality=bergen))
    [receipt] = [m for m in mail.outbox if m.to == [application.guardian_email]]
    status = reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])
    assert f"http://127.0.0.1:8123{status}" in receipt.body


def _make_run(*variables: str) -> list[str]:
    """The commands `make run` would run, without running them."""
    make = shutil.which("make")
    assert make, "make is needed for `make run`"
    done = subprocess.run([make, "-n", "run", *variables], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)  # noqa: S603 - our own Makefile, dry run
    return [line for line in done.stdout.splitlines() if "manage.py" in line]


def test_make_run_gives_site_url_the_address_it_serves():
    for variables, address in [((), "127.0.0.1:8000"), (("PORT=8123",), "127.0.0.1:8123"), (("HOST=localhost", "PORT=9000"), "localhost:9000")]:
        commands = _make_run(*variables)
        assert commands[-1].endswith(f"manage.py runserver {address}")
        assert all(f"SITE_URL=http://{address} " in command for command in commands), commands


def test_the_first_request_warns_when_served_elsewhere_than_site_url(db, caplog, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with override_settings(DEBUG=True), caplog.at_level(logging.WARNING, logger="besokshjem.core.middleware"):
        client = Client()
        client.get("/", HTTP_HOST="127.0.0.1:8001")
        client.get("/", HTTP_HOST="127.0.0.1:8001")
    warnings = [r.getMessage() for r in caplog.records if WARNING in r.getMessage()]
    assert warnings == ["SITE_URL is http://127.0.0.1:8000, but the portal is served at http://127.0.0.1:8001: links in e-mails "
                        "will not lead here. Set SITE_URL to the address people use (`make run HOST=… PORT=…` sets it)."]


def test_no_warning_when_served_at_site_url_or_outside_debug(db, caplog, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with caplog.at_level(logging.WARNING, logger="besokshjem.core.middleware"):
        with override_settings(DEBUG=True):
            Client().get("/", HTTP_HOST="127.0.0.1:8000")
        Client().get("/", HTTP_HOST="elsewhere.example.no")  # DEBUG off: production is not checked per request
    assert not [r for r in caplog.records if WARNING in r.getMessage()]
