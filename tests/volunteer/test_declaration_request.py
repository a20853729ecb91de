"""The taushetserklæring is signed when the caseworker asks for it, not the minute an application is received: the
request is audited, the applicants get an e-mail, and only then does the status page offer the signing."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import VolunteerAction
from applications.volunteer import services as volunteer_services
from besokshjem.audit.models import AuditEntry
from besokshjem.core.tokens import STATUS, case_token

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory


def status_url(application, name="applications:status"):
    return reverse(name, kwargs={"token": case_token(application, purpose=STATUS)})


SIGN = {"person_key": "applicant", "typed_name": "Kari Testesen", "confirmed": "on"}


def test_a_received_application_cannot_sign_the_declaration(client, submitted):
    html = client.get(status_url(submitted)).content.decode()
    assert "Signer taushetserklæringen" not in html and "forvaltningsloven § 13" not in html
    assert client.post(status_url(submitted, "applications:sign_declaration"), SIGN).status_code == 404
    with pytest.raises(ValidationError, match="ikke bedt om signering"):
        volunteer_services.declaration_sign(application=submitted, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    assert not submitted.declaration_signatures.exists()


def test_a_case_in_review_cannot_sign_before_the_caseworker_asks(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    assert "Signer taushetserklæringen" not in client.get(status_url(application)).content.decode()
    assert client.post(status_url(application, "applications:sign_declaration"), SIGN).status_code == 404


def test_the_request_is_audited_e_mailed_and_opens_the_signing(client, draft, bergen_caseworker, on_commit):
    application = h.in_review(draft, bergen_caseworker)
    mail.outbox.clear()
    with on_commit():
        volunteer_services.declaration_request(application=application, by=bergen_caseworker)
    [message] = mail.outbox
    assert message.to == [application.email] and "Signer taushetserklæringen" in message.subject
    assert "/status/" in message.body
    entry = AuditEntry.objects.get(action=VolunteerAction.DECLARATION_REQUESTED)
    assert entry.actor == bergen_caseworker and entry.object_id == application.pk
    application.refresh_from_db()
    assert application.declaration_requested_at is not None

    html = client.get(status_url(application)).content.decode()
    assert "Signer taushetserklæringen" in html and "forvaltningsloven § 13" in html
    assert client.post(status_url(application, "applications:sign_declaration"), SIGN).status_code == 302
    assert application.declaration_signatures.get().typed_name == "Kari Testesen"


def test_asking_twice_sends_one_e_mail(draft, bergen_caseworker, on_commit):
    application = h.in_review(draft, bergen_caseworker)
    mail.outbox.clear()
    with on_commit():
        assert volunteer_services.declaration_request(application=application, by=bergen_caseworker) is True
        assert volunteer_services.declaration_request(application=application, by=bergen_caseworker) is False
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action=VolunteerAction.DECLARATION_REQUESTED).count() == 1


def test_a_partner_applying_together_gets_the_request_too(bergen, bergen_caseworker, on_commit):
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, **h.PARTNER), bergen_caseworker)
    mail.outbox.clear()
    with on_commit():
        volunteer_services.declaration_request(application=application, by=bergen_caseworker)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([application.email, h.PARTNER["partner_email"]])


def test_only_a_case_in_review_can_be_asked(submitted, bergen_caseworker, lillestrom_caseworker):
    with pytest.raises(ValidationError, match="under behandling"):
        volunteer_services.declaration_request(application=submitted, by=bergen_caseworker)
    application = h.in_review(submitted, bergen_caseworker)
    with pytest.raises(ValidationError):
        volunteer_services.declaration_request(application=application, by=lillestrom_caseworker)
    application.refresh_from_db()
    assert application.declaration_requested_at is None


def test_the_data_migration_keeps_open_cases_signable(submitted, bergen, bergen_caseworker):
    """Cases in review when the request came in stay signable (their applicants were told they would sign); a signed
    case is marked asked when it was first signed; a case not yet taken into review waits for the caseworker."""
    migration = import_module("applications.migrations.0025_declaration_requested")
    reviewing = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    signed = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    h.sign_declarations(signed)
    first_signed = signed.declaration_signatures.get().signed_at
    type(signed).objects.update(declaration_requested_at=None)

    migration.mark_requested(apps, None)

    for application in (submitted, reviewing, signed):
        application.refresh_from_db()
    assert submitted.declaration_requested_at is None
    assert reviewing.declaration_requested_at is not None
    assert signed.declaration_requested_at == first_signed
