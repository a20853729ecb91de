"""The caseworker's workspace in the admin: my cases with next step, overdue steps, counts; scoped to my kommune."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from applications import approval, services

from . import approval_helpers as h
from .factories import VolunteerApplicationFactory


def test_dashboard_shows_my_cases_next_step_overdue_and_counts(client, draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)  # taking it into review assigns it to me
    approval.meeting_schedule(application=application, kind="interview", starts_at=timezone.now() - timedelta(days=2),
                              caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    client.force_login(bergen_caseworker)
    html = client.get(reverse("caseworker_dashboard")).content.decode()
    assert application.reference in html
    assert "0/2 samtaler" in html
    assert "er ikke markert som gjennomført" in html
    assert "Bergen" in html


def test_dashboard_flags_applications_waiting_to_be_taken_into_review(client, bergen, bergen_caseworker):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        old = services.application_submit(application=VolunteerApplicationFactory(municipality=bergen), incomplete_steps=[])
    client.force_login(bergen_caseworker)
    html = client.get(reverse("caseworker_dashboard")).content.decode()
    assert f"{old.reference}</a>:" in html and "ikke tatt til behandling" in html


def test_dashboard_shows_nothing_from_another_municipality(client, draft, bergen_caseworker, lillestrom_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    client.force_login(lillestrom_caseworker)
    html = client.get(reverse("caseworker_dashboard")).content.decode()
    assert application.reference not in html
    assert "Bergen" not in html


def test_dashboard_needs_login(client, bergen):
    response = client.get(reverse("caseworker_dashboard"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_counts_granted_decisions_awaiting_delivery_and_overdue_respite_cases(client, bergen, bergen_caseworker):
    from datetime import datetime

    from applications import respite_services
    from applications import services as app_services
    from applications.respite_steps import RESPITE

    from .factories import RespiteApplicationFactory

    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 1, 31, 12, tzinfo=tz)):
        old = RespiteApplicationFactory(municipality=bergen)
        old = app_services.application_submit(application=old, incomplete_steps=[s.slug for s in RESPITE.incomplete_steps(old)])
        granted = RespiteApplicationFactory(municipality=bergen)
        granted = app_services.application_submit(application=granted, incomplete_steps=[])
        respite_services.decision_make(
            application=granted, by=bergen_caseworker, outcome="granted", service_type="respite_home", scope="2 helger per måned",
            period_from=timezone.localdate(), reasons="Tyngende", best_interests="Trygt", child_views="Positivt",
        )
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=tz)):
        client.force_login(bergen_caseworker)
        html = client.get(reverse("caseworker_dashboard")).content.decode()
    assert "1 sak er over én måned uten vedtak eller foreløpig svar." in html
    assert old.reference in html
    assert "1 innvilget vedtak er ikke levert." in html and "venter 29 dager" in html
