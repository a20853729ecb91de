"""Writes of parents' avlastning cases: attachments, interim replies, the vedtak, delivery and appeals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.decisions import services as decisions
from applications.intake.file_validators import validate_attachment
from applications.models import (
    Appeal,
    AppealStatus,
    CaseAction,
    Decision,
    DecisionDelivery,
    InterimReply,
    RespiteAction,
    RespiteApplication,
    RespiteStatus,
    ScopePeriod,
)
from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.tenancy.services import require_authority_to_decide, require_member
from placements.units import Unit, quantity

from . import emails
from .selectors import OPEN, appeal_lodged_late


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


def applied_for_text(application) -> str:
    """What the parent applied for, in words, from the application (the draft starts with it; the caseworker may edit)."""
    parts = [application.get_services_wanted_display()]
    if application.weekends_per_month:
        parts.append(quantity(application.weekends_per_month, Unit.WEEKEND) + " " + str(ScopePeriod.MONTH.label))
    if application.hours_per_month:
        parts.append(quantity(application.hours_per_month, Unit.HOUR) + " " + str(ScopePeriod.MONTH.label))
    return ", ".join(p for p in parts if p)


def decision_draft(*, application, by, decision: Decision | None = None, **content) -> Decision:
    """Draft the vedtak on a parent's application (applications.decisions.services.decision_draft)."""
    return decisions.decision_draft(case=application, by=by, decision=decision, **content)


def decision_make(*, application, by, delivery: str = DecisionDelivery.DIGITAL, **content) -> Decision:
    """Draft and confirm in one call, for callers that have already previewed (demo data, tests). The caseworker's
    page always goes through the preview."""
    return decisions.decision_confirm(decision=decision_draft(application=application, by=by, **content), by=by, delivery=delivery)


@transaction.atomic
def decision_mark_read(*, decision: Decision) -> bool:
    """Log the first time the parent opens the vedtak on the status page. Only logged: it never moves the deadline."""
    if not Decision.objects.filter(pk=decision.pk, read_at__isnull=True).update(read_at=timezone.now()):
        return False
    application = decision.application
    audit_record(target=application, municipality=application.municipality, action=RespiteAction.DECISION_READ, actor_label=APPLICANT)
    return True


@transaction.atomic
def decision_mark_delivered(*, decision: Decision, by, started: date | None = None) -> Decision:
    """A granted vedtak is delivered when the service starts; until then it is a «tomt vedtak» the portal counts."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("application__municipality").get(pk=decision.pk)
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
    """The parent appeals from the status page. An appeal after the deadline is received too, marked late: the kommune
    then decides whether to consider it (forvaltningsloven § 31, `appeal_consider_late`)."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("application__municipality").get(pk=decision.pk)
    if decision.reversed_at is not None:
        raise ValidationError(_("Vedtaket er allerede omgjort."), code="reversed")
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva du klager på og hvorfor.")}, code="empty")
    if decision.appeals.filter(status=AppealStatus.LODGED).exists():
        raise ValidationError(_("Klagen din er mottatt og er til behandling."), code="pending")
    appeal = Appeal(decision=decision, text=text.strip(), late=appeal_lodged_late(decision))
    if upload is not None:
        validate_attachment(upload)
        appeal.attachment.save(upload.name, upload, save=False)
        appeal.attachment_name = upload.name[:200]
    appeal.save()
    audit_record(target=decision.application, municipality=decision.application.municipality, actor_label=APPLICANT,
                 action=RespiteAction.APPEAL_LODGED_LATE if appeal.late else RespiteAction.APPEAL_LODGED)
    return appeal


@transaction.atomic
def appeal_consider_late(*, appeal: Appeal, by, consider: bool, reasons: str) -> Appeal:
    """The kommune decides, with reasons, whether to consider an appeal that came after the deadline (fvl § 31).

    Considered, the appeal goes on as one on time (`appeal_handle`). Not considered, it is dismissed (avvist): that is
    itself a vedtak (fvl § 2 tredje ledd), which the parent is told of with its own appeal information.
    """
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision__application__municipality").get(pk=appeal.pk)
    application = appeal.decision.application
    require_member(user=by, municipality=application.municipality)
    if not appeal.late:
        raise ValidationError(_("Klagen kom innen fristen og skal behandles."), code="not_late")
    if not appeal.awaits_late_decision or appeal.status != AppealStatus.LODGED:
        raise ValidationError(_("Det er allerede avgjort om klagen skal behandles."), code="decided")
    if not reasons.strip():
        raise ValidationError({"reasons": _("Begrunn avgjørelsen: hvorfor klagen skal eller ikke skal behandles.")}, code="reasons_required")
    now = timezone.now()
    appeal.late_considered, appeal.late_reasons, appeal.late_decided_at, appeal.late_decided_by = consider, reasons.strip(), now, by
    fields = ["late_considered", "late_reasons", "late_decided_at", "late_decided_by"]
    if not consider:
        appeal.status, appeal.handled_at, appeal.handled_by = AppealStatus.DISMISSED, now, by
        fields += ["status", "handled_at", "handled_by"]
    appeal.full_clean()
    appeal.save(update_fields=fields)
    audit_record(target=application, municipality=application.municipality, actor=by, note=appeal.late_reasons,
                 action=RespiteAction.APPEAL_LATE_CONSIDERED if consider else RespiteAction.APPEAL_LATE_DISMISSED)
    if not consider:
        emails.letter_notice_write(letter=appeal, kind="appeal_dismissed")
    return appeal


@transaction.atomic
def appeal_handle(*, appeal: Appeal, by, reverse: bool, note: str) -> Appeal:
    """The kommune reassesses: it reverses the decision, or upholds it and forwards the appeal to Statsforvalteren."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision__application__municipality").get(pk=appeal.pk)
    application = appeal.decision.application
    require_member(user=by, municipality=application.municipality)
    require_authority_to_decide(user=by, municipality=application.municipality)  # reversing or upholding is a decision
    decisions.require_not_disqualified(case=application, user=by)
    if appeal.status != AppealStatus.LODGED:
        raise ValidationError(_("Klagen er allerede behandlet."), code="handled")
    if appeal.awaits_late_decision:
        raise ValidationError(_("Klagen kom etter fristen. Avgjør først om den skal behandles (forvaltningsloven § 31)."), code="late_undecided")
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
