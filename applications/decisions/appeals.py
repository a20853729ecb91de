"""Appeals (klage) on a vedtak, the same on both legal tracks.

An appeal is lodged by the parent on the status page (helse- og omsorg, `applications.respite.services.appeal_lodge`)
or registered by the caseworker when it came by post or was given orally (either track; a barnevern case's parties
have no page on the portal). Whether it is late follows from the day it was received and the vedtak's deadline; a late
one is received all the same, and the kommune decides with reasons whether to consider it (forvaltningsloven § 31).

The kommune's answer goes the way a vedtak goes: drafted, previewed as the party will get it, second-checked where the
kommune requires it, and made only by someone with authority to decide. Reversing reopens the case for a new vedtak
(which replaces the old one); upholding sends the appeal to the appeal body with a forwarding letter (§ 33).
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.intake.file_validators import validate_attachment
from applications.models import Appeal, AppealStatus, Decision, DecisionAction
from applications.respite import emails
from applications.respite.deadlines import local_date
from applications.respite.selectors import appeal_lodged_late
from besokshjem.audit.services import audit_record
from besokshjem.core.storage import file_save, files_removed_on_rollback
from besokshjem.tenancy.services import require_authority_to_decide, require_member

from .services import CASES, require_not_disqualified


def _locked(appeal) -> Appeal:
    return Appeal.objects.select_for_update(of=("self",)).select_related("decision").get(pk=appeal.pk)


def _case(decision):
    """The vedtak's case, its row locked (the appeal's answer may reopen it)."""
    case = decision.case
    return type(case).objects.select_for_update().select_related("municipality").get(pk=case.pk)


def require_appealable(decision) -> None:
    if decision.reversed_at is not None:
        raise ValidationError(_("Vedtaket er allerede omgjort."), code="reversed")
    if decision.appeals.filter(status=AppealStatus.LODGED).exists():
        raise ValidationError(_("Det er allerede en klage til behandling på dette vedtaket."), code="pending")


def appeal_attach(appeal: Appeal, upload) -> None:
    """Check the upload by its content (the same rules as a parent's attachments) and write it with the type found; the
    caller runs in files_removed_on_rollback(), so a failed appeal leaves no file behind."""
    if upload is not None:
        appeal.attachment_type = validate_attachment(upload)
        appeal.attachment_name = upload.name[:200]
        appeal.full_clean(exclude=["attachment"])
        file_save(appeal.attachment, upload.name, upload)


@files_removed_on_rollback()
def appeal_register(*, decision: Decision, text: str, received_on: date, lodged_by: str, by, upload=None) -> Appeal:
    """Register an appeal that came by post or was given orally (the kommune writes an oral one down). Its day of
    receipt decides whether it is late; a late one is received and marked late all the same."""
    decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    case = decision.case
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    require_appealable(decision)
    errors = {}
    if not text.strip():
        errors["text"] = _("Skriv hva klagen gjelder, med klagerens egne ord.")
    if not lodged_by.strip():
        errors["lodged_by"] = _("Skriv hvem som klager.")
    if received_on is None:
        errors["received_on"] = _("Oppgi datoen klagen kom inn.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("Datoen kan ikke være etter i dag.")
    elif received_on < local_date(decision.decided_at):
        errors["received_on"] = _("Klagen kan ikke ha kommet før vedtaket ble fattet.")
    if errors:
        raise ValidationError(errors)
    lodged = timezone.make_aware(datetime.combine(received_on, time(12)))
    appeal = Appeal(decision=decision, text=text.strip(), lodged_at=lodged, lodged_by=lodged_by.strip()[:200], registered_by=by,
                    late=appeal_lodged_late(decision, lodged=lodged))
    appeal_attach(appeal, upload)
    appeal.full_clean()
    appeal.save()
    audit_record(target=case, municipality=case.municipality, actor=by, note=received_on.isoformat(),
                 action=DecisionAction.APPEAL_LODGED_LATE if appeal.late else DecisionAction.APPEAL_REGISTERED)
    return appeal


@transaction.atomic
def appeal_consider_late(*, appeal: Appeal, by, consider: bool, reasons: str) -> Appeal:
    """The kommune decides, with reasons, whether to consider an appeal that came after the deadline (fvl § 31).

    Considered, the appeal goes on as one on time. Not considered, it is dismissed (avvist): that is itself a vedtak
    (fvl § 2 tredje ledd) with its own appeal information, which the party is told of (digitally on the parent's
    track; by the letter the caseworker prints on the barnevern track).
    """
    appeal = _locked(appeal)
    case = appeal.decision.case
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    require_not_disqualified(case=case, user=by)
    if not appeal.late:
        raise ValidationError(_("Klagen kom innen fristen og skal behandles."), code="not_late")
    if not appeal.awaits_late_decision or appeal.status != AppealStatus.LODGED:
        raise ValidationError(_("Det er allerede avgjort om klagen skal behandles."), code="decided")
    if not reasons.strip():
        raise ValidationError({"reasons": _("Begrunn avgjørelsen: hvorfor klagen skal eller ikke skal behandles.")}, code="reasons_required")
    if not consider:
        require_authority_to_decide(user=by, municipality=case.municipality)  # a dismissal is a vedtak
    now = timezone.now()
    appeal.late_considered, appeal.late_reasons, appeal.late_decided_at, appeal.late_decided_by = consider, reasons.strip(), now, by
    fields = ["late_considered", "late_reasons", "late_decided_at", "late_decided_by"]
    if not consider:
        appeal.status, appeal.handled_at, appeal.handled_by = AppealStatus.DISMISSED, now, by
        fields += ["status", "handled_at", "handled_by"]
    appeal.full_clean()
    appeal.save(update_fields=fields)
    audit_record(target=case, municipality=case.municipality, actor=by, note=appeal.late_reasons,
                 action=DecisionAction.APPEAL_LATE_CONSIDERED if consider else DecisionAction.APPEAL_LATE_DISMISSED)
    if not consider and CASES[type(case)].digital:
        emails.letter_notice_write(letter=appeal, kind="appeal_dismissed")
    return appeal


@transaction.atomic
def appeal_answer_draft(*, appeal: Appeal, by, reverse: bool, note: str) -> Appeal:
    """Write (or rewrite) the kommune's answer: reverse the vedtak, or uphold it and send the appeal on. Nothing is
    sent; a changed draft needs its second check again."""
    appeal = _locked(appeal)
    case = appeal.decision.case
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    require_not_disqualified(case=case, user=by)
    if appeal.status != AppealStatus.LODGED:
        raise ValidationError(_("Klagen er allerede behandlet."), code="handled")
    if appeal.awaits_late_decision:
        raise ValidationError(_("Klagen kom etter fristen. Avgjør først om den skal behandles (forvaltningsloven § 31)."), code="late_undecided")
    if not note.strip():
        raise ValidationError({"note": _("Skriv kommunens vurdering av klagen.")}, code="note_required")
    appeal.answer_reverse, appeal.handling_note, appeal.answer_drafted_by = bool(reverse), note.strip(), by
    appeal.answer_checked_by, appeal.answer_checked_at = None, None
    appeal.save(update_fields=["answer_reverse", "handling_note", "answer_drafted_by", "answer_checked_by", "answer_checked_at"])
    audit_record(target=case, municipality=case.municipality, action=DecisionAction.APPEAL_ANSWER_DRAFTED, actor=by)
    return appeal


def _require_draft(appeal) -> None:
    if appeal.status != AppealStatus.LODGED:
        raise ValidationError(_("Klagen er allerede behandlet."), code="handled")
    if not appeal.answer_drafted:
        raise ValidationError(_("Skriv kommunens vurdering av klagen først."), code="no_draft")


@transaction.atomic
def appeal_answer_second_check(*, appeal: Appeal, by) -> Appeal:
    """Someone other than the one who drafted the answer has read it as the party will."""
    appeal = _locked(appeal)
    case = appeal.decision.case
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    require_not_disqualified(case=case, user=by)
    _require_draft(appeal)
    if appeal.answer_drafted_by_id == by.pk:
        raise ValidationError(_("Kontrollen må gjøres av en annen enn den som skrev utkastet."), code="same_person")
    appeal.answer_checked_by, appeal.answer_checked_at = by, timezone.now()
    appeal.save(update_fields=["answer_checked_by", "answer_checked_at"])
    audit_record(target=case, municipality=case.municipality, action=DecisionAction.APPEAL_ANSWER_CHECKED, actor=by)
    return appeal


@transaction.atomic
def appeal_answer_confirm(*, appeal: Appeal, by) -> Appeal:
    """Make the answer: only with authority to decide, after the second check where the kommune requires one.

    Reversing marks the vedtak reversed and reopens the case for the new vedtak that replaces it. Upholding sends the
    appeal to the appeal body; the forwarding letter is made from what is recorded here.
    """
    appeal = _locked(appeal)
    decision = appeal.decision
    case = _case(decision)
    kind = CASES[type(case)]
    municipality = case.municipality
    require_member(user=by, municipality=municipality, track=kind.track)
    require_authority_to_decide(user=by, municipality=municipality)
    require_not_disqualified(case=case, user=by)
    _require_draft(appeal)
    if appeal.awaits_late_decision:
        raise ValidationError(_("Klagen kom etter fristen. Avgjør først om den skal behandles (forvaltningsloven § 31)."), code="late_undecided")
    if municipality.decisions_need_second_check and (appeal.answer_checked_by_id is None or appeal.answer_checked_by_id == by.pk):
        raise ValidationError(_("Kommunen krever at en annen saksbehandler kontrollerer svaret før det sendes."), code="second_check")
    now = timezone.now()
    appeal.status = AppealStatus.REVERSED if appeal.answer_reverse else AppealStatus.FORWARDED
    appeal.handled_at, appeal.handled_by = now, by
    appeal.save(update_fields=["status", "handled_at", "handled_by"])
    if appeal.answer_reverse:
        Decision.objects.filter(pk=decision.pk).update(reversed_at=now)
        reopened = kind.open_statuses[-1]
        previous = case.status
        case.status = reopened
        fields = ["status"]
        if hasattr(case, "closed_at"):
            case.closed_at = None
            fields += ["closed_at", "updated_at"]
        case.save(update_fields=fields)
        audit_record(target=case, municipality=municipality, action=DecisionAction.APPEAL_REVERSED, actor=by,
                     from_status=previous, to_status=reopened, note=appeal.handling_note)
    else:
        audit_record(target=case, municipality=municipality, action=DecisionAction.APPEAL_FORWARDED, actor=by, note=appeal.handling_note)
    if kind.digital:
        emails.letter_notice_write(letter=appeal, kind="appeal_answered")
    return appeal


def appeal_handle(*, appeal: Appeal, by, reverse: bool, note: str) -> Appeal:
    """Draft and make the answer in one call, for callers that have already read it (demo data, tests). The case
    pages always go through the preview."""
    return appeal_answer_confirm(appeal=appeal_answer_draft(appeal=appeal, by=by, reverse=reverse, note=note), by=by)
