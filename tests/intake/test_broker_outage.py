"""With Redis unreachable, an applicant still gets the receipt page, and the receipt with the only status link is
not lost: the outbox row waits, and once Redis is back the sweep and a real Celery worker deliver it to a real SMTP
server exactly once. The same for the step where the e-mail address is first given (the resume link)."""

import time
from email.header import decode_header, make_header

import pytest

from applications.intake.respite_steps import RESPITE
from applications.intake.volunteer_steps import VOLUNTEER
from applications.intake.wizard import REVIEW, saved_data
from applications.models import RespiteApplication, VolunteerApplication
from besokshjem.outbox import services as outbox
from besokshjem.outbox.models import Message, MessageStatus
from tests.integration import celery_broker_unreachable, wait_for

from ..factories import RespiteApplicationFactory, VolunteerApplicationFactory

GENEROUS = 10  # seconds: "does not hang", not a speed target

pytestmark = pytest.mark.services


def submit_while_redis_is_down(client, wizard, application) -> tuple:
    review = wizard.step_url(application, REVIEW)
    with celery_broker_unreachable():
        started = time.monotonic()
        response = client.post(review, {"nav": "submit"})
        elapsed = time.monotonic() - started
        receipt = client.get(response["Location"])
    return response, receipt, elapsed


def delivered_once(message: Message, worker, mailbox) -> Message:
    """Redis is back: the sweep queues the waiting row, the worker sends it; a second sweep queues nothing."""
    worker.start()
    assert outbox.sweep() == {"queued": 1}
    wait_for(lambda: Message.objects.get(pk=message.pk).status == MessageStatus.SENT, what="the e-mail to be sent")
    assert outbox.sweep() == {"queued": 0}
    message.refresh_from_db()
    assert mailbox.message_ids() == [message.message_id]
    return message


@pytest.mark.parametrize(("wizard", "factory"), [(VOLUNTEER, VolunteerApplicationFactory), (RESPITE, RespiteApplicationFactory)],
                         ids=["volunteer", "parent"])
def test_submit_with_redis_down_shows_the_receipt_and_the_receipt_is_delivered_once_later(
    client, bergen, worker, smtp, mailbox, wizard, factory
):
    smtp.start()
    application = factory(municipality=bergen)

    response, receipt, elapsed = submit_while_redis_is_down(client, wizard, application)

    assert response.status_code == 302 and elapsed < GENEROUS
    assert receipt.status_code == 200
    application = type(application).objects.get(pk=application.pk)
    assert not application.is_draft and application.reference in receipt.content.decode()
    [message] = Message.objects.filter(kind=f"{wizard.kind}_receipt", object_id=application.pk)
    assert message.status == MessageStatus.PENDING and message.queued_at is None and message.recipient == application.email

    message = delivered_once(message, worker, mailbox)
    [mail] = mailbox.messages
    assert mail["To"] == application.email and application.reference in str(make_header(decode_header(mail["Subject"]))).replace("\n", "")
    body = mail.get_payload(0).get_payload(decode=True).decode()
    assert "/status/" in body  # the private status link, made at send time
    assert message.attempts == 1


def test_the_step_that_first_takes_the_email_address_with_redis_down_loses_no_resume_link(client, bergen, worker, smtp, mailbox):
    smtp.start()
    complete = VolunteerApplicationFactory(municipality=bergen)
    step = VOLUNTEER.by_slug("soker")
    data = saved_data(step, complete)
    VolunteerApplication.objects.filter(pk=complete.pk).update(email="")  # the draft does not have the address yet
    draft = VolunteerApplication.objects.get(pk=complete.pk)

    with celery_broker_unreachable():
        started = time.monotonic()
        response = client.post(VOLUNTEER.step_url(draft, step.slug), {**data, "nav": "next"})
        elapsed = time.monotonic() - started

    assert response.status_code == 302 and elapsed < GENEROUS
    assert response["Location"] == VOLUNTEER.step_url(draft, VOLUNTEER.next_step(draft, step.slug))
    [message] = Message.objects.filter(kind="resume", object_id=draft.pk)
    assert message.status == MessageStatus.PENDING and message.queued_at is None

    delivered_once(message, worker, mailbox)
    [mail] = mailbox.messages
    assert mail["To"] == data["email"]
    body = mail.get_payload(0).get_payload(decode=True).decode()
    assert "/fortsett/" in body  # the resume link, made at send time
    assert VolunteerApplication.objects.get(pk=draft.pk).resume_link_sent_at is not None


def test_a_receipt_is_written_once_however_often_submit_is_pressed(client, bergen):
    application = RespiteApplicationFactory(municipality=bergen)
    review = RESPITE.step_url(application, REVIEW)
    for _ in range(3):
        client.post(review, {"nav": "submit"})
    assert Message.objects.filter(kind="respite_receipt", object_id=application.pk).count() == 1
    assert RespiteApplication.objects.get(pk=application.pk).reference
