"""Builders for the approval tests: an application in review with every checklist item done."""

import io
from datetime import date, timedelta

from django.utils import timezone
from pypdf import PdfReader

from applications.intake import services
from applications.intake import volunteer_steps as steps
from applications.models import HouseholdMember, MeetingKind
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import attest_people, signers
from placements import services as placement_services
from placements.models import RateTable

# A partner applying together (fictional), for VolunteerApplicationFactory(**PARTNER).
PARTNER = {
    "applying_together": True, "partner_first_name": "Ola", "partner_last_name": "Testesen", "partner_birth_date": date(1983, 3, 9),
    "partner_email": "ola.testesen@example.no", "partner_phone": "+4741234568",
}


def add_rates(municipality, valid_from=date(2026, 1, 1)):
    """Fictional rates for both kinds of agreement on both legal tracks, above SGS 1030's minimums."""
    common = {"expenses_0_10_ore": 40000, "expenses_over_10_ore": 45000, "km_rate_ore": 450, "source": "Eksempelsatser (fiktive)"}
    for track in ("health_care", "child_welfare"):
        RateTable.objects.get_or_create(municipality=municipality, agreement_kind="employment", legal_track=track, valid_from=valid_from,
                                        defaults={"hourly_pay_ore": 23550, **common})
        RateTable.objects.get_or_create(municipality=municipality, agreement_kind="assignment", legal_track=track, valid_from=valid_from,
                                        defaults={"fee_per_day_ore": 95000, "hourly_pay_ore": 21000, **common})


def in_review(application, caseworker):
    if application.status == "draft":
        application = services.application_submit(
            application=application, incomplete_steps=[s.slug for s in steps.incomplete_steps(application)]
        )
    return volunteer_services.application_change_status(application=application, to_status="in_review", by=caseworker)


def hold_meeting(application, caseworker, kind=MeetingKind.INTERVIEW, days_ago=3):
    meeting = volunteer_services.meeting_schedule(
        application=application, kind=kind, starts_at=timezone.now() - timedelta(days=days_ago),
        caseworker=caseworker, by=caseworker, place="Rådhuset, møterom 2",
    )
    extra = {}
    if kind == MeetingKind.HOME_VISIT:
        extra = {"bedroom_for_child": True, "safety_notes": "Røykvarsler og trappegrind", "impression": "Trygt og ryddig"}
    return volunteer_services.meeting_mark_held(meeting=meeting, by=caseworker, notes="Gjennomført som planlagt", **extra)


def register_all_attests(application, caseworker, shown=None):
    shown = shown or timezone.localdate()
    for person in attest_people(application):
        for attest_type in person.required:
            volunteer_services.police_certificate_register(
                application=application, person_key=person.key, attest_type=attest_type,
                issue_date=shown - timedelta(days=10), shown_date=shown, outcome="no_remarks", by=caseworker,
            )


def request_declaration(application, caseworker=None):
    """The caseworker (the case's own unless another is given) asks the applicants to sign the taushetserklæring."""
    application.refresh_from_db()
    return volunteer_services.declaration_request(application=application, by=caseworker or application.assigned_to)


def sign_declarations(application):
    """Every applicant signs the taushetserklæring, once the caseworker has asked for it."""
    request_declaration(application)
    for key, name in signers(application):
        volunteer_services.declaration_sign(application=application, person_key=key, typed_name=name, confirmed=True)


def sign_agreements(application, caseworker, start_date=None):
    """Make the case's agreements and have everyone sign: each person each names, and the kommune."""
    add_rates(application.municipality)
    signed = []
    for agreement in volunteer_services.agreements_generate(application=application, by=caseworker, start_date=start_date):
        for party in agreement.parties.all():
            placement_services.agreement_sign_party(agreement=agreement, person_key=party.person_key, typed_name=party.name, confirmed=True)
        signed.append(placement_services.agreement_sign_caseworker(agreement=agreement, by=caseworker))
    return signed


def ready_for_approval(application, caseworker, skip=()):
    """Do every checklist item except those named in `skip`."""
    application = in_review(application, caseworker)
    interviews = application.municipality.interviews_required
    if "interviews" in skip:
        interviews -= 1
    for _n in range(interviews):
        hold_meeting(application, caseworker)
    if "home_visit" not in skip:
        hold_meeting(application, caseworker, kind=MeetingKind.HOME_VISIT)
    if "attests" not in skip:
        register_all_attests(application, caseworker)
    if "declaration" not in skip:
        sign_declarations(application)
    if "agreement" not in skip:
        sign_agreements(application, caseworker)
    application.refresh_from_db()
    return application


def add_household_member(application, name="Voksen Sønn", birth_date=date(2000, 6, 15), estimated=False):
    return HouseholdMember.objects.create(application=application, name=name, birth_date=birth_date,
                                          birth_date_estimated=estimated, relation="child")


def pdf_text(data: bytes) -> str:
    """The text of a PDF the portal rendered (a formålsbekreftelse, an agreement)."""
    assert data.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
