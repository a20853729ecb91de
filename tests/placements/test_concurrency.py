"""No home is ever overbooked, also when two caseworkers place at the same moment: on PostgreSQL, two threads, each in
its own transaction, place children in a home's last free place; exactly one gets it, the other the clear message.

To make the race real, each thread waits (boundedly) at the capacity count for the other to arrive there too. With
the home's row locked, the second cannot arrive until the first has committed, so the first waits out the bound
alone; without the lock both would count a free place and both would be placed.

Needs PostgreSQL (DATABASE_URL): locally the test skips without it, under CI=true it fails (tests/integration.py).
"""

import queue
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from placements import services
from placements.models import Placement
from tests.integration import in_threads

from ..factories import make_caseworker
from .factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")
RACE_WINDOW = 2  # seconds a thread waits at the count for the other


@pytest.fixture
def racing_counts(monkeypatch):
    """Both threads meet at the capacity count, if they can both get there."""
    meeting = threading.Barrier(2)
    counted = services.children_at_peak

    def count(*args, **kwargs):
        try:
            meeting.wait(timeout=RACE_WINDOW)
        except threading.BrokenBarrierError:
            pass
        return counted(*args, **kwargs)

    monkeypatch.setattr(services, "children_at_peak", count)


def attempt(work):
    try:
        work()
        return "placed"
    except ValidationError as error:
        return " ".join(error.messages)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_caseworkers_placing_in_the_last_free_place_at_once_place_one_child(postgresql, bergen, racing_counts):
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        home = ApprovedHomeFactory(municipality=bergen, capacity=2)
        first = make_caseworker(bergen, email="forste@bergen.example.no")
        second = make_caseworker(bergen, email="andre@bergen.example.no")
        place(make_need(bergen, first), home, first)  # one of two places taken
        turns = queue.Queue()
        for caseworker in (first, second):
            turns.put((make_need(bergen, caseworker), caseworker))

        def one_placement():
            need, caseworker = turns.get()
            return attempt(lambda: place(need, home, caseworker))

        results = in_threads(2, one_placement)

    assert sorted(results) == ["Hjemmet har ikke ledig plass i perioden.", "placed"]
    assert Placement.objects.filter(home=home).count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_one_child_placed_in_two_homes_at_once_is_placed_once(postgresql, bergen, bergen_caseworker):
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        need = make_need(bergen, bergen_caseworker)
        homes = queue.Queue()
        for _ in range(2):
            homes.put(ApprovedHomeFactory(municipality=bergen))

        results = in_threads(2, lambda: attempt(lambda: place(need, homes.get(), bergen_caseworker)))

    assert sorted(results) == ["Barnet har allerede et tiltak som er planlagt eller i gang.", "placed"]
    assert Placement.objects.filter(need=need).count() == 1
