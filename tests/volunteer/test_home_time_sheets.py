"""An approved home confirms each month's time sheet on its status page: the dates pre-ticked from the schedule, the
kilometres, a note and the full name of the one who confirms. Nothing typed is lost on an error; another home's sheet,
or one the kommune has approved, is a 404."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token
from placements import timesheets as ts
from placements.models import ScheduleKind, TimeSheet, TimeSheetStatus

from ..approval_helpers import add_rates
from ..placements.factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def at(day: date, hour: int = 12):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=OSLO), tick=False)


def approved(home, number: int):
    """The home's application as approval leaves it: submitted, with its reference, approved."""
    application = home.application
    application.status, application.reference, application.submitted_at = "approved", f"BGO-2026-{number:05d}", home.approved_at
    application.save(update_fields=["status", "reference", "submitted_at"])
    return home


def token(home) -> str:
    return case_token(home.application, purpose=STATUS)


def form_of(page: str, sheet) -> str:
    """The HTML of one sheet's form on the page."""
    start = page.index(f'id="timeliste-{sheet.pk}"')
    return page[start:page.index("</form>", start)]


def ticks(form: str) -> dict[int, bool]:
    """{entry pk: ticked} of the form's «Gjennomført» checkboxes."""
    return {int(m.group(1)): " checked" in m.group(0) for m in re.finditer(r'<input type="checkbox"[^>]*value="(\d+)"[^>]*>', form)}


def placed_home(bergen, caseworker, number: int):
    """A besøkshjem every other weekend from 1 January 2027 (1–3, 15–17, 29–31 January, …)."""
    with at(date(2026, 12, 1)):
        add_rates(bergen)
        home = approved(ApprovedHomeFactory(municipality=bergen), number)
        return place(make_need(bergen, caseworker), home, caseworker, kind=ScheduleKind.EVERY_OTHER_WEEKEND, start=date(2027, 1, 1))


def test_the_home_confirms_a_month_unticking_a_date_and_nothing_typed_is_lost(client, bergen, bergen_caseworker):
    placement = placed_home(bergen, bergen_caseworker, 7101)
    home = placement.home
    with at(date(2027, 4, 10)):
        page = client.get(reverse("applications:status", args=[token(home)])).content.decode()
    sheets = {s.month: s for s in TimeSheet.objects.filter(placement=placement)}
    assert set(sheets) == {date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)}  # the last three months, made when shown
    march = sheets[date(2027, 3, 1)]
    assert f"Tiltak T-{placement.pk}: mars 2027" in page and "Bekreft timelisten" in page
    assert "fredag 12. mars 2027 kl. 17:00 – søndag 14. mars kl. 17:00" in page
    first, second = march.entries.order_by("starts_at")
    assert ticks(form_of(page, march)) == {first.pk: True, second.pk: True}  # pre-ticked from the schedule
    url = reverse("applications:confirm_time_sheet", args=[token(home), march.pk])

    with at(date(2027, 4, 10)):
        refused = client.post(url, {"held": [second.pk], "kilometres": "-5", "home_note": "Kjørte til svømming", "confirmed_by_name": ""})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Kilometer kan ikke være under 0." in body and "Skriv fullt navn på den som bekrefter timelisten." in body
    assert "Kjørte til svømming" in body and 'value="-5"' in body
    assert ticks(form_of(body, march)) == {first.pk: False, second.pk: True}

    with at(date(2027, 4, 10), hour=18):
        response = client.post(url, {"held": [second.pk], "kilometres": "42", "home_note": "Kjørte til svømming",
                                     "confirmed_by_name": "Kari Testesen"})
    assert response.status_code == 302 and response["Location"].endswith("#oppdrag")
    march.refresh_from_db()
    first.refresh_from_db()
    assert march.status == TimeSheetStatus.CONFIRMED and march.confirmed_by_name == "Kari Testesen"
    assert march.confirmed_at == datetime(2027, 4, 10, 18, tzinfo=OSLO) and march.kilometres == 42 and not first.held

    with at(date(2027, 4, 11)):
        ts.time_sheet_approve(time_sheet=march, by=bergen_caseworker)
        after = client.post(url, {"held": [first.pk, second.pk], "kilometres": "42", "confirmed_by_name": "Kari Testesen"})
        page = client.get(reverse("applications:status", args=[token(home)])).content.decode()
    assert after.status_code == 404  # approved: nothing left to confirm
    assert f"Tiltak T-{placement.pk}: mars 2027" not in page and f"Tiltak T-{placement.pk}: februar 2027" in page


def test_a_home_cannot_confirm_another_homes_sheet(client, bergen, bergen_caseworker):
    placement = placed_home(bergen, bergen_caseworker, 7102)
    other = placed_home(bergen, bergen_caseworker, 7103).home
    with at(date(2027, 4, 10)):
        sheet = ts.time_sheet_for(placement=placement, month=date(2027, 3, 1))
        response = client.post(reverse("applications:confirm_time_sheet", args=[token(other), sheet.pk]),
                               {"held": [e.pk for e in sheet.entries.all()], "kilometres": "0", "confirmed_by_name": "Ola Annen"})
    assert response.status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == TimeSheetStatus.OPEN
