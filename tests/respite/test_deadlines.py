"""The deadlines of a parent's case, one function each: the decision deadline (one calendar month from the Oslo date
of receipt), when a foreløpig svar is due, and the appeal deadline (weeks from the day the vedtak reached the parent,
moved off a Saturday, Sunday or public holiday to the next working day, domstolloven §§ 148–149).

The expected dates are worked out by hand from the calendar (Easter 2026 is 5 April, 2027 is 28 March; Ascension is
39 days and Whit Monday 50 days after Easter Sunday), not read from the holidays package.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from applications.respite import deadlines
from besokshjem.core.calendar import deadline_on_working_day, is_working_day


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_one_month_decision_deadline_across_month_ends(received, deadline):
    assert deadlines.decision_deadline(received) == deadline


def test_deadline_uses_the_oslo_date_of_receipt():
    # 23:30 UTC on 31 January is already 1 February in Oslo.
    moment = timezone.make_aware(datetime(2026, 1, 31, 23, 30), timezone=timezone.get_fixed_timezone(0))
    assert deadlines.decision_deadline(moment) == date(2026, 3, 1)


# --- working days (domstolloven § 149 første ledd) --------------------------------------------------------------------

WORKING_DAYS = [
    # (day, what it is, working day?, the deadline's last day when it ends on it)
    (date(2026, 3, 7), "Saturday", False, date(2026, 3, 9)),
    (date(2026, 3, 8), "Sunday", False, date(2026, 3, 9)),
    (date(2026, 3, 11), "an ordinary Wednesday", True, date(2026, 3, 11)),
    (date(2026, 3, 13), "an ordinary Friday", True, date(2026, 3, 13)),
    (date(2026, 5, 1), "1 May, a Friday", False, date(2026, 5, 4)),
    (date(2027, 5, 1), "1 May, a Saturday", False, date(2027, 5, 3)),
    (date(2026, 5, 17), "17 May, a Sunday", False, date(2026, 5, 18)),
    (date(2027, 5, 17), "17 May and Whit Monday, a Monday", False, date(2027, 5, 18)),
    (date(2026, 4, 2), "Maundy Thursday", False, date(2026, 4, 7)),
    (date(2026, 4, 3), "Good Friday", False, date(2026, 4, 7)),
    (date(2026, 4, 4), "Easter Saturday", False, date(2026, 4, 7)),
    (date(2026, 4, 6), "Easter Monday", False, date(2026, 4, 7)),
    (date(2026, 4, 7), "the Tuesday after Easter", True, date(2026, 4, 7)),
    (date(2027, 3, 25), "Maundy Thursday 2027", False, date(2027, 3, 30)),
    (date(2026, 5, 14), "Ascension Day", False, date(2026, 5, 15)),
    (date(2027, 5, 6), "Ascension Day 2027", False, date(2027, 5, 7)),
    (date(2026, 5, 25), "Whit Monday", False, date(2026, 5, 26)),
    (date(2026, 12, 24), "Christmas Eve, a Thursday (not a public holiday)", True, date(2026, 12, 24)),
    (date(2026, 12, 25), "Christmas Day, a Friday", False, date(2026, 12, 28)),
    (date(2026, 12, 26), "Boxing Day (2. juledag), a Saturday", False, date(2026, 12, 28)),
    (date(2027, 12, 25), "Christmas Day, a Saturday", False, date(2027, 12, 27)),
    (date(2026, 12, 31), "New Year's Eve, a Thursday (not a public holiday)", True, date(2026, 12, 31)),
    (date(2027, 1, 1), "New Year's Day, a Friday", False, date(2027, 1, 4)),
]


@pytest.mark.parametrize(("day", "what", "working", "moved_to"), WORKING_DAYS, ids=[w[1] for w in WORKING_DAYS])
def test_a_deadline_ending_on_a_weekend_or_public_holiday_moves_to_the_next_working_day(day, what, working, moved_to):
    assert is_working_day(day) is working
    assert deadline_on_working_day(day) == moved_to


# --- the appeal deadline: weeks from when the vedtak reached the parent (domstolloven § 148 annet ledd) ------------------

APPEAL_DEADLINES = [
    # (reached the parent, weeks, last day to appeal, why)
    (date(2026, 2, 4), 4, date(2026, 3, 4), "an ordinary Wednesday four weeks on"),
    (date(2026, 2, 7), 4, date(2026, 3, 9), "ends on a Saturday"),
    (date(2026, 2, 8), 3, date(2026, 3, 2), "ends on a Sunday"),
    (date(2026, 3, 5), 4, date(2026, 4, 7), "ends on Maundy Thursday: past Easter"),
    (date(2026, 3, 9), 4, date(2026, 4, 7), "ends on Easter Monday"),
    (date(2026, 4, 10), 3, date(2026, 5, 4), "ends on 1 May, a Friday"),
    (date(2026, 4, 19), 4, date(2026, 5, 18), "ends on 17 May, a Sunday"),
    (date(2027, 4, 19), 4, date(2027, 5, 18), "ends on 17 May 2027, also Whit Monday"),
    (date(2026, 4, 16), 4, date(2026, 5, 15), "ends on Ascension Day"),
    (date(2026, 4, 27), 4, date(2026, 5, 26), "ends on Whit Monday"),
    (date(2026, 11, 27), 4, date(2026, 12, 28), "ends on Christmas Day"),
    (date(2026, 11, 28), 4, date(2026, 12, 28), "ends on Boxing Day, a Saturday"),
    (date(2026, 12, 4), 4, date(2027, 1, 4), "ends on New Year's Day"),
    (date(2026, 12, 11), 3, date(2027, 1, 4), "three weeks, ends on New Year's Day"),
    (date(2026, 11, 25), 4, date(2026, 12, 23), "ends on a Wednesday before Christmas: not moved"),
]


@pytest.mark.parametrize(("notified", "weeks", "deadline", "why"), APPEAL_DEADLINES, ids=[a[3] for a in APPEAL_DEADLINES])
def test_appeal_deadline_counts_weeks_from_notification_to_a_working_day(notified, weeks, deadline, why):
    assert deadlines.appeal_deadline(notified, weeks) == deadline


def test_appeal_deadline_counts_from_the_oslo_date_of_notification():
    # 23:30 UTC on Friday 27 November 2026 is already Saturday 28 November in Oslo: four weeks on is Boxing Day.
    moment = timezone.make_aware(datetime(2026, 11, 27, 23, 30), timezone=timezone.get_fixed_timezone(0))
    assert deadlines.appeal_deadline(moment, 4) == date(2026, 12, 28)


def test_refusing_a_late_appeal_can_be_appealed_within_three_weeks():
    assert deadlines.dismissal_appeal_deadline(date(2026, 12, 11)) == date(2027, 1, 4)


def test_an_appeal_is_late_only_after_the_last_day_and_never_before_the_vedtak_reached_the_parent():
    assert not deadlines.appeal_is_late(deadline=date(2026, 12, 28), lodged=date(2026, 12, 28))
    assert deadlines.appeal_is_late(deadline=date(2026, 12, 28), lodged=date(2026, 12, 29))
    assert not deadlines.appeal_is_late(deadline=None, lodged=date(2027, 6, 1))


# --- the foreløpig svar (forvaltningsloven § 11 a) ---------------------------------------------------------------------

INTERIM_DUE = [
    # (promised date of the latest foreløpig svar, today, due?)
    (None, date(2026, 2, 28), None),  # the month ends 28 February: not yet
    (None, date(2026, 3, 1), (deadlines.MONTH_PASSED, date(2026, 2, 28))),
    (date(2026, 3, 20), date(2026, 3, 1), None),  # a foreløpig svar promised 20 March
    (date(2026, 3, 20), date(2026, 3, 20), None),  # on the promised day itself, not yet
    (date(2026, 3, 20), date(2026, 3, 21), (deadlines.PROMISE_PASSED, date(2026, 3, 20))),  # flagged again
    (date(2026, 2, 20), date(2026, 2, 21), (deadlines.PROMISE_PASSED, date(2026, 2, 20))),  # a promise within the month
]


@pytest.mark.parametrize(("promised", "today", "due"), INTERIM_DUE)
def test_a_foreløpig_svar_is_due_after_the_month_and_again_after_each_promised_date(promised, today, due):
    result = deadlines.interim_reply_due(received=date(2026, 1, 31), promised=promised, today=today)
    assert (None if result is None else (result.why, result.since)) == due


def test_a_foreløpig_svar_says_what_was_true_the_day_it_was_sent():
    received = date(2026, 1, 31)  # the month ends 28 February
    assert not deadlines.interim_reply_after_the_month(received=received, sent=date(2026, 1, 31))  # day 0
    assert not deadlines.interim_reply_after_the_month(received=received, sent=date(2026, 2, 28))
    assert deadlines.interim_reply_after_the_month(received=received, sent=date(2026, 3, 1))


def test_the_deadline_is_near_only_without_a_foreløpig_svar_and_before_it_passes():
    received = date(2026, 2, 2)  # deadline 2 March
    assert not deadlines.decision_deadline_near(received=received, promised=None, today=date(2026, 2, 24), days=5)
    assert deadlines.decision_deadline_near(received=received, promised=None, today=date(2026, 2, 25), days=5)
    assert deadlines.decision_deadline_near(received=received, promised=None, today=date(2026, 3, 2), days=5)
    assert not deadlines.decision_deadline_near(received=received, promised=None, today=date(2026, 3, 3), days=5)
    assert not deadlines.decision_deadline_near(received=received, promised=date(2026, 3, 20), today=date(2026, 2, 27), days=5)
