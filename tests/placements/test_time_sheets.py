"""Time sheets: the month's sheet is pre-filled from the schedule; the home confirms (who and when), unticking dates
that did not happen; the caseworker approves; only approved sheets feed payroll, computed with the rates in force on
each date, in øre (døgn across the change to summer time, age bands, hourly pay rounded half up)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import APPLICANT
from placements import services
from placements import timesheets as ts
from placements.models import PlacementAction, RateTable, ScheduleKind, TimeSheetStatus

from ..approval_helpers import add_rates
from .factories import ApprovedHomeFactory, make_need, place, support_contact, wednesdays

OSLO = ZoneInfo("Europe/Oslo")
MARCH = date(2027, 3, 1)


def at(day: date, hour: int = 12):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=OSLO), tick=False)


def confirm(sheet, *, unticked=(), km=0, name="Kari Testesen", note=""):
    """The home confirms every date but those starting on the days in `unticked`."""
    held = [e.pk for e in sheet.entries.all() if e.starts_at.astimezone(OSLO).date() not in unticked]
    return ts.time_sheet_confirm(time_sheet=sheet, held_entry_ids=held, kilometres=km, note=note, confirmed_by_name=name)


def starts(sheet) -> list[datetime]:
    return [e.starts_at.astimezone(OSLO) for e in sheet.entries.order_by("starts_at")]


def the_line(municipality, month=MARCH):
    [line] = ts.payroll_lines(municipality=municipality, month=month)
    return line


@pytest.fixture
def march_weekends(bergen, bergen_caseworker):
    """A besøkshjem (oppdragsavtale by the kommune's setting) every other weekend from March 2027: 5–7 and 19–21
    March; a child born 1 January 2017 (10 years old all March)."""
    with at(date(2027, 2, 1)):
        add_rates(bergen)  # from 2026: 950,00 a døgn, expenses 400,00 (0–10) / 450,00 (over 10), 4,50 a km
        need = make_need(bergen, bergen_caseworker)
        home = ApprovedHomeFactory(municipality=bergen, name="Familien Satsskifte")
        return place(need, home, bergen_caseworker, kind=ScheduleKind.EVERY_OTHER_WEEKEND, start=MARCH)


def test_the_months_sheet_is_prefilled_from_the_schedule_once(march_weekends):
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        again = ts.time_sheet_for(placement=march_weekends, month=MARCH)
    assert again.pk == sheet.pk and sheet.status == TimeSheetStatus.OPEN
    assert starts(sheet) == [datetime(2027, 3, 5, 17, tzinfo=OSLO), datetime(2027, 3, 19, 17, tzinfo=OSLO)]
    assert all(e.planned and e.held for e in sheet.entries.all())


def test_an_open_sheet_follows_the_schedule_and_a_month_not_begun_has_none(march_weekends, bergen_caseworker):
    with at(date(2027, 3, 2)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        services.placement_cancel_date(placement=march_weekends, on=date(2027, 3, 19), reason="Syk", by=bergen_caseworker)
        ts.time_sheet_for(placement=march_weekends, month=MARCH)
        with pytest.raises(ValidationError) as refused:
            ts.time_sheet_for(placement=march_weekends, month=date(2027, 4, 1))
    assert starts(sheet) == [datetime(2027, 3, 5, 17, tzinfo=OSLO)]
    assert refused.value.code == "future_month"


def test_the_homes_confirmation_records_who_and_when_and_may_be_corrected_until_approved(march_weekends, bergen_caseworker):
    with at(date(2027, 3, 31)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        with pytest.raises(ValidationError) as early:
            confirm(sheet)
    assert early.value.code == "month_not_over"
    with at(date(2027, 4, 2), hour=9):
        confirm(sheet, km=80, name="  Kari   Testesen ", note="Kjørte til svømming")
    sheet.refresh_from_db()
    assert sheet.status == TimeSheetStatus.CONFIRMED and sheet.confirmed_by_name == "Kari Testesen"
    assert sheet.confirmed_at == datetime(2027, 4, 2, 9, tzinfo=OSLO) and sheet.kilometres == 80
    assert sheet.home_note == "Kjørte til svømming"
    entry = AuditEntry.objects.get(action=PlacementAction.TIME_SHEET_CONFIRMED)
    assert entry.actor_label == APPLICANT and entry.actor is None

    with at(date(2027, 4, 3)):
        confirm(sheet, km=95, name="Ola Testesen")  # corrected before approval
        ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
        with pytest.raises(ValidationError) as refused:
            confirm(sheet, km=500)
    sheet.refresh_from_db()
    assert refused.value.code == "approved"
    assert (sheet.status, sheet.kilometres, sheet.confirmed_by_name) == (TimeSheetStatus.APPROVED, 95, "Ola Testesen")
    assert sheet.approved_by == bergen_caseworker


def test_the_confirmation_is_refused_without_a_name_or_with_impossible_kilometres(march_weekends):
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        with pytest.raises(ValidationError) as refused:
            confirm(sheet, km=10_001, name=" ")
        with pytest.raises(ValidationError) as negative:
            confirm(sheet, km=-1)
    assert set(refused.value.message_dict) == {"kilometres", "confirmed_by_name"}
    assert "Skriv fullt navn" in refused.value.message_dict["confirmed_by_name"][0]
    assert set(negative.value.message_dict) == {"kilometres"}
    sheet.refresh_from_db()
    assert sheet.status == TimeSheetStatus.OPEN


def test_only_a_confirmed_sheet_can_be_approved_and_only_by_its_kommune(march_weekends, bergen_caseworker, lillestrom_caseworker):
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        with pytest.raises(ValidationError) as open_sheet:
            ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
        confirm(sheet)
        with pytest.raises(ValidationError) as other_kommune:
            ts.time_sheet_approve(time_sheet=sheet, by=lillestrom_caseworker)
    assert open_sheet.value.code == "not_confirmed" and other_kommune.value.code == "wrong_municipality"


def test_the_payroll_of_a_month_in_which_the_rates_change_uses_each_dates_rates(bergen, bergen_caseworker, march_weekends):
    need = march_weekends.need
    RateTable.objects.create(municipality=bergen, agreement_kind="assignment", legal_track=need.track, valid_from=date(2027, 3, 15),
                             fee_per_day_ore=100000, hourly_pay_ore=22000, expenses_0_10_ore=42000, expenses_over_10_ore=47000,
                             km_rate_ore=500)
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        confirm(sheet, km=120)
        ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    line = the_line(bergen)
    assert [e.rate.valid_from for e in line.entries] == [date(2026, 1, 1), date(2027, 3, 15)]
    assert [(e.days, e.pay_ore, e.expenses_ore) for e in line.entries] == [(2, 190000, 80000), (2, 200000, 84000)]
    assert (line.pay_ore, line.expenses_ore, line.km_ore, line.total_ore) == (390000, 164000, 60000, 614000)  # km at the new rate
    assert ts.payroll_csv_rows(municipality=bergen, month=MARCH) == [
        ["Familien Satsskifte", f"T-{march_weekends.pk}", "2027-03", "Oppdragsavtale", "4", "96,00", "3900,00", "1640,00", "120",
         "600,00", "6140,00"],
    ]


def test_a_date_the_home_unticks_is_not_paid(bergen, bergen_caseworker, march_weekends):
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        confirm(sheet, unticked={date(2027, 3, 19)})
        ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    assert [e.held for e in sheet.entries.order_by("starts_at")] == [True, False]
    line = the_line(bergen)
    assert (line.days, line.pay_ore, line.expenses_ore, line.total_ore) == (2, 190000, 80000, 270000)


def test_only_approved_sheets_feed_payroll_and_a_reopened_one_leaves_it(bergen, bergen_caseworker, march_weekends):
    with at(date(2027, 2, 1)):
        other = place(make_need(bergen, bergen_caseworker), ApprovedHomeFactory(municipality=bergen, name="Familien Bekreftet"),
                      bergen_caseworker, kind=ScheduleKind.EVERY_OTHER_WEEKEND, start=MARCH)
    with at(date(2027, 4, 2)):
        approved = ts.time_sheet_for(placement=march_weekends, month=MARCH)
        confirm(approved)
        ts.time_sheet_approve(time_sheet=approved, by=bergen_caseworker)
        confirm(ts.time_sheet_for(placement=other, month=MARCH))  # confirmed by the home, not approved
    assert [row[0] for row in ts.payroll_csv_rows(municipality=bergen, month=MARCH)] == ["Familien Satsskifte"]

    with at(date(2027, 4, 3)), pytest.raises(ValidationError):
        ts.time_sheet_reopen(time_sheet=approved, by=bergen_caseworker, reason=" ")
    with at(date(2027, 4, 3)):
        ts.time_sheet_reopen(time_sheet=approved, by=bergen_caseworker, reason="Feil antall kilometer")
    approved.refresh_from_db()
    assert approved.status == TimeSheetStatus.CONFIRMED and approved.approved_at is None
    assert ts.payroll_lines(municipality=bergen, month=MARCH) == []


def test_a_weekend_across_the_change_to_summer_time_is_two_dogn(bergen, bergen_caseworker):
    """Friday 26 March 17:00 to Sunday 28 March 17:00, 2027: 47 hours pass. Still 2 døgn; an arbeidsavtale pays the
    47 hours that really passed."""
    with at(date(2027, 2, 1)):
        add_rates(bergen)
        visiting = place(make_need(bergen, bergen_caseworker), ApprovedHomeFactory(municipality=bergen, name="Familien Besøk"),
                         bergen_caseworker, kind=ScheduleKind.FOURTH_WEEKEND, start=MARCH)
        respite_need = make_need(bergen, bergen_caseworker, service_type="respite_home", scope_unit="day", scope_amount=2)
        respite = place(respite_need, ApprovedHomeFactory(municipality=bergen, name="Familien Avlastning", home_types=["respite"]),
                        bergen_caseworker, kind=ScheduleKind.FOURTH_WEEKEND, start=MARCH)
    with at(date(2027, 4, 2)):
        for placement in (visiting, respite):
            sheet = ts.time_sheet_for(placement=placement, month=MARCH)
            assert starts(sheet) == [datetime(2027, 3, 26, 17, tzinfo=OSLO)]
            confirm(sheet)
            ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    respite_line, visiting_line = ts.payroll_lines(municipality=bergen, month=MARCH)  # by home name: Avlastning, Besøk
    assert visiting_line.home.name == "Familien Besøk" and visiting_line.agreement_kind == "assignment"
    assert (visiting_line.days, visiting_line.minutes, visiting_line.pay_ore, visiting_line.expenses_ore) == (2, 47 * 60, 190000, 80000)
    assert respite_line.agreement_kind == "employment"  # the kommune's setting for an avlastningshjem
    assert (respite_line.days, respite_line.hours, respite_line.pay_ore, respite_line.expenses_ore) == (2, "47,00", 23550 * 47, 80000)


def test_expenses_follow_the_childs_age_on_each_date(bergen, bergen_caseworker):
    """Born 10 March 2016: 10 years old on 5 March 2027 (0–10 år), 11 on 19 March (over 10)."""
    with at(date(2027, 2, 1)):
        add_rates(bergen)
        need = make_need(bergen, bergen_caseworker, born=date(2016, 3, 10))
        placement = place(need, ApprovedHomeFactory(municipality=bergen), bergen_caseworker, kind=ScheduleKind.EVERY_OTHER_WEEKEND,
                          start=MARCH)
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=placement, month=MARCH)
        confirm(sheet)
        ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    assert [e.expenses_ore for e in the_line(bergen).entries] == [2 * 40000, 2 * 45000]


def test_a_sibling_group_gets_expenses_for_each_child_and_one_fee(bergen, bergen_caseworker):
    with at(date(2027, 2, 1)):
        add_rates(bergen)
        younger, older = make_need(bergen, bergen_caseworker), make_need(bergen, bergen_caseworker, born=date(2014, 1, 1))
        services.needs_group_siblings(needs=[younger, older], by=bergen_caseworker)
        younger.refresh_from_db()
        home = ApprovedHomeFactory(municipality=bergen, sibling_pair=True, capacity=2, age_min=6, age_max=14)
        placement = place(younger, home, bergen_caseworker, kind=ScheduleKind.FIRST_WEEKEND, start=MARCH)
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=placement, month=MARCH)
        confirm(sheet)
        ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    line = the_line(bergen)
    assert placement.children == 2 and (line.days, line.pay_ore, line.expenses_ore) == (2, 190000, 2 * 40000 + 2 * 45000)


def test_a_stottekontakt_is_paid_by_the_hour(bergen, bergen_caseworker):
    with at(date(2027, 2, 1)):
        add_rates(bergen)  # oppdragsavtale: 210,00 an hour
        need = make_need(bergen, bergen_caseworker, service_type="support_contact", scope_unit="hour", scope_amount=4)
        placement = wednesdays(need, support_contact(bergen, name="Støttekontakt Timesen"), bergen_caseworker, start=MARCH)
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=placement, month=MARCH)
        confirm(sheet, km=10)
        ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    [row] = ts.payroll_csv_rows(municipality=bergen, month=MARCH)
    # five Wednesdays (3, 10, 17, 24, 31 March) of 4 hours: 20 × 210,00; 10 km × 4,50
    assert row == ["Støttekontakt Timesen", f"T-{placement.pk}", "2027-03", "Oppdragsavtale", "0", "20,00", "4200,00", "0,00", "10",
                   "45,00", "4245,00"]


def test_approval_is_refused_while_the_kommune_has_no_rates(bergen, bergen_caseworker):
    with at(date(2027, 2, 1)):
        placement = place(make_need(bergen, bergen_caseworker), ApprovedHomeFactory(municipality=bergen), bergen_caseworker, start=MARCH)
    with at(date(2027, 4, 2)):
        sheet = ts.time_sheet_for(placement=placement, month=MARCH)
        confirm(sheet)
        with pytest.raises(ValidationError) as refused:
            ts.time_sheet_approve(time_sheet=sheet, by=bergen_caseworker)
    assert refused.value.code == "no_rates" and "Legg inn satser først" in refused.value.messages[0]
    sheet.refresh_from_db()
    assert sheet.status == TimeSheetStatus.CONFIRMED


@pytest.mark.parametrize(("hours", "days"), [(4, 1), (35, 1), (36, 2), (47, 2), (48, 2), (49, 2), (60, 3)])
def test_dogn_are_whole_24_hours_rounded_half_up_at_least_one(hours, days):
    assert ts.stay_days(hours * 60) == days


def test_money_is_rounded_half_up_in_whole_ore_and_written_with_a_decimal_comma():
    assert ts.pay_for_minutes(hourly_ore=21001, minutes=80) == 28001  # 28001,33…
    assert ts.pay_for_minutes(hourly_ore=3, minutes=30) == 2  # 1,5 øre: half up
    assert ts.pay_for_minutes(hourly_ore=23550, minutes=47 * 60) == 1106850
    assert ts.kroner(123450) == "1234,50" and ts.kroner(5) == "0,05" and ts.kroner(0) == "0,00"
    assert ts.hours_display(20) == "0,33" and ts.hours_display(50) == "0,83" and ts.hours_display(2820) == "47,00"
