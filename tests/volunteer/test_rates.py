"""Pay per KS' særavtale SGS 1030: rates per legal track and the særavtale's age bands (0–10, over 10 years), each dated
from when it applies; an arbeidsavtale pays at least the særavtale's minimum for the track (the kommune may pay more);
a støttekontakt is paid by the hour."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from applications.volunteer import services as volunteer_services
from placements.models import RateTable, TariffMinimum
from placements.selectors import rate_table_in_force

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory

# Fictional minimums for the tests (the real ones are entered by a superuser from KS' figures).
MINIMUMS = {"health_care": (9100, 20800, 27300), "child_welfare": (7300, 33700, 39100)}


@pytest.fixture
def minimums(db):
    for track, (hourly, young, older) in MINIMUMS.items():
        TariffMinimum.objects.update_or_create(legal_track=track, valid_from=date(2026, 1, 1), defaults={
            "hourly_pay_ore": hourly, "expenses_0_10_ore": young, "expenses_over_10_ore": older, "source": "Fiktive testsatser"})


def employment_rates(municipality, track, hourly, young, older, valid_from=date(2026, 1, 1)):
    return RateTable(municipality=municipality, agreement_kind="employment", legal_track=track, valid_from=valid_from,
                     hourly_pay_ore=hourly, expenses_0_10_ore=young, expenses_over_10_ore=older, km_rate_ore=450)


def test_employment_rates_below_the_tracks_minimum_are_refused(bergen, minimums):
    with pytest.raises(ValidationError) as exc:
        employment_rates(bergen, "health_care", hourly=9000, young=20800, older=27300).full_clean()
    assert set(exc.value.message_dict) == {"hourly_pay_ore"}
    with pytest.raises(ValidationError) as exc:
        employment_rates(bergen, "child_welfare", hourly=9100, young=30000, older=39100).full_clean()
    assert set(exc.value.message_dict) == {"expenses_0_10_ore"}


def test_the_kommune_may_pay_more_than_the_minimum(bergen, minimums):
    employment_rates(bergen, "health_care", hourly=9100, young=20800, older=27300).full_clean()  # exactly the minimum
    employment_rates(bergen, "child_welfare", hourly=25000, young=40000, older=45000).full_clean()


def test_the_minimum_in_force_on_the_rates_date_applies(bergen, minimums):
    TariffMinimum.objects.create(legal_track="health_care", valid_from=date(2027, 1, 1), hourly_pay_ore=9500,
                                 expenses_0_10_ore=21000, expenses_over_10_ore=28000, source="Fiktive testsatser")
    employment_rates(bergen, "health_care", hourly=9200, young=21000, older=28000, valid_from=date(2026, 6, 1)).full_clean()
    with pytest.raises(ValidationError):
        employment_rates(bergen, "health_care", hourly=9200, young=21000, older=28000, valid_from=date(2027, 1, 1)).full_clean()


def test_rates_are_looked_up_by_kind_track_and_date(bergen):
    h.add_rates(bergen)
    RateTable.objects.create(municipality=bergen, agreement_kind="employment", legal_track="child_welfare", valid_from=date(2026, 7, 1),
                             hourly_pay_ore=26000, expenses_0_10_ore=41000, expenses_over_10_ore=46000, km_rate_ore=450)
    lookup = lambda track, on: rate_table_in_force(municipality=bergen, agreement_kind="employment", legal_track=track, on=on)  # noqa: E731
    assert lookup("child_welfare", date(2026, 6, 30)).hourly_pay_ore == 23550
    assert lookup("child_welfare", date(2026, 7, 1)).hourly_pay_ore == 26000
    assert lookup("health_care", date(2026, 7, 1)).hourly_pay_ore == 23550
    assert lookup("health_care", date(2025, 12, 31)) is None


def test_each_roles_agreement_takes_the_rates_of_its_own_track(bergen, bergen_caseworker):
    h.add_rates(bergen)
    RateTable.objects.filter(municipality=bergen, legal_track="child_welfare", agreement_kind="assignment").update(fee_per_day_ore=120000)
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["visiting", "support_contact"], hours_per_week=4), bergen_caseworker)
    visiting, support = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert (visiting.legal_track, visiting.rates["fee_per_day_ore"]) == ("child_welfare", 120000)
    assert (support.legal_track, support.rates["fee_per_day_ore"]) == ("health_care", 95000)
    assert "kr 1\u00a0200,00 per døgn" in visiting.body
    assert "Utgiftsdekning per barn per døgn: barn 0–10 år kr 400,00, barn over 10 år kr 450,00" in visiting.body


def test_a_stottekontakt_is_paid_by_the_hour_not_per_dogn(bergen, bergen_caseworker):
    h.add_rates(bergen)
    application = h.in_review(VolunteerApplicationFactory(
        municipality=bergen, home_types=["support_contact"], hours_per_week=4, child_bedroom=None, sibling_pair="",
        frequency_per_month=None, holidays=None), bergen_caseworker)
    [agreement] = volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
    assert "Godtgjøring: kr 210,00 per time." in agreement.body
    assert "per døgn" not in agreement.body
    assert "Forventet omfang: 4 timer per uke." in agreement.body


def test_a_stottekontakt_agreement_is_refused_without_an_hourly_rate(bergen, bergen_caseworker):
    RateTable.objects.create(municipality=bergen, agreement_kind="assignment", legal_track="health_care", valid_from=date(2026, 1, 1),
                             fee_per_day_ore=95000, km_rate_ore=450)
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, home_types=["support_contact"], hours_per_week=4), bergen_caseworker)
    with pytest.raises(ValidationError, match="mangler timesats for støttekontakt"):
        volunteer_services.agreements_generate(application=application, by=bergen_caseworker)


def test_an_arbeidsavtale_below_the_minimum_is_not_made(bergen, bergen_caseworker, minimums):
    RateTable.objects.bulk_create([  # entered before the minimum was known: bulk_create skips the model's check
        employment_rates(bergen, "health_care", hourly=8000, young=20800, older=27300, valid_from=date(2025, 1, 1)),
    ])
    application = h.in_review(VolunteerApplicationFactory(municipality=bergen, home_types=["respite"], respite_home_mode="overnight"), bergen_caseworker)
    with pytest.raises(ValidationError, match="lavere enn minstesatsene i KS' særavtale SGS 1030"):
        volunteer_services.agreements_generate(application=application, by=bergen_caseworker)
