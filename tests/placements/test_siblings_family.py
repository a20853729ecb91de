"""Siblings placed together share one placement (stored on one of them): each sibling's family sees it, on the status
page and in its calendar feed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from icalendar import Calendar

from placements.feeds import feed_for_need, feed_ics
from placements.homes import family_placements

from ..factories import make_caseworker
from .factories import ApprovedHomeFactory, place, siblings

OSLO = ZoneInfo("Europe/Oslo")


def test_each_sibling_sees_the_shared_placement(bergen):
    caseworker = make_caseworker(bergen)
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        first, second = siblings(bergen, caseworker)
        home = ApprovedHomeFactory(municipality=bergen, capacity=2, sibling_pair=True)
        placement = place(first, home, caseworker)
        assert [row["placement"] for row in family_placements(decision_id=second.decision_id)] == [placement]
        events = Calendar.from_ical(feed_ics(feed_for_need(need=second))).walk("VEVENT")
    assert events and str(events[0]["SUMMARY"]).startswith(f"T-{placement.pk}")
