"""The case page lists the e-mails sent about the case in words, with their state, and never a body or a link."""

from django.urls import reverse

from besokshjem.outbox.models import Message


def test_case_page_lists_the_receipt_in_words_without_its_link(client, submitted, bergen_caseworker):
    receipt = Message.objects.get(kind="volunteer_receipt", object_id=submitted.pk)
    client.force_login(bergen_caseworker)

    html = client.get(reverse("caseworker:case", args=[submitted.pk])).content.decode()

    assert "E-post i saken" in html
    assert "Kvittering for søknaden" in html and "volunteer_receipt" not in html
    assert receipt.recipient in html and str(receipt.get_status_display()) in html
    assert "/status/" not in html  # the applicant's private link is never shown to anyone else


def test_outbox_admin_shows_kinds_in_words(client, submitted, bergen_caseworker):
    client.force_login(bergen_caseworker)
    html = client.get(reverse("admin:outbox_message_changelist")).content.decode()
    assert "Kvittering for søknaden" in html
