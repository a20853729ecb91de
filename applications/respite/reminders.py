"""Reminders on a parent's case: the decision deadline (forvaltningsloven § 11 a), pending appeals, unfinished drafts."""

from collections.abc import Iterable
from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import Appeal, AppealStatus, RespiteApplication
from besokshjem.reminders.registry import Audience, Due, Rule, caseworkers, local

from .deadlines import decision_deadline, needs_interim_reply
from .selectors import OPEN


def case_link(application) -> str:
    return reverse("caseworker:respite_case", args=[application.pk])


def _open_cases(municipality):
    return (RespiteApplication.objects.filter(municipality=municipality, status__in=OPEN)
            .select_related("assigned_to", "municipality").prefetch_related("interim_replies"))


def deadline_near(municipality, today, days) -> Iterable[Due]:
    for application in _open_cases(municipality):
        deadline = decision_deadline(application.submitted_at)
        if deadline - timedelta(days=days) <= today <= deadline and not application.interim_replies.all():
            yield Due(application, deadline, caseworkers(application))


def past_deadline(municipality, today, days) -> Iterable[Due]:
    for application in _open_cases(municipality):
        if needs_interim_reply(received=application.submitted_at, decided=False,
                               interim_sent=bool(application.interim_replies.all()), today=today):
            yield Due(application, decision_deadline(application.submitted_at), caseworkers(application, escalate=True))


def open_without_interim_reply(targets) -> set:
    return {a.pk for a in targets if a.status in OPEN and not a.interim_replies.exists()}


def appeal_waiting(municipality, today, days) -> Iterable[Due]:
    for appeal in (Appeal.objects.filter(decision__application__municipality=municipality, status=AppealStatus.LODGED)
                   .select_related("decision__application__assigned_to", "decision__application__municipality")):
        if local(appeal.lodged_at) + timedelta(days=days) <= today:
            yield Due(appeal, local(appeal.lodged_at) + timedelta(days=days), caseworkers(appeal.decision.application))


def appeal_still_lodged(targets) -> set:
    return {a.pk for a in targets if a.status == AppealStatus.LODGED}


def _appeal_case_link(appeal) -> str:
    return case_link(appeal.decision.application)


RULES = [
    Rule("respite_deadline_near", Audience.CASEWORKER, 5, deadline_near, open_without_interim_reply,
         "applications.RespiteApplication", case_link, ("municipality",), label=_("Påminnelse: frist for vedtak nærmer seg")),
    Rule("respite_past_deadline", Audience.CASEWORKER, 0, past_deadline, open_without_interim_reply,
         "applications.RespiteApplication", case_link, ("municipality",), label=_("Påminnelse: frist for vedtak passert")),
    Rule("appeal_waiting", Audience.CASEWORKER, 0, appeal_waiting, appeal_still_lodged,
         "applications.Appeal", _appeal_case_link, ("decision__application__municipality",), label=_("Påminnelse: klage venter")),
]
