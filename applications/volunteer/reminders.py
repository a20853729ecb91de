"""Reminders on a volunteer's case: what is due, for whom and when. Registered with the reminder engine at start-up."""

from collections.abc import Iterable
from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.intake.wizard import wizard_for
from applications.models import ApplicationStatus, Meeting, MeetingStatus, PurposeConfirmation, VolunteerApplication
from besokshjem.reminders.registry import Audience, Due, Rule, applicant, caseworkers, local
from placements.models import Agreement

from . import checklist as rules

OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)


def case_link(application) -> str:
    return reverse("caseworker:case", args=[application.pk])


def status_link(application) -> str:
    return wizard_for(application).status_url(application)


def meetings_unscheduled(municipality, today, days) -> Iterable[Due]:
    cutoff = today - timedelta(days=days)
    candidates = (VolunteerApplication.objects.filter(municipality=municipality, status__in=OPEN, meetings__isnull=True)
                  .select_related("assigned_to", "municipality"))
    for application in candidates:
        if local(application.submitted_at) <= cutoff:
            yield Due(application, local(application.submitted_at) + timedelta(days=days), caseworkers(application))


def without_meetings(targets) -> set:
    return {a.pk for a in targets if a.status in OPEN and not a.meetings.exclude(status=MeetingStatus.CANCELLED).exists()}


def _attest_shown_for(confirmation) -> bool:
    """Whether the attest a formålsbekreftelse was issued for has been shown: of its type (a household member's: any)."""
    shown = confirmation.application.police_certificates.filter(person_key=confirmation.person_key)
    if not confirmation.for_household_member:
        shown = shown.filter(attest_type=confirmation.attest_type)
    return shown.exists()


def _confirmations_without_attest(municipality, today, days):
    cutoff = today - timedelta(days=days)
    for confirmation in (PurposeConfirmation.objects.filter(application__municipality=municipality,
                                                            application__status=ApplicationStatus.IN_REVIEW)
                         .select_related("application__assigned_to", "application__municipality")):
        if local(confirmation.issued_at) <= cutoff and not _attest_shown_for(confirmation):
            yield confirmation


def attest_missing_caseworker(municipality, today, days) -> Iterable[Due]:
    for c in _confirmations_without_attest(municipality, today, days):
        yield Due(c, local(c.issued_at) + timedelta(days=days), caseworkers(c.application))


def attest_missing_applicant(municipality, today, days) -> Iterable[Due]:
    for c in _confirmations_without_attest(municipality, today, days):
        yield Due(c, local(c.issued_at) + timedelta(days=days), applicant(c.application))


def still_without_attest(targets) -> set:
    return {c.pk for c in targets if c.application.status == ApplicationStatus.IN_REVIEW and not _attest_shown_for(c)}


def declaration_unsigned(municipality, today, days) -> Iterable[Due]:
    text = rules.current_declaration_text()
    if text is None:
        return
    cutoff = today - timedelta(days=days)
    # Counted from the caseworker's request: before it, the applicants cannot sign.
    for application in (VolunteerApplication.objects.filter(municipality=municipality, status=ApplicationStatus.IN_REVIEW,
                                                            declaration_requested_at__isnull=False)
                        .prefetch_related("declaration_signatures").select_related("municipality")):
        signed = {s.person_key for s in application.declaration_signatures.all() if s.text_id == text.pk}
        if local(application.declaration_requested_at) <= cutoff and any(key not in signed for key, _name in rules.signers(application)):
            yield Due(application, max(local(application.declaration_requested_at) + timedelta(days=days), local(text.valid_from)),
                      applicant(application))


def declaration_still_unsigned(targets) -> set:
    text = rules.current_declaration_text()
    return {a.pk for a in targets if a.status == ApplicationStatus.IN_REVIEW and text is not None and any(
        not a.declaration_signatures.filter(person_key=key, text=text).exists() for key, _n in rules.signers(a))}


def agreement_unsigned(municipality, today, days) -> Iterable[Due]:
    for agreement in (Agreement.objects.filter(municipality=municipality, superseded_at__isnull=True, applicant_signed_at__isnull=True,
                                               application__status=ApplicationStatus.IN_REVIEW)
                      .select_related("application__municipality")):
        if local(agreement.created_at) + timedelta(days=days) <= today:
            yield Due(agreement, local(agreement.created_at) + timedelta(days=days), applicant(agreement.application))


def agreement_still_unsigned(targets) -> set:
    return {a.pk for a in targets if a.superseded_at is None and a.applicant_signed_at is None}


def meeting_tomorrow(municipality, today, days) -> Iterable[Due]:
    day = today + timedelta(days=days)
    for meeting in (Meeting.objects.filter(application__municipality=municipality, status=MeetingStatus.SCHEDULED)
                    .select_related("application__municipality")):
        if local(meeting.starts_at) == day:
            yield Due(meeting, day, applicant(meeting.application))


def meeting_still_scheduled(targets) -> set:
    return {m.pk for m in targets if m.status == MeetingStatus.SCHEDULED}


def _part_status_link(part) -> str:
    return status_link(part.application)


def _part_case_link(part) -> str:
    return case_link(part.application)


RULES = [
    Rule("meetings_unscheduled", Audience.CASEWORKER, 14, meetings_unscheduled, without_meetings,
         "applications.VolunteerApplication", case_link, ("municipality",), label=_("Påminnelse: ingen samtale avtalt")),
    Rule("attest_missing_caseworker", Audience.CASEWORKER, 21, attest_missing_caseworker, still_without_attest,
         "applications.PurposeConfirmation", _part_case_link, ("application__municipality",), label=_("Påminnelse: politiattest mangler (saksbehandler)")),
    Rule("attest_missing_applicant", Audience.APPLICANT, 14, attest_missing_applicant, still_without_attest,
         "applications.PurposeConfirmation", _part_status_link, ("application__municipality",), label=_("Påminnelse: politiattest mangler (søker)")),
    Rule("declaration_unsigned", Audience.APPLICANT, 7, declaration_unsigned, declaration_still_unsigned,
         "applications.VolunteerApplication", status_link, ("municipality",), label=_("Påminnelse: taushetserklæring ikke signert")),
    Rule("agreement_unsigned", Audience.APPLICANT, 7, agreement_unsigned, agreement_still_unsigned,
         "placements.Agreement", _part_status_link, ("application__municipality",), label=_("Påminnelse: avtale ikke signert")),
    Rule("meeting_tomorrow", Audience.APPLICANT, 1, meeting_tomorrow, meeting_still_scheduled,
         "applications.Meeting", _part_status_link, ("application__municipality",), label=_("Påminnelse: samtale eller hjemmebesøk i morgen")),
]
