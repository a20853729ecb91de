"""The caseworker's workspace in the admin: my cases with next step, overdue steps, counts; scoped to my kommune."""

from datetime import datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.intake import services

from .. import approval_helpers as h
from ..factories import DecisionFactory, MeetingFactory, RespiteApplicationFactory, VolunteerApplicationFactory
from ..respite_helpers import submit as submit_respite


def test_dashboard_shows_my_cases_next_step_overdue_and_counts(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)  # taking it into review assigns it to me
    MeetingFactory(application=application, starts_at=timezone.now() - timedelta(days=2), caseworker=bergen_caseworker)
    client.force_login(bergen_caseworker)
    html = client.get(reverse("caseworker:dashboard")).content.decode()
    assert application.reference in html
    assert "0/2 samtaler" in html
    assert "er ikke markert som gjennomført" in html
    assert "Bergen" in html


def test_dashboard_flags_applications_waiting_to_be_taken_into_review(client, bergen, bergen_caseworker):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        old = services.application_submit(application=VolunteerApplicationFactory(municipality=bergen), incomplete_steps=[])
    client.force_login(bergen_caseworker)
    html = client.get(reverse("caseworker:dashboard")).content.decode()
    assert f"{old.reference}</a>:" in html and "ikke tatt til behandling" in html


def test_dashboard_shows_nothing_from_another_municipality(client, draft, bergen_caseworker, lillestrom_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    client.force_login(lillestrom_caseworker)
    html = client.get(reverse("caseworker:dashboard")).content.decode()
    assert application.reference not in html
    assert "Bergen" not in html


def test_dashboard_needs_login(client, bergen):
    response = client.get(reverse("caseworker:dashboard"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_counts_granted_decisions_awaiting_delivery_and_overdue_respite_cases(client, bergen, bergen_caseworker):
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 1, 31, 12, tzinfo=tz)):
        old = submit_respite(RespiteApplicationFactory(municipality=bergen))
        granted = submit_respite(RespiteApplicationFactory(municipality=bergen))
        DecisionFactory(application=granted, decided_by=bergen_caseworker)
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=tz)):
        client.force_login(bergen_caseworker)
        html = client.get(reverse("caseworker:dashboard")).content.decode()
    assert "1 sak er over én måned uten vedtak eller foreløpig svar." in html
    assert old.reference in html
    assert "1 innvilget vedtak er ikke levert." in html and "venter 29 dager" in html
