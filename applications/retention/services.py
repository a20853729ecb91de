"""Retention: apply a kommune's rules (or only report what they would do), and hand a closed case over to the archive.

A run is one transaction per kommune; files are removed from storage only after it commits, so a rollback leaves
every row with its file. The run writes counts per rule, never personal data, to the log and to the audit trail. It
is idempotent: what was deleted or anonymised is not found again. Barnevern cases are never touched here, and the
access log is never deleted (it has no foreign key to a case, so its entries outlive it)."""

import logging
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case as DbCase
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Appeal,
    Attachment,
    Decision,
    Disqualification,
    InterimReply,
    Meeting,
    PoliceCertificate,
    RespiteApplication,
    RetentionAction,
    VolunteerApplication,
)
from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import SYSTEM, audit_record
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.tenancy.services import require_member
from placements.models import AgreementParty, FollowUp, Need, Placement, PlacementException, Proposal, TimeSheet

from . import selectors
from .rules import Plan, Rule, RuleResult

logger = logging.getLogger(__name__)

#: What anonymisation keeps of a volunteer's application: what the kommune counts (status, dates, kommune, reference,
#: what was applied for) and the confirmations the database requires of a submitted case. Every other concrete field
#: is emptied, so a field added later is emptied too unless it is added here.
VOLUNTEER_KEPT = frozenset({
    "id", "reference", "access_key", "language", "created_at", "updated_at", "closed_at", "archived_at", "anonymised_at",
    "link_version", "municipality", "status", "assigned_to", "submitted_at", "home_types", "respite_home_mode",
    "applying_together", "norwegian_written", "norwegian_oral", "commitment_one_year", "consent_health", "confirm_true",
    "privacy_read", "politiattest_acknowledged",
})
#: Stands in for free text the database requires (a held meeting's notes, an attest's remarks and their assessment).
ANONYMISED = "[anonymisert]"


def _empty(field: models.Field):
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    return ""


def _kept_if(condition: Q) -> DbCase:
    """Free text emptied, or replaced by ANONYMISED where a database constraint requires some (`condition`)."""
    return DbCase(When(condition, then=Value(ANONYMISED)), default=Value(""))


def _delete_after_commit(files: list) -> None:
    """Remove files from storage once the transaction has committed (a rollback keeps them with their rows)."""
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _file(field_file) -> list:
    return [(field_file.storage, field_file.name)] if field_file else []


def _targets(*models_and_ids) -> Q:
    condition = Q(pk__in=[])
    for model, ids in models_and_ids:
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids))
    return condition


# --- the rules ------------------------------------------------------------------------------------------------------


def _drafts(municipality, rules, now, dry_run: bool) -> RuleResult:
    volunteer, respite = selectors.drafts_due(municipality=municipality, rules=rules, now=now)
    result = RuleResult(Rule.DRAFTS)
    drafts = [*volunteer.prefetch_related("police_certificates"), *respite.prefetch_related("attachments")]
    files = [f for d in drafts for f in _draft_files(d)]
    result.references = [f"{d._meta.model_name}:{d.pk}" for d in drafts]  # a draft has no reference yet
    result.files = len(files)
    if not dry_run and drafts:
        Message.objects.filter(_targets((VolunteerApplication, volunteer.values_list("pk", flat=True)),
                                        (RespiteApplication, respite.values_list("pk", flat=True)))).delete()
        volunteer.delete()
        respite.delete()
        _delete_after_commit(files)
    return result


def _draft_files(draft) -> list:
    if isinstance(draft, RespiteApplication):
        return [f for a in draft.attachments.all() for f in _file(a.file)]
    return [f for c in draft.police_certificates.all() for f in _file(c.copy)]


def _volunteer_closed(municipality, rules, now, dry_run: bool) -> RuleResult:
    cases = list(selectors.volunteer_closed_due(municipality=municipality, rules=rules, now=now)
                 .prefetch_related("police_certificates"))
    result = RuleResult(Rule.VOLUNTEER_CLOSED, references=[c.reference for c in cases],
                        files=sum(1 for c in cases for p in c.police_certificates.all() if p.copy))
    if not dry_run:
        for case in cases:
            volunteer_anonymise(application=case, now=now)
    return result


def _respite_closed(municipality, rules, now, dry_run: bool) -> RuleResult:
    cases = selectors.respite_closed_due(municipality=municipality, rules=rules, now=now)
    files = {case.pk: _respite_files(case) for case in cases}
    result = RuleResult(Rule.RESPITE_CLOSED, references=[c.reference for c in cases], files=sum(map(len, files.values())))
    if not dry_run:
        for case in cases:
            respite_delete(application=case, files=files[case.pk])
    return result


def _attest_copies(municipality, dry_run: bool, now) -> RuleResult:
    certificates = list(selectors.attest_copies_due(municipality=municipality))
    result = RuleResult(Rule.ATTEST_COPIES, references=[c.application.reference for c in certificates], files=len(certificates))
    if not dry_run:
        for certificate in certificates:
            _delete_after_commit(_file(certificate.copy))
        PoliceCertificate.objects.filter(pk__in=[c.pk for c in certificates]).update(copy="", copy_deleted_at=now)
    return result


# --- what a rule does to one case -------------------------------------------------------------------------------------


def volunteer_anonymise(*, application: VolunteerApplication, now) -> VolunteerApplication:
    """Remove the personal data of a closed volunteer's case and keep what the kommune counts (VOLUNTEER_KEPT).

    Household members go; meetings, purpose confirmations, attests, signatures and agreements keep their dates and
    outcomes without names or free text; kept attest copies are deleted; e-mails lose their recipient; the case history
    keeps its actions without notes. Old links stop working."""
    application = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
    changed = []
    for field in application._meta.concrete_fields:
        if field.name not in VOLUNTEER_KEPT:
            setattr(application, field.attname, _empty(field))
            changed.append(field.attname)
    application.access_key = uuid.uuid4()
    application.link_version += 1
    application.anonymised_at = now
    application.save(update_fields=[*changed, "access_key", "link_version", "anonymised_at"])

    application.household_members.all().delete()
    meetings = application.meetings.all()
    meetings.update(place="", video_link="", safety_notes="", impression="", notes=_kept_if(Q(status="held")))
    application.purpose_confirmations.update(person_name="", person_birth="", tasks="", place="")
    certificates = list(application.police_certificates.all())
    for certificate in certificates:
        _delete_after_commit(_file(certificate.copy))
    application.police_certificates.update(person_name="", note=_kept_if(Q(outcome="remarks")),
                                           assessment=_kept_if(~Q(assessment="")))
    application.police_certificates.exclude(copy="").update(copy="", copy_deleted_at=now)
    application.declaration_signatures.update(typed_name="")
    AgreementParty.objects.filter(agreement__application=application).update(name="", signed_name="")

    messages = Message.objects.filter(_targets((VolunteerApplication, [application.pk]),
                                               (Meeting, meetings.values_list("pk", flat=True))))
    messages.filter(status=MessageStatus.PENDING).delete()
    messages.update(recipient="")
    AuditEntry.objects.filter(_targets((VolunteerApplication, [application.pk]))).update(note="")
    audit_record(target=application, municipality=application.municipality, action=RetentionAction.ANONYMISED, actor_label=SYSTEM)
    return application


def _respite_files(application) -> list:
    files = [f for a in Attachment.objects.filter(application=application) for f in _file(a.file)]
    return files + [f for a in Appeal.objects.filter(decision__application=application) for f in _file(a.attachment)]


def respite_delete(*, application: RespiteApplication, files: list | None = None) -> None:
    """Delete a parent's closed case with everything that hangs on it: its vedtak, appeals, the need and its ended
    placements, attachments, e-mails and case history. Its files are removed after commit. The access log stays."""
    files = _respite_files(application) if files is None else files
    decisions = Decision.all_objects.filter(application=application)
    decision_ids = list(decisions.values_list("pk", flat=True))
    appeal_ids = list(Appeal.objects.filter(decision_id__in=decision_ids).values_list("pk", flat=True))
    interim_ids = list(application.interim_replies.values_list("pk", flat=True))
    needs = Need.objects.filter(decision_id__in=decision_ids)
    placements = Placement.objects.filter(need__in=needs)
    for model in (FollowUp, TimeSheet, PlacementException):
        model.objects.filter(placement__in=placements).delete()
    placements.delete()
    Proposal.objects.filter(need__in=needs).delete()
    needs.delete()
    Appeal.objects.filter(pk__in=appeal_ids).delete()
    decisions.update(replaces=None)
    decisions.delete()
    targets = _targets((RespiteApplication, [application.pk]), (Decision, decision_ids), (Appeal, appeal_ids),
                       (InterimReply, interim_ids))
    Message.objects.filter(targets).delete()
    AuditEntry.objects.filter(targets).delete()
    Disqualification.objects.filter(_targets((RespiteApplication, [application.pk]))).delete()
    application.delete()
    _delete_after_commit(files)


# --- a run ----------------------------------------------------------------------------------------------------------


def retention_run(*, municipality, dry_run: bool, now=None) -> Plan:
    """Apply the kommune's rules, or with `dry_run` only report what they would do (nothing changes, nothing is
    written). Returns the plan: per rule, the cases (by reference) and the number of files."""
    now = now or timezone.now()
    with transaction.atomic():
        rules = selectors.retention_rules_for(municipality=municipality)
        plan = Plan(municipality=municipality, rules=rules, now=now, dry_run=dry_run, results=[
            _drafts(municipality, rules, now, dry_run),
            _volunteer_closed(municipality, rules, now, dry_run),
            _respite_closed(municipality, rules, now, dry_run),
            _attest_copies(municipality, dry_run, now),
        ])
        if not dry_run:
            audit_record(target=rules, municipality=municipality, action=RetentionAction.RUN, actor_label=SYSTEM, note=plan.summary())
    logger.info("retention %s kommune=%s %s", "dry-run" if dry_run else "applied", municipality.slug, plan.summary())
    return plan


def case_mark_archived(*, case, by):
    """Mark a closed case «overlevert til arkivet»: it is in the kommune's archive, so retention may delete it here
    after the archive plan's period. Audited; only a member of the case's kommune; only once the case is closed."""
    require_member(user=by, municipality=case.municipality)
    with transaction.atomic():
        case = type(case).objects.select_for_update().get(pk=case.pk)
        if case.closed_at is None or case.is_draft:
            raise ValidationError(_("Bare en avsluttet sak kan overleveres til arkivet."), code="open")
        if case.archived_at is not None:
            return case
        case.archived_at = timezone.now()
        case.save(update_fields=["archived_at", "updated_at"])
        audit_record(target=case, municipality=case.municipality, action=RetentionAction.ARCHIVED, actor=by)
    return case
