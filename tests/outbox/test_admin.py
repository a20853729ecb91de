"""A permanent failure is visible to the kommune's caseworkers in the admin, who can send it again at once."""

import pytest
from django.urls import reverse

from besokshjem.outbox.models import Message, MessageStatus
from tests.factories import make_caseworker

CHANGELIST = "admin:outbox_message_changelist"


@pytest.fixture
def failed(transactional_db, bergen, write, smtp_backend, mailbox):
    """A message to Bergen refused with 550 by the real SMTP server when its task ran on commit."""
    mailbox.reject = "550 No such user"
    smtp_backend.start()
    message = write(bergen, recipient="feil@example.no")
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == 1
    assert mailbox.refused == 1 and mailbox.messages == []
    return message


def test_a_failed_message_is_listed_for_bergen_and_not_for_lillestrom(failed, bergen, lillestrom, client):
    client.force_login(make_caseworker(bergen))
    page = client.get(reverse(CHANGELIST), {"status": "failed"})
    assert page.status_code == 200
    assert "feil@example.no" in page.text and "550 No such user" in page.text
    assert client.get(reverse("admin:outbox_message_change", args=[failed.pk])).status_code == 200

    client.force_login(make_caseworker(lillestrom))
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200 and "feil@example.no" not in page.text
    assert client.get(reverse("admin:outbox_message_change", args=[failed.pk])).status_code == 404


def test_the_admin_shows_metadata_and_no_form_to_edit(failed, bergen, client):
    client.force_login(make_caseworker(bergen))
    page = client.get(reverse("admin:outbox_message_change", args=[failed.pk]))

    assert page.status_code == 200
    assert 'name="recipient"' not in page.text and 'name="status"' not in page.text  # all read-only
    assert failed.claim_token is not None and str(failed.claim_token) not in page.text


def test_the_retry_action_queues_a_failed_message_at_once(failed, bergen, mailbox, client):
    mailbox.reject = None  # the address was corrected at the mail server
    client.force_login(make_caseworker(bergen))

    response = client.post(reverse(CHANGELIST), {"action": "retry_failed", "_selected_action": [str(failed.pk)]}, follow=True)

    assert response.status_code == 200 and "1 e-poster er lagt i kø for sending." in response.text
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT and failed.attempts == 2 and failed.last_error == ""
    assert mailbox.message_ids() == [failed.message_id]  # delivered by the action's commit, not by a later sweep


def test_the_retry_action_leaves_other_rows_alone(failed, bergen, write, mailbox, client):
    mailbox.reject = None
    sent = write(bergen, recipient="ok@example.no")
    client.force_login(make_caseworker(bergen))

    client.post(reverse(CHANGELIST), {"action": "retry_failed", "_selected_action": [str(failed.pk), str(sent.pk)]})

    assert Message.objects.get(pk=sent.pk).attempts == 1
    assert sorted(mailbox.message_ids()) == sorted([sent.message_id, failed.message_id])
