"""The first page asks a question only when a role that is ticked needs it, and the server requires and keeps an answer
only then."""

import re

import pytest
from django.urls import reverse

from applications.intake import volunteer_forms as forms
from applications.intake.volunteer_steps import REVIEW, VOLUNTEER
from applications.models import VolunteerApplication

from ..factories import VolunteerApplicationFactory
from .wizard_walk import start


def wrapper(html: str, field: str) -> str:
    """The opening tag of the block that holds a question that only some roles ask."""
    match = re.search(rf'<div class="conditional-question"[^>]*>\s*<(?:div|fieldset)[^>]*id="div_id_{field}"', html)
    assert match, f"{field} is not a conditional question"
    return match.group(0)


@pytest.mark.parametrize(
    ("query", "respite_mode_shown", "together_shown"),
    [("?type=besokshjem", False, True), ("?type=avlastningshjem", True, True), ("?type=stottekontakt", False, False), ("", False, False)],
)
def test_first_page_shows_only_the_questions_of_the_role_chosen(client, bergen, query, respite_mode_shown, together_shown):
    html = client.get(reverse("applications:start", args=["bergen"]) + query).content.decode()
    assert (" hidden" not in wrapper(html, "respite_home_mode")) is respite_mode_shown
    assert (" hidden" not in wrapper(html, "applying_together")) is together_shown
    assert 'data-needs="respite"' in wrapper(html, "respite_home_mode")
    assert 'data-needs="visiting respite"' in wrapper(html, "applying_together")
    assert "Gjelder bare avlastningshjem" not in html


def test_a_draft_shows_the_questions_of_its_saved_roles(client, bergen):
    response = start(client, home_types=["respite"], respite_home_mode="hourly")
    html = client.get(response["Location"].replace("/soker/", "/oppdrag/")).content.decode()
    assert " hidden" not in wrapper(html, "respite_home_mode")
    assert re.search(r'<input type="radio"[^>]*value="hourly"[^>]*checked>', html)


def test_first_page_with_errors_shows_the_questions_of_the_roles_ticked(client, bergen):
    response = start(client, home_types=["visiting", "respite"], applying_together="")
    assert response.status_code == 400
    html = response.content.decode()
    assert " hidden" not in wrapper(html, "respite_home_mode")
    assert "Velg om du kan gi avlastning med overnatting, på dagtid eller begge." in html
    assert "Søker du sammen med ektefelle, samboer eller partner?: Svar ja eller nei." in html


@pytest.fixture
def fresh(bergen):
    return VolunteerApplication(municipality=bergen)


def test_respite_question_is_neither_required_nor_kept_without_respite(fresh):
    form = forms.HomeTypeForm(data={"home_types": ["visiting"], "applying_together": "False", "respite_home_mode": "both"}, application=fresh)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["respite_home_mode"] == ""


def test_a_couple_question_is_required_for_a_home(fresh):
    form = forms.HomeTypeForm(data={"home_types": ["visiting", "support_contact"]}, application=fresh)
    assert not form.is_valid()
    assert form.errors == {"applying_together": ["Svar ja eller nei."]}


def test_a_support_contact_only_is_not_asked_about_a_partner(fresh):
    form = forms.HomeTypeForm(data={"home_types": ["support_contact"]}, application=fresh)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["applying_together"] is False


def test_a_support_contact_who_once_said_together_applies_alone_after_changing_roles(client, bergen):
    url = start(client, home_types=["visiting"], applying_together="True")["Location"].replace("/soker/", "/oppdrag/")
    response = client.post(url, {"home_types": ["support_contact"], "nav": "next"})
    assert response.status_code == 302
    application = VolunteerApplication.objects.get()
    assert application.home_types == ["support_contact"] and application.applying_together is False


@pytest.mark.parametrize(("roles", "question"), [
    (["visiting"], "Hvorfor vil du bli besøkshjem?"),
    (["support_contact", "respite"], "Hvorfor vil du bli støttekontakt eller avlastningshjem?"),
    (["visiting", "respite", "support_contact"], "Hvorfor vil du bli besøkshjem, avlastningshjem eller støttekontakt?"),
])
def test_motivation_question_names_the_roles_applied_for(bergen, roles, question):
    form = forms.AboutForm(application=VolunteerApplication(municipality=bergen, home_types=roles))
    assert form.fields["motivation"].label == question


def test_summary_reads_back_only_the_questions_that_were_asked(client, bergen):
    besokshjem = VolunteerApplicationFactory(municipality=bergen, home_types=["visiting"])
    html = client.get(VOLUNTEER.step_url(besokshjem, REVIEW)).content.decode()
    assert "Hvilken avlastning kan du gi?" not in html
    assert "Søker du sammen med ektefelle, samboer eller partner?" in html
    support_contact = VolunteerApplicationFactory(municipality=bergen, home_types=["support_contact"], hours_per_week=4)
    html = client.get(VOLUNTEER.step_url(support_contact, REVIEW)).content.decode()
    assert "Hvilken avlastning kan du gi?" not in html
    assert "Søker du sammen med ektefelle, samboer eller partner?" not in html
