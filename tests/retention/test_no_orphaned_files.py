"""No orphaned files: on every upload path a save that fails after the file was written leaves no file behind (the
parent's attachments are covered in tests/security/test_uploads.py)."""

import pytest
from django.utils import timezone

from applications.models import Appeal, PoliceCertificate
from applications.respite import services as respite_services
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import attest_people
from tests.approval_helpers import in_review
from tests.security import files

from .helpers import closed_respite


def stored_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def broken_save(self, *args, **kwargs):
    raise RuntimeError("the database went away")


def test_an_appeal_whose_row_fails_leaves_no_attachment(bergen, settings, monkeypatch):
    decision = closed_respite(bergen).decisions.get()
    monkeypatch.setattr(Appeal, "save", broken_save)
    with pytest.raises(RuntimeError):
        respite_services.appeal_lodge(decision=decision, text="Vi klager.", upload=files.upload("klage.pdf", files.pdf()))
    assert stored_files(settings) == []


def test_an_attest_whose_row_fails_leaves_no_copy(bergen, settings, monkeypatch, submitted, bergen_caseworker):
    bergen.keeps_attest_copies = True
    bergen.save(update_fields=["keeps_attest_copies"])
    application = in_review(submitted, bergen_caseworker)
    person = attest_people(application)[0]
    monkeypatch.setattr(PoliceCertificate, "save", broken_save)
    today = timezone.localdate()
    with pytest.raises(RuntimeError):
        volunteer_services.police_certificate_register(
            application=application, person_key=person.key, attest_type=person.required[0], issue_date=today, shown_date=today,
            outcome="no_remarks", by=bergen_caseworker, copy=files.upload("attest.pdf", files.pdf()),
        )
    assert stored_files(settings) == []
