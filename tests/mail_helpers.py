"""Which outbox row an e-mail in django.core.mail.outbox came from: its Message-ID is `<outbox-{pk}-{kind}@besokshjem>`."""

from django.core import mail

from besokshjem.outbox.models import Message


def message_of(email) -> Message:
    return Message.objects.get(pk=int(email.extra_headers["Message-ID"].split("-")[1]))


def kinds_sent() -> list[str]:
    """The outbox kinds of the e-mails sent so far in this test, in the order they were sent."""
    return [message_of(email).kind for email in mail.outbox]
