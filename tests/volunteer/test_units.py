"""Numbers and units in proper Norwegian: the word follows the number («1 helg», «2 helger»), in English too."""

import pytest
from django.utils import translation

from placements.units import Unit, per_unit, quantity


@pytest.mark.parametrize(
    ("n", "unit", "text"),
    [
        (1, Unit.WEEKEND, "1 helg"),
        (2, Unit.WEEKEND, "2 helger"),
        (0, Unit.WEEKEND, "0 helger"),
        (1, Unit.DAY, "1 døgn"),
        (3, Unit.DAY, "3 døgn"),
        (1, Unit.HOUR, "1 time"),
        (3, Unit.HOUR, "3 timer"),
        (1, Unit.MONTH, "1 måned"),
        (6, Unit.MONTH, "6 måneder"),
        (12, Unit.KM, "12 km"),
    ],
)
def test_quantity_in_norwegian(n, unit, text):
    with translation.override("nb"):
        assert quantity(n, unit) == text


@pytest.mark.parametrize(("n", "unit", "text"), [(1, Unit.WEEKEND, "1 weekend"), (2, Unit.WEEKEND, "2 weekends"), (1, Unit.HOUR, "1 hour"),
                                                 (4, Unit.HOUR, "4 hours")])
def test_quantity_in_english(n, unit, text):
    with translation.override("en"):
        assert quantity(n, unit) == text


def test_per_unit_says_what_a_rate_is_paid_by():
    with translation.override("nb"):
        assert [str(per_unit(u)) for u in (Unit.HOUR, Unit.DAY)] == ["per time", "per døgn"]


def test_an_unknown_unit_is_a_programming_error():
    with pytest.raises(ValueError):
        quantity(1, "fortnight")
