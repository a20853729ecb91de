"""Which of the kommune's approved homes could take a child, best first, each with why it fits and what does not.

A home that cannot take the child is not suggested at all: another kommune's, paused or ended, not approved for the
service (visiting → besøkshjem, respite_home and hourly → avlastningshjem, support_contact → støttekontakt), the child
outside its age band (edges included; the age on the period's first day, or today if that is later), a sibling group
it cannot take together (it must take sibling pairs and have a place for each), or full over the period.

The others are ranked by how well they fit: availability covering the granted scope, the same area, an own bedroom
when the child stays overnight, holidays, a car for a støttekontakt; places held by open proposals for other children
count against it. A month is counted as four weeks. Reads in a constant number of queries, whatever the homes.
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from besokshjem.tenancy.choices import HomeType

from .models import HOME_TYPE_FOR_SERVICE, OPEN_PROPOSAL, ApprovedHome, HomeStatus, Need, Placement, Proposal, ScopePeriod
from .selectors import children_at_peak, holding_a_place, sibling_needs
from .units import Unit, quantity

WEEKS_PER_MONTH = 4
POINTS = {"availability": 40, "area": 20, "bedroom": 10, "holidays": 5, "car": 5, "proposed_elsewhere": -15}


@dataclass
class Suggestion:
    home: ApprovedHome
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)

    def fits(self, reason: str, points: int = 0):
        self.reasons.append(reason)
        self.score += points

    def misfit(self, text: str, points: int = 0):
        self.misfits.append(text)
        self.score += points


def age_on(birth_date: date, day: date) -> int:
    return relativedelta(day, birth_date).years


@dataclass(frozen=True)
class _Held:
    """The places an open proposal would hold over its need's period, for children_at_peak."""

    start_date: date
    last_day: date | None
    children: int


def _group_size():
    same_group = Need.objects.filter(sibling_group=OuterRef("need__sibling_group")).order_by().values("sibling_group")
    return Coalesce(Subquery(same_group.annotate(n=Count("pk")).values("n")[:1]), Value(1))


def _candidates(need: Need, home_type: str, age: int, group: list[Need]):
    start, end = need.period_from, need.period_to
    placements = Placement.objects.filter(holding_a_place(start, end))
    proposals = (
        Proposal.objects.filter(status__in=OPEN_PROPOSAL, placement__isnull=True).exclude(need__period_to__lt=start)
        .exclude(need__in=[n.pk for n in group]).select_related("need").annotate(group_size=_group_size())
    )
    if end:
        proposals = proposals.filter(need__period_from__lte=end)
    homes = [home for home in ApprovedHome.objects.filter(
        municipality_id=need.municipality_id, status=HomeStatus.ACTIVE, age_min__lte=age, age_max__gte=age,
    ) if home_type in home.home_types]
    # The places held and proposed, only for the homes of the right kind (a list of codes: filtered here, as SQLite has
    # no JSON containment; prefetching for every home in the age band cost four times as much at 500 homes).
    prefetch_related_objects(homes, Prefetch("placements", placements, to_attr="holding"),
                             Prefetch("proposals", proposals, to_attr="open_proposals"))
    return homes


def _availability(s: Suggestion, need: Need):
    """Does what the home offers cover the granted scope? Weekends and døgn per month (a weekend is two døgn), hours
    per week (or per month, as four weeks)."""
    home, unit, amount = s.home, need.scope_unit, need.scope_amount
    per_week = need.scope_period == ScopePeriod.WEEK
    if unit in (Unit.WEEKEND, Unit.DAY):
        if not home.weekends_of_month:
            return s.misfit(_("Hjemmet har ikke oppgitt hvilke helger det kan ta imot barn."))
        offered = len(home.weekends_of_month) * (2 if unit == Unit.DAY else 1)
        wanted = amount * WEEKS_PER_MONTH if per_week else amount
        text = _("Tilbyr %(offered)s i måneden, vedtaket gir %(wanted)s.") % {"offered": quantity(offered, unit), "wanted": wanted}
    elif unit == Unit.HOUR:
        if not home.weekly_minutes:
            return s.misfit(_("Hjemmet har ikke oppgitt hvilke dager og timer det kan."))
        offered = home.weekly_minutes // 60 * (1 if per_week else WEEKS_PER_MONTH)
        wanted = amount
        period = _("i uken") if per_week else _("i måneden")
        text = _("Tilbyr %(offered)s %(period)s, vedtaket gir %(wanted)s.") % {
            "offered": quantity(offered, unit), "period": period, "wanted": wanted}
    else:
        return None
    return s.fits(text, POINTS["availability"]) if offered >= wanted else s.misfit(text)


def suggestions_for(*, need: Need, today: date | None = None) -> list[Suggestion]:
    """The homes that could take the child, best first (see the module's docstring for the rules)."""
    home_type = HOME_TYPE_FOR_SERVICE.get(need.service_type)
    if home_type is None:
        return []
    today = today or timezone.localdate()
    age = age_on(need.child_birth_date, max(need.period_from, today))
    group = sibling_needs(need)
    role = HomeType(home_type).label.lower()
    overnight = need.scope_unit in (Unit.WEEKEND, Unit.DAY)
    found = []
    for home in _candidates(need, home_type, age, group):
        if len(group) > 1 and not home.sibling_pair:
            continue
        free = home.capacity - children_at_peak(home.holding, need.period_from, need.period_to)
        if free < len(group):
            continue
        s = Suggestion(home)
        s.fits(_("Godkjent som %(role)s.") % {"role": role})
        s.fits(_("Barnet er %(age)s år, innenfor hjemmets aldersgrense %(min)s–%(max)s år.") % {
            "age": age, "min": home.age_min, "max": home.age_max})
        if len(group) > 1:
            s.fits(_("Kan ta imot søskenpar."))
        s.fits(ngettext("Har %(n)s ledig plass i perioden.", "Har %(n)s ledige plasser i perioden.", free) % {"n": free})
        held = [_Held(p.need.period_from, p.need.period_to, p.group_size) for p in home.open_proposals]
        if held and home.capacity - children_at_peak(home.holding + held, need.period_from, need.period_to) < len(group):
            s.misfit(_("Er allerede foreslått for et annet barn i perioden."), POINTS["proposed_elsewhere"])
        _availability(s, need)
        if need.area and home.area:
            if need.area.strip().casefold() == home.area.strip().casefold():
                s.fits(_("Bor i samme område (%(area)s).") % {"area": home.area}, POINTS["area"])
            else:
                s.misfit(_("Bor i et annet område (%(area)s).") % {"area": home.area})
        if overnight:
            if home.own_bedroom:
                s.fits(_("Har eget soverom til barnet."), POINTS["bedroom"])
            else:
                s.misfit(_("Har ikke eget soverom til barnet."))
        if home.holidays_available and home_type != HomeType.SUPPORT_CONTACT:
            s.fits(_("Kan også ta imot i ferier."), POINTS["holidays"])
        if home.has_car and home_type == HomeType.SUPPORT_CONTACT:
            s.fits(_("Har bil til aktiviteter."), POINTS["car"])
        found.append(s)
    return sorted(found, key=lambda s: (-s.score, len(s.misfits), s.home.name, s.home.pk))
