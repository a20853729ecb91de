"""The volunteer's status page behind a signed link: what happens next and whom to contact; a tampered token or a
token made for another purpose is a 404; the link carries no personal data."""

import pytest
from django.urls import reverse

from besokshjem.core.tokens import RESUME, STATUS, case_token


def test_status_page_shows_stage_next_step_and_contact(client, submitted):
    token = case_token(submitted, purpose=STATUS)
    html = client.get(reverse("applications:status", args=[token])).content.decode()
    assert "Mottatt" in html and "Hva skjer nå?" in html and "post@bergen.example.no" in html


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "0" * 32 + t[32:], lambda t: "nonsense"])
def test_tampered_status_token_is_404(client, submitted, mangle):
    token = case_token(submitted, purpose=STATUS)
    assert client.get(reverse("applications:status", args=[mangle(token)])).status_code == 404


def test_resume_token_does_not_open_the_status_page(client, submitted):
    token = case_token(submitted, purpose=RESUME)
    assert client.get(reverse("applications:status", args=[token])).status_code == 404


def test_status_link_carries_no_personal_data(submitted):
    token = case_token(submitted, purpose=STATUS)
    for value in (submitted.email, submitted.first_name, submitted.last_name, submitted.reference):
        assert value.lower() not in token.lower()
