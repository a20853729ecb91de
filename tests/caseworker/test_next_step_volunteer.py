"""The one next action on a volunteer's case, computed from the approval checklist: each stage from «received» to
«approve», with who it concerns and what its form is filled in with; the dashboard shows the same words."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import MeetingKind
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import next_action, next_step
from placements import services as placement_services
from placements.selectors import current_agreements

from .. import approval_helpers as h
from ..factories import MeetingFactory, VolunteerApplicationFactory

pytestmark = pytest.mark.django_db
KARI = "Kari Testesen"  # tests.factories.VolunteerApplicationFactory


# --- Steps that bring a case to a stage; a stage is the steps before it, in order --------------------------------------


def take(a, cw):
    return h.in_review(a, cw)


def unassign(a, cw):
    return volunteer_services.application_assign(application=a, caseworker=None, by=cw)


def interview_ahead(a, cw):
    MeetingFactory(application=a, caseworker=cw, starts_at=timezone.now() + timedelta(days=2))


def interview_past(a, cw):
    MeetingFactory(application=a, caseworker=cw, starts_at=timezone.now() - timedelta(hours=2))


def hold_interview(a, cw):
    h.hold_meeting(a, cw)


def purpose(a, cw):
    volunteer_services.purpose_confirmation_issue(application=a, person_key="applicant", home_type="visiting", by=cw)


def visit_past(a, cw):
    MeetingFactory(application=a, caseworker=cw, kind=MeetingKind.HOME_VISIT, place="Hjemme", starts_at=timezone.now() - timedelta(hours=1))


def hold_visit(a, cw):
    h.hold_meeting(a, cw, kind=MeetingKind.HOME_VISIT)


def ask_to_sign(a, cw):
    h.request_declaration(a, cw)


def attest(outcome="no_remarks", note=""):
    def register(a, cw):
        today = timezone.localdate()
        volunteer_services.police_certificate_register(application=a, person_key="applicant", attest_type="complete_extended",
                                                       issue_date=today, shown_date=today, outcome=outcome, note=note, by=cw)
    return register


def assess(acceptable):
    def run(a, cw):
        volunteer_services.police_certificate_assess(certificate=a.police_certificates.get(), acceptable=acceptable,
                                                     assessment="Vurdert.", by=cw)
    return run


def sign_declaration(a, cw):
    h.sign_declarations(a)


def make_agreement(a, cw):
    h.add_rates(a.municipality)
    volunteer_services.agreements_generate(application=a, by=cw)


def applicant_signs(a, cw):
    [agreement] = current_agreements(application=a)
    placement_services.agreement_sign_party(agreement=agreement, person_key="applicant", typed_name=KARI, confirmed=True)


def kommune_signs(a, cw):
    [agreement] = current_agreements(application=a)
    placement_services.agreement_sign_caseworker(agreement=agreement, by=cw)


def approve(a, cw):
    volunteer_services.application_approve(application=a, by=cw)


THROUGH_INTERVIEWS = (take, hold_interview, purpose, hold_interview)
READY_FOR_ATTEST = (*THROUGH_INTERVIEWS, hold_visit, ask_to_sign)
READY_FOR_AGREEMENT = (*READY_FOR_ATTEST, attest(), sign_declaration)

# (what the case has been through, the action's key, its label, who or what it concerns)
STAGES = [
    ((), "take", "Ta saken til behandling", ""),
    ((take, unassign), "assign", "Tildel saken", ""),
    ((take,), "schedule", "Avtal første samtale", ""),
    ((take, interview_ahead), "", "Vent til samtalen er holdt", ""),
    ((take, interview_past), "held", "Registrer samtalen som gjennomført", "Samtale "),
    ((take, hold_interview), "purpose", f"Lag formålsbekreftelse for {KARI}", KARI),
    ((take, hold_interview, purpose), "schedule", "Avtal neste samtale", ""),
    ((take, hold_interview, purpose, interview_ahead), "", "Vent til samtalen er holdt", ""),
    (THROUGH_INTERVIEWS, "schedule", "Avtal hjemmebesøk", ""),
    ((*THROUGH_INTERVIEWS, visit_past), "held", "Registrer hjemmebesøket som gjennomført", "Hjemmebesøk "),
    ((*THROUGH_INTERVIEWS, hold_visit), "declaration_request", "Be om signering av taushetserklæringen", ""),
    (READY_FOR_ATTEST, "attest", f"Registrer politiattest for {KARI}", KARI),
    ((*READY_FOR_ATTEST, attest("remarks", "Gammelt forelegg.")), "assess", f"Vurder merknadene på politiattesten til {KARI}", KARI),
    ((*READY_FOR_ATTEST, attest("remarks", "Gammelt forelegg."), assess(False)), "reject",
     f"Avslå søknaden: politiattesten til {KARI} er ikke forenlig med oppdraget", KARI),
    ((*READY_FOR_ATTEST, attest("remarks", "Gammelt forelegg."), assess(True)), "agreement_generate", "Lag avtalen", ""),
    (READY_FOR_AGREEMENT, "agreement_generate", "Lag avtalen", ""),
    ((*READY_FOR_AGREEMENT, make_agreement), "", "Vent på søkerne", ""),
    ((*READY_FOR_AGREEMENT, make_agreement, applicant_signs), "agreement_sign", "Signer avtalen for kommunen",
     "Oppdragsavtalen for besøkshjem"),
    ((*READY_FOR_AGREEMENT, make_agreement, applicant_signs, kommune_signs), "approve", "Godkjenn hjemmet", ""),
]


def at_stage(application, caseworker, steps):
    for step in steps:
        application = step(application, caseworker) or application
        application.refresh_from_db()
    return application


@pytest.mark.parametrize(("steps", "key", "label", "concerns"), STAGES,
                         ids=[f"{n:02d}-{key or 'wait'}" for n, (_s, key, _l, _c) in enumerate(STAGES)])
def test_the_next_action_at_each_stage(submitted, bergen_caseworker, steps, key, label, concerns):
    application = at_stage(submitted, bergen_caseworker, steps)
    action = next_action(application)
    assert (action.key, action.label) == (key, label)
    assert action.concerns.startswith(concerns) if concerns else action.concerns == ""
    assert next_step(application) == label  # the dashboard's words


def test_a_closed_case_has_no_next_action(submitted, bergen_caseworker):
    application = at_stage(submitted, bergen_caseworker, (*READY_FOR_AGREEMENT, make_agreement, applicant_signs, kommune_signs, approve))
    assert next_action(application) is None and next_step(application) == "–"


def test_each_action_fills_in_its_form(submitted, bergen_caseworker):
    application = at_stage(submitted, bergen_caseworker, (take,))
    assert next_action(application).initial == {"caseworker": bergen_caseworker.pk, "kind": MeetingKind.INTERVIEW}
    application = at_stage(application, bergen_caseworker, (interview_past,))
    meeting = application.meetings.get()
    assert next_action(application).initial == {"meeting": meeting.pk}
    volunteer_services.meeting_mark_held(meeting=meeting, by=bergen_caseworker, notes="Første samtale")
    assert next_action(application).initial == {"person_role": "applicant|visiting"}
    application = at_stage(application, bergen_caseworker, (purpose, hold_interview))
    assert next_action(application).initial["kind"] == MeetingKind.HOME_VISIT
    application = at_stage(application, bergen_caseworker, (hold_visit, ask_to_sign))
    # the attest the role requires: a besøkshjem on the barnevern track shows an «uttømmende og utvidet» one
    assert next_action(application).initial == {"person_key": "applicant", "attest_type": "complete_extended"}


def test_what_the_case_waits_for_is_listed(submitted, bergen_caseworker):
    application = at_stage(submitted, bergen_caseworker, (*READY_FOR_ATTEST,))
    waiting = next_action(application).waiting
    assert f"Taushetserklæring (versjon 1) er ikke signert av {KARI}." in waiting
    application = at_stage(application, bergen_caseworker, (attest(), sign_declaration, make_agreement))
    assert next_action(application).waiting == (f"{KARI} signerer oppdragsavtalen for besøkshjem.",)


def test_a_partner_and_a_household_member_each_get_their_own_steps(lillestrom, lillestrom_caseworker):
    application = VolunteerApplicationFactory(municipality=lillestrom, **h.PARTNER)
    application = at_stage(application, lillestrom_caseworker, (take, hold_interview))
    member = h.add_household_member(application, name="Bare Året", birth_date=date(1995, 1, 1), estimated=True)
    assert next_action(application).label == f"Lag formålsbekreftelse for {KARI}"
    for key in ("applicant", "partner"):
        volunteer_services.purpose_confirmation_issue(application=application, person_key=key, home_type="visiting", by=lillestrom_caseworker)
    action = next_action(application)
    assert (action.key, action.label, action.initial) == ("birth_date", "Registrer fødselsdatoen til Bare Året", {"member": member.pk})


def test_the_dashboard_shows_the_next_action(client, submitted, bergen_caseworker):
    at_stage(submitted, bergen_caseworker, (take, hold_interview))
    client.force_login(bergen_caseworker)
    assert f"Lag formålsbekreftelse for {KARI}" in client.get(reverse("caseworker:dashboard")).content.decode()
