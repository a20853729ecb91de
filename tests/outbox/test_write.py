"""Writing to the outbox: in the caller's transaction, once per dedupe key, queued on commit."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from besokshjem.outbox import services, tasks
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.outbox.registry import Kind, kind_for, register, unregister
from besokshjem.outbox.selectors import messages_for

from .kinds import PLAIN, context


class Rollback(Exception):
    pass


def content(part) -> str:
    return part.get_payload(decode=True).decode()


@pytest.fixture
def published(monkeypatch):
    """Record what is handed to the broker instead of running it."""
    calls = []
    monkeypatch.setattr(tasks.send_batch, "apply_async", lambda args, **options: calls.append(args[0]))
    return calls


def test_a_write_in_a_transaction_that_rolls_back_leaves_nothing_and_queues_nothing(transactional_db, bergen, write,
                                                                                   smtp_backend, mailbox):
    smtp_backend.start()
    with pytest.raises(Rollback), transaction.atomic():
        assert write(bergen) is not None
        raise Rollback

    assert Message.objects.count() == 0
    assert mailbox.connections == 0 and mailbox.messages == []


def test_a_committed_write_is_sent_once_with_its_message_id_in_its_language(transactional_db, bergen, write, smtp_backend,
                                                                           mailbox):
    smtp_backend.start()
    with transaction.atomic():
        message = write(bergen, language="en", recipient="kari@example.no")
        assert mailbox.messages == []  # nothing leaves before the commit

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 1 and message.sent_at is not None
    assert message.queued_at is not None and message.claimed_until is None and message.last_error == ""
    [sent] = mailbox.messages
    assert sent["Message-ID"] == message.message_id == f"<outbox-{message.pk}-outbox_test@besokshjem>"
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["To"] == "kari@example.no" and sent["Reply-To"] == "post@bergen.example.no"
    assert sent["Subject"] == "Test fra Bergen (en)"  # one line, rendered in the row's language
    text, html, attachment = [part for part in sent.walk() if not part.is_multipart()]
    assert "language=en" in content(text) and "Kind regards" in content(text)
    assert f"http://testserver/status/{message.pk}/" in content(text)
    assert html.get_content_type() == "text/html" and "language=en" in content(html)
    assert attachment.get_filename() == "avtale.ics" and attachment.get_content_type() == "text/calendar"

    services.sweep()
    assert len(mailbox.messages) == 1


def test_the_same_dedupe_key_writes_one_row_and_queues_once(bergen, write, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = write(bergen, dedupe_key="receipt:1")
        second = write(bergen, dedupe_key="receipt:1")
        other = write(bergen, dedupe_key="receipt:2")

    assert first is not None and second is None and other is not None
    assert Message.objects.count() == 2
    assert published == [[first.pk], [other.pk]]


def test_a_dedupe_conflict_leaves_the_callers_transaction_usable(transactional_db, bergen, write, published):
    with transaction.atomic():
        write(bergen, dedupe_key="receipt:1")
        assert write(bergen, dedupe_key="receipt:1") is None
        bergen.name = "Bergen kommune"
        bergen.save(update_fields=["name"])

    bergen.refresh_from_db()
    assert bergen.name == "Bergen kommune" and Message.objects.count() == 1


def test_a_write_without_recipient_writes_nothing(bergen, kinds, published):
    assert services.message_write(kind=PLAIN.name, target=bergen, recipient="", language="nb", municipality=bergen) is None
    assert Message.objects.count() == 0 and published == []


def test_an_unknown_kind_is_a_programming_error(bergen, kinds):
    with pytest.raises(ValueError, match="no_such_kind"):
        services.message_write(kind="no_such_kind", target=bergen, recipient="a@example.no", language="nb", municipality=bergen)


def test_a_message_for_later_is_not_queued_at_once(bergen, write, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = write(bergen, send_after=timezone.now() + timedelta(hours=1))

    assert message.status == MessageStatus.PENDING and published == []


def test_write_many_skips_rows_written_before_and_queues_nothing(bergen, lillestrom, kinds, published):
    def rows():
        return [
            {"kind": PLAIN.name, "target": town, "recipient": f"post@{town.slug}.example.no", "language": "nb",
             "municipality": town, "dedupe_key": f"reminder:{town.slug}", "due_on": timezone.localdate()}
            for town in (bergen, lillestrom)
        ]

    first = services.messages_write_many(rows())
    again = services.messages_write_many(rows() + [{**rows()[0], "dedupe_key": "", "recipient": "x@example.no"}])

    assert len(first) == 2 and sorted(again[1:]) == sorted(first) and again[0] not in first
    assert Message.objects.count() == 3 and published == []
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.PENDING}


def test_a_case_page_lists_the_messages_of_its_objects(bergen, lillestrom, write, published):
    mine = write(bergen)
    write(lillestrom)

    assert list(messages_for(targets=[bergen])) == [mine]
    assert list(messages_for(targets=[])) == []


def test_registering_another_kind_under_a_taken_name_is_refused(kinds):
    register(PLAIN)  # the same object again is fine
    with pytest.raises(ValueError, match="outbox_test"):
        register(Kind(name=PLAIN.name, template="other", context=context))
    assert kind_for(PLAIN.name) is PLAIN


def test_unregistered_kinds_are_unknown(kinds):
    unregister(PLAIN.name)
    assert kind_for(PLAIN.name) is None
