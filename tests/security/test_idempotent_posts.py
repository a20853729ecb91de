"""Every caseworker action that sends a letter or an invitation is idempotent: the form carries a nonce, and posting it
twice (a double click, a reload, a retry) makes one row and one e-mail."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import InterimReply, Meeting
from applications.respite import services as respite_services
from besokshjem.outbox.models import Message as OutboxMessage

from .. import approval_helpers as h
from ..factories import RespiteApplicationFactory
from ..respite_helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(bergen, on_commit):
    with on_commit():
        return submit(RespiteApplicationFactory(municipality=bergen))


def interim_data(nonce):
    return {"action": "interim", "nonce": str(nonce), "reason": "Vi venter på uttalelse fra skolen.",
            "expected_decision_date": (timezone.localdate() + timedelta(days=20)).isoformat()}


def test_a_double_post_of_the_interim_reply_sends_one_reply_and_one_email(client, received, bergen_caseworker, on_commit):
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:respite_case", args=[received.pk])
    page = client.get(url).content.decode()
    assert 'name="nonce"' in page  # the form carries its nonce
    mail.outbox.clear()
    outbox_before = OutboxMessage.objects.count()
    nonce = uuid.uuid4()
    for _ in range(2):
        with on_commit():
            response = client.post(url, interim_data(nonce))
        assert response.status_code == 302
    assert InterimReply.objects.filter(application=received).count() == 1
    assert OutboxMessage.objects.count() == outbox_before + 1 and len(mail.outbox) == 1

    with on_commit():
        client.post(url, interim_data(uuid.uuid4()))  # a new form is a new reply
    assert InterimReply.objects.filter(application=received).count() == 2


def test_an_interim_reply_post_without_a_nonce_is_refused(client, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    data = interim_data("x")
    del data["nonce"]
    response = client.post(reverse("caseworker:respite_case", args=[received.pk]), data)
    assert response.status_code == 400 and not InterimReply.objects.exists()


def test_a_nonce_cannot_be_replayed_on_another_case(received, bergen, bergen_caseworker):
    other = submit(RespiteApplicationFactory(municipality=bergen))
    nonce = uuid.uuid4()
    kwargs = {"reason": "Vi venter.", "expected_decision_date": timezone.localdate() + timedelta(days=20), "by": bergen_caseworker, "nonce": nonce}
    respite_services.interim_reply_send(application=received, **kwargs)
    with pytest.raises(Exception, match="allerede brukt"):
        respite_services.interim_reply_send(application=other, **kwargs)


def test_a_double_post_of_schedule_meeting_makes_one_meeting_and_one_invitation(client, draft, bergen_caseworker, on_commit):
    application = h.in_review(draft, bergen_caseworker)
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:case", args=[application.pk])
    assert 'name="nonce"' in client.get(url).content.decode()
    mail.outbox.clear()
    data = {"action": "schedule", "nonce": str(uuid.uuid4()), "kind": "interview", "duration_minutes": 60, "place": "Rådhuset",
            "starts_at": timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "caseworker": bergen_caseworker.pk}
    for _ in range(2):
        with on_commit():
            assert client.post(url, data).status_code == 302
    assert Meeting.objects.filter(application=application).count() == 1
    assert len(mail.outbox) == 1
