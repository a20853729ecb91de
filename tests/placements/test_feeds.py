"""A private, revocable calendar feed of coming dates: for a home (all its placements) and for the family of a need.
The times are Oslo wall times across the change to summer time; a feed says only a reference, the kommune and the
times — no child's name, no case reference, nothing of the child's needs, no place."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from icalendar import Calendar

from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import APPLICANT
from placements import services
from placements.feeds import feed_by_key, feed_for_home, feed_for_need, feed_ics, feed_renew, feed_revoke
from placements.models import CalendarFeed, PlacementAction

from .factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")
SPRING = {"start": date(2027, 2, 1), "planned_end": date(2027, 4, 29)}  # first weekends of February, March and April (1 May is a Saturday)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2027, 1, 15, 12, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def home(bergen):
    return ApprovedHomeFactory(municipality=bergen)


def events(feed) -> list:
    calendar = Calendar.from_ical(feed_ics(feed))
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def starts(feed) -> list[datetime]:
    return [e.decoded("dtstart") for e in events(feed)]


def test_the_home_feed_has_the_dates_in_oslo_time_across_the_change_to_summer_time(bergen, bergen_caseworker, home):
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, **SPRING)
    feed = feed_for_home(home=home)
    ics = feed_ics(feed).decode()
    found = events(feed)

    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in found] == [
        (datetime(2027, 2, 5, 17, tzinfo=OSLO), datetime(2027, 2, 7, 17, tzinfo=OSLO)),
        (datetime(2027, 3, 5, 17, tzinfo=OSLO), datetime(2027, 3, 7, 17, tzinfo=OSLO)),
        (datetime(2027, 4, 2, 17, tzinfo=OSLO), datetime(2027, 4, 4, 17, tzinfo=OSLO)),
    ]
    april = found[2].decoded("dtstart")
    assert april.isoformat() == "2027-04-02T17:00:00+02:00" and april.astimezone(UTC).hour == 15  # summer time
    assert found[1].decoded("dtstart").isoformat() == "2027-03-05T17:00:00+01:00"
    assert "DTSTART;TZID=Europe/Oslo:20270402T170000" in ics and "BEGIN:VTIMEZONE" in ics and "TZOFFSETTO:+0200" in ics
    assert {str(e["summary"]) for e in found} == {f"T-{placement.pk} – Bergen"}
    assert [str(e["uid"]) for e in found] == [f"placement-{placement.pk}-20270205T1700@besokshjem",
                                              f"placement-{placement.pk}-20270305T1700@besokshjem",
                                              f"placement-{placement.pk}-20270402T1700@besokshjem"]
    assert "X-WR-CALNAME:Besøkshjem – Bergen" in ics and "VERSION:2.0" in ics and "PRODID:" in ics


def test_the_uids_stay_the_same_from_one_fetch_to_the_next(bergen, bergen_caseworker, home):
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, **SPRING)
    feed = feed_for_home(home=home)
    first = [str(e["uid"]) for e in events(feed)]
    with time_machine.travel(datetime(2027, 1, 20, 12, tzinfo=OSLO), tick=False):
        assert [str(e["uid"]) for e in events(feed)] == first


def test_the_feed_holds_thirty_days_back_and_a_year_ahead(bergen, bergen_caseworker, home):
    place(make_need(bergen, bergen_caseworker, period_to=None), home, bergen_caseworker, start=date(2027, 1, 1))  # open-ended
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False):
        days = [s.date() for s in starts(feed_for_home(home=home))]
    assert days[0] == date(2027, 2, 5)  # 1 January is more than 30 days back
    assert days[-1] == date(2028, 2, 4)  # 3 March 2028 is more than 365 days ahead
    assert len(days) == 13


def test_a_cancelled_date_is_absent_and_an_extra_date_is_there(bergen, bergen_caseworker, home):
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, **SPRING)
    services.placement_cancel_date(placement=placement, on=date(2027, 3, 5), reason="Sykdom", by=bergen_caseworker)
    services.placement_add_date(placement=placement, starts_at=datetime(2027, 3, 19, 17, tzinfo=OSLO),
                                ends_at=datetime(2027, 3, 21, 17, tzinfo=OSLO), by=bergen_caseworker)
    assert [s.date() for s in starts(feed_for_home(home=home))] == [date(2027, 2, 5), date(2027, 3, 19), date(2027, 4, 2)]
    assert "Sykdom" not in feed_ics(feed_for_home(home=home)).decode()


def test_the_first_meeting_is_in_both_feeds_without_its_place(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    proposal = services.placement_propose(need=need, home=home, by=bergen_caseworker)
    services.proposal_answer(proposal=proposal, accept=True)
    services.proposal_schedule_first_meeting(proposal=proposal, starts_at=datetime(2027, 1, 20, 18, tzinfo=OSLO),
                                             place="Eksempelgata 2, 5015 Bergen", by=bergen_caseworker)
    for feed in (feed_for_home(home=home), feed_for_need(need=need)):
        (meeting,) = events(feed)
        assert str(meeting["summary"]) == "Første møte – Bergen"
        assert (meeting.decoded("dtstart"), meeting.decoded("dtend")) == (datetime(2027, 1, 20, 18, tzinfo=OSLO),
                                                                          datetime(2027, 1, 20, 19, tzinfo=OSLO))
        assert "LOCATION" not in meeting and "DESCRIPTION" not in meeting
        assert "Eksempelgata" not in feed_ics(feed).decode()

    services.proposal_withdraw(proposal=proposal, reason="Familien flytter", by=bergen_caseworker)
    assert events(feed_for_home(home=home)) == []  # no meeting for a withdrawn proposal


def test_no_child_name_no_case_reference_and_nothing_of_the_needs_in_a_feed(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    services.need_set_summary(need=need, summary="Diagnose: autisme. Trenger ro og faste rutiner.", by=bergen_caseworker)
    proposal = services.proposal_answer(proposal=services.placement_propose(need=need, home=home, by=bergen_caseworker), accept=True)
    services.proposal_schedule_first_meeting(proposal=proposal, starts_at=datetime(2027, 1, 20, 18, tzinfo=OSLO),
                                             place="Hjemme hos familien", by=bergen_caseworker)
    place(need, home, bergen_caseworker, proposal=proposal, shared_with_family="Familien Testhjem bor på Landås og har katt.", **SPRING)
    decision, application = need.decision, need.decision.application
    secrets = [application.child_first_name, application.child_last_name, application.reference, application.guardian_name,
               application.guardian_address, "autisme", "faste rutiner", decision.facts, decision.reasons, "Landås", home.name,
               "Hjemme hos familien"]
    for feed in (feed_for_home(home=home), feed_for_need(need=need)):
        ics = feed_ics(feed).decode()
        assert [s for s in secrets if s in ics] == []
        assert "DESCRIPTION" not in ics and "LOCATION" not in ics and "ATTENDEE" not in ics
        assert len(events(feed)) == 4  # the first meeting and three weekends


def test_a_home_feed_holds_only_that_homes_placements(bergen, bergen_caseworker, home):
    ours = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, **SPRING)
    other = place(make_need(bergen, bergen_caseworker), ApprovedHomeFactory(municipality=bergen), bergen_caseworker, **SPRING)
    ics = feed_ics(feed_for_home(home=home)).decode()
    assert f"T-{ours.pk} – Bergen" in ics and f"T-{other.pk} " not in ics and f"placement-{other.pk}-" not in ics


def test_a_family_feed_holds_only_its_own_need(bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, capacity=2)
    mine, theirs = make_need(bergen, bergen_caseworker), make_need(bergen, bergen_caseworker)
    ours = place(mine, home, bergen_caseworker, **SPRING)
    other = place(theirs, home, bergen_caseworker, **SPRING)
    ics = feed_ics(feed_for_need(need=mine)).decode()
    assert f"T-{ours.pk} – Bergen" in ics and f"placement-{other.pk}-" not in ics
    assert len(events(feed_for_need(need=mine))) == 3 and len(events(feed_for_home(home=home))) == 6


def test_an_ended_placement_leaves_the_feed(bergen, bergen_caseworker, home):
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, **SPRING)
    services.placement_end(placement=placement, on=date(2027, 1, 31), reason="Familien flyttet", by=bergen_caseworker)
    assert events(feed_for_home(home=home)) == []


def test_one_feed_per_home_until_it_is_revoked(bergen, bergen_caseworker, home):
    feed = feed_for_home(home=home)
    assert feed_for_home(home=home) == feed and feed_by_key(feed.key) == feed
    assert feed.municipality == bergen and feed.need is None and feed.key.version == 4

    feed_revoke(feed=feed)
    assert feed_by_key(feed.key) is None
    renewed = feed_for_home(home=home)
    assert renewed != feed and renewed.key != feed.key and CalendarFeed.objects.filter(home=home).count() == 2


def test_renewing_revokes_the_old_key_once_and_is_audited(bergen, bergen_caseworker, home):
    feed = feed_for_home(home=home)
    renewed = feed_renew(feed=feed)
    again = feed_renew(feed=feed)  # a second click on the old page
    assert again == renewed and feed_by_key(renewed.key) == renewed and feed_by_key(feed.key) is None
    feed_renew(feed=renewed, by=bergen_caseworker)
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(CalendarFeed), action=PlacementAction.FEED_REVOKED)
    assert list(entries.order_by("pk").values_list("object_id", "actor_label", "municipality")) == [
        (feed.pk, APPLICANT, bergen.pk), (renewed.pk, bergen_caseworker.email, bergen.pk),
    ]


def test_the_feed_url_answers_with_private_calendar_headers_and_404_once_revoked(client, bergen, bergen_caseworker, home):
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, **SPRING)
    feed = feed_for_home(home=home)
    url = reverse("applications:calendar_feed", kwargs={"key": feed.key})
    assert url == f"/kalender/{feed.key}.ics"

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3
    assert "Set-Cookie" not in response.headers

    renewed = feed_renew(feed=feed)
    assert client.get(url).status_code == 404
    assert client.get(reverse("applications:calendar_feed", kwargs={"key": renewed.key})).status_code == 200
    assert client.get("/kalender/00000000-0000-4000-8000-000000000000.ics").status_code == 404
    assert client.post(reverse("applications:calendar_feed", kwargs={"key": renewed.key})).status_code == 405


def test_the_feed_speaks_the_homes_language(client, bergen, bergen_caseworker, home):
    application = home.application
    application.language = "en"
    application.save(update_fields=["language"])
    need = make_need(bergen, bergen_caseworker)
    proposal = services.placement_propose(need=need, home=home, by=bergen_caseworker)
    services.proposal_answer(proposal=proposal, accept=True)
    services.proposal_schedule_first_meeting(proposal=proposal, starts_at=datetime(2027, 1, 20, 18, tzinfo=OSLO), place="Her",
                                             by=bergen_caseworker)
    home_ics = client.get(reverse("applications:calendar_feed", kwargs={"key": feed_for_home(home=home).key})).content.decode()
    family_ics = client.get(reverse("applications:calendar_feed", kwargs={"key": feed_for_need(need=need).key})).content.decode()
    assert "SUMMARY:First meeting – Bergen" in home_ics and "SUMMARY:Første møte – Bergen" in family_ics
