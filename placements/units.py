"""Numbers with their unit, in proper Norwegian: «1 helg», «2 helger», «1 døgn», «3 timer».

One helper for every agreement, letter and page that states a scope or a rate's unit; the unit's word follows the
number (ngettext), so no text says «1 helger».
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Unit(models.TextChoices):
    WEEKEND = "weekend", _("helger")
    DAY = "day", _("døgn")
    HOUR = "hour", _("timer")
    MONTH = "month", _("måneder")
    KM = "km", _("km")


def quantity(n: int, unit: str) -> str:
    """`n` of `unit`, the word in the singular or the plural as Norwegian (or English) wants it."""
    if unit == Unit.WEEKEND:
        return ngettext("%(n)s helg", "%(n)s helger", n) % {"n": n}
    if unit == Unit.DAY:
        return ngettext("%(n)s døgn", "%(n)s døgn", n) % {"n": n}
    if unit == Unit.HOUR:
        return ngettext("%(n)s time", "%(n)s timer", n) % {"n": n}
    if unit == Unit.MONTH:
        return ngettext("%(n)s måned", "%(n)s måneder", n) % {"n": n}
    if unit == Unit.KM:
        return f"{n} km"
    raise ValueError(f"Unknown unit {unit!r}")


def per_unit(unit: str) -> str:
    """«per time», «per døgn», «per helg»: the unit a rate is paid by."""
    return {
        Unit.WEEKEND: _("per helg"),
        Unit.DAY: _("per døgn"),
        Unit.HOUR: _("per time"),
        Unit.MONTH: _("per måned"),
        Unit.KM: _("per km"),
    }[unit]
