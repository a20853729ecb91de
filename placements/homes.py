"""What an approved home sees on its own status page: the proposals it is asked to answer and the dates of its
placements. Only what the home needs: the service, the scope, the period, the child's age and area and the kommune's
short description — never the child's name, diagnosis or case (a placement is named by its own reference)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from .matching import age_on
from .models import ACTIVE_PLACEMENT, OPEN_PROPOSAL, ApprovedHome, Need, Placement, Proposal
from .selectors import placement_dates, serving_need

#: How far ahead a home's page lists its dates.
DATES_AHEAD = timedelta(days=92)


def placement_reference(placement: Placement) -> str:
    """The name a placement goes by outside the kommune's workspace (pages, feeds, invitations): no child, no case."""
    return f"T-{placement.pk}"


@dataclass
class HomeWork:
    home: ApprovedHome
    open_proposals: list[Proposal] = field(default_factory=list)
    placements: list[dict] = field(default_factory=list)


def home_work(*, application) -> HomeWork | None:
    """The approved home of a volunteer's application, with its open proposals (each with `child_age`) and its planned
    or running placements with their coming dates; None when the application has no approved home."""
    home = ApprovedHome.objects.filter(application_id=application.pk).first()
    if home is None:
        return None
    today = timezone.localdate()
    proposals = list(home.proposals.filter(status__in=OPEN_PROPOSAL, placement__isnull=True).select_related("need").order_by("proposed_at"))
    for p in proposals:
        p.child_age = age_on(p.need.child_birth_date, max(today, p.need.period_from))
    placements = list(home.placements.filter(status__in=ACTIVE_PLACEMENT).prefetch_related("exceptions").order_by("start_date"))
    rows = [{"placement": p, "reference": placement_reference(p), "dates": placement_dates(p, today, today + DATES_AHEAD)}
            for p in placements]
    return HomeWork(home=home, open_proposals=proposals, placements=rows)



def family_placements(*, decision_id: int) -> list[dict]:
    """What the family sees of the placements for a vedtak: the first meeting, the coming dates and what the kommune
    chose to share about the home (never the home's name or address unless the kommune wrote it there)."""
    today = timezone.localdate()
    need = Need.objects.filter(decision_id=decision_id).first()
    if need is None:
        return []
    placements = (Placement.objects.filter(serving_need(need), status__in=ACTIVE_PLACEMENT)
                  .select_related("proposal").prefetch_related("exceptions").order_by("start_date"))
    return [{"placement": p, "reference": placement_reference(p), "first_meeting": p.proposal if p.proposal_id else None,
             "dates": placement_dates(p, today, today + DATES_AHEAD)} for p in placements]
