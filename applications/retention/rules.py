"""When each retention rule is due: one function per rule, each a cutoff computed from the kommune's rules and now.

Periods are counted in days of the Oslo calendar, as a person counts them: a draft started on 1 March (at any hour)
with a 30-day rule is kept through 30 March and deleted on 31 March; a case closed on 15 January 2025 with a 12-month
rule is anonymised on 15 January 2026. A row is due when its starting point is before the cutoff (the start of the
day after the last day it is kept)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rule(models.TextChoices):
    """The retention rules, in the order a run applies them (the report shows them in this order too)."""

    DRAFTS = "drafts", _("Utkast som aldri ble sendt inn: slettes")
    VOLUNTEER_CLOSED = "volunteer_closed", _("Trukne og avslåtte søknader fra hjem: anonymiseres")
    RESPITE_CLOSED = "respite_closed", _("Avsluttede saker om avlastning, overlevert til arkivet: slettes med vedlegg")
    ATTEST_COPIES = "attest_copies", _("Kopier av politiattester som ikke lenger trengs: slettes")


def _start_of_day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def drafts_cutoff(rules, now: datetime) -> datetime:
    """Drafts started before this are due: on day N after the day they were started."""
    return _start_of_day_after(_today(now) - timedelta(days=rules.draft_days))


def volunteer_closed_cutoff(rules, now: datetime) -> datetime:
    return _start_of_day_after(_today(now) - relativedelta(months=rules.volunteer_closed_months))


def respite_closed_cutoff(rules, now: datetime) -> datetime:
    return _start_of_day_after(_today(now) - relativedelta(years=rules.respite_closed_years))


@dataclass
class RuleResult:
    """What one rule finds (a plan) or did (a run): how many cases, their references, and how many files go with them."""

    rule: Rule
    references: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def count(self) -> int:
        return len(self.references)

    @property
    def label(self) -> str:
        return self.rule.label


@dataclass
class Plan:
    """A retention run for one kommune: each rule's result. `dry_run` says whether anything was changed."""

    municipality: object
    rules: object
    now: datetime
    dry_run: bool
    results: list[RuleResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.results)

    def summary(self) -> str:
        """Counts per rule and no personal data: for the log and the audit row."""
        return "; ".join(f"{r.rule.value}={r.count} ({r.files} filer)" for r in self.results)
