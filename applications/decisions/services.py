"""The life of a vedtak on both legal tracks: drafted, previewed exactly as the parties get it, second-checked where the
kommune requires it, confirmed only by someone with delegated authority, and never edited afterwards.

A vedtak is made in a parent's application (helse- og omsorg: the parent follows it on the status page and is told
digitally) or in a barnevern case the caseworker registered (barnevern: the parties get paper letters, and the
caseworker records the day they arrived). `CASES` says what differs between the two.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    CaseAction,
    ChildWelfareAction,
    ChildWelfareCase,
    ChildWelfareStatus,
    Decision,
    DecisionAction,
    DecisionDelivery,
    DecisionStatus,
    Disqualification,
    Outcome,
    RespiteAction,
    RespiteApplication,
    RespiteStatus,
)
from applications.respite import emails
from applications.respite.deadlines import local_date
from besokshjem.audit.services import audit_record
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.services import require_authority_to_decide, require_member
from placements import services as placement_services

from .law import citations


@dataclass(frozen=True)
class CaseKind:
    model: type
    field: str  # the Decision's foreign key to this kind of case
    track: str
    open_statuses: tuple
    decided_status: str
    drafted: str
    checked: str
    decided: str
    digital: bool  # the parties can be told on the portal (otherwise: paper letters)


CASES = {
    RespiteApplication: CaseKind(
        RespiteApplication, "application", LegalTrack.HEALTH_CARE, (RespiteStatus.SUBMITTED, RespiteStatus.IN_REVIEW),
        RespiteStatus.DECIDED, RespiteAction.DECISION_DRAFTED, RespiteAction.DECISION_SECOND_CHECKED, RespiteAction.DECIDED, True,
    ),
    ChildWelfareCase: CaseKind(
        ChildWelfareCase, "child_welfare_case", LegalTrack.CHILD_WELFARE, (ChildWelfareStatus.OPEN,), ChildWelfareStatus.DECIDED,
        ChildWelfareAction.DECISION_DRAFTED, ChildWelfareAction.DECISION_SECOND_CHECKED, ChildWelfareAction.DECIDED, False,
    ),
}


@transaction.atomic
def disqualification_declare(*, case, by, reason: str) -> Disqualification:
    """A caseworker declares themselves disqualified (inhabil, forvaltningsloven § 6). They can no longer draft, check
    or make a decision in the case; if it was theirs, it is left unassigned for someone else to take."""
    case = _locked(case)
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor du er inhabil.")}, code="reason_required")
    disqualification, created = Disqualification.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(case), object_id=case.pk, user=by,
        defaults={"municipality": case.municipality, "reason": reason.strip()},
    )
    if created:
        if case.assigned_to_id == by.pk:
            case.assigned_to = None
            case.save(update_fields=["assigned_to"])
        audit_record(target=case, municipality=case.municipality, action=CaseAction.DISQUALIFIED, actor=by, note=reason.strip())
    return disqualification


def require_not_disqualified(*, case, user) -> None:
    if Disqualification.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk, user=user).exists():
        raise ValidationError(_("Du har erklært deg inhabil i denne saken (forvaltningsloven § 6)."), code="disqualified")


def _locked(case):
    return type(case).objects.select_for_update().select_related("municipality").get(pk=case.pk)


def _wants_plan(case) -> bool:
    return bool(getattr(case, "individual_plan_wanted", False) or getattr(case, "coordinator_wanted", False))


DECISION_FIELDS = (
    "outcome", "service_type", "applied_for", "scope_amount", "scope_unit", "scope_period", "period_from", "period_to",
    "criterion", "facts", "reasons", "best_interests", "child_views", "child_views_weight", "plan_answer",
)


def _cleaned(name: str, value):
    """A field's value as stored: text stripped, a missing value as the field's default (blank text, month)."""
    if isinstance(value, str):
        return value.strip()
    return Decision._meta.get_field(name).get_default() if value is None else value


def _check_content(case, content: dict) -> None:
    """What a vedtak must say before it can even be previewed (forvaltningsloven §§ 24–25, Grunnloven § 104)."""
    text = {name: _cleaned(name, content.get(name)) for name in DECISION_FIELDS}
    errors = {}
    for name, message in (
        ("reasons", _("Et vedtak må begrunnes (forvaltningsloven §§ 24–25).")),
        ("facts", _("Skriv hvilke faktiske forhold kommunen legger til grunn.")),
        ("best_interests", _("Vurder barnets beste (Grunnloven § 104).")),
        ("child_views", _("Skriv hva barnet mener, eller hvorfor barnet ikke er hørt.")),
        ("child_views_weight", _("Skriv hvordan barnets synspunkter er vektlagt.")),
    ):
        if not text[name]:
            errors[name] = message
    if _wants_plan(case) and not text["plan_answer"]:
        errors["plan_answer"] = _("Søkeren har bedt om individuell plan eller koordinator: vedtaket må svare på det.")
    if text["outcome"] in (Outcome.GRANTED, Outcome.PARTLY_GRANTED):
        if not text["service_type"]:
            errors["service_type"] = _("Velg hvilken tjeneste som innvilges.")
        if not text["scope_amount"] or not text["scope_unit"]:
            errors["scope_amount"] = _("Oppgi omfanget som et tall og en enhet, for eksempel 2 helger per måned.")
        if text["period_from"] is None:
            errors["period_from"] = _("Oppgi fra hvilken dato vedtaket gjelder.")
    if text["period_from"] and text["period_to"] and text["period_to"] < text["period_from"]:
        errors["period_to"] = _("Til-datoen kan ikke være før fra-datoen.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_draft(*, case, by, decision: Decision | None = None, **content) -> Decision:
    """Write (or rewrite) the draft of a vedtak. Nothing is sent: the draft is previewed exactly as the parties will get
    it, then confirmed. A changed draft needs its second check again."""
    kind = CASES[type(case)]
    case = _locked(case)
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    require_not_disqualified(case=case, user=by)
    if case.status not in kind.open_statuses:
        raise ValidationError(_("Saken er allerede avgjort."), code="closed")
    _check_content(case, content)
    if decision is None:
        decision = Decision(**{kind.field: case}, track=kind.track, drafted_by=by,
                            replaces=case.decisions.filter(reversed_at__isnull=False, replaced_by__isnull=True).first())
    else:
        decision = Decision.all_objects.select_for_update().get(pk=decision.pk, **{kind.field: case})
        if decision.status != DecisionStatus.DRAFT:
            raise ValidationError(_("Et fattet vedtak kan ikke endres. Lag et nytt vedtak som omgjør det."), code="confirmed")
    for name in DECISION_FIELDS:
        setattr(decision, name, _cleaned(name, content.get(name)))
    decision.drafted_by = by
    decision.second_checked_by, decision.second_checked_at = None, None
    cited = citations(decision.track, decision.service_type, timezone.localdate())
    decision.legal_basis = cited["basis"].citation
    decision.appeal_weeks = cited["appeal"].weeks
    decision.appeal_body = case.municipality.appeal_authority
    decision.full_clean()
    decision.save()
    audit_record(target=case, municipality=case.municipality, action=kind.drafted, actor=by, note=decision.outcome)
    return decision


@transaction.atomic
def decision_second_check(*, decision: Decision, by) -> Decision:
    """A second pair of eyes: someone other than the one who drafted it has read the draft as the parties will."""
    decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
    case = decision.case
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    require_not_disqualified(case=case, user=by)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Vedtaket er allerede fattet."), code="confirmed")
    if decision.drafted_by_id == by.pk:
        raise ValidationError(_("Kontrollen må gjøres av en annen enn den som skrev utkastet."), code="same_person")
    decision.second_checked_by, decision.second_checked_at = by, timezone.now()
    decision.save(update_fields=["second_checked_by", "second_checked_at"])
    audit_record(target=case, municipality=case.municipality, action=CASES[type(case)].checked, actor=by)
    return decision


def second_check_missing(*, decision: Decision, municipality, by) -> bool:
    """Whether the kommune's second check keeps `by` from confirming the draft: the kommune requires one, and nobody has
    made it or `by` did (the one who checked does not also decide)."""
    return municipality.decisions_need_second_check and decision.second_checked_by_id in (None, by.pk)


@transaction.atomic
def decision_confirm(*, decision: Decision, by, delivery: str = DecisionDelivery.DIGITAL) -> Decision:
    """Make the vedtak: only by someone the kommune has given authority to decide, after the second check where the
    kommune requires one. Never edited afterwards.

    Delivered digitally, the vedtak is on the status page from now on and the notice saying a vedtak has been made is
    written in this transaction: it has then reached the party (`notified_at`), and the appeal deadline runs from today.
    Sent as a paper letter, no notice is written; the caseworker records the day the letter arrived
    (`decision_record_paper_delivery`), and the deadline runs from that day.
    """
    decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
    kind = CASES[type(decision.case)]
    case = _locked(decision.case)
    municipality = case.municipality
    require_member(user=by, municipality=municipality, track=kind.track)
    require_not_disqualified(case=case, user=by)
    if not kind.digital:
        delivery = DecisionDelivery.PAPER  # a barnevern case's parties have no page on the portal: letters go by post
    require_authority_to_decide(user=by, municipality=municipality)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Vedtaket er allerede fattet."), code="confirmed")
    if case.status not in kind.open_statuses:
        raise ValidationError(_("Saken er allerede avgjort."), code="closed")
    if second_check_missing(decision=decision, municipality=municipality, by=by):
        raise ValidationError(_("Kommunen krever at en annen saksbehandler kontrollerer vedtaket før det fattes."), code="second_check")
    now = timezone.now()
    decision.status, decision.decided_at, decision.decided_by, decision.delivery = DecisionStatus.CONFIRMED, now, by, delivery
    cited = citations(decision.track, decision.service_type, timezone.localdate(now))
    decision.legal_basis, decision.appeal_weeks = cited["basis"].citation, cited["appeal"].weeks
    decision.appeal_body = municipality.appeal_authority
    if delivery == DecisionDelivery.DIGITAL:
        decision.notified_at = now
    decision.full_clean()
    decision.save()
    previous = case.status
    case.status = kind.decided_status
    fields = ["status"]
    if hasattr(case, "closed_at"):
        case.closed_at = now
        fields += ["closed_at", "updated_at"]
    case.save(update_fields=fields)
    audit_record(target=case, municipality=municipality, action=kind.decided, actor=by, from_status=previous,
                 to_status=kind.decided_status, note=decision.outcome)
    if decision.delivery == DecisionDelivery.DIGITAL:
        emails.letter_notice_write(letter=decision, kind="decision_ready")
    if decision.is_granted:  # a granted service is a need on the waiting list until a placement delivers it
        placement_services.need_from_decision(decision=decision, by=by)
    return decision


@transaction.atomic
def decision_record_paper_delivery(*, decision: Decision, delivered_on: date, by) -> Decision:
    """A vedtak sent as a paper letter: the caseworker records the day it reached the party (the appeal deadline runs
    from that day). A wrong date can be corrected; each recording is audited."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    case = decision.case  # a parent's application, or a barnevern case (whose vedtak always go by post)
    require_member(user=by, municipality=case.municipality, track=getattr(case, "legal_track", None))
    if decision.delivery != DecisionDelivery.PAPER:
        raise ValidationError(_("Vedtaket ble sendt digitalt. Klagefristen regnes fra da varselet om vedtaket ble sendt."), code="digital")
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("Oppgi datoen brevet kom fram.")}, code="required")
    if delivered_on < local_date(decision.decided_at):
        raise ValidationError({"delivered_on": _("Brevet kan ikke ha kommet fram før vedtaket ble fattet.")}, code="before_decision")
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("Datoen kan ikke være etter i dag.")}, code="future")
    decision.notified_at = timezone.make_aware(datetime.combine(delivered_on, time.min))
    decision.full_clean()
    decision.save(update_fields=["notified_at"])
    audit_record(target=case, municipality=case.municipality, action=DecisionAction.DECISION_PAPER_DELIVERY_RECORDED,
                 actor=by, note=delivered_on.isoformat())
    return decision
