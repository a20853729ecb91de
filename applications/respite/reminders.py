"""Reminders on a parent's case: the decision deadline (forvaltningsloven § 11 a), pending appeals, unfinished drafts.

The rules ask the same deadline functions the dashboard and the case page ask (deadlines.py), so a reminder is sent
for exactly what the caseworker sees flagged: the month passing without a foreløpig svar, and each promised date
passing without a decision (a new due event, so a new reminder).
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Appeal, AppealStatus, InterimReply, RespiteApplication
from besokshjem.reminders.registry import Audience, Due, Rule, caseworkers, local

from .deadlines import decision_deadline, decision_deadline_near, interim_reply_due
from .selectors import OPEN, with_deadlines


def case_link(application) -> str:
    return reverse("caseworker:respite_case", args=[application.pk])


def _open_cases(municipality):
    """Open cases, each annotated with the date its latest foreløpig svar promised (`promised_date`)."""
    return with_deadlines(RespiteApplication.objects.filter(municipality=municipality, status__in=OPEN).select_related("assigned_to", "municipality"))


def deadline_near(municipality, today, days) -> Iterable[Due]:
    for application in _open_cases(municipality):
        if decision_deadline_near(received=application.submitted_at, promised=application.promised_date, today=today, days=days):
            yield Due(application, decision_deadline(application.submitted_at), caseworkers(application))


def past_deadline(municipality, today, days) -> Iterable[Due]:
    """Due from the day after the month with no foreløpig svar, and again from the day after each promised date; the
    due day (the deadline or the promised date) is part of the reminder's key, so each passing is reminded once."""
    for application in _open_cases(municipality):
        due = interim_reply_due(received=application.submitted_at, promised=application.promised_date, today=today)
        if due is not None:
            yield Due(application, due.since, caseworkers(application, escalate=True))


def open_without_interim_reply(targets) -> set:
    replies = InterimReply.objects.filter(application=OuterRef("pk"))
    return set(RespiteApplication.objects.filter(pk__in=[a.pk for a in targets], status__in=OPEN).exclude(Exists(replies))
               .values_list("pk", flat=True))


def interim_reply_still_due(targets) -> set:
    """Still open, and a foreløpig svar (the first, or a new one after a passed promise) is still due today."""
    today = timezone.localdate()
    cases = with_deadlines(RespiteApplication.objects.filter(pk__in=[a.pk for a in targets], status__in=OPEN))
    return {a.pk for a in cases if interim_reply_due(received=a.submitted_at, promised=a.promised_date, today=today)}


def appeal_waiting(municipality, today, days) -> Iterable[Due]:
    """Appeals waiting for the kommune, on both tracks (a barnevern appeal is registered by the caseworker)."""
    in_kommune = Q(decision__application__municipality=municipality) | Q(decision__child_welfare_case__municipality=municipality)
    for appeal in (Appeal.objects.filter(in_kommune, status=AppealStatus.LODGED)
                   .select_related("decision__application__assigned_to", "decision__application__municipality",
                                   "decision__child_welfare_case__assigned_to", "decision__child_welfare_case__municipality")):
        if local(appeal.lodged_at) + timedelta(days=days) <= today:
            yield Due(appeal, local(appeal.lodged_at) + timedelta(days=days), caseworkers(appeal.decision.case))


def appeal_still_lodged(targets) -> set:
    return {a.pk for a in targets if a.status == AppealStatus.LODGED}


def _appeal_case_link(appeal) -> str:
    if appeal.decision.application_id:
        return case_link(appeal.decision.application)
    return reverse("caseworker:child_welfare_case", args=[appeal.decision.child_welfare_case_id])


DEADLINE_NEAR = Rule("respite_deadline_near", Audience.CASEWORKER, 5, deadline_near, open_without_interim_reply,
                     "applications.RespiteApplication", case_link, ("municipality",), label=_("Påminnelse: frist for vedtak nærmer seg"))


def deadline_near_days(municipality) -> int:
    """How many days before the one-month deadline this kommune is reminded; the dashboard flags the same days."""
    return DEADLINE_NEAR.days_for(municipality)


RULES = [
    DEADLINE_NEAR,
    Rule("respite_past_deadline", Audience.CASEWORKER, 0, past_deadline, interim_reply_still_due,
         "applications.RespiteApplication", case_link, ("municipality",), label=_("Påminnelse: frist for vedtak passert")),
    Rule("appeal_waiting", Audience.CASEWORKER, 0, appeal_waiting, appeal_still_lodged,
         "applications.Appeal", _appeal_case_link, ("decision__application__municipality", "decision__child_welfare_case__municipality"), label=_("Påminnelse: klage venter")),
]
