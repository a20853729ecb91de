"""Who reaches a parent's documents: attachments only the kommune's caseworkers, letters only the status link's holder;
anyone else gets a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.intake import services as intake_services
from besokshjem.core.tokens import RESUME, STATUS, case_token

from ..factories import DecisionFactory
from ..respite_helpers import PDF


@pytest.fixture
def decided_with_attachment(received, bergen_caseworker):
    intake_services.attachment_add(application=received, upload=SimpleUploadedFile("uttalelse.pdf", PDF))
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker)
    return received, received.attachments.get(), decision


def test_attachments_are_only_for_the_kommunes_caseworkers(client, decided_with_attachment, bergen_caseworker, lillestrom_caseworker):
    application, attachment, _decision = decided_with_attachment
    url = reverse("caseworker:respite_attachment", args=[application.pk, attachment.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(lillestrom_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(bergen_caseworker)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_letters_are_404_for_a_wrong_token_and_another_kommunes_caseworker(client, decided_with_attachment, lillestrom_caseworker):
    application, _attachment, decision = decided_with_attachment
    token = case_token(application, purpose=STATUS)
    for bad in (token[:-2] + "xx", case_token(application, purpose=RESUME), "nonsense"):
        assert client.get(reverse("applications:respite_letter_pdf", args=[bad, decision.pk])).status_code == 404
        assert client.get(reverse("applications:respite_letter", args=[bad, decision.pk])).status_code == 404
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker:respite_letter_pdf", args=[application.pk, decision.pk])).status_code == 404
    assert client.get(reverse("caseworker:respite_case", args=[application.pk])).status_code == 404
