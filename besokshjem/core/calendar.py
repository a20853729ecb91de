"""Working days in Norway, for deadlines that end on one (domstolloven § 149 første ledd).

A deadline whose last day is a Saturday, a Sunday or a public holiday (helligdag or lovbestemt høytidsdag) runs to the
next working day. The public holidays come from the maintained `holidays` package (the Norwegian calendar of lov om
helligdager og helligdagsfred and 1 and 17 May), not from a list of our own. Its Norway calendar can also count every
Sunday as a holiday (`include_sundays`, off by default in 0.108); weekends are checked here by weekday, so the answer
does not depend on that default.

Counting the deadline itself (weeks and months, domstolloven § 148 annet ledd) is the caller's business: this module
only knows which days are working days.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY = 5


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Norway's public holidays in a year (New Year's Day, Easter, 1 and 17 May, Ascension, Whit Monday, Christmas)."""
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def deadline_on_working_day(day: date) -> date:
    """The deadline's last day, moved to the next working day if it falls on a Saturday, Sunday or public holiday."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
