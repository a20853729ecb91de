"""Creators of needs, proposals and placements for tests/caseworker/test_admin_isolation.py: each makes its object in
Bergen and a sibling in Lillestrøm (so the kommune filter has two choices), and returns Bergen's. To use them there:

    from ..placements.admin_creators import placement_creators
    CREATORS.update(placement_creators(kommune))
"""

from datetime import date

from placements import services
from placements.models import Need, Placement, PlacementSettings, Proposal

from ..factories import make_caseworker
from .factories import ApprovedHomeFactory, make_need, place


def _in_both(kommune, make):
    made = []
    for slug in ("bergen", "lillestrom"):
        municipality = kommune(slug)
        made.append(make(municipality, make_caseworker(municipality)))
    return made[0]


def placement_creators(kommune) -> dict:
    """{model: creator} for the admin tests; `kommune(slug)` gives Bergen or Lillestrøm."""

    def need(municipality, caseworker):
        return make_need(municipality, caseworker)

    def proposal(municipality, caseworker):
        home = ApprovedHomeFactory(municipality=municipality, name=f"Familien Hjem i {municipality.name}")
        return services.placement_propose(need=make_need(municipality, caseworker), home=home, by=caseworker)

    def placement(municipality, caseworker):
        home = ApprovedHomeFactory(municipality=municipality, name=f"Familien Hjem i {municipality.name}")
        placed = place(make_need(municipality, caseworker, period_from=date(2030, 1, 1), period_to=None), home, caseworker,
                       start=date(2030, 1, 1))
        services.placement_cancel_date(placement=placed, on=date(2030, 2, 1), reason="Ferie", by=caseworker)
        return placed

    def settings(municipality, caseworker):
        return PlacementSettings.objects.create(municipality=municipality, first_follow_up_days=10)

    return {model: (lambda make=make: _in_both(kommune, make))
            for model, make in ((Need, need), (Proposal, proposal), (Placement, placement), (PlacementSettings, settings))}
