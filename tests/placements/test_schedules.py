"""A placement's dates follow its rule in Oslo wall time: the right weekends month by month, 17:00 on both sides of
the change to and from summer time, public holidays skipped when asked, cancelled dates left out, extra dates added."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from placements import services
from placements.models import ScheduleKind
from placements.selectors import placement_dates
from placements.services import placement_add_date, placement_cancel_date

from .factories import ApprovedHomeFactory, make_need, place, wednesdays

OSLO = ZoneInfo("Europe/Oslo")
WINTER, SUMMER = timedelta(hours=1), timedelta(hours=2)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def home(bergen):
    return ApprovedHomeFactory(municipality=bergen, capacity=5)


def placed(bergen, caseworker, home, kind, *, start=date(2027, 1, 1), year=2027, **fields):
    need = make_need(bergen, caseworker, period_from=date(year, 1, 1), period_to=date(year, 12, 31))
    return place(need, home, caseworker, kind=kind, start=start, **fields)


def starts(occurrences):
    return [(o.starts_at.astimezone(OSLO).strftime("%a %d.%m %H:%M"), o.ends_at.astimezone(OSLO).strftime("%a %d.%m %H:%M"))
            for o in occurrences]


@pytest.mark.parametrize("kind, expected", [
    (ScheduleKind.FIRST_WEEKEND, [("Fri 05.02 17:00", "Sun 07.02 17:00"), ("Fri 05.03 17:00", "Sun 07.03 17:00")]),
    (ScheduleKind.SECOND_WEEKEND, [("Fri 12.02 17:00", "Sun 14.02 17:00"), ("Fri 12.03 17:00", "Sun 14.03 17:00")]),
    (ScheduleKind.THIRD_WEEKEND, [("Fri 19.02 17:00", "Sun 21.02 17:00"), ("Fri 19.03 17:00", "Sun 21.03 17:00")]),
    (ScheduleKind.FOURTH_WEEKEND, [("Fri 26.02 17:00", "Sun 28.02 17:00"), ("Fri 26.03 17:00", "Sun 28.03 17:00")]),
])
def test_the_nth_weekend_is_the_one_with_the_months_nth_saturday(bergen, bergen_caseworker, home, kind, expected):
    placement = placed(bergen, bergen_caseworker, home, kind)
    assert starts(placement_dates(placement, date(2027, 2, 1), date(2027, 3, 31))) == expected
    assert placement.schedule_rule == f"FREQ=MONTHLY;BYDAY={['1', '2', '3', '4'][list(ScheduleKind).index(kind)]}SA"


def test_a_first_weekend_whose_saturday_is_the_1st_starts_on_the_last_day_of_the_month_before(bergen, bergen_caseworker, home):
    placement = placed(bergen, bergen_caseworker, home, ScheduleKind.FIRST_WEEKEND)
    # April 2027: Saturday the 3rd; May 2027: Saturday the 1st, so its weekend starts Friday 30 April.
    assert starts(placement_dates(placement, date(2027, 4, 1), date(2027, 5, 31))) == [
        ("Fri 02.04 17:00", "Sun 04.04 17:00"), ("Fri 30.04 17:00", "Sun 02.05 17:00")]


def test_every_other_weekend_counts_from_the_first_weekend_after_the_start(bergen, bergen_caseworker, home):
    placement = placed(bergen, bergen_caseworker, home, ScheduleKind.EVERY_OTHER_WEEKEND, start=date(2027, 1, 3))  # a Sunday
    assert placement.schedule_rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
    assert starts(placement_dates(placement, date(2027, 1, 1), date(2027, 2, 10))) == [
        ("Fri 08.01 17:00", "Sun 10.01 17:00"), ("Fri 22.01 17:00", "Sun 24.01 17:00"), ("Fri 05.02 17:00", "Sun 07.02 17:00")]


def test_weekly_on_a_weekday_with_hours(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    placement = wednesdays(need, home, bergen_caseworker)
    assert placement.schedule_rule == "FREQ=WEEKLY;BYDAY=WE"
    assert starts(placement_dates(placement, date(2027, 1, 1), date(2027, 1, 31))) == [
        (f"Wed {d:02d}.01 15:00", f"Wed {d:02d}.01 19:00") for d in (6, 13, 20, 27)]


def test_a_weekend_across_the_change_to_summer_time_is_17_to_17_on_the_wall_clock(bergen, bergen_caseworker, home):
    """Sunday 28 March 2027 at 02:00 the clocks go forward: the weekend is 47 hours long, 17:00 to 17:00."""
    placement = placed(bergen, bergen_caseworker, home, ScheduleKind.FOURTH_WEEKEND)
    [weekend] = placement_dates(placement, date(2027, 3, 26), date(2027, 3, 26))
    assert weekend.starts_at == datetime(2027, 3, 26, 17, tzinfo=OSLO) and weekend.starts_at.utcoffset() == WINTER
    assert weekend.ends_at == datetime(2027, 3, 28, 17, tzinfo=OSLO) and weekend.ends_at.utcoffset() == SUMMER
    assert weekend.length == timedelta(hours=47) and weekend.ends_at - weekend.starts_at == timedelta(hours=48)  # wall clock
    assert weekend.starts_at.astimezone(ZoneInfo("UTC")).hour == 16 and weekend.ends_at.astimezone(ZoneInfo("UTC")).hour == 15


def test_a_weekend_across_the_change_from_summer_time_is_17_to_17_on_the_wall_clock(bergen, bergen_caseworker, home):
    """Sunday 31 October 2027 at 03:00 the clocks go back: the weekend is 49 hours long, 17:00 to 17:00."""
    placement = placed(bergen, bergen_caseworker, home, ScheduleKind.EVERY_OTHER_WEEKEND, start=date(2027, 10, 29))
    [weekend, next_one] = placement_dates(placement, date(2027, 10, 29), date(2027, 11, 12))
    assert weekend.starts_at.utcoffset() == SUMMER and weekend.ends_at.utcoffset() == WINTER
    assert (weekend.starts_at.hour, weekend.ends_at.hour, weekend.ends_at.date()) == (17, 17, date(2027, 10, 31))
    assert weekend.length == timedelta(hours=49)
    assert next_one.starts_at == datetime(2027, 11, 12, 17, tzinfo=OSLO) and next_one.starts_at.utcoffset() == WINTER


@pytest.mark.parametrize("year, holiday", [(2028, date(2028, 5, 17)), (2030, date(2030, 5, 1))])
def test_a_wednesday_on_a_public_holiday_is_skipped_when_asked(bergen, bergen_caseworker, home, year, holiday):
    need = make_need(bergen, bergen_caseworker, period_from=date(year, 1, 1), period_to=date(year, 12, 31))
    skipping = wednesdays(need, home, bergen_caseworker, start=date(year, 1, 1), skip_public_holidays=True)
    skipped = [o.starts_at.date() for o in placement_dates(skipping, date(year, 4, 25), date(year, 5, 31))]

    services.placement_end(placement=skipping, on=date(year, 1, 1), reason="Feil ordning", by=bergen_caseworker)
    keeping = wednesdays(need, home, bergen_caseworker, start=date(year, 1, 1))
    kept = [o.starts_at.date() for o in placement_dates(keeping, date(year, 4, 25), date(year, 5, 31))]
    assert holiday.weekday() == 2 and holiday in kept
    assert skipped == [day for day in kept if day != holiday]


def test_a_weekend_touching_a_public_holiday_on_any_of_its_days_is_skipped_when_asked(bergen, bergen_caseworker, home):
    # The fourth weekend of March 2027 runs from Good Friday to Easter Sunday.
    placement = placed(bergen, bergen_caseworker, home, ScheduleKind.FOURTH_WEEKEND, skip_public_holidays=True)
    assert [o.starts_at.date() for o in placement_dates(placement, date(2027, 2, 1), date(2027, 4, 30))] == [
        date(2027, 2, 26), date(2027, 4, 23)]


def test_a_cancelled_date_is_left_out_and_an_extra_date_added(bergen, bergen_caseworker, home):
    placement = wednesdays(make_need(bergen, bergen_caseworker), home, bergen_caseworker)

    placement_cancel_date(placement=placement, on=date(2027, 1, 13), reason="Syk", by=bergen_caseworker)
    extra = (datetime(2027, 1, 16, 10, tzinfo=OSLO), datetime(2027, 1, 16, 14, tzinfo=OSLO))
    placement_add_date(placement=placement, starts_at=extra[0], ends_at=extra[1], reason="Bytte", by=bergen_caseworker)

    dates = placement_dates(placement, date(2027, 1, 1), date(2027, 1, 31))
    assert starts(dates) == [("Wed 06.01 15:00", "Wed 06.01 19:00"), ("Sat 16.01 10:00", "Sat 16.01 14:00"),
                             ("Wed 20.01 15:00", "Wed 20.01 19:00"), ("Wed 27.01 15:00", "Wed 27.01 19:00")]
    assert [o.extra for o in dates] == [False, True, False, False]


def test_only_a_date_of_the_rule_that_has_not_begun_can_be_cancelled(bergen, bergen_caseworker, home):
    placement = wednesdays(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
    with pytest.raises(ValidationError) as refused:
        placement_cancel_date(placement=placement, on=date(2027, 1, 14), by=bergen_caseworker)  # a Thursday
    assert refused.value.message_dict == {"on": ["Tiltaket har ingen fast dato som begynner denne dagen."]}
    with time_machine.travel(datetime(2027, 1, 6, 15, 30, tzinfo=OSLO), tick=False), pytest.raises(ValidationError) as refused:
        placement_cancel_date(placement=placement, on=date(2027, 1, 6), by=bergen_caseworker)
    assert refused.value.message_dict == {"on": ["En dato som har begynt, kan ikke avlyses."]}


def test_an_extra_date_lies_within_the_placement_and_ends_after_it_starts(bergen, bergen_caseworker, home):
    placement = wednesdays(make_need(bergen, bergen_caseworker), home, bergen_caseworker, planned_end=date(2027, 6, 30))
    at = datetime(2027, 7, 3, 10, tzinfo=OSLO)
    with pytest.raises(ValidationError, match="innenfor tiltakets periode"):
        placement_add_date(placement=placement, starts_at=at, ends_at=at + timedelta(hours=2), by=bergen_caseworker)
    at = datetime(2027, 3, 3, 10, tzinfo=OSLO)
    with pytest.raises(ValidationError, match="Slutt må være etter start"):
        placement_add_date(placement=placement, starts_at=at, ends_at=at, by=bergen_caseworker)


def test_weekly_needs_a_weekday_and_an_end_after_the_start(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    with pytest.raises(ValidationError) as refused:
        place(need, home, bergen_caseworker, kind=ScheduleKind.WEEKLY, weekday=2, starts_at_time=time(19), ends_at_time=time(15))
    assert refused.value.message_dict == {"ends_at_time": ["Oppgi når det begynner og slutter, slutt etter start samme dag."]}
    with pytest.raises(ValidationError, match="Velg ukedag"):
        place(need, home, bergen_caseworker, kind=ScheduleKind.WEEKLY, starts_at_time=time(15), ends_at_time=time(19))
