"""Each field that is wrong gets one message, written for the applicant; the household relation is chosen, never
preset."""

import re
from datetime import date

import pytest
import time_machine

from applications.intake import volunteer_forms as forms
from applications.models import HouseholdMember, VolunteerApplication
from besokshjem.tenancy.choices import HomeType

from .test_volunteer_form_rules import applicant_form
from .wizard_walk import STEP_DATA, start


@pytest.fixture
def fresh(bergen):
    return VolunteerApplication(municipality=bergen, home_types=[HomeType.VISITING], applying_together=True)


@pytest.mark.parametrize(("phone", "message"), [
    ("123", "Oppgi et gyldig norsk telefonnummer, for eksempel 412 34 567."),
    ("abc", "Oppgi et gyldig norsk telefonnummer, for eksempel 412 34 567."),
    ("+46 70 123 45 67", "Oppgi et norsk telefonnummer (8 sifre), for eksempel 412 34 567."),
])
def test_a_wrong_phone_number_gets_one_message(fresh, phone, message):
    form = applicant_form(fresh, phone=phone, partner_phone=phone)
    assert not form.is_valid()
    assert form.errors["phone"] == [message]
    assert form.errors["partner_phone"] == [message]


@time_machine.travel(date(2026, 11, 25))
def test_a_partner_under_18_is_told_about_the_partner(fresh):
    form = applicant_form(fresh, partner_birth_date="2010-01-01")
    assert form.errors["partner_birth_date"] == ["Partneren din må ha fylt 18 år."]


def test_the_applicant_page_shows_one_message_per_wrong_field(client, bergen):
    url = start(client)["Location"]
    response = client.post(url, {**STEP_DATA["soker"], "phone": "abc", "birth_date": "2020-01-01", "nav": "next"})
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert summary.count("<li>") == 2
    assert html.count("Oppgi et gyldig norsk telefonnummer") == 2  # the summary and the field, nothing more
    assert html.count("Du kan søke når du har fylt 18 år.") == 2
    assert html.count("Oppgi et norsk telefonnummer (8 sifre)") == 0


def test_household_relation_is_radio_buttons_with_none_chosen(db):
    form = forms.HouseholdMemberForm()
    html = str(form["relation"])
    assert 'type="radio"' in html and "checked" not in html and "---------" not in html
    assert [value for value, _label in form.fields["relation"].choices] == ["partner", "child", "other_adult", "other_child"]


def test_household_relation_must_be_chosen_with_a_clear_message(db):
    form = forms.HouseholdMemberForm(data={"name": "Lille Test", "birth_date": "2016-05-17"})
    assert not form.is_valid()
    assert form.errors == {"relation": ["Velg hva personen er for deg."]}


def test_household_step_without_a_relation_keeps_the_answers_and_names_the_person(client, bergen):
    url = start(client)["Location"]
    client.post(url, {**STEP_DATA["soker"], "nav": "next"})
    url = url.replace("/soker/", "/husstand/")
    data = {**STEP_DATA["husstand"], "nav": "next"}
    del data["members-0-relation"]
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Person 1 – Hva er personen for deg?: Velg hva personen er for deg." in html
    assert 'value="Lille Testesen"' in html
    assert HouseholdMember.objects.count() == 0
