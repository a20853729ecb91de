"""Approval of a volunteer home: allowed when every checklist item holds, refused with a clear message for each one
missing, the kommune's own settings, and every step in the audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import checklist
from besokshjem.audit.selectors import audit_entries_for
from placements import services as placement_services
from placements.models import ApprovedHome

from .. import approval_helpers as h


def test_approval_is_allowed_when_every_item_holds(draft, bergen_caseworker, on_commit):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    with on_commit():
        home = volunteer_services.application_approve(application=application, by=bergen_caseworker)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert ApprovedHome.objects.get() == home
    assert home.home_types == ["visiting"] and home.capacity == 2 and home.sibling_pair


@pytest.mark.parametrize(
    ("skip", "message"),
    [
        ("interviews", "1 av 2 samtaler er gjennomført."),
        ("home_visit", "Hjemmebesøk er ikke gjennomført."),
        ("attests", "Politiattest (Uttømmende og utvidet politiattest) mangler for Kari Testesen."),
        ("declaration", "Taushetserklæring (versjon 1) er ikke signert av Kari Testesen."),
        ("agreement", "Oppdragsavtalen for besøkshjem er ikke laget."),
    ],
)
def test_approval_is_refused_for_each_missing_item(draft, bergen_caseworker, skip, message):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=(skip,))
    with pytest.raises(ValidationError) as exc:
        volunteer_services.application_approve(application=application, by=bergen_caseworker)
    assert message in exc.value.messages
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not ApprovedHome.objects.exists()


def test_approval_is_refused_until_the_municipality_signs_the_agreement(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=("agreement",))
    h.add_rates(application.municipality)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    placement_services.agreement_sign_party(agreement=agreement, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    with pytest.raises(ValidationError, match="ikke signert av kommunen"):
        volunteer_services.application_approve(application=application, by=bergen_caseworker)


def test_the_number_of_interviews_is_the_municipalitys_setting(draft, bergen, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    bergen.interviews_required = 3
    bergen.save()
    application.refresh_from_db()
    application.municipality.refresh_from_db()
    assert checklist(application).summary().startswith("2/3 samtaler")
    with pytest.raises(ValidationError, match="2 av 3 samtaler"):
        volunteer_services.application_approve(application=application, by=bergen_caseworker)


def test_another_municipalitys_caseworker_cannot_act_on_the_case(draft, bergen_caseworker, lillestrom_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="hører ikke til"):
        volunteer_services.application_approve(application=application, by=lillestrom_caseworker)
    with pytest.raises(ValidationError, match="hører ikke til"):
        volunteer_services.meeting_schedule(application=application, kind="interview", starts_at=timezone.now(),
                                  caseworker=lillestrom_caseworker, by=lillestrom_caseworker, place="X")


def test_every_step_is_in_the_audit_trail(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    volunteer_services.application_approve(application=application, by=bergen_caseworker)
    actions = [e.action for e in audit_entries_for(target=application)]
    for action in ("submitted", "status_changed", "interview_scheduled", "interview_held", "home_visit_held",
                   "police_certificate_registered", "declaration_signed", "agreement_generated",
                   "agreement_signed_by_applicant", "agreement_signed_by_municipality", "approved"):
        assert action in actions, action


def test_checklist_summary_reads_at_a_glance(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.hold_meeting(application, bergen_caseworker)
    assert checklist(application).summary() == "1/2 samtaler · 0/1 hjemmebesøk · 0/1 politiattest · taushetserklæring ✗ · avtale ✗"
