"""A parent sends a document after submitting (a late legeerklæring) from the status page: it joins the case's
attachments, the case history says so, and the caseworker on the case is told through the outbox. A double POST keeps
one document; a bad file is refused in Norwegian with nothing lost; a closed case takes no more documents, unless an
appeal waits."""

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment, RespiteAction
from applications.respite import services as respite_services
from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import APPLICANT
from besokshjem.core.tokens import STATUS, case_token
from besokshjem.outbox.models import Message

from ..factories import DecisionFactory, RespiteApplicationFactory, make_caseworker
from ..respite_helpers import PDF, submit


def _status(application) -> str:
    return reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])


def _send_url(application) -> str:
    return reverse("applications:respite_document", args=[case_token(application, purpose=STATUS)])


def _post(client, application, *, nonce=None, name="legeerklaering.pdf", content=PDF, description="Legeerklæring fra fastlegen"):
    data = {"description": description, "nonce": str(nonce or uuid.uuid4())}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(_send_url(application), data)


def test_parent_sends_a_document_and_the_unit_s_caseworkers_are_told(client, received, bergen_caseworker, on_commit):
    colleague = make_caseworker(received.municipality, email="kollega@bergen.example.no")
    page = client.get(_status(received)).content.decode()
    assert "Send et dokument til kommunen" in page and 'name="nonce"' in page

    with on_commit():
        response = _post(client, received)
    assert response.status_code == 302 and response["Location"].endswith("#dokumenter")

    document = received.attachments.get()
    assert (document.description, document.content_type, document.original_name) == (
        "Legeerklæring fra fastlegen", "application/pdf", "legeerklaering.pdf")
    assert document.sent_after_submission and document.file.read().startswith(b"%PDF-")
    entry = AuditEntry.objects.get(action=RespiteAction.DOCUMENT_SENT)
    assert (entry.actor_label, entry.object_id, entry.note) == (APPLICANT, received.pk, "Legeerklæring fra fastlegen")

    # Nobody is assigned: every caseworker of the unit for helse og omsorg hears of it, with a link and no child's name.
    notices = [m for m in mail.outbox if "Nytt dokument fra søkeren" in m.subject]
    assert sorted(m.to[0] for m in notices) == sorted([bergen_caseworker.email, colleague.email])
    body = notices[0].body
    assert received.reference in body and "http://testserver" + reverse("caseworker:respite_case", args=[received.pk]) in body
    assert received.child_first_name not in body and "Legeerklæring" not in body

    page = client.get(_status(received)).content.decode()
    assert "Dokumentet er sendt til kommunen." in page
    assert "legeerklaering.pdf – Legeerklæring fra fastlegen, sendt" in page


def test_only_the_assigned_caseworker_is_told(client, received, bergen_caseworker, on_commit):
    make_caseworker(received.municipality, email="kollega@bergen.example.no")
    respite_services.respite_assign(application=received, caseworker=bergen_caseworker, by=bergen_caseworker)
    with on_commit():
        _post(client, received)
    assert [m.to for m in mail.outbox if "Nytt dokument" in m.subject] == [[bergen_caseworker.email]]


def test_a_double_submit_keeps_one_document_and_one_notice(client, received, bergen_caseworker, on_commit):
    nonce = uuid.uuid4()
    with on_commit():
        first = _post(client, received, nonce=nonce)
        again = _post(client, received, nonce=nonce)
    assert first.status_code == again.status_code == 302
    assert received.attachments.count() == 1
    assert Message.objects.filter(kind="document_received").count() == 1
    assert AuditEntry.objects.filter(action=RespiteAction.DOCUMENT_SENT).count() == 1


def test_a_file_that_is_not_a_pdf_or_picture_is_refused_in_norwegian_and_the_description_kept(client, received, settings):
    response = _post(client, received, name="erklaering.pdf", content=b"<html>ikke en pdf</html>")
    assert response.status_code == 400
    page = response.content.decode()
    assert "«erklaering.pdf» er ikke en PDF, JPEG eller PNG. Andre filtyper kan ikke lastes opp." in page
    assert 'value="Legeerklæring fra fastlegen"' in page
    assert "<title>Feil:" in page
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in settings.PRIVATE_MEDIA_ROOT.rglob("*"))


def test_a_document_needs_a_file_and_a_description(client, received):
    response = _post(client, received, content=None, description="  ")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velg filen du vil sende." in page and "Skriv hva dokumentet er" in page
    assert not Attachment.objects.exists()


def test_the_service_refuses_a_bad_file_and_stores_nothing(received, settings):
    with pytest.raises(ValidationError) as refused:
        respite_services.document_send(application=received, upload=SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\nbroken"),
                                       description="Bilde", nonce=uuid.uuid4())
    assert refused.value.message_dict["file"] == ["«x.png» ser ut som et bilde, men kan ikke leses."]
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in settings.PRIVATE_MEDIA_ROOT.rglob("*"))


def test_a_decided_case_takes_documents_only_while_an_appeal_waits(client, received, bergen_caseworker, on_commit):
    decision = DecisionFactory(application=received, decided_by=bergen_caseworker, rejected=True)
    received.refresh_from_db()
    page = client.get(_status(received)).content.decode()
    assert "Send et dokument til kommunen" not in page

    refused = _post(client, received)
    assert refused.status_code == 400 and "Saken er avsluttet." in refused.content.decode()
    assert 'value="Legeerklæring fra fastlegen"' in refused.content.decode()  # a refusal by the service keeps the answer too
    assert not Attachment.objects.exists()

    respite_services.appeal_lodge(decision=decision, text="Vi trenger mer hjelp om natten.")
    assert "Send et dokument til kommunen" in client.get(_status(received)).content.decode()
    with on_commit():
        assert _post(client, received, description="Ny uttalelse fra skolen").status_code == 302
    assert received.attachments.get().description == "Ny uttalelse fra skolen"


def test_the_caseworker_sees_the_document_on_the_case_page_and_in_the_history(client, received, bergen_caseworker, lillestrom_caseworker):
    _post(client, received)
    document = received.attachments.get()
    client.force_login(bergen_caseworker)
    page = client.get(reverse("caseworker:respite_case", args=[received.pk])).content.decode()
    assert reverse("caseworker:respite_attachment", args=[received.pk, document.pk]) in page
    assert "sendt av søkeren" in page and "Legeerklæring fra fastlegen" in page
    assert "Dokument sendt av søkeren etter innsending" in page  # the case history
    client.force_login(lillestrom_caseworker)
    assert client.get(reverse("caseworker:respite_attachment", args=[received.pk, document.pk])).status_code == 404


def test_a_nonce_used_on_another_case_is_refused(client, received, bergen):
    other = submit(RespiteApplicationFactory(municipality=bergen))
    nonce = uuid.uuid4()
    _post(client, received, nonce=nonce)
    response = _post(client, other, nonce=nonce)
    assert response.status_code == 400 and "Skjemaet er allerede brukt." in response.content.decode()
    assert other.attachments.count() == 0


def test_a_parent_may_send_ten_documents_and_is_told_in_norwegian_when_that_is_all(client, received, on_commit):
    with on_commit():
        for _ in range(respite_services.MAX_DOCUMENTS_AFTER_SUBMISSION):
            assert _post(client, received).status_code == 302
        refused = _post(client, received, description="Enda en erklæring")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Du har sendt 10 dokumenter her, som er det meste. Ta kontakt med kommunen hvis du har flere." in page
    assert 'value="Enda en erklæring"' in page
    assert received.attachments.count() == respite_services.MAX_DOCUMENTS_AFTER_SUBMISSION
