"""Suggestions: the kommune's homes that could take the child, best first, each with its reasons and misfits; homes
that cannot (wrong role, paused, ended, outside the age band, full, unable to take the siblings) are not suggested."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from besokshjem.tenancy.choices import HomeType
from placements import services
from placements.matching import suggestions_for
from placements.models import ApprovedHome, HomeStatus

from .factories import ApprovedHomeFactory, make_need, place, siblings, support_contact

TODAY = date(2026, 12, 1)
# The child turns 10 on 1 January 2027, the first day of the period.
BORN = date(2017, 1, 1)
FITS = ["Godkjent som besøkshjem.", "Barnet er 10 år, innenfor hjemmets aldersgrense 6–12 år.", "Har 1 ledig plass i perioden.",
        "Tilbyr 1 helg i måneden, vedtaket gir 1.", "Bor i samme område (Bergen).", "Har eget soverom til barnet."]


def suggest(need, today=TODAY):
    return suggestions_for(need=need, today=today)


@pytest.mark.parametrize("home, need, reasons, misfits", [
    pytest.param({}, {}, FITS, [], id="fits"),
    pytest.param({"age_min": 10}, {}, [FITS[0], "Barnet er 10 år, innenfor hjemmets aldersgrense 10–12 år.", *FITS[2:]], [],
                 id="exactly-age-min"),
    pytest.param({"age_max": 10}, {}, [FITS[0], "Barnet er 10 år, innenfor hjemmets aldersgrense 6–10 år.", *FITS[2:]], [],
                 id="exactly-age-max"),
    pytest.param({"age_max": 9}, {}, None, None, id="one-year-over-age-max"),
    pytest.param({"age_min": 11}, {}, None, None, id="one-year-under-age-min"),
    pytest.param({"home_types": [HomeType.RESPITE]}, {}, None, None, id="wrong-role"),
    pytest.param({"status": HomeStatus.PAUSED, "status_reason": "Flytter"}, {}, None, None, id="paused"),
    pytest.param({"status": HomeStatus.ENDED, "status_reason": "Sluttet"}, {}, None, None, id="ended"),
    pytest.param({"capacity": 0}, {}, None, None, id="no-place"),
    pytest.param({}, {"scope_amount": 2}, [f for f in FITS if "Tilbyr" not in f], ["Tilbyr 1 helg i måneden, vedtaket gir 2."],
                 id="too-few-weekends"),
    pytest.param({"weekends_of_month": [1, 3], "capacity": 2}, {"scope_amount": 2},
                 [FITS[0], FITS[1], "Har 2 ledige plasser i perioden.", "Tilbyr 2 helger i måneden, vedtaket gir 2.", *FITS[4:]], [],
                 id="two-weekends"),
    pytest.param({"weekends_of_month": []}, {}, [f for f in FITS if "Tilbyr" not in f],
                 ["Hjemmet har ikke oppgitt hvilke helger det kan ta imot barn."], id="availability-unknown"),
    pytest.param({"area": "Åsane"}, {}, [f for f in FITS if "område" not in f], ["Bor i et annet område (Åsane)."], id="other-area"),
    pytest.param({"own_bedroom": False}, {}, FITS[:-1], ["Har ikke eget soverom til barnet."], id="no-bedroom"),
    pytest.param({"holidays_available": True}, {}, [*FITS, "Kan også ta imot i ferier."], [], id="holidays"),
    pytest.param({"home_types": [HomeType.RESPITE], "weekends_of_month": [1, 2]},
                 {"service_type": "respite_home", "scope_unit": "day", "scope_amount": 4},
                 ["Godkjent som avlastningshjem.", FITS[1], FITS[2], "Tilbyr 4 døgn i måneden, vedtaket gir 4.", *FITS[4:]], [],
                 id="respite-døgn-as-weekends"),
])
def test_each_criterion(bergen, bergen_caseworker, home, need, reasons, misfits):
    ApprovedHomeFactory(municipality=bergen, **home)
    found = suggest(make_need(bergen, bergen_caseworker, born=BORN, **need))
    if reasons is None:
        assert found == []
    else:
        [suggestion] = found
        assert (suggestion.reasons, suggestion.misfits) == (reasons, misfits)


@pytest.mark.parametrize("hours, home, reasons, misfits", [
    (4, {}, ["Tilbyr 4 timer i uken, vedtaket gir 4."], []),
    (6, {}, [], ["Tilbyr 4 timer i uken, vedtaket gir 6."]),
    (6, {"weekdays": [0, 2]}, ["Tilbyr 8 timer i uken, vedtaket gir 6."], []),
    (4, {"has_car": True}, ["Tilbyr 4 timer i uken, vedtaket gir 4.", "Har bil til aktiviteter."], []),
    (4, {"weekdays": [], "hours_from": None, "hours_to": None}, [], ["Hjemmet har ikke oppgitt hvilke dager og timer det kan."]),
])
def test_a_support_contacts_weekly_hours_against_the_granted_hours(bergen, bergen_caseworker, hours, home, reasons, misfits):
    support_contact(bergen, **home)
    need = make_need(bergen, bergen_caseworker, born=BORN, service_type="support_contact", scope_amount=hours, scope_unit="hour",
                     scope_period="week")
    [suggestion] = suggest(need)
    assert suggestion.reasons[0] == "Godkjent som støttekontakt."
    assert ([r for r in suggestion.reasons if r.startswith(("Tilbyr", "Har bil"))], suggestion.misfits) == (reasons, misfits)


def test_the_childs_age_is_taken_today_when_the_period_began_earlier(bergen, bergen_caseworker):
    ApprovedHomeFactory(municipality=bergen, age_max=9)
    need = make_need(bergen, bergen_caseworker, born=BORN, period_from=date(2026, 6, 1))
    assert suggest(need, today=date(2026, 12, 31))  # 9 years old
    assert suggest(need, today=date(2027, 1, 1)) == []  # 10 today


def test_hourly_respite_goes_to_an_avlastningshjem_and_an_institution_to_no_home(bergen, bergen_caseworker):
    respite = ApprovedHomeFactory(municipality=bergen, home_types=[HomeType.RESPITE])
    ApprovedHomeFactory(municipality=bergen)
    hourly = make_need(bergen, bergen_caseworker, born=BORN, service_type="hourly", scope_unit="hour", scope_amount=10)
    assert [s.home for s in suggest(hourly)] == [respite]
    institution = make_need(bergen, bergen_caseworker, born=BORN, service_type="institution", scope_unit="day", scope_amount=10)
    assert suggest(institution) == []


@pytest.mark.parametrize("home, suggested", [
    ({"sibling_pair": True, "capacity": 2}, True),
    ({"sibling_pair": False, "capacity": 2}, False),
    ({"sibling_pair": True, "capacity": 1}, False),
])
def test_a_sibling_pair_needs_a_home_for_sibling_pairs_with_two_free_places(bergen, bergen_caseworker, home, suggested):
    ApprovedHomeFactory(municipality=bergen, **home)
    first, _second = siblings(bergen, bergen_caseworker, born=BORN)
    found = suggest(first)
    assert bool(found) is suggested
    if suggested:
        assert "Kan ta imot søskenpar." in found[0].reasons and "Har 2 ledige plasser i perioden." in found[0].reasons


@pytest.mark.parametrize("other_period, suggested", [
    ({"period_from": date(2027, 6, 1), "period_to": date(2028, 5, 31)}, False),  # overlaps the need's year
    ({"period_from": date(2026, 1, 1), "period_to": date(2026, 12, 31)}, True),  # over before the need's period
])
def test_a_home_full_in_the_period_is_not_suggested(bergen, bergen_caseworker, other_period, suggested):
    home = ApprovedHomeFactory(municipality=bergen)
    other = make_need(bergen, bergen_caseworker, born=BORN, **other_period)
    place(other, home, bergen_caseworker, start=other.period_from)
    assert bool(suggest(make_need(bergen, bergen_caseworker, born=BORN))) is suggested


def test_an_ended_placement_frees_its_place_from_the_day_after(bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen)
    other = make_need(bergen, bergen_caseworker, born=BORN)
    placement = place(other, home, bergen_caseworker)
    services.placement_end(placement=placement, on=date(2026, 12, 31), reason="Flyttet", by=bergen_caseworker)
    assert suggest(make_need(bergen, bergen_caseworker, born=BORN))


def test_a_home_proposed_for_another_child_is_suggested_with_that_as_a_misfit(bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen)
    services.placement_propose(need=make_need(bergen, bergen_caseworker, born=BORN), home=home, by=bergen_caseworker)
    [suggestion] = suggest(make_need(bergen, bergen_caseworker, born=BORN))
    assert suggestion.misfits == ["Er allerede foreslått for et annet barn i perioden."]


def test_homes_are_ranked_by_fit(bergen, bergen_caseworker):
    far = ApprovedHomeFactory(municipality=bergen, name="Langt unna", area="Åsane", weekends_of_month=[1, 2])
    best = ApprovedHomeFactory(municipality=bergen, name="Best", weekends_of_month=[1, 2], holidays_available=True)
    short = ApprovedHomeFactory(municipality=bergen, name="For få helger")
    need = make_need(bergen, bergen_caseworker, born=BORN, scope_amount=2)
    found = suggest(need)
    assert [s.home for s in found] == [best, far, short]
    assert found[0].score > found[1].score > found[2].score


def test_suggestions_never_include_another_kommunes_homes(bergen, lillestrom, bergen_caseworker):
    ApprovedHomeFactory(municipality=lillestrom, area="Bergen", holidays_available=True)
    mine = ApprovedHomeFactory(municipality=bergen, area="Åsane")
    assert [s.home for s in suggest(make_need(bergen, bergen_caseworker, born=BORN))] == [mine]


def test_suggestions_read_in_a_constant_number_of_queries(bergen, bergen_caseworker):
    def queries(homes):
        while ApprovedHome.objects.count() < homes:
            home = ApprovedHomeFactory(municipality=bergen, capacity=3, sibling_pair=True)
            place(make_need(bergen, bergen_caseworker, born=BORN), home, bergen_caseworker)
            services.placement_propose(need=make_need(bergen, bergen_caseworker, born=BORN), home=home, by=bergen_caseworker)
        need = siblings(bergen, bergen_caseworker, born=BORN)[0]
        with CaptureQueriesContext(connection) as captured:
            assert len(suggest(need)) == homes
        return len(captured)

    assert queries(1) == queries(5) <= 4
