"""The waiting list: every granted vedtak no placement has delivered yet («tomme vedtak»), the figures a kommune reports,
and the recruitment need derived from it (which roles, areas and age bands lack homes).

A need waits from the later of the day its vedtak was made and the first day of its period, and leaves the list exactly
when the first date of a placement for it has started (`placements.selectors.needs_with_delivery`).
"""

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.choices import HomeType, LegalTrack

from .matching import age_on
from .models import HOME_TYPE_FOR_SERVICE, Need, ServiceType
from .selectors import needs_with_delivery

#: The age bands the recruitment need is told in (whole years, both ends included).
AGE_BANDS = ((0, 5), (6, 12), (13, 17))
#: A group of waiting children is shown on the kommune's public page only from this size: smaller groups could point
#: to a child.
PUBLIC_MINIMUM = 5


@dataclass(frozen=True)
class Waiting:
    need: Need
    since: date  # the later of the decision's day and the period's first day
    days: int  # days waited by today; 0 while the period has not begun


#: The columns the waiting list, its figures and the dashboard show: a waiting need reads neither the vedtak's texts nor
#: the whole application (Oslo: thousands of rows).
SHOWN_COLUMNS = (
    "service_type", "scope_amount", "scope_unit", "scope_period", "period_from", "period_to", "track", "child_birth_date",
    "area", "sibling_group", "created_at", "municipality__name", "decision__decided_at", "decision__application_id",
    "decision__child_welfare_case_id", "decision__application__reference", "decision__child_welfare_case__reference",
)


def waiting_needs_of(municipalities, *, now: datetime | None = None, visible: Q | None = None) -> QuerySet[Need]:
    """The granted needs no placement has delivered yet in the kommuner, longest waiting first, each with `since` (the
    later of the vedtak's day and the period's first day) and its decision, case reference and kommune (one query).
    `visible` narrows them to what a caseworker may see (their units' legal tracks)."""
    needs = (Need.objects.filter(visible or Q(), municipality__in=municipalities, decision__reversed_at__isnull=True)
             .select_related("decision__application", "decision__child_welfare_case", "municipality").only(*SHOWN_COLUMNS))
    return (needs_with_delivery(needs, now=now).filter(delivered_at__isnull=True)
            .annotate(since=Greatest(TruncDate("decision__decided_at"), F("period_from"))).order_by("since", "pk"))


def waiting_of(need: Need, today: date) -> Waiting:
    return Waiting(need=need, since=need.since, days=max(0, (today - need.since).days))


def waiting_list(*, municipalities, now: datetime | None = None, visible: Q | None = None) -> list[Waiting]:
    """The waiting list, longest waiting first (`visible`: as in waiting_needs_of)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [waiting_of(need, today) for need in waiting_needs_of(municipalities, now=now, visible=visible)]


@dataclass(frozen=True)
class Figures:
    label: str
    waiting: int
    median_days: float | None
    longest_days: int | None


def _figures(label, rows: list[Waiting]) -> Figures:
    days = [w.days for w in rows]
    return Figures(label=str(label), waiting=len(rows), median_days=median(days) if days else None, longest_days=max(days, default=None))


def waiting_figures(rows: list[Waiting]) -> dict:
    """What a kommune reports: how many wait, the median and longest wait, in all and per service and legal track."""
    services = dict(ServiceType.choices)
    tracks = dict(LegalTrack.choices)
    groups: dict[tuple, list[Waiting]] = {}
    for w in rows:
        groups.setdefault((w.need.service_type, w.need.track), []).append(w)
    return {
        "total": _figures(_("Alle"), rows),
        "groups": [_figures(f"{services.get(service, service)} – {tracks.get(track, track)}", group)
                   for (service, track), group in sorted(groups.items())],
    }


@dataclass(frozen=True)
class RecruitmentNeed:
    home_type: str
    home_type_label: str
    area: str
    age_min: int
    age_max: int
    children: int


def _band(age: int) -> tuple[int, int]:
    return next(((lo, hi) for lo, hi in AGE_BANDS if lo <= age <= hi), AGE_BANDS[-1])


def recruitment_need(rows: list[Waiting], *, today: date | None = None, minimum: int = 1) -> list[RecruitmentNeed]:
    """Which homes the kommune must recruit: the waiting children counted by the role that would serve them, their area
    and age band, largest group first. `minimum` leaves out smaller groups (PUBLIC_MINIMUM on a public page). Children
    whose address is confidential have no area and are counted under «no area»; an institution is no home."""
    today = today or timezone.localdate()
    labels = dict(HomeType.choices)
    counts: dict[tuple, int] = {}
    for w in rows:
        home_type = HOME_TYPE_FOR_SERVICE.get(w.need.service_type)
        if home_type is None:
            continue
        key = (home_type, w.need.area, *_band(age_on(w.need.child_birth_date, max(today, w.need.period_from))))
        counts[key] = counts.get(key, 0) + 1
    found = [RecruitmentNeed(home_type=t, home_type_label=str(labels.get(t, t)), area=area, age_min=lo, age_max=hi, children=n)
             for (t, area, lo, hi), n in counts.items() if n >= minimum]
    return sorted(found, key=lambda r: (-r.children, r.home_type, r.area, r.age_min))


def public_recruitment_need(*, municipality, home_type) -> dict:
    """For the kommune's public page of a role: the groups of waiting children that lack such a home, only groups of at
    least PUBLIC_MINIMUM and only counts, areas and age bands — nothing that could point to a child."""
    rows = [r for r in recruitment_need(waiting_list(municipalities=[municipality]), minimum=PUBLIC_MINIMUM)
            if r.home_type == home_type and r.area]
    return {"recruitment_need": rows} if rows else {}
