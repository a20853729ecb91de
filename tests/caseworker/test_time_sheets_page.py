"""The caseworker's «Timelister»: a month of the kommune's placements with the home's confirmation, the dates, the
kilometres and the amounts; «Godkjenn» on a confirmed sheet; the payroll CSV of approved sheets only, its cells made
safe for spreadsheets. Another kommune's caseworker sees none of it and gets a 404 on every action."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements import timesheets as ts
from placements.models import ScheduleKind, TimeSheetStatus

from ..approval_helpers import add_rates
from ..placements.factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")
MARCH = date(2027, 3, 1)
PAGE = reverse("caseworker:time_sheets") + "?month=2027-03"


def at(day: date, hour: int = 12):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=OSLO), tick=False)


def confirmed_sheet(municipality, caseworker, *, name, km=0):
    """A besøkshjem the first weekend of each month from March 2027 (5–7 March), its March sheet confirmed by the
    home in April."""
    with at(date(2027, 2, 1)):
        add_rates(municipality)
        placement = place(make_need(municipality, caseworker), ApprovedHomeFactory(municipality=municipality, name=name), caseworker,
                          kind=ScheduleKind.FIRST_WEEKEND, start=MARCH)
    with at(date(2027, 4, 2), hour=9):
        sheet = ts.time_sheet_for(placement=placement, month=MARCH)
        return ts.time_sheet_confirm(time_sheet=sheet, held_entry_ids=[e.pk for e in sheet.entries.all()], kilometres=km,
                                     note="", confirmed_by_name="Kari Testesen")


def test_the_caseworker_approves_and_downloads_the_payroll(client, bergen, bergen_caseworker):
    hostile = confirmed_sheet(bergen, bergen_caseworker, name="=SUM(A1)", km=10)
    confirmed_sheet(bergen, bergen_caseworker, name="Familien Venter")  # confirmed, never approved
    with at(date(2027, 4, 10)):
        client.force_login(bergen_caseworker)
        page = client.get(PAGE).content.decode()
        assert "Familien Venter" in page and "Kari Testesen, 2. april 2027 09:00" in page and "Bekreftet av hjemmet" in page
        assert "kr 1\u00a0900,00" in page  # 2 døgn × 950,00, shown before approval
        response = client.post(PAGE, {"action": "approve", "time_sheet": hostile.pk})
        assert response.status_code == 302 and response["Location"] == PAGE
        csv = client.get(reverse("caseworker:payroll_csv") + "?month=2027-03&kommune=bergen")
        default_month = client.get(reverse("caseworker:time_sheets")).content.decode()
    hostile.refresh_from_db()
    assert hostile.status == TimeSheetStatus.APPROVED and hostile.approved_by == bergen_caseworker
    assert csv["Content-Type"].startswith("text/csv") and "lonnsgrunnlag-bergen-2027-03.csv" in csv["Content-Disposition"]
    body = csv.content.decode("utf-8-sig")
    lines = body.strip().split("\r\n")
    assert lines[0].startswith("Hjem;Tiltak;Måned;Avtaletype;Døgn;Timer;")
    # the formula is escaped; 2 døgn × 950,00 + 2 × 400,00 + 10 km × 4,50
    assert lines[1:] == [f"'=SUM(A1);T-{hostile.placement_id};2027-03;Oppdragsavtale;2;48,00;1900,00;800,00;10;45,00;2745,00"]
    assert "Familien Venter" not in body  # confirmed, not approved
    assert "Timelister for mars 2027" in default_month  # last month by default


def test_only_a_confirmed_sheet_is_approved_and_a_refusal_is_told(client, bergen, bergen_caseworker):
    sheet = confirmed_sheet(bergen, bergen_caseworker, name="Familien Godkjent")
    with at(date(2027, 4, 10)):
        client.force_login(bergen_caseworker)
        client.post(PAGE, {"action": "approve", "time_sheet": sheet.pk})
        again = client.post(PAGE, {"action": "approve", "time_sheet": sheet.pk}, follow=True)
        refused = client.post(PAGE, {"action": "reopen", "time_sheet": sheet.pk, "reason": ""})
    assert "Bare en timeliste som hjemmet har bekreftet, kan godkjennes." in again.content.decode()
    assert refused.status_code == 400
    sheet.refresh_from_db()
    assert sheet.status == TimeSheetStatus.APPROVED


def test_another_kommune_sees_none_of_the_sheets_and_gets_404_on_every_action(
    client, bergen, bergen_caseworker, lillestrom, lillestrom_caseworker,
):
    bergen_sheet = confirmed_sheet(bergen, bergen_caseworker, name="Familien Bergensk")
    confirmed_sheet(lillestrom, lillestrom_caseworker, name="Familien Lillestrømsk")
    with at(date(2027, 4, 10)):
        client.force_login(lillestrom_caseworker)
        page = client.get(PAGE).content.decode()
        approve = client.post(PAGE, {"action": "approve", "time_sheet": bergen_sheet.pk})
        reopen = client.post(PAGE, {"action": "reopen", "time_sheet": bergen_sheet.pk, "reason": "Feil"})
        bergen_csv = client.get(reverse("caseworker:payroll_csv") + "?month=2027-03&kommune=bergen")
        own_csv = client.get(reverse("caseworker:payroll_csv") + "?month=2027-03")
    assert "Familien Lillestrømsk" in page and "Familien Bergensk" not in page
    assert approve.status_code == 404 and reopen.status_code == 404 and bergen_csv.status_code == 404
    assert own_csv.status_code == 200 and "Familien Bergensk" not in own_csv.content.decode("utf-8-sig")
    bergen_sheet.refresh_from_db()
    assert bergen_sheet.status == TimeSheetStatus.CONFIRMED


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_at_2_and_at_6_rows(client, bergen, bergen_caseworker):
    def count() -> int:
        with at(date(2027, 4, 10)), CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    with at(date(2027, 4, 10)):
        client.force_login(bergen_caseworker)
    for n in range(2):
        confirmed_sheet(bergen, bergen_caseworker, name=f"Familien {n}")
    few = count()
    for n in range(2, 6):
        confirmed_sheet(bergen, bergen_caseworker, name=f"Familien {n}")
    assert count() == few
