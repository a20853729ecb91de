"""Deadlines in the law, one function each (house style: tested with a frozen clock)."""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def local_date(moment: datetime | date) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def decision_deadline(received: datetime | date) -> date:
    """A case not decided within one month of receipt needs a foreløpig svar (forvaltningsloven § 11 a).

    One calendar month: 31 January → 28 (or 29) February, 15 March → 15 April.
    """
    return local_date(received) + relativedelta(months=1)


def days_left(deadline: date, today: date | None = None) -> int:
    return (deadline - (today or timezone.localdate())).days


def appeal_deadline(notified: datetime | date, weeks: int) -> date:
    """The last day to appeal: `weeks` weeks from when the party got the decision (pbrl § 7-5: 4; fvl § 29: 3)."""
    return local_date(notified) + timedelta(weeks=weeks)


def needs_interim_reply(*, received: datetime | date, decided: bool, interim_sent: bool, today: date | None = None) -> bool:
    """Past one month with neither a decision nor a foreløpig svar."""
    return not decided and not interim_sent and (today or timezone.localdate()) > decision_deadline(received)
