"""Household members' attests: only where the kommune requires them for a home on the barnevern track (on the helse- og
omsorg track hol § 5-4 covers only those who give the service), only for members who are 18 or older on the day of the
case's formålsbekreftelse (today while there is none), and judged on their birth date, which their letter gives."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import age_on, attest_people
from applications.volunteer.selectors import purpose_confirmation_pdf
from besokshjem.tenancy.models import HomeTypeSetting

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory

FORMALSBEKREFTELSE_DAY = date(2026, 11, 25)


def keys(application):
    return [p.key for p in attest_people(application)]


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [(date(2008, 11, 25), date(2026, 11, 25), 18), (date(2008, 11, 26), date(2026, 11, 25), 17), (date(2008, 2, 29), date(2026, 2, 28), 17),
     (date(2008, 2, 29), date(2026, 3, 1), 18)],
)
def test_age_on_a_day(birth, day, age):
    assert age_on(birth, day) == age


def test_a_household_member_who_is_17_on_the_day_of_the_formalsbekreftelse_is_not_asked(lillestrom, lillestrom_caseworker):
    with time_machine.travel(FORMALSBEKREFTELSE_DAY):
        application = h.in_review(VolunteerApplicationFactory(municipality=lillestrom), lillestrom_caseworker)
        h.add_household_member(application, name="Nesten Voksen", birth_date=date(2008, 12, 10))  # 18 in two weeks
        volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                      by=lillestrom_caseworker)
        assert keys(application) == ["applicant"]
    with time_machine.travel(date(2027, 1, 15)):  # 18 by now, but not on the day of the formålsbekreftelse
        assert keys(application) == ["applicant"]
        h.hold_meeting(application, lillestrom_caseworker)
        h.hold_meeting(application, lillestrom_caseworker)
        h.hold_meeting(application, lillestrom_caseworker, kind="home_visit")
        h.register_all_attests(application, lillestrom_caseworker)
        h.sign_declarations(application)
        h.sign_agreements(application, lillestrom_caseworker)
        volunteer_services.application_approve(application=application, by=lillestrom_caseworker)


def test_a_household_member_who_is_18_on_the_day_of_the_formalsbekreftelse_is_asked_and_their_letter_gives_the_birth_date(
        lillestrom, lillestrom_caseworker):
    with time_machine.travel(FORMALSBEKREFTELSE_DAY):
        application = h.in_review(VolunteerApplicationFactory(municipality=lillestrom), lillestrom_caseworker)
        member = h.add_household_member(application, name="Akkurat Voksen", birth_date=date(2008, 11, 25))
        volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                      by=lillestrom_caseworker)
        assert keys(application) == ["applicant", f"member:{member.pk}"]
        letter = volunteer_services.purpose_confirmation_issue(application=application, person_key=f"member:{member.pk}",
                                                               home_type="visiting", by=lillestrom_caseworker)
    assert (letter.attest_type, letter.person_birth) == ("ordinary", "25.11.2008")
    text = h.pdf_text(purpose_confirmation_pdf(confirmation=letter))
    assert "25.11.2008" in text and "bor i søkerens hjem" in text and "over 18 år" in text


def test_before_any_formalsbekreftelse_the_age_is_judged_today(lillestrom, lillestrom_caseworker):
    with time_machine.travel(FORMALSBEKREFTELSE_DAY):
        application = h.in_review(VolunteerApplicationFactory(municipality=lillestrom), lillestrom_caseworker)
        member = h.add_household_member(application, birth_date=date(2008, 12, 10))
        assert keys(application) == ["applicant"]
    with time_machine.travel(date(2026, 12, 10)):
        assert keys(application) == ["applicant", f"member:{member.pk}"]


def test_household_members_are_not_asked_on_the_helse_og_omsorg_track(lillestrom, lillestrom_caseworker):
    """Lillestrøm asks household members for an attest; its avlastningshjem are on the helse- og omsorg track."""
    application = VolunteerApplicationFactory(municipality=lillestrom, home_types=["respite"], respite_home_mode="overnight")
    h.add_household_member(application, birth_date=date(1990, 1, 1))
    assert HomeTypeSetting.objects.get(municipality=lillestrom, home_type="respite").household_attest_required
    assert keys(application) == ["applicant"]
    HomeTypeSetting.objects.filter(municipality=lillestrom, home_type="respite").update(legal_track="child_welfare",
                                                                                         attest_type="complete_extended")
    application.municipality.refresh_from_db()
    application = type(application).objects.get(pk=application.pk)
    assert len(keys(application)) == 2


def test_household_attests_are_required_only_where_the_kommune_says_so(bergen, lillestrom):
    in_bergen = VolunteerApplicationFactory(municipality=bergen)
    h.add_household_member(in_bergen, birth_date=date(1990, 4, 1))
    in_lillestrom = VolunteerApplicationFactory(municipality=lillestrom)
    h.add_household_member(in_lillestrom, birth_date=date(1990, 4, 1))
    assert keys(in_bergen) == ["applicant"]
    assert keys(in_lillestrom)[0] == "applicant" and keys(in_lillestrom)[1].startswith("member:")


def test_a_birth_date_only_estimated_from_the_year_must_be_recorded_before_the_letter(lillestrom, lillestrom_caseworker):
    """Rows from before the form asked for the date: 1 January of the year, marked estimated, never printed as known."""
    application = h.in_review(VolunteerApplicationFactory(municipality=lillestrom), lillestrom_caseworker)
    member = h.add_household_member(application, name="Bare Året", birth_date=date(1995, 1, 1), estimated=True)
    [_applicant, person] = attest_people(application)
    assert person.birth_estimated
    with pytest.raises(ValidationError, match="bare fødselsåret til Bare Året"):
        volunteer_services.purpose_confirmation_issue(application=application, person_key=person.key, home_type="visiting",
                                                      by=lillestrom_caseworker)
    volunteer_services.household_member_birth_date_record(member=member, birth_date=date(1995, 8, 17), by=lillestrom_caseworker)
    letter = volunteer_services.purpose_confirmation_issue(application=application, person_key=person.key, home_type="visiting",
                                                           by=lillestrom_caseworker)
    assert letter.person_birth == "17.08.1995"
