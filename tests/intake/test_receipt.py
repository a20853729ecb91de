"""The receipt e-mail: the reference and the status link, no health data, in the applicant's language."""

import re

from django.core import mail
from django.urls import reverse

from applications.intake import services
from applications.intake import volunteer_steps as steps
from besokshjem.core.tokens import RESUME, case_token

from ..factories import VolunteerApplicationFactory


def test_receipt_email_has_reference_status_link_and_no_health_data(client, submitted):
    [message] = mail.outbox
    assert submitted.reference in message.subject
    assert message.to == [submitted.email]
    assert message.reply_to == ["post@bergen.example.no"]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and submitted.reference in html
    for text in (message.body, html):
        assert "god" not in text.lower().split() and submitted.motivation not in text
    path = re.search(r"http://testserver(/status/\S+/)", message.body).group(1)
    page = client.get(path)
    assert page.status_code == 200
    assert submitted.reference in page.content.decode()


def test_receipt_email_is_in_english_for_an_english_applicant(bergen, on_commit):
    application = VolunteerApplicationFactory(municipality=bergen, language="en")
    with on_commit():
        services.application_submit(application=application, incomplete_steps=[s.slug for s in steps.incomplete_steps(application)])
    [message] = mail.outbox
    assert message.subject.startswith("Receipt")
    assert "Hei" not in message.body


def test_receipt_follows_the_language_the_applicant_submits_in(client, bergen, on_commit):
    application = VolunteerApplicationFactory(municipality=bergen, language="nb")
    token = case_token(application, purpose=RESUME)
    client.cookies["django_language"] = "en"
    with on_commit():
        client.post(reverse("applications:review", args=[token]), {"nav": "submit"})
    application.refresh_from_db()
    assert application.language == "en"
    assert mail.outbox[0].subject.startswith("Receipt")
