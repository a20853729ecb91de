"""Deadlines in the law, one function each (house style: tested with a frozen clock).

Weeks and months are counted as domstolloven § 148 annet ledd counts them (the same weekday, the same day of the month,
or the month's last day), and a deadline the party must meet that ends on a Saturday, Sunday or public holiday runs
to the next working day (§ 149 første ledd, besokshjem.core.calendar).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from besokshjem.core.calendar import deadline_on_working_day

#: Refusing to consider a late appeal (avvisning) is itself an enkeltvedtak (forvaltningsloven § 2 tredje ledd),
#: to be appealed within three weeks (§ 29) to Statsforvalteren.
DISMISSAL_APPEAL_WEEKS = 3

#: Why a foreløpig svar is due (forvaltningsloven § 11 a).
MONTH_PASSED = "month_passed"  # one month since receipt, no decision and no foreløpig svar
PROMISE_PASSED = "promise_passed"  # the date the last foreløpig svar promised has passed without a decision


def local_date(moment: datetime | date) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def decision_deadline(received: datetime | date) -> date:
    """A case not decided within one month of receipt needs a foreløpig svar (forvaltningsloven § 11 a).

    One calendar month: 31 January → 28 (or 29) February, 15 March → 15 April. This is the kommune's own deadline and
    is not moved off a weekend: a foreløpig svar is due by then at the latest.
    """
    return local_date(received) + relativedelta(months=1)


def decision_due(*, received: datetime | date, promised: date | None) -> date:
    """The date the parent has been told to expect a decision by: what the latest foreløpig svar promised, else one
    month from receipt."""
    return promised or decision_deadline(received)


def days_left(deadline: date, today: date | None = None) -> int:
    """Days from today to the deadline: negative once it has passed."""
    return (deadline - (today or timezone.localdate())).days


def appeal_deadline(notified: datetime | date, weeks: int) -> date:
    """The last day to appeal: `weeks` weeks from the day the decision reached the party (pbrl § 7-5: 4; fvl § 29: 3),
    moved to the next working day if that is a Saturday, Sunday or public holiday."""
    return deadline_on_working_day(local_date(notified) + timedelta(weeks=weeks))


def dismissal_appeal_deadline(notified: datetime | date) -> date:
    """The last day to appeal a refusal to consider a late appeal: three weeks from when the refusal reached the party."""
    return appeal_deadline(notified, DISMISSAL_APPEAL_WEEKS)


def appeal_is_late(*, deadline: date | None, lodged: datetime | date) -> bool:
    """An appeal lodged after the deadline is late; before the decision has reached the party, none is."""
    return deadline is not None and local_date(lodged) > deadline


@dataclass(frozen=True)
class InterimReplyDue:
    why: str  # MONTH_PASSED or PROMISE_PASSED
    since: date  # the day that passed: the one-month deadline or the promised date


def interim_reply_due(*, received: datetime | date, promised: date | None, today: date | None = None) -> InterimReplyDue | None:
    """Whether an undecided case needs a (new) foreløpig svar, and why.

    `promised` is the date the latest foreløpig svar said a decision could be expected (None: none sent). Due once the
    month has passed with none sent, or once the promised date has passed: then a new one is due (§ 11 a).
    """
    today = today or timezone.localdate()
    if promised is None:
        deadline = decision_deadline(received)
        return InterimReplyDue(MONTH_PASSED, deadline) if today > deadline else None
    return InterimReplyDue(PROMISE_PASSED, promised) if today > promised else None


def decision_deadline_near(*, received: datetime | date, promised: date | None, today: date, days: int) -> bool:
    """No foreløpig svar yet and the one-month deadline is at most `days` days away (today included, not yet passed)."""
    deadline = decision_deadline(received)
    return promised is None and deadline - timedelta(days=days) <= today <= deadline


def interim_reply_after_the_month(*, received: datetime | date, sent: datetime | date) -> bool:
    """Whether a foreløpig svar went out after the one month (it then says the case could not be decided within it)
    or before (it then says the case is expected to take longer than usual, § 11 a second paragraph)."""
    return local_date(sent) > decision_deadline(received)
