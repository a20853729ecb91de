"""Each validation rule of the volunteer application's steps, with the Norwegian message the applicant sees."""

from datetime import date

import pytest
import time_machine

from applications.intake import volunteer_forms as forms
from applications.intake import volunteer_steps as steps
from applications.models import VolunteerApplication
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.models import HomeTypeSetting

from ..factories import VolunteerApplicationFactory

APPLICANT = {
    "first_name": "Kari",
    "last_name": "Testesen",
    "birth_date": "1985-04-12",
    "email": "kari@example.no",
    "phone": "412 34 567",
    "address": "Eksempelveien 1",
    "postcode": "5015",
    "post_town": "Bergen",
    "home_municipality": "Bergen",
}


def applicant_form(application, **changes):
    return forms.ApplicantForm(data={**APPLICANT, **changes}, application=application)


@pytest.fixture
def fresh(bergen):
    return VolunteerApplication(municipality=bergen, home_types=[HomeType.VISITING])


def test_valid_applicant_step_is_accepted(fresh):
    form = applicant_form(fresh)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"].as_e164 == "+4741234567"


@pytest.mark.parametrize("phone", ["123", "abc", "412 34 56"])
def test_invalid_phone_number_is_refused_in_norwegian(fresh, phone):
    form = applicant_form(fresh, phone=phone)
    assert not form.is_valid()
    assert "gyldig norsk telefonnummer" in form.errors["phone"][0]


def test_foreign_phone_number_is_refused(fresh):
    form = applicant_form(fresh, phone="+46 70 123 45 67")
    assert not form.is_valid()
    assert "norsk telefonnummer" in form.errors["phone"][0]


def test_invalid_email_is_refused(fresh):
    form = applicant_form(fresh, email="kari@")
    assert not form.is_valid()
    assert "gyldig e-postadresse" in form.errors["email"][0]


@pytest.mark.parametrize("postcode", ["50A", "123", "50155", " "])
def test_postcode_must_be_four_digits(fresh, postcode):
    form = applicant_form(fresh, postcode=postcode)
    assert not form.is_valid()
    assert "postcode" in form.errors


@time_machine.travel(date(2026, 11, 25))
def test_applicant_who_turns_18_today_may_apply(fresh):
    assert applicant_form(fresh, birth_date="2008-11-25").is_valid()


@time_machine.travel(date(2026, 11, 25))
def test_applicant_under_18_is_refused(fresh):
    form = applicant_form(fresh, birth_date="2008-11-26")
    assert not form.is_valid()
    # One message, which says what to do and does not repeat the field's help text («Du må ha fylt 18 år.»).
    assert form.errors["birth_date"] == ["Du kan søke når du har fylt 18 år."]
    assert form.errors["birth_date"][0] != str(form.fields["birth_date"].help_text)


def test_partner_is_required_when_applying_together(fresh):
    fresh.applying_together = True
    form = applicant_form(fresh)
    assert not form.is_valid()
    for name in ("partner_first_name", "partner_last_name", "partner_birth_date", "partner_email", "partner_phone"):
        assert name in form.errors


@time_machine.travel(date(2026, 11, 25))
def test_partner_under_18_is_refused(fresh):
    fresh.applying_together = True
    form = applicant_form(
        fresh,
        partner_first_name="Ola",
        partner_last_name="Testesen",
        partner_birth_date="2010-01-01",
        partner_email="ola@example.no",
        partner_phone="913 45 678",
    )
    assert not form.is_valid()
    assert "18 år" in form.errors["partner_birth_date"][0]


def test_partner_questions_are_not_asked_when_applying_alone(fresh):
    form = applicant_form(fresh)
    assert "partner_first_name" not in form.fields
    assert form.is_valid()
    assert form.cleaned_data["partner_first_name"] == ""


def test_only_home_types_the_municipality_recruits_are_offered(bergen):
    HomeTypeSetting.objects.filter(municipality=bergen, home_type=HomeType.VISITING).update(recruits=False)
    bergen.refresh_from_db()
    application = VolunteerApplication(municipality=bergen)
    form = forms.HomeTypeForm(data={"home_types": ["visiting"], "applying_together": "False"}, application=application)
    assert [value for value, _label in form.fields["home_types"].choices] == ["respite", "support_contact"]
    assert not form.is_valid()
    assert "home_types" in form.errors


def test_at_least_one_home_type_is_required(fresh):
    form = forms.HomeTypeForm(data={"applying_together": "False"}, application=fresh)
    assert not form.is_valid()
    assert form.errors["home_types"] == ["Velg minst én type oppdrag."]


def test_respite_asks_whether_overnight_or_hourly(fresh):
    form = forms.HomeTypeForm(data={"home_types": ["respite"], "applying_together": "False"}, application=fresh)
    assert not form.is_valid()
    assert "overnatting" in form.errors["respite_home_mode"][0]


def test_support_contact_applies_alone_without_being_asked(fresh):
    """The question is not shown to a støttekontakt only; an answer sent anyway is not kept."""
    form = forms.HomeTypeForm(data={"home_types": ["support_contact"], "applying_together": "True"}, application=fresh)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["applying_together"] is False


HOUSING = {"housing_type": "detached", "housing_tenure": "own", "rooms": "5", "pets": "False", "smoking": "False"}


def test_overnight_respite_asks_about_an_own_bedroom(bergen):
    application = VolunteerApplication(municipality=bergen, home_types=["respite"], respite_home_mode="overnight")
    form = forms.HousingForm(data=HOUSING, application=application)
    assert not form.is_valid()
    assert "child_bedroom" in form.errors


def test_hourly_respite_is_not_asked_about_a_bedroom(bergen):
    application = VolunteerApplication(municipality=bergen, home_types=["respite"], respite_home_mode="hourly")
    form = forms.HousingForm(data=HOUSING, application=application)
    assert "child_bedroom" not in form.fields
    assert form.is_valid(), form.errors


def test_support_contact_gets_no_household_or_housing_steps(bergen):
    application = VolunteerApplication(municipality=bergen, home_types=["support_contact"])
    slugs = [s.slug for s in steps.steps_for(application)]
    assert "bolig" not in slugs and "husstand" not in slugs
    application.home_types = ["visiting"]
    assert {"bolig", "husstand"} <= {s.slug for s in steps.steps_for(application)}


def test_pets_need_a_description(fresh):
    form = forms.HousingForm(data={**HOUSING, "child_bedroom": "True", "pets": "True"}, application=fresh)
    assert not form.is_valid()
    assert form.errors["pets_details"] == ["Skriv hvilke dyr dere har."]


PRACTICAL = {"has_driving_licence": "True", "has_car": "False", "norwegian_written": "on", "norwegian_oral": "on", "commitment_one_year": "on"}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("norwegian_written", "Du må beherske norsk skriftlig for å få oppdrag."),
        ("norwegian_oral", "Du må beherske norsk muntlig for å få oppdrag."),
        ("commitment_one_year", "Oppdraget krever at du kan binde deg for minst ett år."),
    ],
)
def test_norwegian_and_one_year_commitment_are_required(fresh, field, message):
    data = {k: v for k, v in PRACTICAL.items() if k != field}
    form = forms.PracticalForm(data=data, application=fresh)
    assert not form.is_valid()
    assert form.errors[field] == [message]


CONSENTS = {"consent_health": "on", "confirm_true": "on", "privacy_read": "on", "politiattest_acknowledged": "on"}


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("consent_health", "samtykket ditt for å behandle helseopplysningene"),
        ("confirm_true", "opplysningene er riktige"),
        ("privacy_read", "personvernerklæringen"),
        ("politiattest_acknowledged", "politiattest"),
    ],
)
def test_each_consent_is_required_and_named_for_what_it_is(fresh, field, words):
    form = forms.ConsentForm(data={k: v for k, v in CONSENTS.items() if k != field}, application=fresh)
    assert not form.is_valid()
    assert words in form.errors[field][0]


def test_health_consent_explains_its_legal_basis(fresh):
    form = forms.ConsentForm(application=fresh)
    assert "artikkel 9 nr. 2 bokstav a" in str(form.fields["consent_health"].help_text)


PREFS = {"age_min": "0", "age_max": "16", "sibling_pair": "no", "frequency_per_month": "1", "availability": "Helger", "holidays": "True"}


def test_child_age_must_be_within_the_municipality_band(sarpsborg):
    application = VolunteerApplication(municipality=sarpsborg, home_types=["visiting"])
    form = forms.PreferencesForm(data={**PREFS, "age_max": "17"}, application=application)
    assert not form.is_valid()
    assert "mellom 0 og 16" in form.errors["age_max"][0]


def test_age_from_cannot_exceed_age_to(fresh):
    form = forms.PreferencesForm(data={**PREFS, "age_min": "12", "age_max": "6"}, application=fresh)
    assert not form.is_valid()
    assert "lavere enn" in " ".join(form.errors["age_max"])


def test_support_contact_is_asked_hours_per_week_not_weekends(bergen):
    application = VolunteerApplication(municipality=bergen, home_types=["support_contact"])
    form = forms.PreferencesForm(data={"age_min": "6", "age_max": "12", "availability": "Ettermiddager"}, application=application)
    assert "frequency_per_month" not in form.fields and "sibling_pair" not in form.fields
    assert not form.is_valid()
    assert "hours_per_week" in form.errors


@time_machine.travel(date(2026, 11, 25))
def test_household_member_born_in_the_future_is_refused(db):
    form = forms.HouseholdMemberForm(data={"name": "Lille Test", "birth_date": "2026-11-26", "relation": "child"})
    assert not form.is_valid()
    assert form.errors["birth_date"] == ["Fødselsdatoen kan ikke være i fremtiden."]
    old = forms.HouseholdMemberForm(data={"name": "Gammel Test", "birth_date": "1915-12-31", "relation": "other_adult"})
    assert old.errors["birth_date"] == ["Oppgi en fødselsdato i 1916 eller senere."]


def test_household_member_is_asked_for_the_birth_date_not_the_year(db):
    """The date decides whether a member is 18 on the day of the formålsbekreftelse, and the police need it."""
    form = forms.HouseholdMemberForm(data={"name": "Lille Test", "birth_date": "2016-05-17", "relation": "child"})
    assert "birth_date" in form.fields and "birth_year" not in form.fields
    assert form.fields["birth_date"].widget.input_type == "date"
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == date(2016, 5, 17)


def test_a_complete_draft_has_no_incomplete_steps(draft):
    assert steps.incomplete_steps(draft) == []


def test_a_draft_missing_an_answer_reports_that_step(bergen):
    application = VolunteerApplicationFactory(municipality=bergen, motivation="")
    assert [s.slug for s in steps.incomplete_steps(application)] == ["om-dere"]
