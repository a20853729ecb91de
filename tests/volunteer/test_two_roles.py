"""An applicant who offers two roles on two legal tracks can be approved: a formålsbekreftelse per role with that role's
attest type and legal basis, an attest per type, the declaration, an agreement per role with the kind of that role's
setting, all signed; approval then makes one approved home with both home types."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import ApplicationStatus, MeetingKind
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import attest_people, checklist
from applications.volunteer.selectors import purpose_confirmation_pdf
from besokshjem.tenancy.models import HomeTypeSetting
from placements import services as placement_services
from placements.models import ApprovedHome

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory


@pytest.fixture
def two_roles(bergen, bergen_caseworker):
    """Besøkshjem on the barnevern track (oppdragsavtale) and støttekontakt on the helse- og omsorg track, made an
    arbeidsavtale by the kommune's setting: two tracks, two attest types, two kinds of agreement."""
    HomeTypeSetting.objects.filter(municipality=bergen, home_type="support_contact").update(agreement_kind="employment")
    application = VolunteerApplicationFactory(municipality=bergen, home_types=["visiting", "support_contact"], hours_per_week=4)
    return h.in_review(application, bergen_caseworker)


def test_an_applicant_with_two_roles_on_two_tracks_is_approved(two_roles, bergen_caseworker, on_commit):
    application, caseworker = two_roles, bergen_caseworker
    for _n in range(application.municipality.interviews_required):
        h.hold_meeting(application, caseworker)
    h.hold_meeting(application, caseworker, kind=MeetingKind.HOME_VISIT)

    # One formålsbekreftelse per role, each with that role's attest type and legal basis.
    [applicant] = attest_people(application)
    assert [(r.home_type, r.attest_type) for r in applicant.roles] == [("visiting", "complete_extended"), ("support_contact", "health_care")]
    confirmations = [
        volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type=role.home_type, by=caseworker)
        for role in applicant.roles
    ]
    assert [(c.home_type, c.attest_type) for c in confirmations] == [("visiting", "complete_extended"), ("support_contact", "health_care")]
    visiting_letter, support_letter = (h.pdf_text(purpose_confirmation_pdf(confirmation=c)) for c in confirmations)
    assert "barnevernsloven" in visiting_letter and "Uttømmende og utvidet politiattest" in visiting_letter and "besøkshjem" in visiting_letter
    assert "helse- og omsorgstjenesteloven § 5-4" in support_letter and "støttekontakt" in support_letter

    # An attest per type: one is not enough.
    today = timezone.localdate()
    volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended", issue_date=today - timedelta(days=9),
        shown_date=today, outcome="no_remarks", by=caseworker)
    assert checklist(application).missing == [
        "Politiattest (Politiattest etter helse- og omsorgstjenesteloven § 5-4) mangler for Kari Testesen.",
        "Taushetserklæring (versjon 1) er ikke signert av Kari Testesen.",
        "Oppdragsavtalen for besøkshjem er ikke laget.",
        "Arbeidsavtalen for støttekontakt (Kari Testesen) er ikke laget.",
    ]
    volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="health_care", issue_date=today - timedelta(days=9),
        shown_date=today, outcome="no_remarks", by=caseworker)
    h.sign_declarations(application)

    # An agreement per role, with each role's kind; approval waits for every signature.
    h.add_rates(application.municipality)
    agreements = volunteer_services.agreements_generate(application=application, by=caseworker)
    assert [(a.home_type, a.kind) for a in agreements] == [("visiting", "assignment"), ("support_contact", "employment")]
    for agreement in agreements:
        placement_services.agreement_sign_party(agreement=agreement, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    placement_services.agreement_sign_caseworker(agreement=agreements[0], by=caseworker)
    with pytest.raises(ValidationError) as refused:
        volunteer_services.application_approve(application=application, by=caseworker)
    assert refused.value.messages == ["Arbeidsavtalen for støttekontakt (Kari Testesen) er ikke signert av kommunen."]
    placement_services.agreement_sign_caseworker(agreement=agreements[1], by=caseworker)

    application.refresh_from_db()
    assert checklist(application).complete
    with on_commit():
        home = volunteer_services.application_approve(application=application, by=caseworker)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert ApprovedHome.objects.get() == home
    assert home.home_types == ["visiting", "support_contact"]
    assert home.frequency == "Besøkshjem: 1 helg per måned; Støttekontakt: 4 timer per uke"


def test_the_checklist_asks_for_one_attest_per_type_not_per_role(bergen, bergen_caseworker):
    """Avlastningshjem and støttekontakt, both on the helse- og omsorg track: one § 5-4 attest serves both roles."""
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["respite", "support_contact"], respite_home_mode="overnight", hours_per_week=4), bergen_caseworker)
    [applicant] = attest_people(application)
    assert [r.home_type for r in applicant.roles] == ["respite", "support_contact"]
    assert applicant.required == ["health_care"]
    h.register_all_attests(application, bergen_caseworker)
    assert not [m for m in checklist(application).missing if m.startswith("Politiattest")]


def test_a_formalsbekreftelse_is_only_for_a_role_the_person_needs_an_attest_for(two_roles, bergen_caseworker):
    with pytest.raises(ValidationError, match="skal ikke legge fram politiattest for dette oppdraget"):
        volunteer_services.purpose_confirmation_issue(application=two_roles, person_key="applicant", home_type="respite", by=bergen_caseworker)


def test_a_partner_is_asked_for_an_attest_only_for_the_roles_they_give(bergen, bergen_caseworker):
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["visiting", "support_contact"], hours_per_week=4, **h.PARTNER), bergen_caseworker)
    applicant, partner = attest_people(application)
    assert [r.home_type for r in applicant.roles] == ["visiting", "support_contact"]
    assert [r.home_type for r in partner.roles] == ["visiting"]
