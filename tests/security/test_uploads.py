"""Uploads are judged by their whole content and served only as what that content is; a failed upload leaves no file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.decisions import appeals as appeal_services
from applications.intake import services as intake_services
from applications.intake.file_validators import validate_attachment
from applications.models import Appeal, Attachment
from applications.respite import services as respite_services
from besokshjem.core.storage import file_save, files_removed_on_rollback

from ..factories import DecisionFactory, RespiteApplicationFactory
from ..respite_helpers import submit
from . import files

pytestmark = pytest.mark.django_db


class UnreadableUpload(io.BytesIO):
    """150 MB by its size; reading it fails the test (the size must be checked before anything is read)."""

    name = "skanning.pdf"
    size = 150 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")


def refusal(name, data) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_attachment(files.upload(name, data))
    return caught.value


def test_a_150_mb_upload_is_refused_by_its_size_without_being_read():
    with pytest.raises(ValidationError) as caught:
        validate_attachment(UnreadableUpload())
    assert caught.value.code == "too_large" and "for stor" in caught.value.messages[0] and "10 MB" in caught.value.messages[0]


def test_a_decompression_bomb_is_a_clear_error_not_a_crash():
    error = refusal("bilde.png", files.png_bomb(30000, 30000))
    assert error.code == "too_many_pixels" and "for mange piksler" in error.messages[0]


def test_a_picture_larger_than_the_limit_but_below_pillows_is_refused_too():
    assert refusal("bilde.png", files.png_bomb(9000, 9000)).code == "too_many_pixels"


def test_a_truncated_picture_is_refused_after_reading_all_of_it():
    assert refusal("bilde.jpg", files.jpeg((400, 400))[:400]).code == "broken"


def test_pictures_and_a_plain_pdf_are_accepted_with_the_type_of_their_content():
    assert validate_attachment(files.upload("a.pdf", files.png())) == "image/png"
    assert validate_attachment(files.upload("a.png", files.jpeg())) == "image/jpeg"
    assert validate_attachment(files.upload("a.jpg", files.pdf())) == "application/pdf"


@pytest.mark.parametrize("pdf", [
    pytest.param(lambda: files.pdf(javascript="app.alert(1)"), id="document-javascript"),
    pytest.param(lambda: files.pdf(open_action_js="app.launchURL('https://example.com')"), id="open-action-javascript"),
    pytest.param(lambda: files.pdf(embedded=b"MZ\x90\x00"), id="embedded-file"),
])
def test_a_pdf_with_scripts_or_embedded_files_is_refused(pdf):
    error = refusal("uttalelse.pdf", pdf())
    assert error.code == "active_content" and "skript eller innebygde filer" in error.messages[0]


def test_a_malformed_pdf_is_a_clear_error():
    error = refusal("uttalelse.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    assert error.code == "broken" and "kan ikke leses" in error.messages[0]


# --- downloads ----------------------------------------------------------------------------------------------------


@pytest.fixture
def decided(bergen):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    return application, DecisionFactory(application=application)


def test_an_appeal_attachment_named_html_is_served_as_the_pdf_it_is(client, decided, bergen_caseworker):
    application, decision = decided
    appeal = respite_services.appeal_lodge(decision=decision, text="Vi klager.", upload=files.upload("klage.html", files.pdf(), "text/html"))
    assert appeal.attachment_type == "application/pdf" and appeal.attachment_name == "klage.html"
    client.force_login(bergen_caseworker)
    response = client.get(reverse("caseworker:respite_appeal_attachment", args=[application.pk, appeal.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and 'filename="klage.html.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_appeal_attachment_without_a_known_type_is_served_as_octet_stream(client, decided, bergen_caseworker):
    application, decision = decided
    appeal = respite_services.appeal_lodge(decision=decision, text="Vi klager.", upload=files.upload("klage.pdf", files.pdf()))
    Appeal.objects.filter(pk=appeal.pk).update(attachment_type="")  # an appeal from before the type was stored
    client.force_login(bergen_caseworker)
    response = client.get(reverse("caseworker:respite_appeal_attachment", args=[application.pk, appeal.pk]))
    assert response["Content-Type"] == "application/octet-stream" and response["Content-Disposition"].startswith("attachment;")


def test_an_appeal_upload_goes_through_the_same_checks(decided, bergen_caseworker, settings):
    _application, decision = decided
    with pytest.raises(ValidationError, match="skript eller innebygde filer"):
        respite_services.appeal_lodge(decision=decision, text="Vi klager.", upload=files.upload("klage.pdf", files.pdf(javascript="x")))
    with pytest.raises(ValidationError, match="for mange piksler"):
        appeal_services.appeal_register(decision=decision, text="Per brev", received_on=decision.decided_at.date(), lodged_by="Mor",
                                        by=bergen_caseworker, upload=files.upload("klage.png", files.png_bomb()))
    assert not Appeal.objects.exists()
    assert stored_files(settings) == []


def test_a_parents_attachment_is_served_as_its_sniffed_type(client, bergen, bergen_caseworker):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    attachment = intake_services.attachment_add(application=application, upload=files.upload("bilde.pdf", files.png()))
    client.force_login(bergen_caseworker)
    response = client.get(reverse("caseworker:respite_attachment", args=[application.pk, attachment.pk]))
    assert response["Content-Type"] == "image/png" and 'filename="bilde.pdf.png"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;") and response["X-Content-Type-Options"] == "nosniff"


# --- no orphaned files --------------------------------------------------------------------------------------------


def stored_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_attachment_that_fails_after_its_file_was_written_leaves_no_file(bergen, settings, monkeypatch):
    application = submit(RespiteApplicationFactory(municipality=bergen))

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(RuntimeError):
        intake_services.attachment_add(application=application, upload=files.upload("uttalelse.pdf", files.pdf()))
    assert stored_files(settings) == []


def test_a_file_written_in_a_block_that_rolls_back_later_is_removed(bergen, settings):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    with pytest.raises(ValueError), files_removed_on_rollback():
        intake_services.attachment_add(application=application, upload=files.upload("uttalelse.pdf", files.pdf()))
        assert len(stored_files(settings)) == 1
        raise ValueError("something later in the same transaction")
    assert stored_files(settings) == [] and not Attachment.objects.exists()


def test_a_file_is_kept_when_the_transaction_commits(bergen, settings):
    application = submit(RespiteApplicationFactory(municipality=bergen))
    intake_services.attachment_add(application=application, upload=files.upload("uttalelse.pdf", files.pdf()))
    assert len(stored_files(settings)) == 1 and Attachment.objects.count() == 1


def test_files_can_only_be_written_inside_a_guarded_transaction():
    with pytest.raises(RuntimeError, match="files_removed_on_rollback"):
        file_save(Attachment().file, "x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-"))
