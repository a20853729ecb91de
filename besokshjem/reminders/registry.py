"""The reminder engine's registry: domain code declares its rules here (in its AppConfig.ready()).

A rule says what is due, for whom, and when (with a lead time a kommune can change in Municipality.reminder_days).
Its e-mail is a template triple, templates/emails/reminders/<kind>/, sent through the outbox like every e-mail:
the rule only decides what is due and writes outbox rows, at most one per due event and recipient.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from besokshjem.outbox.registry import Kind
from besokshjem.outbox.registry import register as register_kind
from besokshjem.tenancy.models import Role


class Audience:
    """Who a rule's e-mail is for (caseworkers get Norwegian; applicants and parents their own language)."""

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
    events: Callable  # (municipality, today, days) -> Iterable[Due]
    still_due: Callable  # (targets) -> set of pks still due at send time
    model: str  # app_label.ModelName of the target
    link: Callable  # (target) -> the path the e-mail links to (a status page, a case page, a resume link)
    select_related: tuple = ()
    label: object = ""  # what the reminder is, in words (lazy), for the caseworker's list of e-mails

    def days_for(self, municipality) -> int:
        return int((municipality.reminder_days or {}).get(self.kind, self.default_days))

    def context(self, target) -> dict:
        return {"target": target, "municipality": target_municipality(target), "link": settings.SITE_URL + self.link(target)}


RULES: dict[str, Rule] = {}
# Jobs that run with every sweep, e.g. deleting drafts past their retention (domain code registers them).
PERIODIC: list[Callable[[], object]] = []


def register(*rules: Rule) -> None:
    for rule in rules:
        RULES[rule.kind] = rule
        register_kind(Kind(name=rule.kind, template=f"reminders/{rule.kind}", context=rule.context, still_due=rule.still_due,
                           select_related=rule.select_related, label=rule.label))


def register_periodic(job: Callable[[], object]) -> None:
    if job not in PERIODIC:
        PERIODIC.append(job)


def target_municipality(target):
    """Every reminder target is a case or a part of one; the case carries the kommune."""
    for path in ("municipality", "application.municipality", "decision.application.municipality", "need.municipality",
                 "placement.need.municipality", "decision.child_welfare_case.municipality"):
        obj = target
        try:
            for name in path.split("."):
                obj = getattr(obj, name)
        except AttributeError:
            continue
        return obj
    raise LookupError(type(target).__name__)


# Recipients ------------------------------------------------------------------------------------------------------

def caseworkers(case, *, escalate=False) -> list[tuple[str, str]]:
    """The assigned caseworker; all the kommune's caseworkers when nobody is assigned; plus admins on escalation. A case
    on a legal track (its `legal_track`) goes only to the members of the unit for that track (tjenstlig behov)."""
    members = case.municipality.memberships.select_related("user").filter(user__is_active=True)
    track = getattr(case, "legal_track", None)
    if track is not None:
        members = members.filter(units__legal_track=track).distinct()
    people = set()
    if case.assigned_to_id and case.assigned_to.is_active:
        people.add(case.assigned_to.email)
    else:
        people |= {m.user.email for m in members if m.role == Role.CASEWORKER}
    if escalate:
        people |= {m.user.email for m in members if m.role == Role.ADMIN}
    return [(email, "nb") for email in sorted(people)]


def applicant(case) -> list[tuple[str, str]]:
    return [(case.email, case.language)] if case.email else []


def local(moment) -> date:
    return timezone.localdate(moment)


def due_events(rule: Rule, municipality, today: date) -> Iterable[Due]:
    return rule.events(municipality, today, rule.days_for(municipality))
