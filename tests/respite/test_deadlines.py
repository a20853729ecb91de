"""The deadlines of a parent's case, one function each: the decision deadline (one calendar month from the Oslo date
of receipt), the interim-reply flag and the appeal deadline."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from applications.respite import deadlines


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


def test_interim_reply_flag_rises_only_after_the_month_without_decision_or_reply():
    received = date(2026, 1, 31)
    assert not deadlines.needs_interim_reply(received=received, decided=False, interim_sent=False, today=date(2026, 2, 28))
    assert deadlines.needs_interim_reply(received=received, decided=False, interim_sent=False, today=date(2026, 3, 1))
    assert not deadlines.needs_interim_reply(received=received, decided=False, interim_sent=True, today=date(2026, 3, 1))
    assert not deadlines.needs_interim_reply(received=received, decided=True, interim_sent=False, today=date(2026, 3, 1))


def test_four_week_appeal_deadline():
    assert deadlines.appeal_deadline(date(2026, 11, 25), 4) == date(2026, 12, 23)
