"""Every reminder the portal sends, declared in one place.

A rule says what is due, for whom, and when (with a lead time a kommune can change in
Municipality.reminder_days). Its e-mail is one template, templates/emails/reminders/<kind>.txt
(first line the subject, the rest the body). Adding a rule is one Rule here and one template.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from besokshjem.tenancy.models import Role

CASEWORKER, APPLICANT, PARENT = "caseworker", "applicant", "parent"


@dataclass(frozen=True)
class Due:
    target: object
    due_on: date
    recipients: list[tuple[str, str]]  # (e-mail, language)


@dataclass(frozen=True)
class Rule:
    kind: str
    audience: str
    default_days: int
    events: Callable  # (rule, municipality, today, days) -> Iterable[Due]
    still_due: Callable  # (targets) -> set of pks still due at send time
    model: str  # app_label.ModelName of the target

    def days_for(self, municipality) -> int:
        return int((municipality.reminder_days or {}).get(self.kind, self.default_days))


# Recipients ------------------------------------------------------------------------------------------------------

def caseworkers(application, *, escalate=False) -> list[tuple[str, str]]:
    """The assigned caseworker; all the kommune's caseworkers when nobody is assigned; plus admins on escalation."""
    members = application.municipality.memberships.select_related("user").filter(user__is_active=True)
    people = set()
    if application.assigned_to_id and application.assigned_to.is_active:
        people.add(application.assigned_to.email)
    else:
        people |= {m.user.email for m in members if m.role == Role.CASEWORKER}
    if escalate:
        people |= {m.user.email for m in members if m.role == Role.ADMIN}
    return [(email, "nb") for email in sorted(people)]


def applicant(application) -> list[tuple[str, str]]:
    return [(application.email, application.language)] if application.email else []


def local(moment) -> date:
    return timezone.localdate(moment)


# Links -----------------------------------------------------------------------------------------------------------

def link_for(reminder, target) -> str:
    from applications.models import Meeting, RespiteApplication, VolunteerApplication
    from applications.wizard import wizard_for

    application = getattr(target, "application", None) or getattr(getattr(target, "decision", None), "application", None) or target
    if isinstance(application, Meeting):
        application = application.application
    if reminder.kind.endswith("draft_unfinished"):
        return settings.SITE_URL + wizard_for(application).resume_url(application)
    rule = RULES[reminder.kind]
    if rule.audience == CASEWORKER:
        if isinstance(application, RespiteApplication):
            return settings.SITE_URL + reverse("caseworker_respite_case", args=[application.pk])
        return settings.SITE_URL + reverse("caseworker_case", args=[application.pk])
    assert isinstance(application, VolunteerApplication | RespiteApplication | Meeting)
    return settings.SITE_URL + wizard_for(application).status_url(application)


# Events ----------------------------------------------------------------------------------------------------------

def _open_respite(municipality):
    from applications.models import RespiteApplication

    return (RespiteApplication.objects.filter(municipality=municipality, status__in=["submitted", "in_review"])
            .select_related("assigned_to", "municipality").prefetch_related("interim_replies"))


def respite_deadline_near(rule, municipality, today, days) -> Iterable[Due]:
    from applications.deadlines import decision_deadline

    for application in _open_respite(municipality):
        deadline = decision_deadline(application.submitted_at)
        if deadline - timedelta(days=days) <= today <= deadline and not application.interim_replies.all():
            yield Due(application, deadline, caseworkers(application))


def respite_past_deadline(rule, municipality, today, days) -> Iterable[Due]:
    from applications.deadlines import decision_deadline, needs_interim_reply

    for application in _open_respite(municipality):
        if needs_interim_reply(received=application.submitted_at, decided=False,
                               interim_sent=bool(application.interim_replies.all()), today=today):
            yield Due(application, decision_deadline(application.submitted_at), caseworkers(application, escalate=True))


def respite_open_without_interim(targets) -> set:
    return {a.pk for a in targets if a.status in ("submitted", "in_review") and not a.interim_replies.exists()}


def meetings_unscheduled(rule, municipality, today, days) -> Iterable[Due]:
    from applications.models import VolunteerApplication

    cutoff = today - timedelta(days=days)
    candidates = (VolunteerApplication.objects.filter(municipality=municipality, status__in=["submitted", "in_review"],
                                                      meetings__isnull=True)
                  .select_related("assigned_to", "municipality"))
    for application in candidates:
        if local(application.submitted_at) <= cutoff:
            yield Due(application, local(application.submitted_at) + timedelta(days=days), caseworkers(application))


def volunteer_without_meetings(targets) -> set:
    return {a.pk for a in targets if a.status in ("submitted", "in_review") and not a.meetings.exclude(status="cancelled").exists()}


def _confirmations_without_attest(municipality, today, days):
    from applications.models import PurposeConfirmation

    cutoff = today - timedelta(days=days)
    for confirmation in (PurposeConfirmation.objects.filter(application__municipality=municipality, application__status="in_review")
                         .select_related("application__assigned_to", "application__municipality")):
        if local(confirmation.issued_at) <= cutoff and not confirmation.application.police_certificates.filter(
                person_key=confirmation.person_key).exists():
            yield confirmation


def attest_missing_caseworker(rule, municipality, today, days) -> Iterable[Due]:
    for c in _confirmations_without_attest(municipality, today, days):
        yield Due(c, local(c.issued_at) + timedelta(days=days), caseworkers(c.application))


def attest_missing_applicant(rule, municipality, today, days) -> Iterable[Due]:
    for c in _confirmations_without_attest(municipality, today, days):
        yield Due(c, local(c.issued_at) + timedelta(days=days), applicant(c.application))


def confirmation_still_without_attest(targets) -> set:
    return {c.pk for c in targets if c.application.status == "in_review"
            and not c.application.police_certificates.filter(person_key=c.person_key).exists()}


def appeal_waiting(rule, municipality, today, days) -> Iterable[Due]:
    from applications.models import Appeal

    for appeal in (Appeal.objects.filter(decision__application__municipality=municipality, status="lodged")
                   .select_related("decision__application__assigned_to", "decision__application__municipality")):
        if local(appeal.lodged_at) + timedelta(days=days) <= today:
            yield Due(appeal, local(appeal.lodged_at) + timedelta(days=days), caseworkers(appeal.decision.application))


def appeal_still_lodged(targets) -> set:
    return {a.pk for a in targets if a.status == "lodged"}


def _drafts(model, municipality, today, days):
    cutoff = today + timedelta(days=days) - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    for draft in model.objects.filter(municipality=municipality, status="draft").select_related("municipality"):
        if draft.email and local(draft.created_at) <= cutoff:
            yield Due(draft, local(draft.created_at) + timedelta(days=settings.DRAFT_RETENTION_DAYS), applicant(draft))


def volunteer_draft_unfinished(rule, municipality, today, days):
    from applications.models import VolunteerApplication

    yield from _drafts(VolunteerApplication, municipality, today, days)


def respite_draft_unfinished(rule, municipality, today, days):
    from applications.models import RespiteApplication

    yield from _drafts(RespiteApplication, municipality, today, days)


def still_draft(targets) -> set:
    return {t.pk for t in targets if t.status == "draft"}


def declaration_unsigned(rule, municipality, today, days) -> Iterable[Due]:
    from applications.checklist import current_declaration_text, signers
    from applications.models import VolunteerApplication

    text = current_declaration_text()
    if text is None:
        return
    cutoff = today - timedelta(days=days)
    for application in (VolunteerApplication.objects.filter(municipality=municipality, status="in_review")
                        .prefetch_related("declaration_signatures").select_related("municipality")):
        signed = {s.person_key for s in application.declaration_signatures.all() if s.text_id == text.pk}
        if local(application.submitted_at) <= cutoff and any(key not in signed for key, _name in signers(application)):
            yield Due(application, max(local(application.submitted_at) + timedelta(days=days), local(text.valid_from)), applicant(application))


def declaration_still_unsigned(targets) -> set:
    from applications.checklist import current_declaration_text, signers

    text = current_declaration_text()
    return {a.pk for a in targets if a.status == "in_review" and text is not None and any(
        not a.declaration_signatures.filter(person_key=key, text=text).exists() for key, _n in signers(a))}


def agreement_unsigned(rule, municipality, today, days) -> Iterable[Due]:
    from placements.models import Agreement

    for agreement in (Agreement.objects.filter(municipality=municipality, superseded_at__isnull=True, applicant_signed_at__isnull=True,
                                               application__status="in_review").select_related("application__municipality")):
        if local(agreement.created_at) + timedelta(days=days) <= today:
            yield Due(agreement, local(agreement.created_at) + timedelta(days=days), applicant(agreement.application))


def agreement_still_unsigned(targets) -> set:
    return {a.pk for a in targets if a.superseded_at is None and a.applicant_signed_at is None}


def meeting_tomorrow(rule, municipality, today, days) -> Iterable[Due]:
    from applications.models import Meeting

    day = today + timedelta(days=days)
    for meeting in (Meeting.objects.filter(application__municipality=municipality, status="scheduled")
                    .select_related("application__municipality")):
        if local(meeting.starts_at) == day:
            yield Due(meeting, day, applicant(meeting.application))


def meeting_still_scheduled(targets) -> set:
    return {m.pk for m in targets if m.status == "scheduled"}


def _letters(model, date_field, municipality, today, days, application_of):
    since = today - timedelta(days=max(days, 1))
    lookup = {"application__municipality": municipality} if model.__name__ != "Appeal" else {"decision__application__municipality": municipality}
    for letter in model.objects.filter(**lookup).exclude(**({date_field: None})):
        if local(getattr(letter, date_field)) >= since:
            application = application_of(letter)
            yield Due(letter, local(getattr(letter, date_field)), [(application.guardian_email, application.language)])


def interim_reply_ready(rule, municipality, today, days):
    """A foreløpig svar is on the status page. Services plan this at once; the sweep catches any that was missed."""
    from applications.models import InterimReply

    yield from _letters(InterimReply, "sent_at", municipality, today, days, lambda r: r.application)


def decision_ready(rule, municipality, today, days):
    from applications.models import Decision

    yield from _letters(Decision, "decided_at", municipality, today, days, lambda d: d.application)


def appeal_answered(rule, municipality, today, days):
    from applications.models import Appeal

    yield from _letters(Appeal, "handled_at", municipality, today, days, lambda a: a.decision.application)


def always(targets) -> set:
    return {t.pk for t in targets}


RULES = {
    rule.kind: rule
    for rule in [
        Rule("respite_deadline_near", CASEWORKER, 5, respite_deadline_near, respite_open_without_interim, "applications.RespiteApplication"),
        Rule("respite_past_deadline", CASEWORKER, 0, respite_past_deadline, respite_open_without_interim, "applications.RespiteApplication"),
        Rule("meetings_unscheduled", CASEWORKER, 14, meetings_unscheduled, volunteer_without_meetings, "applications.VolunteerApplication"),
        Rule("attest_missing_caseworker", CASEWORKER, 21, attest_missing_caseworker, confirmation_still_without_attest, "applications.PurposeConfirmation"),
        Rule("appeal_waiting", CASEWORKER, 0, appeal_waiting, appeal_still_lodged, "applications.Appeal"),
        Rule("volunteer_draft_unfinished", APPLICANT, 7, volunteer_draft_unfinished, still_draft, "applications.VolunteerApplication"),
        Rule("attest_missing_applicant", APPLICANT, 14, attest_missing_applicant, confirmation_still_without_attest, "applications.PurposeConfirmation"),
        Rule("declaration_unsigned", APPLICANT, 7, declaration_unsigned, declaration_still_unsigned, "applications.VolunteerApplication"),
        Rule("agreement_unsigned", APPLICANT, 7, agreement_unsigned, agreement_still_unsigned, "placements.Agreement"),
        Rule("meeting_tomorrow", APPLICANT, 1, meeting_tomorrow, meeting_still_scheduled, "applications.Meeting"),
        Rule("respite_draft_unfinished", PARENT, 7, respite_draft_unfinished, still_draft, "applications.RespiteApplication"),
        Rule("interim_reply_ready", PARENT, 2, interim_reply_ready, always, "applications.InterimReply"),
        Rule("decision_ready", PARENT, 2, decision_ready, always, "applications.Decision"),
        Rule("appeal_answered", PARENT, 2, appeal_answered, always, "applications.Appeal"),
    ]
}
