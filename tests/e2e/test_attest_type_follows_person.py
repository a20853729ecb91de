"""On the case page, choosing the person an attest is for sets «Type attest» to what that person's role requires (an
adult in the household of a besøkshjem in Lillestrøm: an ordinary attest; the applicant: a complete and extended one);
the caseworker can still change it, and without JavaScript the server's default and its check stand."""

from datetime import date

from django.urls import reverse
from playwright.sync_api import expect

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory
from .support import admin_login
from .test_caseworker_approval import action_form


def test_the_attest_type_follows_the_person_chosen(live_server, new_page, lillestrom, lillestrom_caseworker):
    application = h.in_review(VolunteerApplicationFactory(municipality=lillestrom), lillestrom_caseworker)
    h.add_household_member(application, name="Voksen Sønn", birth_date=date(2000, 6, 15))

    page = new_page()
    admin_login(page, live_server.url, lillestrom_caseworker.email)
    page.goto(live_server.url + reverse("caseworker:case", args=[application.pk]))
    form = action_form(page, "attest")
    person, attest_type = form.get_by_label("Person"), form.get_by_label("Type attest")
    person.select_option(label="Voksen Sønn")
    expect(attest_type).to_have_value("ordinary")
    person.select_option(label=application.applicant_name)
    expect(attest_type).to_have_value("complete_extended")
    attest_type.select_option(value="ordinary")  # still the caseworker's choice
    expect(attest_type).to_have_value("ordinary")
