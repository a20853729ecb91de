"""Writes of parents' avlastning cases: attachments, interim replies, the vedtak, delivery and appeals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.intake.file_validators import validate_attachment
from applications.models import (
    Appeal,
    AppealStatus,
    CaseAction,
    Decision,
    InterimReply,
    Outcome,
    RespiteAction,
    RespiteApplication,
    RespiteStatus,
    WantedService,
)
from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.tenancy.services import require_member

from . import emails
from .selectors import OPEN, appeal_deadline_of


def _locked(application) -> RespiteApplication:
    return RespiteApplication.objects.select_for_update().select_related("municipality").get(pk=application.pk)


@transaction.atomic
def respite_take_into_review(*, application, by) -> RespiteApplication:
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    if application.status != RespiteStatus.SUBMITTED:
        raise ValidationError(_("Bare mottatte saker kan tas til behandling."), code="invalid_transition")
    application.status = RespiteStatus.IN_REVIEW
    fields = ["status", "updated_at"]
    if application.assigned_to_id is None:
        application.assigned_to = by
        fields.append("assigned_to")
    application.save(update_fields=fields)
    audit_record(target=application, municipality=application.municipality, action=CaseAction.STATUS_CHANGED, actor=by,
                 from_status=RespiteStatus.SUBMITTED, to_status=RespiteStatus.IN_REVIEW)
    return application


@transaction.atomic
def respite_assign(*, application, caseworker, by) -> RespiteApplication:
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    require_member(user=caseworker, municipality=application.municipality)
    application.assigned_to = caseworker
    application.save(update_fields=["assigned_to", "updated_at"])
    audit_record(target=application, municipality=application.municipality, action=CaseAction.ASSIGNED, actor=by, note=caseworker.email)
    return application


@transaction.atomic
def interim_reply_send(*, application, reason: str, expected_decision_date: date, by) -> InterimReply:
    """Foreløpig svar (forvaltningsloven § 11 a): the reason and when a decision can be expected."""
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    if application.status not in OPEN:
        raise ValidationError(_("Saken er allerede avgjort."), code="closed")
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor saken tar tid.")
    if expected_decision_date is None:
        errors["expected_decision_date"] = _("Oppgi når vedtak kan ventes.")
    elif expected_decision_date <= timezone.localdate():
        errors["expected_decision_date"] = _("Forventet dato for vedtak må være etter i dag.")
    if errors:
        raise ValidationError(errors)
    reply = InterimReply.objects.create(application=application, reason=reason.strip(), expected_decision_date=expected_decision_date, sent_by=by)
    audit_record(target=application, municipality=application.municipality, action=RespiteAction.INTERIM_REPLY_SENT, actor=by,
                 note=expected_decision_date.isoformat())
    emails.letter_notice_write(letter=reply, kind="interim_reply_ready")
    return reply


def _legal_basis(application, service_type: str) -> str:
    municipality = application.municipality
    if service_type == WantedService.SUPPORT_CONTACT:
        return municipality.support_contact_legal_basis
    return municipality.respite_legal_basis


@transaction.atomic
def decision_make(
    *, application, by, outcome: str, reasons: str, best_interests: str, child_views: str, service_type: str = "",
    scope: str = "", period_from: date | None = None, period_to: date | None = None, legal_basis: str = "",
) -> Decision:
    """The vedtak. Reasons and the child's best interests and views are required; a grant needs service, scope and period."""
    application = _locked(application)
    require_member(user=by, municipality=application.municipality)
    if application.status not in OPEN:
        raise ValidationError(_("Saken er allerede avgjort."), code="closed")
    errors = {}
    for name, value, message in (
        ("reasons", reasons, _("Et vedtak må begrunnes (forvaltningsloven §§ 24–25).")),
        ("best_interests", best_interests, _("Vurder barnets beste (Grunnloven § 104).")),
        ("child_views", child_views, _("Skriv hva barnet mener, eller hvorfor barnet ikke er hørt.")),
    ):
        if not (value or "").strip():
            errors[name] = message
    if outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED):
        if not service_type:
            errors["service_type"] = _("Velg hvilken tjeneste som innvilges.")
        if not scope.strip():
            errors["scope"] = _("Oppgi omfanget, for eksempel «2 helger per måned».")
        if period_from is None:
            errors["period_from"] = _("Oppgi fra hvilken dato vedtaket gjelder.")
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = _("Til-datoen kan ikke være før fra-datoen.")
    if errors:
        raise ValidationError(errors)
    municipality = application.municipality
    decision = Decision(
        application=application, outcome=outcome, service_type=service_type, scope=scope.strip(), period_from=period_from,
        period_to=period_to, reasons=reasons.strip(), best_interests=best_interests.strip(), child_views=child_views.strip(),
        legal_basis=legal_basis.strip() or _legal_basis(application, service_type),
        appeal_weeks=municipality.appeal_weeks,
        appeal_body=_("%(name)s kommune; opprettholder kommunen vedtaket, sendes klagen til Statsforvalteren") % {"name": municipality.name},
        decided_at=timezone.now(), decided_by=by,
    )
    decision.full_clean()
    decision.save()
    previous = application.status
    application.status = RespiteStatus.DECIDED
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(target=application, municipality=municipality, action=RespiteAction.DECIDED, actor=by, from_status=previous,
                 to_status=RespiteStatus.DECIDED, note=outcome)
    emails.letter_notice_write(letter=decision, kind="decision_ready")
    return decision


@transaction.atomic
def decision_mark_delivered(*, decision: Decision, by, started: date | None = None) -> Decision:
    """A granted vedtak is delivered when the service starts; until then it is a «tomt vedtak» the portal counts."""
    decision = Decision.objects.select_for_update().select_related("application__municipality").get(pk=decision.pk)
    require_member(user=by, municipality=decision.application.municipality)
    if not decision.is_granted:
        raise ValidationError(_("Bare innvilgede vedtak kan leveres."), code="not_granted")
    if decision.delivered_at is None:
        decision.delivered_at = timezone.now()
        decision.save(update_fields=["delivered_at"])
        audit_record(target=decision.application, municipality=decision.application.municipality, action=RespiteAction.DECISION_DELIVERED, actor=by)
    return decision


@transaction.atomic
def appeal_lodge(*, decision: Decision, text: str, upload=None) -> Appeal:
    """The parent appeals from the status page, within the deadline."""
    decision = Decision.objects.select_for_update().select_related("application__municipality").get(pk=decision.pk)
    if decision.reversed_at is not None:
        raise ValidationError(_("Vedtaket er allerede omgjort."), code="reversed")
    if timezone.localdate() > appeal_deadline_of(decision):
        raise ValidationError(_("Klagefristen gikk ut %(date)s. Kontakt kommunen hvis du mener fristen bør forlenges (forvaltningsloven § 31).")
                              % {"date": appeal_deadline_of(decision).strftime("%d.%m.%Y")}, code="too_late")
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva du klager på og hvorfor.")}, code="empty")
    if decision.appeals.filter(status=AppealStatus.LODGED).exists():
        raise ValidationError(_("Klagen din er mottatt og er til behandling."), code="pending")
    appeal = Appeal(decision=decision, text=text.strip())
    if upload is not None:
        validate_attachment(upload)
        appeal.attachment.save(upload.name, upload, save=False)
        appeal.attachment_name = upload.name[:200]
    appeal.save()
    audit_record(target=decision.application, municipality=decision.application.municipality, action=RespiteAction.APPEAL_LODGED, actor_label=APPLICANT)
    return appeal


@transaction.atomic
def appeal_handle(*, appeal: Appeal, by, reverse: bool, note: str) -> Appeal:
    """The kommune reassesses: it reverses the decision, or upholds it and forwards the appeal to Statsforvalteren."""
    appeal = Appeal.objects.select_for_update().select_related("decision__application__municipality").get(pk=appeal.pk)
    application = appeal.decision.application
    require_member(user=by, municipality=application.municipality)
    if appeal.status != AppealStatus.LODGED:
        raise ValidationError(_("Klagen er allerede behandlet."), code="handled")
    if not note.strip():
        raise ValidationError({"note": _("Skriv kommunens vurdering av klagen.")}, code="note_required")
    appeal.status = AppealStatus.REVERSED if reverse else AppealStatus.FORWARDED
    appeal.handled_at = timezone.now()
    appeal.handled_by = by
    appeal.handling_note = note.strip()
    appeal.save(update_fields=["status", "handled_at", "handled_by", "handling_note"])
    if reverse:
        Decision.objects.filter(pk=appeal.decision_id).update(reversed_at=timezone.now())
        RespiteApplication.objects.filter(pk=application.pk).update(status=RespiteStatus.IN_REVIEW, closed_at=None)
    audit_record(target=application, municipality=application.municipality, action=RespiteAction.APPEAL_REVERSED if reverse else RespiteAction.APPEAL_FORWARDED, actor=by, note=note.strip())
    emails.letter_notice_write(letter=appeal, kind="appeal_answered")
    return appeal


@transaction.atomic
def respite_withdraw(*, application) -> RespiteApplication:
    application = _locked(application)
    if application.status == RespiteStatus.WITHDRAWN:
        return application
    if application.status not in OPEN:
        raise ValidationError(_("Søknaden kan ikke trekkes nå."), code="not_withdrawable")
    previous = application.status
    application.status = RespiteStatus.WITHDRAWN
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(target=application, municipality=application.municipality, action=CaseAction.WITHDRAWN, actor_label=APPLICANT,
                 from_status=previous, to_status=RespiteStatus.WITHDRAWN)
    return application
