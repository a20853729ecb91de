"""Builders for the placement tests: granted decisions and their needs, approved homes with availability, placements.

Homes are rows made directly (a test about approval goes through the volunteer's case); needs and placements go
through their services, as the caseworker's pages will. All names are fictional.
"""

import itertools
from datetime import date, time

import factory
from django.utils import timezone

from besokshjem.tenancy.choices import HomeType
from placements import services
from placements.models import ApprovedHome, Placement, ScheduleKind

from ..factories import DecisionFactory, RespiteApplicationFactory, UserFactory, VolunteerApplicationFactory

YEAR_2027 = {"period_from": date(2027, 1, 1), "period_to": date(2027, 12, 31)}
REFERENCES = itertools.count(9001)


class ApprovedHomeFactory(factory.django.DjangoModelFactory):
    """An active besøkshjem for one child aged 6–12 in Bergen, free the first weekend of the month, with a bedroom for
    the child. Pass `municipality=`."""

    class Meta:
        model = ApprovedHome

    application = factory.LazyAttribute(lambda o: VolunteerApplicationFactory(
        municipality=o.municipality, status="approved", submitted_at=timezone.now(),
        reference=f"{o.municipality.reference_prefix}-2026-{next(REFERENCES):04d}"))  # approved, as a home's application is
    name = factory.Sequence(lambda n: f"Familien Testhjem {n}")
    home_types = factory.LazyFunction(lambda: [HomeType.VISITING])
    capacity = 1
    age_min = 6
    age_max = 12
    sibling_pair = False
    area = "Bergen"
    weekends_of_month = factory.LazyFunction(lambda: [1])
    own_bedroom = True
    approved_at = factory.LazyFunction(timezone.now)
    approved_by = factory.SubFactory(UserFactory)


def support_contact(municipality, **fields) -> ApprovedHome:
    """A støttekontakt free on Wednesdays 15:00–19:00 (four hours a week)."""
    defaults = {"home_types": [HomeType.SUPPORT_CONTACT], "weekends_of_month": [], "weekdays": [2], "hours_from": time(15),
                "hours_to": time(19), "own_bedroom": False}
    return ApprovedHomeFactory(municipality=municipality, **{**defaults, **fields})


def granted_decision(municipality, *, born=date(2017, 1, 1), post_town="Bergen", **fields):
    """A confirmed vedtak on a parent's application (helse- og omsorg): one weekend a month in a besøkshjem in 2027
    unless told otherwise. No need yet: `make_need` (or the test) makes it with the service."""
    application = RespiteApplicationFactory(municipality=municipality, child_birth_date=born, guardian_post_town=post_town,
                                            status="submitted", submitted_at=timezone.now(),
                                            reference=f"{municipality.reference_prefix}-2026-{next(REFERENCES):04d}")
    values = {"service_type": "visiting", "scope_amount": 1, "scope_unit": "weekend", **YEAR_2027, **fields}
    return DecisionFactory(application=application, need=False, **values)  # the need is made by need_from_decision


def make_need(municipality, by, *, born=date(2017, 1, 1), post_town="Bergen", **fields):
    return services.need_from_decision(decision=granted_decision(municipality, born=born, post_town=post_town, **fields), by=by)


def siblings(municipality, by, n=2, **fields):
    needs = [make_need(municipality, by, **fields) for _ in range(n)]
    services.needs_group_siblings(needs=needs, by=by)
    for need in needs:
        need.refresh_from_db()
    return needs


def place(need, home, by, *, kind=ScheduleKind.FIRST_WEEKEND, start=date(2027, 1, 1), **fields) -> Placement:
    return services.placement_create(need=need, home=home, start_date=start, schedule_kind=kind, by=by, **fields)


def wednesdays(need, home, by, *, start=date(2027, 1, 1), **fields) -> Placement:
    """Every Wednesday 15:00–19:00."""
    return place(need, home, by, kind=ScheduleKind.WEEKLY, start=start, weekday=2, starts_at_time=time(15), ends_at_time=time(19),
                 **fields)
