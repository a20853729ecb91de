"""The kommune's own settings in the admin: a kommune administrator changes them and adds caseworkers, a caseworker
only reads them, nobody in Bergen opens another kommune, and only a superuser adds a kommune."""

import pytest
from django.urls import reverse

from besokshjem.tenancy.choices import HomeType, LegalTrack
from besokshjem.tenancy.models import HomeTypeSetting, Municipality, Role, Unit

from ..factories import UserFactory
from .helpers import admin_url, application_url_changelist, change_form_data, result_pks


def test_caseworker_cannot_change_own_kommunes_settings(client, bergen_caseworker, bergen):
    client.force_login(bergen_caseworker)
    url = admin_url(Municipality, "change", bergen.pk)

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()

    response = client.post(url, {"name": "Bjørgvin"})
    assert response.status_code == 403
    bergen.refresh_from_db()
    assert bergen.name == "Bergen"


def test_kommune_admin_can_change_own_kommunes_settings(client, bergen_admin, bergen):
    client.force_login(bergen_admin)
    url = admin_url(Municipality, "change", bergen.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is True
    data = change_form_data(page)
    data["contact_unit"] = "Etat for barn og familie"
    data["interviews_required"] = "3"

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    bergen.refresh_from_db()
    assert bergen.contact_unit == "Etat for barn og familie"
    assert bergen.interviews_required == 3


@pytest.mark.parametrize("persona", ["bergen_caseworker", "bergen_admin"])
def test_nobody_in_bergen_can_open_another_kommune(client, request, lillestrom, persona):
    client.force_login(request.getfixturevalue(persona))
    url = admin_url(Municipality, "change", lillestrom.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Bergen 2"}).status_code == 404
    changelist = client.get(admin_url(Municipality, "changelist"))
    assert lillestrom.pk not in result_pks(changelist)
    lillestrom.refresh_from_db()
    assert lillestrom.name == "Lillestrøm"


def test_only_a_superuser_can_add_a_kommune(client, bergen_admin, superuser):
    client.force_login(bergen_admin)
    assert client.get(admin_url(Municipality, "add")).status_code == 403
    client.force_login(superuser)
    assert client.get(admin_url(Municipality, "add")).status_code == 200


def test_kommune_added_in_the_admin_gets_a_setting_per_home_type_and_its_units(client, superuser):
    client.force_login(superuser)
    data = change_form_data(client.get(admin_url(Municipality, "add")))
    data.update(
        name="Testvik", slug="testvik", number="1234", reference_prefix="TST",
        contact_email="post@testvik.example.no", contact_phone="+4755000001",
    )

    response = client.post(admin_url(Municipality, "add"), data)

    assert response.status_code == 302
    municipality = Municipality.objects.get(slug="testvik")
    assert sorted(municipality.home_type_settings.values_list("home_type", flat=True)) == sorted(HomeType.values)
    assert sorted(municipality.units.values_list("legal_track", flat=True)) == ["child_welfare", "health_care"]


def test_caseworker_added_by_a_kommune_admin_can_open_the_admin(client, bergen_admin, bergen, submitted):
    """An existing user without access is added by e-mail address (the deliberate choice), never by picking an id."""
    newcomer = UserFactory(email="ny.saksbehandler@bergen.example.no", is_staff=False)
    client.force_login(bergen_admin)
    url = reverse("admin:tenancy_municipality_member_add", args=[bergen.pk])

    response = client.post(url, {"email": newcomer.email, "role": Role.CASEWORKER, "add_existing": "on",
                                 "units": list(bergen.units.values_list("pk", flat=True))})

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    client.force_login(newcomer)
    assert result_pks(client.get(application_url_changelist())) == {submitted.pk}


def test_kommune_admin_edits_the_home_type_settings_on_the_kommunes_page(client, bergen_admin, bergen):
    client.force_login(bergen_admin)
    url = admin_url(Municipality, "change", bergen.pk)
    page = client.get(url)
    [settings_rows] = [i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is HomeTypeSetting]
    [row] = [i for i, form in enumerate(settings_rows.forms) if form.instance.home_type == HomeType.SUPPORT_CONTACT]
    data = change_form_data(page)
    data.pop(f"{settings_rows.prefix}-{row}-recruits", None)
    data[f"{settings_rows.prefix}-{row}-intro"] = "Vi trenger støttekontakter i Arna."

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    setting = HomeTypeSetting.objects.get(municipality=bergen, home_type=HomeType.SUPPORT_CONTACT)
    assert (setting.recruits, setting.intro) == (False, "Vi trenger støttekontakter i Arna.")
    assert HomeTypeSetting.objects.get(municipality=bergen, home_type=HomeType.VISITING).recruits


def test_kommune_admin_renames_a_unit_but_not_its_legal_track(client, bergen_admin, bergen):
    client.force_login(bergen_admin)
    url = admin_url(Municipality, "change", bergen.pk)
    page = client.get(url)
    [units] = [i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Unit]
    assert {form.instance.municipality_id for form in units.forms} == {bergen.pk}
    [row] = [i for i, form in enumerate(units.forms) if form.instance.legal_track == LegalTrack.CHILD_WELFARE]
    data = change_form_data(page)
    data[f"{units.prefix}-{row}-name"] = "Barnevernet i Bergen"
    data[f"{units.prefix}-{row}-legal_track"] = LegalTrack.HEALTH_CARE  # read-only: ignored

    assert client.post(url, data).status_code == 302

    assert Unit.objects.get(municipality=bergen, legal_track=LegalTrack.CHILD_WELFARE).name == "Barnevernet i Bergen"


def test_a_caseworker_sees_neither_members_nor_units_of_the_kommune(client, bergen_caseworker, bergen):
    client.force_login(bergen_caseworker)
    page = client.get(admin_url(Municipality, "change", bergen.pk))

    assert {i.formset.model for i in page.context["inline_admin_formsets"]} == {HomeTypeSetting}
    assert reverse("admin:tenancy_municipality_member_add", args=[bergen.pk]) not in page.content.decode()
