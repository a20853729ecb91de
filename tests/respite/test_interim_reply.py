"""The foreløpig svar (forvaltningsloven § 11 a): a reason and an expected date, a notice to the parent, the letter on
the status page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.respite import services as respite_services
from besokshjem.core.tokens import STATUS, make_token


def test_interim_reply_needs_reason_and_date_and_shows_on_the_status_page(client, received, bergen_caseworker, on_commit):
    with pytest.raises(ValidationError) as exc:
        respite_services.interim_reply_send(application=received, reason="", expected_decision_date=None, by=bergen_caseworker)
    assert {"reason", "expected_decision_date"} <= set(exc.value.message_dict)
    mail.outbox.clear()
    with on_commit():
        respite_services.interim_reply_send(application=received, reason="Vi venter på uttalelse fra skolen",
                                            expected_decision_date=timezone.localdate() + timedelta(days=20), by=bergen_caseworker)
    [notice] = mail.outbox
    assert "skolen" not in notice.body and "/avlastning/status/" in notice.body
    html = client.get(reverse("applications:respite_status", args=[make_token(key=received.access_key, purpose=STATUS)])).content.decode()
    assert "Foreløpig svar" in html and "Vi venter på uttalelse fra skolen" in html
