"""Every page, the admin and the caseworker's workspace included, has the strict Content-Security-Policy, and no page
needs what it forbids: no inline <script>, no <style> block, no style="" attribute."""

import re

import pytest
from django.urls import reverse

from ..caseworker.helpers import submitted_application
from ..factories import RespiteApplicationFactory
from ..respite_helpers import submit

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.IGNORECASE)


def assert_strict(response):
    assert response.status_code == 200, response.status_code
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html), INLINE_SCRIPT.findall(html)
    assert not INLINE_STYLE.findall(html), [html[max(m.start() - 80, 0):m.end() + 80] for m in INLINE_STYLE.finditer(html)]


def test_the_admin_login_page_has_the_policy(client):
    assert_strict(client.get(reverse("admin:login")))


def test_every_workspace_and_admin_page_in_a_sample_has_the_policy_and_no_inline_code(client, bergen, bergen_caseworker):
    volunteer = submitted_application(bergen)
    respite = submit(RespiteApplicationFactory(municipality=bergen))
    client.force_login(bergen_caseworker)
    for url in [
        reverse("admin:index"),
        reverse("caseworker:dashboard"),
        reverse("caseworker:case", args=[volunteer.pk]),
        reverse("caseworker:respite_case", args=[respite.pk]),
        reverse("admin:applications_volunteerapplication_changelist"),
        reverse("admin:applications_volunteerapplication_change", args=[volunteer.pk]),
        reverse("admin:applications_respiteapplication_changelist"),
        reverse("admin:applications_respiteapplication_change", args=[respite.pk]),
    ]:
        response = client.get(url)
        assert_strict(response)


def test_public_pages_keep_the_policy(client, bergen):
    assert_strict(client.get("/"))
