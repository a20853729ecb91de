"""Rejecting a volunteer application: a reason is required, and the applicant is told without the reason's details."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications.volunteer import services as volunteer_services

from .. import approval_helpers as h


def test_rejection_needs_a_reason_and_tells_the_applicant_without_details(draft, bergen_caseworker, on_commit):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="begrunnelse"):
        volunteer_services.application_reject(application=application, by=bergen_caseworker, reason="  ")
    mail.outbox.clear()
    with on_commit():
        volunteer_services.application_reject(application=application, by=bergen_caseworker, reason="Boligen har ikke plass nå")
    application.refresh_from_db()
    assert application.status == "rejected" and application.rejection_reason == "Boligen har ikke plass nå"
    [message] = mail.outbox
    assert "Boligen" not in message.body and "/status/" in message.body
