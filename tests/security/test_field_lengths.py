"""No input raises a database error: every text a form accepts fits its column (PostgreSQL enforces lengths; SQLite
does not, so the lengths are compared too)."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.caseworker import forms as caseworker_forms
from applications.models import DeclarationSignature, Meeting, PoliceCertificate, PurposeConfirmation, VolunteerApplication
from applications.volunteer import forms as volunteer_forms
from applications.volunteer import services as volunteer_services
from placements.models import Agreement, AgreementParty, ApprovedHome, TimeSheet

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db


def max_length(model, field):
    return model._meta.get_field(field).max_length


def test_a_100_plus_100_character_name_registers_its_attest_and_formalsbekreftelse(bergen, bergen_caseworker):
    first, last = "Å" * 100, "Ø" * 100
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, first_name=first, last_name=last), bergen_caseworker)
    assert len(application.applicant_name) == 201
    confirmation = volunteer_services.purpose_confirmation_issue(
        application=application, person_key="applicant", home_type=application.home_types[0], by=bergen_caseworker)
    certificate = volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended", issue_date=timezone.localdate(),
        shown_date=timezone.localdate(), outcome="no_remarks", by=bergen_caseworker)
    certificate.refresh_from_db()
    confirmation.refresh_from_db()
    assert certificate.person_name == confirmation.person_name == f"{first} {last}"


def test_every_copy_of_a_full_name_has_room_for_the_longest_name_the_application_takes():
    longest = max_length(VolunteerApplication, "first_name") + 1 + max_length(VolunteerApplication, "last_name")
    for model, field in [(PoliceCertificate, "person_name"), (PurposeConfirmation, "person_name"), (DeclarationSignature, "typed_name"),
                         (AgreementParty, "name"), (AgreementParty, "signed_name"), (TimeSheet, "confirmed_by_name")]:
        assert max_length(model, field) >= longest, (model, field)
    assert max_length(ApprovedHome, "name") >= 2 * longest + len(" og ")
    for form in (volunteer_forms.DeclarationSignForm, volunteer_forms.AgreementSignForm):
        assert form.base_fields["typed_name"].max_length == max_length(DeclarationSignature, "typed_name")
    assert volunteer_forms.TimeSheetConfirmForm.base_fields["confirmed_by_name"].max_length == max_length(TimeSheet, "confirmed_by_name")


def test_caseworker_form_fields_are_bounded_by_their_columns():
    pairs = [
        (caseworker_forms.MeetingScheduleForm, "place", Meeting, "place"),
        (caseworker_forms.MeetingScheduleForm, "video_link", Meeting, "video_link"),
        (caseworker_forms.AgreementsForm, "temporary_reason", Agreement, "temporary_reason"),
    ]
    for form, form_field, model, model_field in pairs:
        assert form.base_fields[form_field].max_length == max_length(model, model_field), (form, form_field)


def test_a_too_long_meeting_place_is_a_form_error_not_a_crash(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    client.force_login(bergen_caseworker)
    response = client.post(reverse("caseworker:case", args=[application.pk]), {
        "action": "schedule", "nonce": str(uuid.uuid4()), "kind": "interview", "duration_minutes": 60, "place": "x" * 201,
        "starts_at": timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"), "caseworker": bergen_caseworker.pk,
    })
    assert response.status_code == 400
    assert response.context["forms"]["schedule"].errors["place"][0].count("200")
    assert not Meeting.objects.exists()
