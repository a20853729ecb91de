"""Links of one purpose lead to no other; a form nonce resumes only a draft started in the same browser session; pages
behind a link are never cached and send no Referer to another site; no token reaches a log line."""

import logging

from django.test import Client
from django.urls import reverse

from applications.intake import services as intake
from applications.intake import volunteer_steps as steps
from applications.models import VolunteerApplication
from besokshjem.core.private_links import MASK, MaskSecretsFilter
from besokshjem.core.tokens import RESUME, STATUS, case_token

from ..intake.wizard_walk import start


def test_another_sessions_nonce_starts_a_new_draft_and_never_leads_to_the_other(client, bergen):
    first = start(client)
    assert first.status_code == 302 and VolunteerApplication.objects.count() == 1
    stranger = Client()
    second = start(stranger)  # the same nonce from another browser (a copied or stale form)
    assert second.status_code == 302 and second["Location"] != first["Location"]
    assert VolunteerApplication.objects.count() == 2
    assert start(client)["Location"] == first["Location"]  # this session's double click: the same draft


def test_after_submission_the_resume_link_shows_only_the_receipt(client, bergen, draft):
    token = case_token(draft, purpose=RESUME)
    intake.application_submit(application=draft, incomplete_steps=[s.slug for s in steps.incomplete_steps(draft)])
    receipt = reverse("applications:receipt", args=[token])
    assert client.get(reverse("applications:resume", args=[token]))["Location"] == receipt
    page = client.get(receipt).content.decode()
    assert case_token(draft, purpose=STATUS) not in page and "/status/" not in page


def test_pages_behind_a_link_are_not_cached_and_send_no_referer(client, submitted):
    response = client.get(reverse("applications:status", args=[case_token(submitted, purpose=STATUS)]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" not in client.get("/").get("Cache-Control", "")  # public pages may be cached as before


def test_no_token_reaches_a_log_line(submitted):
    token = case_token(submitted, purpose=STATUS)
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/avlastning/status/{token}/",), None)
    MaskSecretsFilter().filter(record)
    line = record.getMessage()
    assert token not in line and submitted.access_key.hex not in line and MASK in line
    feed = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"GET /kalender/%s.ics HTTP/1.1" 404',
                             ("0b6f3f8e-2c1d-4e5a-9b7c-1d2e3f4a5b6c",), None)
    MaskSecretsFilter().filter(feed)
    assert "0b6f3f8e" not in feed.getMessage()


def test_the_configured_log_handler_masks_tokens(submitted):
    """The handler Django configured from settings.LOGGING writes the masked line."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskSecretsFilter) for f in h.filters))
    token = case_token(submitted, purpose=STATUS)
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/status/{token}/",), None)
    assert handler.filter(record) and token not in handler.format(record)
