"""An approved home in the workspace: availability set, paused with a reason (no longer suggested), resumed, and ended
— ending deletes kept attest copies and is refused while the home has a running placement. Another kommune sees none
of it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from besokshjem.audit.models import AuditEntry
from placements.matching import suggestions_for
from placements.models import HomeStatus, PlacementAction

from ..placements.factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def test_the_caseworker_sets_availability_and_pauses_resumes_and_ends_a_home(client, bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, weekends_of_month=[1])
    need = make_need(bergen, bergen_caseworker, scope_amount=2)
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:home", args=[home.pk])
    assert client.post(url, {"action": "availability", "weekends_of_month": ["1", "3"], "weekdays": [],
                             "hours_from": "", "hours_to": ""}).status_code == 302
    home.refresh_from_db()
    assert home.weekends_of_month == [1, 3]

    refused = client.post(url, {"action": "status", "status": "paused", "reason": ""})
    assert refused.status_code == 400
    client.post(url, {"action": "status", "status": "paused", "reason": "Familien får tvillinger i mars."})
    home.refresh_from_db()
    assert home.status == HomeStatus.PAUSED and home.status_reason == "Familien får tvillinger i mars."
    assert home not in [s.home for s in suggestions_for(need=need)]
    client.post(url, {"action": "status", "status": "active", "reason": ""})
    home.refresh_from_db()
    assert home.status == HomeStatus.ACTIVE and home in [s.home for s in suggestions_for(need=need)]
    assert AuditEntry.objects.filter(action=PlacementAction.HOME_STATUS_CHANGED).count() == 2


def test_a_home_with_a_running_placement_cannot_end(client, bergen, bergen_caseworker):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=OSLO), tick=False):
        home = ApprovedHomeFactory(municipality=bergen)
        place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
        client.force_login(bergen_caseworker)
        response = client.post(reverse("caseworker:home", args=[home.pk]), {"action": "status", "status": "ended", "reason": "Flytter."})
    assert response.status_code == 400 and "Avslutt eller flytt dem først." in response.content.decode()
    home.refresh_from_db()
    assert home.status == HomeStatus.ACTIVE


def test_another_kommune_cannot_see_or_change_the_home(client, bergen, lillestrom_caseworker):
    home = ApprovedHomeFactory(municipality=bergen)
    client.force_login(lillestrom_caseworker)
    url = reverse("caseworker:home", args=[home.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "status", "status": "paused", "reason": "x"}).status_code == 404
    home.refresh_from_db()
    assert home.status == HomeStatus.ACTIVE
