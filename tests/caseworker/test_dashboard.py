"""The caseworker's workspace in the admin: my cases with next step, overdue steps, counts; scoped to my kommune."""

import re
from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.intake import services
from applications.respite import services as respite_services

from .. import approval_helpers as h
from ..factories import DecisionFactory, MeetingFactory, RespiteApplicationFactory, VolunteerApplicationFactory
from ..respite_helpers import at
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


def test_dashboard_tells_each_respite_deadline_with_its_date_and_days(client, bergen, bergen_caseworker):
    """On 9 March 2026: one case past the month with no foreløpig svar, one past the date its foreløpig svar promised,
    one whose month ends tomorrow, one with time to spare; a late appeal awaiting the decision whether to consider it and
    an appeal on time waiting to be answered."""
    with at(date(2026, 1, 5)):
        appealed_late = submit_respite(RespiteApplicationFactory(municipality=bergen))
        late_decision = DecisionFactory(application=appealed_late, decided_by=bergen_caseworker, rejected=True)  # deadline 2. februar 2026
    with at(date(2026, 1, 31)):
        overdue = submit_respite(RespiteApplicationFactory(municipality=bergen))  # deadline 28. februar 2026
        promised = submit_respite(RespiteApplicationFactory(municipality=bergen))
    with at(date(2026, 2, 5)):
        respite_services.appeal_lodge(decision=late_decision, text="Vi klager for sent.")
    with at(date(2026, 2, 10)):
        soon = submit_respite(RespiteApplicationFactory(municipality=bergen))  # deadline 10. mars 2026
        respite_services.interim_reply_send(application=promised, reason="Venter på skolen", expected_decision_date=date(2026, 3, 6),
                                            by=bergen_caseworker)
    with at(date(2026, 2, 20)):
        calm = submit_respite(RespiteApplicationFactory(municipality=bergen))  # deadline 20. mars 2026
    with at(date(2026, 3, 2)):
        appealed = submit_respite(RespiteApplicationFactory(municipality=bergen))
        decision = DecisionFactory(application=appealed, decided_by=bergen_caseworker, rejected=True)
    with at(date(2026, 3, 4)):
        respite_services.appeal_lodge(decision=decision, text="Vi klager i tide.")

    client.force_login(bergen_caseworker)
    with at(date(2026, 3, 9)):
        html = " ".join(client.get(reverse("caseworker:dashboard")).content.decode().split())

    assert f"{overdue.reference}</a>: verken vedtak eller foreløpig svar innen fristen 28. februar 2026 – <strong>9 dager over fristen</strong>" in html
    assert f"{promised.reference}</a>: søkeren ble lovet vedtak innen 6. mars 2026 – <strong>3 dager over fristen</strong>" in html
    assert f"{soon.reference}</a>: frist for vedtak 10. mars 2026 – 1 dag igjen" in html
    assert "1 sak er over én måned uten vedtak eller foreløpig svar." in html
    assert "1 sak har passert datoen søkeren ble lovet vedtak innen." in html
    assert "Ingen forfalte steg" not in html
    for application, cells in (
        (overdue, "<td>28. februar 2026</td><td>–</td> <td>9 dager over fristen</td> <td><strong>Send foreløpig svar</strong></td>"),
        (promised, "<td>28. februar 2026</td><td>6. mars 2026</td> <td>3 dager over fristen</td> <td><strong>Lovet dato passert: send nytt foreløpig svar</strong></td>"),
        (soon, "<td>10. mars 2026</td><td>–</td> <td>1 dag igjen</td> <td>Fristen nærmer seg</td>"),
        (calm, "<td>20. mars 2026</td><td>–</td> <td>11 dager igjen</td> <td>–</td>"),
    ):
        assert f"{application.reference}</a></td><td>Mottatt</td> {cells}" in html, application.reference
    assert (f"{appealed_late.reference}</a>: klage mottatt 5. februar 2026, etter klagefristen 2. februar 2026 – <strong>venter 32 dager</strong>. "
            "Avgjør om klagen skal behandles (forvaltningsloven § 31).") in html
    assert f"{appealed.reference}</a>: klage mottatt 4. mars 2026 – venter 5 dager." in html
    assert not re.search(r"[-−]\d+ dag", html) and "Dager igjen" not in html


def test_dashboard_says_when_nothing_waits(client, bergen, bergen_caseworker):
    client.force_login(bergen_caseworker)
    html = client.get(reverse("caseworker:dashboard")).content.decode()
    assert "Ingen forfalte steg." in html and "Ingen klager venter." in html and "Ingen åpne saker om avlastning." in html


def test_each_list_shows_the_most_pressing_rows_and_counts_the_rest(client, bergen, bergen_caseworker):
    now = timezone.now()
    for n in range(30):
        VolunteerApplicationFactory(municipality=bergen, status="submitted", submitted_at=now - timedelta(days=60 - n),
                                    reference=f"BGO-2026-{n + 1:05d}")
    client.force_login(bergen_caseworker)
    page = client.get(reverse("caseworker:dashboard")).content.decode()
    unassigned = page.split("Saker uten saksbehandler")[1]
    assert "BGO-2026-00001" in unassigned and "BGO-2026-00025" in unassigned and "BGO-2026-00026" not in unassigned
    assert "viser de 25 første av 30." in unassigned


def test_the_kommune_admin_finds_the_innsyn_page_from_the_dashboard(client, bergen, bergen_caseworker):
    from besokshjem.tenancy.models import Role

    from ..factories import make_caseworker

    admin_user = make_caseworker(bergen, email="admin@bergen.example.no", role=Role.ADMIN)
    client.force_login(bergen_caseworker)
    assert reverse("caseworker:innsyn") not in client.get(reverse("caseworker:dashboard")).content.decode()
    client.force_login(admin_user)
    assert reverse("caseworker:innsyn") in client.get(reverse("caseworker:dashboard")).content.decode()
