"""The taushetserklæring: signed with the full name and a tick by every applicant, and again when a new version
comes into force."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import DeclarationText
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import checklist

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory


def test_a_new_declaration_version_needs_a_new_signature(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    DeclarationText.objects.create(version=2, title="Taushetserklæring", body="Ny tekst", valid_from=timezone.now() - timedelta(seconds=1))
    result = checklist(application)
    assert not result.complete
    assert "Taushetserklæring (versjon 2) er ikke signert av Kari Testesen." in result.missing
    signature = volunteer_services.declaration_sign(application=application, person_key="applicant", typed_name="kari  testesen", confirmed=True)
    assert signature.text.version == 2 and signature.signed_at
    assert checklist(application).complete


def test_declaration_needs_the_full_name_and_confirmation(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.request_declaration(application)
    with pytest.raises(ValidationError, match="Skriv fullt navn"):
        volunteer_services.declaration_sign(application=application, person_key="applicant", typed_name="Kari", confirmed=True)
    with pytest.raises(ValidationError, match="Kryss av"):
        volunteer_services.declaration_sign(application=application, person_key="applicant", typed_name="Kari Testesen", confirmed=False)


def test_partner_must_sign_the_declaration_too(bergen, bergen_caseworker):
    application = VolunteerApplicationFactory(
        municipality=bergen, applying_together=True, partner_first_name="Ola", partner_last_name="Testesen",
        partner_birth_date=date(1983, 1, 2), partner_email="ola@example.no", partner_phone="+4791234567",
    )
    application = h.ready_for_approval(application, bergen_caseworker, skip=("declaration",))
    h.request_declaration(application)
    volunteer_services.declaration_sign(application=application, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    assert "Taushetserklæring (versjon 1) er ikke signert av Ola Testesen." in checklist(application).missing
