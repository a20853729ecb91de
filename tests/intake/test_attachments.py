"""Attachments to a parent's application: PDF, JPEG or PNG judged by content, at most 10 MB and five files, stored
privately with no URL."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.intake import services
from applications.intake.respite_forms import AttachmentsForm
from applications.models import Attachment

from ..respite_helpers import PDF, png_bytes


def attach(application, *uploads):
    form = AttachmentsForm(data={}, files={"files": list(uploads)}, application=application)
    return form


def test_a_renamed_executable_is_refused_and_nothing_is_stored(parent_draft, settings):
    exe = SimpleUploadedFile("legeerklaering.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    form = attach(parent_draft, exe)
    assert not form.is_valid()
    assert "ikke en PDF, JPEG eller PNG" in form.errors["files"][0]
    assert Attachment.objects.count() == 0
    assert not (settings.PRIVATE_MEDIA_ROOT / "respite").exists()


def test_an_11_mb_file_is_refused(parent_draft):
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    form = attach(parent_draft, big)
    assert not form.is_valid() and "10 MB" in form.errors["files"][0]
    assert Attachment.objects.count() == 0


def test_at_most_five_files(parent_draft):
    uploads = [SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(6)]
    form = attach(parent_draft, *uploads)
    assert not form.is_valid() and "høyst 5" in form.errors["files"][0]


def test_a_pdf_and_a_png_are_stored_privately_with_the_type_from_their_content(parent_draft, settings):
    form = attach(parent_draft, SimpleUploadedFile("uttalelse.pdf", PDF), SimpleUploadedFile("bilde.jpg", png_bytes()))
    assert form.is_valid(), form.errors
    services.draft_save_step(application=parent_draft, step="vedlegg", form=form)
    types = sorted(a.content_type for a in parent_draft.attachments.all())
    assert types == ["application/pdf", "image/png"]
    for a in parent_draft.attachments.all():
        assert str(settings.PRIVATE_MEDIA_ROOT) in a.file.path
        with pytest.raises(ValueError):
            a.file.url  # noqa: B018 - private files have no URL
