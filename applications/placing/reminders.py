"""Reminders on placements, through the outbox like every e-mail: the next date to the home and the family two days
before; a proposal the home has not answered in a week; follow-ups and evaluations due, to the caseworker; a granted
vedtak waiting longer than the kommune's limit, to the caseworkers and the kommune's admins; a month's time sheet the
home has not confirmed. None of them names the child."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.decisions.letters import parties_of
from applications.intake.respite_steps import RESPITE
from applications.intake.volunteer_steps import VOLUNTEER
from besokshjem.reminders.registry import Audience, Due, Rule, caseworkers
from placements.followups import follow_ups_due
from placements.homes import placement_reference
from placements.models import ACTIVE_PLACEMENT, Need, Placement, Proposal, ProposalStatus, TimeSheet, TimeSheetStatus
from placements.selectors import placement_dates, placement_settings_for
from placements.waiting import waiting_list


@dataclass(frozen=True)
class PlacementRule(Rule):
    """A rule whose e-mail also says the placement's next date (computed when the e-mail is sent)."""

    def context(self, target) -> dict:
        today = timezone.localdate()
        upcoming = placement_dates(target, today, today + timedelta(days=14))
        return {**super().context(target), "next_date": upcoming[0] if upcoming else None, "reference": placement_reference(target)}


def _active(municipality):
    return Placement.objects.filter(need__municipality=municipality, status__in=ACTIVE_PLACEMENT).select_related(
        "home__application", "need__decision__application", "need__municipality").prefetch_related("exceptions")


def _next_dates(municipality, today, days):
    """(placement, the day a date begins) for dates beginning from today to `days` days ahead."""
    for placement in _active(municipality):
        for occurrence in placement_dates(placement, today, today + timedelta(days=days)):
            yield placement, timezone.localdate(occurrence.starts_at)


def date_soon_home(municipality, today, days) -> Iterable[Due]:
    for placement, day in _next_dates(municipality, today, days):
        home = placement.home.application
        if home.email:
            yield Due(placement, day, [(home.email, home.language)])


def date_soon_family(municipality, today, days) -> Iterable[Due]:
    """Families of a parent's application (a barnevern family has no page on the portal and is reminded by the caseworker)."""
    for placement, day in _next_dates(municipality, today, days):
        if placement.need.decision.application_id:
            family = [(p.email, p.language) for p in parties_of(placement.need.decision, today) if p.email and p.key != "child"]
            if family:
                yield Due(placement, day, family)


def still_active(targets) -> set:
    return {p.pk for p in targets if p.status in ACTIVE_PLACEMENT}


def proposal_unanswered(municipality, today, days) -> Iterable[Due]:
    for proposal in Proposal.objects.filter(need__municipality=municipality, status=ProposalStatus.PROPOSED).select_related("home__application"):
        due = timezone.localdate(proposal.proposed_at) + timedelta(days=days)
        if due <= today and proposal.home.application.email:
            yield Due(proposal, due, [(proposal.home.application.email, proposal.home.application.language)])


def still_proposed(targets) -> set:
    return {p.pk for p in targets if p.status == ProposalStatus.PROPOSED}


def follow_up_due(municipality, today, days) -> Iterable[Due]:
    for follow_up in follow_ups_due(municipalities=[municipality], until=today + timedelta(days=days)):
        yield Due(follow_up, follow_up.due_on, caseworkers(follow_up.placement.need.decision.case))


def follow_up_still_due(targets) -> set:
    return {f.pk for f in targets if f.held_on is None and f.placement.status in ACTIVE_PLACEMENT}


def waiting_too_long(municipality, today, days) -> Iterable[Due]:
    """Past the kommune's waiting limit (its placement settings, not the reminder lead time): to the caseworkers and the
    kommune's admins, once per need."""
    limit = placement_settings_for(municipality=municipality).waiting_limit_days
    for waiting in waiting_list(municipalities=[municipality]):
        if waiting.days >= limit:
            yield Due(waiting.need, waiting.since + timedelta(days=limit), caseworkers(waiting.need.decision.case, escalate=True))


def still_waiting(targets) -> set:
    waiting = {w.need.pk for w in waiting_list(municipalities=list({t.municipality for t in targets}))}
    return {t.pk for t in targets if t.pk in waiting}


def time_sheet_unconfirmed(municipality, today, days) -> Iterable[Due]:
    """Last month's time sheet, `days` days into this month, while the home has not confirmed it."""
    first_of_month = today.replace(day=1)
    if today < first_of_month + timedelta(days=days):
        return
    last_month = (first_of_month - timedelta(days=1)).replace(day=1)
    confirmed = set(TimeSheet.objects.filter(placement__need__municipality=municipality, month=last_month)
                    .exclude(status=TimeSheetStatus.OPEN).values_list("placement_id", flat=True))
    for placement in _active(municipality).filter(start_date__lt=first_of_month):
        home = placement.home.application
        if placement.pk not in confirmed and home.email and placement_dates(placement, last_month, first_of_month - timedelta(days=1)):
            yield Due(placement, first_of_month + timedelta(days=days), [(home.email, home.language)])


def time_sheet_still_open(targets) -> set:
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    done = set(TimeSheet.objects.filter(placement__in=targets, month=last_month).exclude(status=TimeSheetStatus.OPEN)
               .values_list("placement_id", flat=True))
    return {p.pk for p in targets if p.pk not in done and p.status in ACTIVE_PLACEMENT}


def _home_link(target) -> str:
    home = target.home if isinstance(target, (Placement, Proposal)) else target.placement.home
    return VOLUNTEER.status_url(home.application)


def _family_link(placement) -> str:
    return RESPITE.status_url(placement.need.decision.application)


def _need_link(target) -> str:
    need = target if isinstance(target, Need) else target.placement.need
    return reverse("caseworker:need", args=[need.pk])


_PLACEMENT = ("home__application", "need__municipality", "need__decision__application")

RULES = [
    PlacementRule("placement_date_home", Audience.APPLICANT, 2, date_soon_home, still_active, "placements.Placement", _home_link,
                  _PLACEMENT, label=_("Påminnelse til hjemmet: neste dato")),
    PlacementRule("placement_date_family", Audience.PARENT, 2, date_soon_family, still_active, "placements.Placement", _family_link,
                  _PLACEMENT, label=_("Påminnelse til familien: neste dato")),
    Rule("proposal_unanswered", Audience.APPLICANT, 7, proposal_unanswered, still_proposed, "placements.Proposal", _home_link,
         ("home__application", "need__municipality"), label=_("Påminnelse: forespørsel om et barn er ikke besvart")),
    Rule("follow_up_due", Audience.CASEWORKER, 7, follow_up_due, follow_up_still_due, "placements.FollowUp", _need_link,
         ("placement__need__municipality", "placement__need__decision"), label=_("Påminnelse: oppfølging av tiltak")),
    Rule("waiting_too_long", Audience.CASEWORKER, 0, waiting_too_long, still_waiting, "placements.Need", _need_link,
         ("municipality", "decision"), label=_("Påminnelse: innvilget vedtak venter på tiltak")),
    PlacementRule("time_sheet_unconfirmed", Audience.APPLICANT, 5, time_sheet_unconfirmed, time_sheet_still_open,
                  "placements.Placement", _home_link, _PLACEMENT, label=_("Påminnelse: timelisten er ikke bekreftet")),
]
