"""An approved home's status page offers its calendar feed in «Oppdrag» once it has a placement or has said yes to a
proposal; «Lag ny lenke» revokes the old key, and only the home's own feed can be renewed with its link."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token
from placements import services as placements
from placements.feeds import feed_by_key, feed_for_home
from placements.models import CalendarFeed

from ..placements.factories import ApprovedHomeFactory, make_need, place
from .test_home_answers_proposal import approved

OSLO = ZoneInfo("Europe/Oslo")
SUBSCRIBE = "Abonner på datoene i kalenderen din"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2027, 1, 15, 12, tzinfo=OSLO), tick=False):
        yield


def token_of(home) -> str:
    return case_token(home.application, purpose=STATUS)


def page(client, home) -> str:
    return client.get(reverse("applications:status", args=[token_of(home)])).content.decode()


def feed_url(feed) -> str:
    return "http://testserver" + reverse("applications:calendar_feed", kwargs={"key": feed.key})


def test_the_home_gets_its_feed_once_it_has_said_yes(client, bergen, bergen_caseworker):
    home = approved(ApprovedHomeFactory(municipality=bergen), 7101)
    assert SUBSCRIBE not in page(client, home)  # no work yet

    proposal = placements.placement_propose(need=make_need(bergen, bergen_caseworker), home=home, by=bergen_caseworker)
    assert SUBSCRIBE not in page(client, home) and not CalendarFeed.objects.exists()  # asked, not yet answered

    proposal = placements.proposal_answer(proposal=proposal, accept=True)
    html = page(client, home)
    feed = CalendarFeed.objects.get()
    assert feed.home == home and SUBSCRIBE in html and feed_url(feed) in html
    assert html.index('id="oppdrag"') < html.index(SUBSCRIBE)

    place(proposal.need, home, bergen_caseworker, proposal=proposal, start=date(2027, 2, 1))
    assert feed_url(feed) in page(client, home) and CalendarFeed.objects.count() == 1


def test_a_new_link_for_the_home_revokes_the_old_one(client, bergen, bergen_caseworker):
    home = approved(ApprovedHomeFactory(municipality=bergen), 7102)
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=date(2027, 2, 1))
    page(client, home)
    old = feed_for_home(home=home)

    response = client.post(reverse("applications:feed_renew", args=[token_of(home)]), {"feed": old.pk})
    assert response.status_code == 302 and response.url.endswith("#kalender")
    new = feed_for_home(home=home)
    html = page(client, home)
    assert "Du har fått en ny kalenderlenke" in html and feed_url(new) in html and feed_url(old) not in html
    assert client.get(feed_url(old)).status_code == 404 and client.get(feed_url(new)).status_code == 200


def test_another_homes_link_cannot_renew_a_homes_feed(client, bergen, bergen_caseworker):
    ours = approved(ApprovedHomeFactory(municipality=bergen), 7103)
    other = approved(ApprovedHomeFactory(municipality=bergen), 7104)
    place(make_need(bergen, bergen_caseworker), ours, bergen_caseworker, start=date(2027, 2, 1))
    feed = feed_for_home(home=ours)

    assert client.post(reverse("applications:feed_renew", args=[token_of(other)]), {"feed": feed.pk}).status_code == 404
    wrong_purpose = case_token(ours.application, purpose="co_party")  # a link made for another purpose
    assert client.post(reverse("applications:feed_renew", args=[wrong_purpose]), {"feed": feed.pk}).status_code == 404
    assert feed_by_key(feed.key) == feed  # still in force
