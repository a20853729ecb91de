"""Follow-up of a placement: the first close to the start (the kommune's number of days after the first date), then at
the kommune's interval after each one held, and an annual evaluation; each recorded with notes and the child's views."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.followups import follow_up_record, follow_ups_due
from placements.models import FollowUpKind, PlacementSettings

from ..factories import make_caseworker
from .factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def test_follow_ups_fall_due_by_the_kommunes_rhythm(bergen):
    PlacementSettings.objects.create(municipality=bergen, first_follow_up_days=10, follow_up_months=2)
    caseworker = make_caseworker(bergen)
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        placement = place(make_need(bergen, caseworker), ApprovedHomeFactory(municipality=bergen), caseworker)  # 1 January 2027
    due = {f.kind: f.due_on for f in placement.follow_ups.all()}
    assert due == {FollowUpKind.FOLLOW_UP: date(2027, 1, 11), FollowUpKind.EVALUATION: date(2028, 1, 1)}
    first = placement.follow_ups.get(kind=FollowUpKind.FOLLOW_UP)
    assert list(follow_ups_due(municipalities=[bergen], until=date(2027, 1, 10))) == []
    assert list(follow_ups_due(municipalities=[bergen], until=date(2027, 1, 11))) == [first]

    with time_machine.travel(datetime(2027, 1, 12, 12, tzinfo=OSLO), tick=False):
        with pytest.raises(ValidationError) as missing:
            follow_up_record(follow_up=first, held_on=date(2027, 1, 12), notes="", child_views="", by=caseworker)
        assert set(missing.value.message_dict) == {"notes", "child_views"}
        follow_up_record(follow_up=first, held_on=date(2027, 1, 12), notes="Første helg gikk fint.",
                         child_views="Barnet vil gjerne tilbake.", by=caseworker)
        with pytest.raises(ValidationError):
            follow_up_record(follow_up=first, held_on=date(2027, 1, 12), notes="Igjen", child_views="Igjen", by=caseworker)
    nxt = placement.follow_ups.get(kind=FollowUpKind.FOLLOW_UP, held_on__isnull=True)
    assert nxt.due_on == date(2027, 3, 12)  # two months after the one held


def test_an_ended_placement_has_nothing_more_due_and_another_kommune_cannot_record(bergen, lillestrom):
    caseworker = make_caseworker(bergen)
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        placement = place(make_need(bergen, caseworker), ApprovedHomeFactory(municipality=bergen), caseworker)
    follow_up = placement.follow_ups.get(kind=FollowUpKind.FOLLOW_UP)
    with pytest.raises(ValidationError):
        follow_up_record(follow_up=follow_up, held_on=date(2026, 12, 1), notes="x", child_views="y", by=make_caseworker(lillestrom))
    with time_machine.travel(datetime(2027, 1, 20, 12, tzinfo=OSLO), tick=False):
        services.placement_end(placement=placement, on=date(2027, 1, 20), reason="Familien flyttet.", by=caseworker)
    assert list(follow_ups_due(municipalities=[bergen], until=date(2030, 1, 1))) == []


def test_the_need_page_records_a_follow_up(client, bergen, bergen_caseworker):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        need = make_need(bergen, bergen_caseworker)
        placement = place(need, ApprovedHomeFactory(municipality=bergen), bergen_caseworker)
    follow_up = placement.follow_ups.get(kind=FollowUpKind.FOLLOW_UP)
    with time_machine.travel(datetime.combine(date(2027, 1, 16), time(12), tzinfo=OSLO), tick=False):
        client.force_login(bergen_caseworker)
        url = reverse("caseworker:need", args=[need.pk])
        refused = client.post(url, {"action": "follow_up", "follow_up": follow_up.pk, "held_on": "2027-01-16", "notes": "Bra start",
                                    "child_views": ""})
        assert refused.status_code == 400 and "Bra start" in refused.content.decode()
        assert client.post(url, {"action": "follow_up", "follow_up": follow_up.pk, "held_on": "2027-01-16", "notes": "Bra start",
                                 "child_views": "Liker hunden."}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.held_on == date(2027, 1, 16) and follow_up.child_views == "Liker hunden."


def test_the_dashboard_lists_follow_ups_due_with_their_date(client, bergen, bergen_caseworker):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        need = make_need(bergen, bergen_caseworker)
        place(need, ApprovedHomeFactory(municipality=bergen), bergen_caseworker)  # first follow-up due 15 January 2027
    with time_machine.travel(datetime(2027, 1, 18, 12, tzinfo=OSLO), tick=False):
        client.force_login(bergen_caseworker)
        page = client.get(reverse("caseworker:dashboard")).content.decode()
    assert need.decision.case.reference in page and "frist 15. januar 2027" in page and "3 dager over fristen" in page
