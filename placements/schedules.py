"""A placement's dates, from its recurrence rule (RFC 5545 RRULE, read by dateutil) in Europe/Oslo wall time.

A rule gives days; each date starts `day_offset` days from the rule's day at `starts_at_time` and lasts `duration`,
both counted on the wall clock and only then given the Oslo offset, so a weekend from Friday 17:00 to Sunday 17:00
is that also when the clocks change in between. Cancelled dates are left out, and so, when the placement asks for it,
is every date with a day that is a Norwegian public holiday (besokshjem.core.calendar); extra dates are added.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from besokshjem.core.calendar import public_holidays

from .models import ExceptionKind, ScheduleKind

OSLO = ZoneInfo("Europe/Oslo")
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKEND_STARTS = time(17)
WEEKEND = timedelta(days=2)  # Friday 17:00 to Sunday 17:00 on the wall clock
NTH_WEEKEND = {
    ScheduleKind.FIRST_WEEKEND: 1, ScheduleKind.SECOND_WEEKEND: 2, ScheduleKind.THIRD_WEEKEND: 3, ScheduleKind.FOURTH_WEEKEND: 4,
}
#: How far ahead the first date of an open-ended placement is looked for.
HORIZON = timedelta(days=731)


@dataclass(frozen=True)
class Schedule:
    """What a ScheduleKind stores on a placement."""

    rule: str
    day_offset: int
    starts_at_time: time
    duration: timedelta


@dataclass(frozen=True)
class Occurrence:
    """One date of a placement, as aware Europe/Oslo datetimes; `extra` for a date added by hand."""

    starts_at: datetime
    ends_at: datetime
    extra: bool = False

    @property
    def length(self) -> timedelta:
        """The time that really passes: 47 hours for a weekend over the change to summer time. (Python subtracts two
        datetimes of the same zone on the wall clock, so `ends_at - starts_at` would say 48.)"""
        return self.ends_at.astimezone(UTC) - self.starts_at.astimezone(UTC)


def schedule_for(kind: str, *, weekday: int | None = None, starts_at_time: time | None = None, ends_at_time: time | None = None) -> Schedule:
    """The rule of a ScheduleKind (see its docstring). A weekend runs Friday 17:00 to Sunday 17:00; WEEKLY needs the
    weekday (0 = Monday) and the hours, the end after the start on the same day."""
    if kind in NTH_WEEKEND:
        return Schedule(f"FREQ=MONTHLY;BYDAY={NTH_WEEKEND[kind]}SA", -1, WEEKEND_STARTS, WEEKEND)
    if kind == ScheduleKind.EVERY_OTHER_WEEKEND:
        return Schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", -1, WEEKEND_STARTS, WEEKEND)
    if kind != ScheduleKind.WEEKLY:
        raise ValidationError({"schedule_kind": _("Velg en fast ordning.")}, code="invalid")
    if weekday not in range(7):
        raise ValidationError({"weekday": _("Velg ukedag.")}, code="required")
    if starts_at_time is None or ends_at_time is None or ends_at_time <= starts_at_time:
        raise ValidationError({"ends_at_time": _("Oppgi når det begynner og slutter, slutt etter start samme dag.")}, code="invalid")
    duration = datetime.combine(date.min, ends_at_time) - datetime.combine(date.min, starts_at_time)
    return Schedule(f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[weekday]}", 0, starts_at_time, duration)


def _rule(placement) -> rrule:
    """The rule anchored on its first day on or after the start, so that INTERVAL=2 counts from the first weekend."""
    base = datetime.combine(placement.start_date - timedelta(days=placement.day_offset), time())
    rule = rrulestr(placement.schedule_rule, dtstart=base)
    first = rule.replace(interval=1).after(base, inc=True)
    return rule.replace(dtstart=first) if first else rule


def _touches_public_holiday(starts: datetime, ends: datetime) -> bool:
    day, last = starts.date(), (ends - timedelta(microseconds=1)).date()
    while day <= last:
        if day in public_holidays(day.year):
            return True
        day += timedelta(days=1)
    return False


def occurrences(placement, start: date, end: date) -> list[Occurrence]:
    """The placement's dates that start on a day from `start` to `end` (both included), in order.

    Reads `placement.exceptions.all()` (prefetch it for many placements)."""
    exceptions = list(placement.exceptions.all())
    cancelled = {e.date for e in exceptions if e.kind == ExceptionKind.CANCELLED}
    first = max(start, placement.start_date)
    last = min(d for d in (end, placement.last_day) if d is not None)
    found = []
    if first <= last:
        offset = timedelta(days=placement.day_offset)
        window = (datetime.combine(first - offset, time()), datetime.combine(last - offset, time()))
        for day in _rule(placement).between(*window, inc=True):
            starts = datetime.combine(day.date() + offset, placement.starts_at_time)
            ends = starts + placement.duration
            if starts.date() in cancelled or (placement.skip_public_holidays and _touches_public_holiday(starts, ends)):
                continue
            found.append(Occurrence(starts.replace(tzinfo=OSLO), ends.replace(tzinfo=OSLO)))
    for e in exceptions:
        if e.kind == ExceptionKind.EXTRA and start <= e.starts_at.astimezone(OSLO).date() <= end:
            found.append(Occurrence(e.starts_at.astimezone(OSLO), e.ends_at.astimezone(OSLO), extra=True))
    return sorted(found, key=lambda o: o.starts_at)


def first_date(placement) -> datetime | None:
    """When the placement's first date starts (None: it has none)."""
    found = occurrences(placement, placement.start_date, placement.last_day or placement.start_date + HORIZON)
    return found[0].starts_at if found else None
