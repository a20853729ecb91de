"""The parent's status page offers the family's calendar feed once the vedtak's need has a placement: the link to
copy, and «Lag ny lenke», which revokes the old key. Only that family's feed can be renewed from its page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from besokshjem.core.tokens import STATUS, case_token
from placements.feeds import feed_by_key, feed_for_need
from placements.models import CalendarFeed

from ..placements.factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")
SUBSCRIBE = "Abonner på datoene i kalenderen din"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2027, 1, 15, 12, tzinfo=OSLO), tick=False):
        yield


def token_of(need) -> str:
    return case_token(need.decision.application, purpose=STATUS)


def page(client, need) -> str:
    return client.get(reverse("applications:respite_status", args=[token_of(need)])).content.decode()


def feed_url(feed) -> str:
    return "http://testserver" + reverse("applications:calendar_feed", kwargs={"key": feed.key})


def test_the_family_gets_a_feed_of_its_placement_once_there_is_one(client, bergen, bergen_caseworker):
    need = make_need(bergen, bergen_caseworker)
    assert SUBSCRIBE not in page(client, need) and not CalendarFeed.objects.exists()  # waiting: nothing to subscribe to

    placement = place(need, ApprovedHomeFactory(municipality=bergen), bergen_caseworker, start=date(2027, 2, 1))
    html = page(client, need)
    feed = CalendarFeed.objects.get()
    assert feed.need == need and feed.home is None
    assert SUBSCRIBE in html and feed_url(feed) in html and f"webcal://testserver/kalender/{feed.key}.ics" in html
    assert html.index(SUBSCRIBE) > html.index('id="tilbud"')
    assert page(client, need).count(feed_url(feed)) == 1 and CalendarFeed.objects.count() == 1  # the same link next time

    response = client.get(feed_url(feed))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    summaries = {str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert summaries == {f"T-{placement.pk} – Bergen"}
    application = need.decision.application
    for secret in (application.child_first_name, application.child_last_name, application.reference):
        assert secret not in response.content.decode()


def test_a_new_link_revokes_the_old_one(client, bergen, bergen_caseworker):
    need = make_need(bergen, bergen_caseworker)
    place(need, ApprovedHomeFactory(municipality=bergen), bergen_caseworker, start=date(2027, 2, 1))
    page(client, need)
    old = feed_for_need(need=need)

    response = client.post(reverse("applications:respite_feed_renew", args=[token_of(need)]), {"feed": old.pk}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#kalender")
    html = response.content.decode()
    assert "Du har fått en ny kalenderlenke, og den gamle virker ikke lenger." in html
    new = feed_for_need(need=need)
    assert new != old and feed_url(new) in html and feed_url(old) not in html
    assert client.get(feed_url(old)).status_code == 404 and client.get(feed_url(new)).status_code == 200

    # a second click from the old page gives the link in force, not yet another
    assert client.post(reverse("applications:respite_feed_renew", args=[token_of(need)]), {"feed": old.pk}).status_code == 302
    assert feed_for_need(need=need) == new and CalendarFeed.objects.filter(need=need).count() == 2


def test_another_familys_feed_cannot_be_renewed_from_this_page(client, bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, capacity=2)
    mine, theirs = make_need(bergen, bergen_caseworker), make_need(bergen, bergen_caseworker)
    place(mine, home, bergen_caseworker, start=date(2027, 2, 1))
    place(theirs, home, bergen_caseworker, start=date(2027, 2, 1))
    their_feed = feed_for_need(need=theirs)
    url = reverse("applications:respite_feed_renew", args=[token_of(mine)])

    assert client.post(url, {"feed": their_feed.pk}).status_code == 404
    assert client.post(url, {"feed": "not a number"}).status_code == 404
    assert client.get(url).status_code == 405
    tampered = reverse("applications:respite_feed_renew", args=[token_of(theirs) + "x"])
    assert client.post(tampered, {"feed": their_feed.pk}).status_code == 404
    assert feed_by_key(their_feed.key) == their_feed  # still in force
