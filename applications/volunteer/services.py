"""Every move of a volunteer application after it is submitted: assign, status, meetings, attests, declaration,
approval, rejection and withdrawal.

Every function writes in one transaction, records an audit entry, and queues e-mail on commit.
"""

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.decisions.services import require_not_disqualified
from applications.intake.file_validators import validate_attachment
from applications.models import (
    MEETING_CANCELLED,
    MEETING_HELD,
    MEETING_SCHEDULED,
    ApplicationStatus,
    AttestOutcome,
    CaseAction,
    DeclarationSignature,
    HouseholdMember,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PersonRole,
    PoliceCertificate,
    PurposeConfirmation,
    VolunteerAction,
    VolunteerApplication,
)
from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.core.forms import already_done
from besokshjem.core.storage import file_save, files_removed_on_rollback
from besokshjem.tenancy.choices import AttestType, HomeType
from besokshjem.tenancy.services import require_member
from placements import services as placement_services
from placements.models import ApprovedHome, HomeStatus

from . import checklist as rules
from . import emails

OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
# Moves a caseworker may make by hand. Approval arrives with its checklist (issue 5).
CASEWORKER_TRANSITIONS = {
    ApplicationStatus.SUBMITTED: [ApplicationStatus.IN_REVIEW, ApplicationStatus.REJECTED],
    ApplicationStatus.IN_REVIEW: [ApplicationStatus.SUBMITTED, ApplicationStatus.REJECTED],
}
WITHDRAWABLE = OPEN




def _locked(application) -> VolunteerApplication:
    return VolunteerApplication.objects.select_for_update().select_related("municipality").get(pk=application.pk)


def _require_in_review(application):
    if application.status != ApplicationStatus.IN_REVIEW:
        raise ValidationError(_("Saken må være under behandling."), code="not_in_review")


@transaction.atomic
def meeting_schedule(
    *, application, kind: str, starts_at: datetime, caseworker, by, place: str = "", is_video: bool = False,
    video_link: str = "", duration_minutes: int = 60, nonce: uuid.UUID | None = None,
) -> Meeting:
    """Schedule an interview or a home visit; the applicant gets an invitation with a calendar file. The form's nonce
    makes a double POST schedule one meeting and send one invitation (the second returns the first).

    A meeting whose time has passed is being recorded after the fact: it is registered without an invitation (an
    invitation today to a meeting yesterday only confuses), ready to be marked held."""
    application = _locked(application)
    if nonce is not None and (done := already_done(Meeting, nonce=nonce, application=application)):
        return done
    _require_in_review(application)
    require_member(user=caseworker, municipality=application.municipality)
    if kind == MeetingKind.HOME_VISIT and not place:
        place = f"{application.address}, {application.postcode} {application.post_town}"
    if not is_video and not place:
        raise ValidationError({"place": _("Oppgi sted, eller velg video.")})
    if is_video and not video_link:
        raise ValidationError({"video_link": _("Oppgi lenke til videomøtet.")})
    meeting = Meeting(
        application=application, kind=kind, starts_at=starts_at, place=place, is_video=is_video, video_link=video_link,
        caseworker=caseworker, duration_minutes=duration_minutes, client_nonce=nonce,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(target=application, municipality=application.municipality, action=MEETING_SCHEDULED[kind], actor=by,
                 note=timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M"))
    if meeting_is_ahead(meeting):
        emails.meeting_invitation_write(meeting=meeting)
    return meeting


def meeting_is_ahead(meeting: Meeting) -> bool:
    """Whether the meeting is still to come (the applicant is invited to it), or being recorded after the fact."""
    return meeting.starts_at > timezone.now()


@transaction.atomic
def meeting_mark_held(
    *, meeting: Meeting, by, notes: str, bedroom_for_child: bool | None = None, safety_notes: str = "", impression: str = "",
) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("application__municipality").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("En avlyst avtale kan ikke markeres som gjennomført."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Avtalen kan ikke markeres som gjennomført før den har funnet sted."))
    if not notes.strip():
        raise ValidationError({"notes": _("Skriv et kort referat.")})
    if meeting.kind == MeetingKind.HOME_VISIT:
        errors = {}
        if meeting.application.offers_overnight and bedroom_for_child is None:
            errors["bedroom_for_child"] = _("Noter om barnet får eget soverom.")
        if not safety_notes.strip():
            errors["safety_notes"] = _("Noter hva du så av sikkerhet i hjemmet.")
        if not impression.strip():
            errors["impression"] = _("Noter helhetsinntrykket.")
        if errors:
            raise ValidationError(errors)
    meeting.status = MeetingStatus.HELD
    meeting.held_at = timezone.now()
    meeting.notes = notes
    meeting.bedroom_for_child = bedroom_for_child
    meeting.safety_notes = safety_notes
    meeting.impression = impression
    meeting.full_clean()
    meeting.save(update_fields=["status", "held_at", "notes", "bedroom_for_child", "safety_notes", "impression"])
    audit_record(target=meeting.application, municipality=meeting.application.municipality, action=MEETING_HELD[meeting.kind], actor=by)
    return meeting


def _cancel(meeting: Meeting, *, note: str = "", by=None, actor_label: str = "") -> None:
    """Cancel a planned meeting (the caller holds the case's lock); the applicant is told when it was still ahead."""
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    application = meeting.application
    audit_record(target=application, municipality=application.municipality, action=MEETING_CANCELLED[meeting.kind], actor=by,
                 actor_label=actor_label, note=note)
    if meeting.starts_at > timezone.now():
        emails.meeting_cancelled_write(meeting=meeting)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel an interview or a home visit; the applicant is told (with a calendar file that removes it)."""
    meeting = Meeting.objects.select_for_update().select_related("application__municipality").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("En gjennomført avtale kan ikke avlyses."))
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    _cancel(meeting, by=by)
    return meeting


def _cancel_planned_meetings(application, *, note: str, by=None, actor_label: str = "") -> int:
    """When a case closes, its planned meetings are cancelled and the applicant told: none stays «upcoming»."""
    planned = list(application.meetings.select_for_update().filter(status=MeetingStatus.SCHEDULED))
    for meeting in planned:
        meeting.application = application
        _cancel(meeting, note=note, by=by, actor_label=actor_label)
    return len(planned)


TASKS = {
    HomeType.VISITING: gettext_lazy("ta imot et barn eller søskenpar i eget hjem, vanligvis helger"),
    HomeType.RESPITE: gettext_lazy("gi avlastning for et barn i eget hjem, på dag- eller døgnbasis"),
    HomeType.SUPPORT_CONTACT: gettext_lazy("være støttekontakt for et barn eller en ungdom i fritiden"),
}
HOUSEHOLD_ROLE = gettext_lazy("bor i hjemmet til en som søker om å bli %(role)s")


@transaction.atomic
def purpose_confirmation_issue(*, application, person_key: str, home_type: str, by) -> PurposeConfirmation:
    """Issue the formålsbekreftelse a person needs to order the politiattest for one role (home type): the attest type
    and legal basis of that role's track. The letter is the kommune's, in Norwegian."""
    application = _locked(application)
    _require_in_review(application)
    person = rules.person_by_key(application, person_key)
    if person is None:
        raise ValidationError(_("Denne personen skal ikke legge fram politiattest i saken."), code="no_attest_needed")
    role = person.role_for(home_type)
    if role is None:
        raise ValidationError(_("%(name)s skal ikke legge fram politiattest for dette oppdraget.") % {"name": person.name},
                              code="no_attest_for_role")
    if person.birth_date is None:
        raise ValidationError(_("Fødselsdatoen til %(name)s mangler. Politiet trenger den.") % {"name": person.name},
                              code="birth_date_missing")
    if person.birth_estimated:
        raise ValidationError(
            _("Vi kjenner bare fødselsåret til %(name)s. Registrer fødselsdatoen før formålsbekreftelsen lages: politiet trenger den.")
            % {"name": person.name},
            code="birth_date_unknown",
        )
    with translation.override("nb"):
        role_label = HomeType(home_type).label.lower()
        role_text = str(HOUSEHOLD_ROLE) % {"role": role_label} if person.role == PersonRole.HOUSEHOLD else role_label
        tasks = str(TASKS[home_type])
    confirmation = PurposeConfirmation(
        application=application, person_key=person.key, person_name=person.name,
        person_birth=person.birth_date.strftime("%d.%m.%Y"), home_type=home_type, role=role_text,
        attest_type=role.attest_type, legal_basis=role.legal_basis, tasks=tasks,
        place=application.municipality.name, issued_by=by,
    )
    confirmation.full_clean()
    confirmation.save()
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.PURPOSE_CONFIRMATION_ISSUED, actor=by,
                 note=f"{person.key}: {home_type}, {role.attest_type}")
    emails.purpose_confirmation_notice_write(confirmation=confirmation)
    return confirmation


@transaction.atomic
def household_member_birth_date_record(*, member: HouseholdMember, birth_date: date, by) -> HouseholdMember:
    """Record a household member's real birth date where only the year was known (or correct a wrong one)."""
    member = HouseholdMember.objects.select_for_update().select_related("application__municipality").get(pk=member.pk)
    application = member.application
    require_member(user=by, municipality=application.municipality)
    if application.status not in OPEN:
        raise ValidationError(_("Saken er avsluttet."), code="closed")
    if birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("Fødselsdatoen kan ikke være i fremtiden.")}, code="future")
    member.birth_date = birth_date
    member.birth_date_estimated = False
    member.full_clean()
    member.save(update_fields=["birth_date", "birth_date_estimated"])
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.HOUSEHOLD_BIRTH_DATE_RECORDED,
                 actor=by, note=f"member:{member.pk}")
    return member


@files_removed_on_rollback()
def police_certificate_register(
    *, application, person_key: str, attest_type: str, issue_date: date, shown_date: date, outcome: str, by,
    note: str = "", copy=None,
) -> PoliceCertificate:
    """Record that a valid politiattest was seen. Refuses the wrong type and an attest over three months old."""
    application = _locked(application)
    _require_in_review(application)
    person = rules.person_by_key(application, person_key)
    if person is None:
        raise ValidationError(_("Denne personen skal ikke legge fram politiattest i saken."), code="no_attest_needed")
    if attest_type not in person.attest_types:
        raise ValidationError(
            {"attest_type": _("Feil type politiattest for %(name)s: kommunen krever %(types)s.") % {
                "name": person.name, "types": ", ".join(str(AttestType(t).label) for t in sorted(person.attest_types)),
            }},
            code="wrong_type",
        )
    if shown_date > timezone.localdate():
        raise ValidationError({"shown_date": _("Datoen attesten ble vist kan ikke være i fremtiden.")}, code="future")
    if issue_date > shown_date:
        raise ValidationError({"issue_date": _("Attesten kan ikke være utstedt etter at den ble vist.")}, code="issued_after_shown")
    if not rules.attest_valid_on(issue_date=issue_date, shown_date=shown_date):
        raise ValidationError(
            {"issue_date": _("Attesten var mer enn tre måneder gammel da den ble vist (utstedt %(issued)s, vist %(shown)s). Be om en ny attest.") % {
                "issued": issue_date.strftime("%d.%m.%Y"), "shown": shown_date.strftime("%d.%m.%Y"),
            }},
            code="too_old",
        )
    if outcome == AttestOutcome.REMARKS and not note.strip():
        raise ValidationError({"note": _("Beskriv merknadene. Vurderingen av dem registrerer du etterpå.")}, code="note_required")
    if copy and not application.municipality.keeps_attest_copies:
        raise ValidationError({"copy": _("Kommunen tar ikke kopi av politiattester. Registrer bare at attesten er sett.")}, code="no_copies")
    if copy:
        try:
            validate_attachment(copy)
        except ValidationError as exc:
            raise ValidationError({"copy": exc.messages}) from exc
    certificate = PoliceCertificate.objects.select_for_update().filter(
        application=application, person_key=person.key, attest_type=attest_type).first() or PoliceCertificate(
        application=application, person_key=person.key, attest_type=attest_type)
    for name, value in {
        "person_name": person.name, "issue_date": issue_date, "shown_date": shown_date, "outcome": outcome,
        "note": note, "checked_by": by,
        # A new attest needs a new assessment.
        "assessment": "", "assessment_acceptable": None, "assessed_by": None, "assessed_at": None,
    }.items():
        setattr(certificate, name, value)
    certificate.full_clean(exclude=["copy"])  # every length is checked before the database sees it
    if copy:
        file_save(certificate.copy, copy.name, copy)
    certificate.save()
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.POLICE_CERTIFICATE_REGISTERED, actor=by,
                 note=f"{person.key}: {attest_type}, {outcome}")
    return certificate


@transaction.atomic
def police_certificate_assess(*, certificate: PoliceCertificate, acceptable: bool, assessment: str, by) -> PoliceCertificate:
    """Record the caseworker's assessment of an attest with remarks: whether they are compatible with the role, and why.
    Approval waits for it; an assessment «not compatible» blocks approval."""
    certificate = PoliceCertificate.objects.select_for_update().select_related("application__municipality").get(pk=certificate.pk)
    application = _locked(certificate.application)
    require_member(user=by, municipality=application.municipality)
    _require_in_review(application)
    if certificate.outcome != AttestOutcome.REMARKS:
        raise ValidationError(_("Bare en attest med merknader skal vurderes."), code="no_remarks")
    if not assessment.strip():
        raise ValidationError({"assessment": _("Skriv vurderingen: hva merknadene gjelder, og hvorfor de er eller ikke er forenlige med oppdraget.")},
                              code="assessment_required")
    certificate.assessment = assessment.strip()
    certificate.assessment_acceptable = acceptable
    certificate.assessed_by = by
    certificate.assessed_at = timezone.now()
    certificate.full_clean()
    certificate.save(update_fields=["assessment", "assessment_acceptable", "assessed_by", "assessed_at"])
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.POLICE_CERTIFICATE_ASSESSED, actor=by,
                 note=f"{certificate.person_key}: {'forenlig' if acceptable else 'ikke forenlig'}")
    return certificate


def attest_copies_delete(*, application) -> int:
    """Delete kept copies of politiattester (politiregisterforskriften § 37-2): when the case or assignment ends."""
    deleted = 0
    for certificate in application.police_certificates.exclude(copy=""):
        certificate.copy.delete(save=False)
        certificate.copy_deleted_at = timezone.now()
        certificate.save(update_fields=["copy", "copy_deleted_at"])
        deleted += 1
    return deleted


@transaction.atomic
def declaration_request(*, application, by) -> bool:
    """Ask the applicants to sign the taushetserklæring: from now on the status page lets them, and each gets an e-mail.
    Asking again changes nothing and sends nothing. True when this call asked, False when they had been asked before
    (a second click, or two caseworkers at once), so that the page says which."""
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    require_not_disqualified(case=application, user=by)
    _require_in_review(application)
    if application.declaration_requested_at is not None:
        return False
    if rules.current_declaration_text() is None:
        raise ValidationError(_("Det finnes ingen gjeldende taushetserklæring å signere."), code="no_text")
    application.declaration_requested_at = timezone.now()
    application.save(update_fields=["declaration_requested_at", "updated_at"])
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.DECLARATION_REQUESTED, actor=by)
    emails.declaration_request_write(application=application)
    return True


@transaction.atomic
def declaration_sign(*, application, person_key: str, typed_name: str, confirmed: bool) -> DeclarationSignature:
    """An applicant signs the current taushetserklæring on the status page."""
    application = _locked(application)
    if application.status not in OPEN:
        raise ValidationError(_("Saken er avsluttet."), code="closed")
    if application.declaration_requested_at is None:
        raise ValidationError(_("Kommunen har ikke bedt om signering av taushetserklæringen ennå."), code="not_requested")
    names = dict(rules.signers(application))
    if person_key not in names:
        raise ValidationError(_("Ukjent person."), code="unknown_person")
    if not confirmed:
        raise ValidationError({"confirmed": _("Kryss av for at du har lest og godtar taushetserklæringen.")}, code="not_confirmed")
    if " ".join(typed_name.split()).casefold() != " ".join(names[person_key].split()).casefold():
        raise ValidationError({"typed_name": _("Skriv fullt navn slik det står i søknaden: %(name)s.") % {"name": names[person_key]}},
                              code="name_mismatch")
    text = rules.current_declaration_text()
    signature, _created = DeclarationSignature.objects.get_or_create(
        application=application, person_key=person_key, text=text, defaults={"typed_name": typed_name.strip()},
    )
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.DECLARATION_SIGNED, actor_label=APPLICANT,
                 note=f"{person_key}: v{text.version}")
    return signature


@transaction.atomic
def application_approve(*, application, by):
    """Approve the home. Refused, with the list of what is missing, until every item of the checklist holds."""
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    require_not_disqualified(case=application, user=by)
    _require_in_review(application)
    result = rules.checklist(application)
    if not result.complete:
        raise ValidationError(result.missing, code="incomplete")
    home = placement_services.approved_home_create(application=application, by=by)
    application.status = ApplicationStatus.APPROVED
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at", "updated_at"])
    _cancel_planned_meetings(application, note=_("Avlyst fordi hjemmet er godkjent."), by=by)
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.APPROVED, actor=by,
                 from_status=ApplicationStatus.IN_REVIEW, to_status=ApplicationStatus.APPROVED)
    emails.decision_notice_write(application=application)
    return home


@transaction.atomic
def application_reject(*, application, by, reason: str) -> VolunteerApplication:
    """Reject with a reason; the applicant is told by e-mail (without the reason) and reads it on the status page."""
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    require_not_disqualified(case=application, user=by)
    if application.status not in OPEN:
        raise ValidationError(_("Bare åpne saker kan avslås."), code="closed")
    if not reason.strip():
        raise ValidationError({"reason": _("Et avslag må ha en begrunnelse.")}, code="reason_required")
    previous = application.status
    application.status = ApplicationStatus.REJECTED
    application.rejection_reason = reason.strip()
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "rejection_reason", "closed_at", "updated_at"])
    attest_copies_delete(application=application)
    _cancel_planned_meetings(application, note=_("Avlyst fordi søknaden er avslått."), by=by)
    audit_record(target=application, municipality=application.municipality, action=VolunteerAction.REJECTED, actor=by,
                 from_status=previous, to_status=ApplicationStatus.REJECTED, note=reason.strip())
    emails.decision_notice_write(application=application)
    return application


@transaction.atomic
def application_withdraw(*, application: VolunteerApplication) -> VolunteerApplication:
    """The applicant withdraws; allowed while the case is open."""
    application = _locked(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status not in WITHDRAWABLE:
        raise ValidationError(_("Søknaden kan ikke trekkes nå."), code="not_withdrawable")
    previous = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at", "updated_at"])
    attest_copies_delete(application=application)
    _cancel_planned_meetings(application, note=_("Avlyst fordi søkeren trakk søknaden."), actor_label=APPLICANT)
    audit_record(
        target=application,
        municipality=application.municipality,
        action=CaseAction.WITHDRAWN,
        actor_label=APPLICANT,
        from_status=previous,
        to_status=application.status,
    )
    return application


@transaction.atomic
def application_change_status(
    *, application: VolunteerApplication, to_status: str, by, note: str = ""
) -> VolunteerApplication:
    """A caseworker moves a case; only the moves in CASEWORKER_TRANSITIONS, a rejection with its reason."""
    application = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
    previous = application.status
    if to_status == ApplicationStatus.REJECTED and previous in CASEWORKER_TRANSITIONS:
        return application_reject(application=application, by=by, reason=note)
    if to_status not in CASEWORKER_TRANSITIONS.get(previous, []):
        raise ValidationError(
            _("Kan ikke endre status fra «%(from)s» til «%(to)s».")
            % {"from": ApplicationStatus(previous).label, "to": ApplicationStatus(to_status).label},
            code="invalid_transition",
        )
    application.status = to_status
    update = ["status", "updated_at"]
    if to_status == ApplicationStatus.IN_REVIEW and application.assigned_to_id is None:
        application.assigned_to = by
        update.append("assigned_to")
    application.save(update_fields=update)
    audit_record(
        target=application,
        municipality=application.municipality,
        action=CaseAction.STATUS_CHANGED,
        actor=by,
        from_status=previous,
        to_status=to_status,
        note=note,
    )
    return application


@transaction.atomic
def application_assign(*, application: VolunteerApplication, caseworker, by) -> VolunteerApplication:
    application = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
    if caseworker is not None and not caseworker.memberships.filter(municipality=application.municipality).exists():
        raise ValidationError(_("Saksbehandleren hører ikke til denne kommunen."), code="wrong_municipality")
    application.assigned_to = caseworker
    application.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        target=application,
        municipality=application.municipality,
        action=CaseAction.ASSIGNED,
        actor=by,
        note=caseworker.email if caseworker else "",
    )
    return application


@transaction.atomic
def agreements_generate(
    *, application, by, start_date: date | None = None, end_date: date | None = None, temporary_reason: str = "",
) -> list:
    """Make (or remake) the case's agreements, one per role (an arbeidsavtale per employee); only while under review."""
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    _require_in_review(application)
    return placement_services.agreements_create(
        application=application, by=by, start_date=start_date or timezone.localdate(), end_date=end_date,
        temporary_reason=temporary_reason,
    )


@transaction.atomic
def home_set_status(*, home: ApprovedHome, status: str, reason: str, by) -> ApprovedHome:
    """Pause, resume or end an approved home. Ending deletes any kept politiattest copies (politiregisterforskriften § 37-2)."""
    home = placement_services.approved_home_set_status(home=home, status=status, reason=reason, by=by)
    if home.status == HomeStatus.ENDED:
        attest_copies_delete(application=home.application)
    return home
