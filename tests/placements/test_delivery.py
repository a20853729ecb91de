"""Delivered is derived: a need (and its decision) waits until the first date of a placement for it has begun, then it
is delivered at that moment. Frozen clocks; the first date is the first one held (not a cancelled or skipped one)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.models import Decision
from placements import services
from placements.selectors import decisions_delivered, need_delivered_at, waiting_needs

from .factories import ApprovedHomeFactory, make_need, place, siblings

OSLO = ZoneInfo("Europe/Oslo")
FIRST_DATE = datetime(2027, 1, 1, 17, tzinfo=OSLO)  # the weekend of Saturday 2 January 2027
JUST_BEFORE, AT = datetime(2027, 1, 1, 16, 59, 59, tzinfo=OSLO), FIRST_DATE


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def home(bergen):
    return ApprovedHomeFactory(municipality=bergen, capacity=3, sibling_pair=True)


def test_a_need_waits_until_the_first_date_of_its_placement_has_begun(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    assert list(waiting_needs(municipality=bergen)) == [need]

    placement = place(need, home, bergen_caseworker)
    assert placement.first_date_at == FIRST_DATE
    assert list(waiting_needs(municipality=bergen)) == [need]  # placed, but no date has begun

    with time_machine.travel(JUST_BEFORE, tick=False):
        assert list(waiting_needs(municipality=bergen)) == [need]
        assert need_delivered_at(need=need) is None
    with time_machine.travel(AT, tick=False):
        assert list(waiting_needs(municipality=bergen)) == []
        assert need_delivered_at(need=need) == FIRST_DATE
        assert decisions_delivered(decision_ids=[need.decision_id]) == {need.decision_id: FIRST_DATE}


def test_a_cancelled_first_date_moves_delivery_to_the_next_one(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    placement = place(need, home, bergen_caseworker)
    placement = services.placement_cancel_date(placement=placement, on=date(2027, 1, 1), reason="Sykdom", by=bergen_caseworker)
    assert placement.first_date_at == datetime(2027, 2, 5, 17, tzinfo=OSLO)
    assert [n.pk for n in waiting_needs(municipality=bergen, now=AT)] == [need.pk]
    assert need_delivered_at(need=need, now=datetime(2027, 2, 5, 17, tzinfo=OSLO)) == placement.first_date_at


def test_a_skipped_new_years_day_is_not_the_first_date(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    placement = place(need, home, bergen_caseworker, skip_public_holidays=True)
    assert placement.first_date_at == datetime(2027, 2, 5, 17, tzinfo=OSLO)


def test_an_extra_date_before_the_rules_first_delivers_earlier(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker, period_from=date(2026, 12, 1))
    placement = place(need, home, bergen_caseworker, start=date(2026, 12, 10))  # first weekend: 1 January
    extra = datetime(2026, 12, 12, 11, tzinfo=OSLO)
    placement = services.placement_add_date(placement=placement, starts_at=extra, ends_at=extra.replace(hour=15), by=bergen_caseworker)
    assert placement.first_date_at == extra


def test_a_placement_ended_before_its_first_date_delivers_nothing(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    placement = place(need, home, bergen_caseworker)
    placement = services.placement_end(placement=placement, on=date(2026, 12, 20), reason="Familien trakk seg", by=bergen_caseworker)
    assert placement.first_date_at is None
    assert list(waiting_needs(municipality=bergen, now=datetime(2027, 6, 1, tzinfo=OSLO))) == [need]


def test_a_sibling_groups_placement_delivers_every_sibling(bergen, bergen_caseworker, home):
    first, second = siblings(bergen, bergen_caseworker)
    other = make_need(bergen, bergen_caseworker)
    place(first, home, bergen_caseworker)
    assert [n.pk for n in waiting_needs(municipality=bergen, now=AT)] == [other.pk]
    assert decisions_delivered(decision_ids=[first.decision_id, second.decision_id, other.decision_id], now=AT) == {
        first.decision_id: FIRST_DATE, second.decision_id: FIRST_DATE}


def test_the_waiting_list_is_the_kommunes_own_and_leaves_out_reversed_decisions(bergen, lillestrom, bergen_caseworker,
                                                                                 lillestrom_caseworker):
    mine, reversed_ = make_need(bergen, bergen_caseworker), make_need(bergen, bergen_caseworker)
    make_need(lillestrom, lillestrom_caseworker)
    Decision.all_objects.filter(pk=reversed_.decision_id).update(reversed_at=datetime(2026, 11, 30, tzinfo=OSLO))
    assert list(waiting_needs(municipality=bergen)) == [mine]
