"""Lillestrøm cannot reach Bergen: suggestions never hold another kommune's homes, the services refuse a caseworker of
another kommune, the selectors and the admin show each caseworker their own kommune's needs, proposals and placements."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from besokshjem.accounts.models import User
from besokshjem.tenancy.models import Municipality
from placements import services
from placements.models import Need, Placement, Proposal
from placements.selectors import needs_visible_to, placements_visible_to

from ..factories import make_municipality
from .admin_creators import placement_creators
from .factories import ApprovedHomeFactory, granted_decision, make_need, place

OSLO = ZoneInfo("Europe/Oslo")
WRONG_KOMMUNE = ["Saksbehandleren hører ikke til denne kommunen."]


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        yield


def refused(attempt) -> list[str]:
    with pytest.raises(ValidationError) as error:
        attempt()
    return error.value.messages


def test_services_refuse_a_caseworker_of_another_kommune(bergen, bergen_caseworker, lillestrom_caseworker):
    home = ApprovedHomeFactory(municipality=bergen)
    assert refused(lambda: services.need_from_decision(decision=granted_decision(bergen), by=lillestrom_caseworker)) == WRONG_KOMMUNE
    need = make_need(bergen, bergen_caseworker)
    assert refused(lambda: services.placement_propose(need=need, home=home, by=lillestrom_caseworker)) == WRONG_KOMMUNE
    assert refused(lambda: place(need, home, lillestrom_caseworker)) == WRONG_KOMMUNE
    assert refused(lambda: services.needs_group_siblings(needs=[need, make_need(bergen, bergen_caseworker)],
                                                         by=lillestrom_caseworker)) == WRONG_KOMMUNE

    placement = place(need, home, bergen_caseworker)
    for attempt in (
        lambda: services.placement_cancel_date(placement=placement, on=date(2027, 2, 5), by=lillestrom_caseworker),
        lambda: services.placement_add_date(placement=placement, starts_at=datetime(2027, 3, 3, 10, tzinfo=OSLO),
                                            ends_at=datetime(2027, 3, 3, 12, tzinfo=OSLO), by=lillestrom_caseworker),
        lambda: services.placement_end(placement=placement, on=date(2027, 3, 31), reason="Nei", by=lillestrom_caseworker),
        lambda: services.approved_home_set_availability(home=home, weekends_of_month=[2], weekdays=[], hours_from=None, hours_to=None,
                                                        holidays_available=False, by=lillestrom_caseworker),
    ):
        assert refused(attempt) == WRONG_KOMMUNE


def test_a_home_of_another_kommune_cannot_be_proposed_or_placed(bergen, lillestrom, bergen_caseworker):
    theirs = ApprovedHomeFactory(municipality=lillestrom)
    need = make_need(bergen, bergen_caseworker)
    assert refused(lambda: services.placement_propose(need=need, home=theirs, by=bergen_caseworker)) == ["Hjemmet hører til en annen kommune."]
    assert refused(lambda: place(need, theirs, bergen_caseworker)) == ["Hjemmet hører til en annen kommune."]


def test_selectors_show_a_caseworker_their_own_kommunes_needs_and_placements(bergen, lillestrom, bergen_caseworker,
                                                                            lillestrom_caseworker):
    mine = place(make_need(bergen, bergen_caseworker), ApprovedHomeFactory(municipality=bergen), bergen_caseworker)
    theirs = place(make_need(lillestrom, lillestrom_caseworker), ApprovedHomeFactory(municipality=lillestrom), lillestrom_caseworker)
    assert list(needs_visible_to(user=bergen_caseworker)) == [mine.need]
    assert list(placements_visible_to(user=lillestrom_caseworker)) == [theirs]


# --- the admin ------------------------------------------------------------------------------------------------------


def kommune(slug="bergen"):
    extra = {"lillestrom": {"name": "Lillestrøm", "slug": "lillestrom", "number": "3205", "prefix": "LIL"}}
    return Municipality.objects.filter(slug=slug).first() or make_municipality(**extra.get(slug, {}))


def admin_url(model, view, *args):
    return reverse(f"admin:placements_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [Need, Proposal, Placement], ids=lambda m: m.__name__)
def test_the_admin_shows_each_kommune_its_own_rows_and_a_404_for_others(client, db, model):
    obj = placement_creators(kommune)[model]()
    superuser = User.objects.create_superuser(email="superbruker@example.no", password="test-passord-123")
    client.force_login(superuser)
    changelist = admin_url(model, "changelist")
    cl = client.get(changelist).context["cl"]
    assert cl.result_count == 2 and len(cl.filter_specs) == len(cl.model_admin.list_filter)
    for option in [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]:
        assert client.get(changelist + option).status_code == 200, option  # a bad lookup would redirect to ?e=1
    term = obj.home.name if model is not Need else obj.decision.application.reference
    assert [o.pk for o in client.get(changelist, {"q": term}).context["cl"].result_list] == [obj.pk]
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200

    bergen_caseworker = User.objects.get(email="saksbehandler@bergen.example.no")
    client.force_login(bergen_caseworker)
    assert {o.pk for o in client.get(admin_url(model, "changelist")).context["cl"].result_list} == {obj.pk}
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200

    client.force_login(User.objects.get(email="saksbehandler@lillestrom.example.no"))
    assert obj.pk not in {o.pk for o in client.get(admin_url(model, "changelist")).context["cl"].result_list}
    for view in ("change", "history", "delete"):
        assert client.get(admin_url(model, view, obj.pk)).status_code == 404, view
