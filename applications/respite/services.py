"""Writes of parents' avlastning cases: attachments, interim replies, the vedtak, delivery and appeals."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.decisions import appeals
from applications.decisions import services as decisions
from applications.intake.file_validators import validate_attachment
from applications.models import (
    Appeal,
    Attachment,
    CaseAction,
    Decision,
    DecisionAction,
    DecisionDelivery,
    InterimReply,
    RespiteAction,
    RespiteApplication,
    RespiteStatus,
    ScopePeriod,
)
from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.core.forms import already_done
from besokshjem.core.storage import file_save, files_removed_on_rollback
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.services import require_member
from placements.units import Unit, quantity

from . import emails
from .selectors import OPEN, appeal_lodged_late, documents_welcome

#: How many documents a parent may send from the status page after submitting (the form's own limit is separate).
MAX_DOCUMENTS_AFTER_SUBMISSION = 10


def _locked(application) -> RespiteApplication:
    return RespiteApplication.objects.select_for_update().select_related("municipality").get(pk=application.pk)


@transaction.atomic
def respite_take_into_review(*, application, by) -> RespiteApplication:
    application = _locked(application)
    require_member(user=by, municipality=application.municipality, track=LegalTrack.HEALTH_CARE)
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
    require_member(user=by, municipality=application.municipality, track=LegalTrack.HEALTH_CARE)
    require_member(user=caseworker, municipality=application.municipality, track=LegalTrack.HEALTH_CARE)
    application.assigned_to = caseworker
    application.save(update_fields=["assigned_to", "updated_at"])
    audit_record(target=application, municipality=application.municipality, action=CaseAction.ASSIGNED, actor=by, note=caseworker.email)
    return application


@transaction.atomic
def interim_reply_send(*, application, reason: str, expected_decision_date: date, by, nonce: uuid.UUID | None = None) -> InterimReply:
    """Foreløpig svar (forvaltningsloven § 11 a): the reason and when a decision can be expected. The form's nonce makes
    a double POST send one reply (the second returns the first)."""
    application = _locked(application)
    if nonce is not None and (done := already_done(InterimReply, nonce=nonce, application=application)):
        return done
    require_member(user=by, municipality=application.municipality, track=LegalTrack.HEALTH_CARE)
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
    reply = InterimReply.objects.create(application=application, reason=reason.strip(), expected_decision_date=expected_decision_date, sent_by=by,
                                        client_nonce=nonce)
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


@files_removed_on_rollback()
def appeal_lodge(*, decision: Decision, text: str, upload=None, lodged_by: str = "") -> Appeal:
    """A parent appeals from the status page (or the other guardian from theirs: `lodged_by` names them). An appeal after the deadline is received too, marked late: the kommune
    then decides whether to consider it (forvaltningsloven § 31, `applications.decisions.appeals.appeal_consider_late`)."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("application__municipality").get(pk=decision.pk)
    appeals.require_appealable(decision)
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva du klager på og hvorfor.")}, code="empty")
    appeal = Appeal(decision=decision, text=text.strip(), late=appeal_lodged_late(decision), lodged_by=lodged_by[:200])
    appeals.appeal_attach(appeal, upload)
    appeal.save()
    audit_record(target=decision.application, municipality=decision.application.municipality, actor_label=APPLICANT,
                 action=DecisionAction.APPEAL_LODGED_LATE if appeal.late else DecisionAction.APPEAL_LODGED)
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


@files_removed_on_rollback()
def document_send(*, application, upload, description: str, nonce: uuid.UUID) -> Attachment:
    """A document the parent sends after submitting (a late legeerklæring, news for an appeal), from the status page,
    while the case is open or an appeal waits. Checked by its content as the form's attachments are; the caseworker
    on the case (or the unit's caseworkers) is told through the outbox. The form's nonce makes a double POST keep one
    document (the second returns the first)."""
    application = _locked(application)
    if done := already_done(Attachment, nonce=nonce, application=application):
        return done
    if not documents_welcome(application):
        raise ValidationError(_("Saken er avsluttet. Ta kontakt med kommunen hvis du vil sende noe."), code="closed")
    errors = {}
    if not description.strip():
        errors["description"] = _("Skriv hva dokumentet er, for eksempel «legeerklæring».")
    if upload is None:
        errors["file"] = _("Velg filen du vil sende.")
    else:
        try:
            content_type = validate_attachment(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    sent = application.attachments.filter(uploaded_at__gt=application.submitted_at).count()
    if sent >= MAX_DOCUMENTS_AFTER_SUBMISSION:
        raise ValidationError(
            {"file": _("Du har sendt %(max)s dokumenter her, som er det meste. Ta kontakt med kommunen hvis du har flere.") % {"max": MAX_DOCUMENTS_AFTER_SUBMISSION}},
            code="too_many")
    attachment = Attachment(application=application, original_name=upload.name[:200], content_type=content_type, size=upload.size,
                            description=description.strip(), client_nonce=nonce)
    attachment.full_clean(exclude=["file"], validate_unique=False)
    file_save(attachment.file, upload.name, upload)
    attachment.save()
    audit_record(target=application, municipality=application.municipality, action=RespiteAction.DOCUMENT_SENT, actor_label=APPLICANT,
                 note=attachment.description)
    emails.document_received_write(attachment=attachment)
    return attachment
