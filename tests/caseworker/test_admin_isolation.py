"""Every model registered in the admin renders for a superuser, and a caseworker stays inside their own kommune:
Lillestrøm's caseworker gets a 404 for every one of Bergen's rows, and a user without a kommune gets nothing.

Personas: a superuser, a caseworker in Bergen, another in Lillestrøm, and a staff user with no kommune at all.
"""

from datetime import date, datetime
from functools import reduce

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from applications.intake import services
from applications.intake.respite_steps import RESPITE
from applications.models import ApplicationStatus, HouseholdMember, RespiteApplication, RetentionRules, VolunteerApplication
from applications.volunteer import services as volunteer_services
from besokshjem.accounts.models import User
from besokshjem.audit.models import AccessEntry, AccessKind, AuditEntry
from besokshjem.legal.models import LegalReference
from besokshjem.outbox.models import Message
from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin
from besokshjem.tenancy.models import Municipality
from placements import services as placement_services
from placements.models import Agreement, ApprovedHome, EmploymentTerms, RateTable, TariffMinimum

from ..approval_helpers import add_rates, in_review
from ..factories import RespiteApplicationFactory, UserFactory, VolunteerApplicationFactory, make_caseworker, make_municipality
from ..placements.admin_creators import placement_creators
from .helpers import (
    admin_url,
    application_url,
    application_url_changelist,
    post_action,
    result_pks,
    submit,
    submitted_application,
)

# --- one object per registered model -------------------------------------------------------------
# Each creator makes its object in Bergen and, where the admin filters by kommune, a sibling in Lillestrøm,
# so that every list filter has something to offer.

KOMMUNER = {
    "bergen": {},
    "lillestrom": {"name": "Lillestrøm", "slug": "lillestrom", "number": "3205", "prefix": "LIL", "household_attest_required": True},
}


def kommune(slug="bergen"):
    return Municipality.objects.filter(slug=slug).first() or make_municipality(**KOMMUNER[slug])


def in_review_application(municipality):
    caseworker = make_caseworker(municipality)
    return in_review(VolunteerApplicationFactory(municipality=municipality), caseworker), caseworker


def _create_group():
    return Group.objects.create(name="Saksbehandlere")


def _create_user():
    return UserFactory(email="kari.nordmann@example.no", full_name="Kari Nordmann")


def _create_municipality():
    return kommune("bergen")


def _create_application():
    bergen = kommune("bergen")
    application = VolunteerApplicationFactory(municipality=bergen)
    HouseholdMember.objects.create(application=application, name="Ola Testesen", birth_date=date(2012, 5, 17), relation="child")
    application = submit(application)
    caseworker = make_caseworker(bergen)
    volunteer_services.application_assign(application=application, caseworker=caseworker, by=caseworker)
    submitted_application(kommune("lillestrom"))
    return application


def _create_audit_entry():
    application = _create_application()
    return AuditEntry.objects.get(object_id=application.pk, action="submitted")


def _create_access_entry():
    """A read of a case in each kommune (the access log), of two kinds so the filters have something to offer."""
    entries = []
    for slug, what in (("bergen", AccessKind.CASE_PAGE), ("lillestrom", AccessKind.LETTER_PDF)):
        application = submitted_application(kommune(slug))
        entries.append(AccessEntry.objects.create(
            user_id=1, user_email=f"saksbehandler@{slug}.example.no", municipality=application.municipality,
            content_type=ContentType.objects.get_for_model(application), object_id=application.pk,
            reference=application.reference, what=what, path=f"/admin/arbeidsflate/sak/{application.pk}/", ip_address="127.0.0.1"))
    return entries[0]


def _create_rate_table():
    add_rates(kommune("lillestrom"))
    add_rates(kommune("bergen"))
    return RateTable.objects.filter(municipality__slug="bergen").first()


def _create_agreement():
    agreements = []
    for slug in ("bergen", "lillestrom"):
        application, caseworker = in_review_application(kommune(slug))
        add_rates(application.municipality)
        agreements += volunteer_services.agreements_generate(application=application, by=caseworker)
    return agreements[0]


def _create_employment_terms():
    EmploymentTerms.objects.create(municipality=kommune("lillestrom"), pension_scheme="spk")
    return EmploymentTerms.objects.create(municipality=kommune("bergen"), pension_scheme="klp")


def _create_tariff_minimum():
    """National data: SGS 1030's minimums for a track from a date."""
    TariffMinimum.objects.get_or_create(legal_track="child_welfare", valid_from=date(2030, 1, 1), defaults={
        "hourly_pay_ore": 8000, "expenses_0_10_ore": 35000, "expenses_over_10_ore": 40000, "source": "Fiktiv test"})
    return TariffMinimum.objects.get_or_create(legal_track="health_care", valid_from=date(2030, 1, 1), defaults={
        "hourly_pay_ore": 10000, "expenses_0_10_ore": 22000, "expenses_over_10_ore": 29000, "source": "Fiktiv test"})[0]


def _create_approved_home():
    homes = []
    for slug in ("bergen", "lillestrom"):
        application, caseworker = in_review_application(kommune(slug))
        homes.append(placement_services.approved_home_create(application=application, by=caseworker))
    return homes[0]


def _create_respite_application():
    applications = []
    for slug in ("bergen", "lillestrom"):
        draft = RespiteApplicationFactory(municipality=kommune(slug))
        incomplete = [step.slug for step in RESPITE.incomplete_steps(draft)]
        applications.append(services.application_submit(application=draft, incomplete_steps=incomplete))
    return applications[0]


def _create_message():
    """Outbox rows in two kommuner: the receipts of two submitted applications (written by the submit service)."""
    messages = []
    for slug in ("bergen", "lillestrom"):
        application = submitted_application(kommune(slug))
        messages.append(Message.objects.get(kind="volunteer_receipt", object_id=application.pk))
    return messages[0]


def _create_legal_reference():
    """National data, not scoped to a kommune: a provision from a date."""
    return LegalReference.objects.create(key="test.reference", citation="forvaltningsloven § 29", valid_from=datetime(2026, 1, 1).date(), weeks=3)


CREATORS = {
    Group: _create_group,
    User: _create_user,
    Municipality: _create_municipality,
    AuditEntry: _create_audit_entry,
    AccessEntry: _create_access_entry,
    VolunteerApplication: _create_application,
    RateTable: _create_rate_table,
    Agreement: _create_agreement,
    EmploymentTerms: _create_employment_terms,
    TariffMinimum: _create_tariff_minimum,
    ApprovedHome: _create_approved_home,
    RespiteApplication: _create_respite_application,
    Message: _create_message,
    LegalReference: _create_legal_reference,
}
CREATORS.update(placement_creators(kommune))


def _create_access_attempt():
    """A lockout record of django-axes (not scoped to a kommune: only superusers have its permissions)."""
    return AccessAttempt.objects.create(username="kari.nordmann@example.no", ip_address="192.0.2.10", user_agent="test",
                                        http_accept="*/*", path_info="/admin/login/", get_data="", post_data="",
                                        failures_since_start=1)


CREATORS[AccessAttempt] = _create_access_attempt


def _create_retention_rules():
    """A kommune's rules for sletting, in two kommuner."""
    return [RetentionRules.objects.get_or_create(municipality=kommune(slug))[0] for slug in ("bergen", "lillestrom")][0]


CREATORS[RetentionRules] = _create_retention_rules


REGISTERED = list(admin.site._registry)


SCOPED = [model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, MunicipalityScopedAdmin)]


def create_one(model):
    try:
        creator = CREATORS[model]
    except KeyError:
        pytest.fail(f"{model._meta.label} is registered in the admin but has no creator in tests/caseworker/test_admin_isolation.py CREATORS")
    return creator()


def lookup(obj, path):
    """Follow a search_fields / date_hierarchy path such as "application__reference"."""
    return reduce(getattr, path.lstrip("^=@").split("__"), obj)


# --- smoke: every registered model, as a superuser -----------------------------------------------

def test_every_registered_model_has_a_creator():
    missing = [m._meta.label for m in REGISTERED if m not in CREATORS]
    assert not missing, f"Add a creator to CREATORS in tests/caseworker/test_admin_isolation.py for: {missing}"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_superuser_can_open_every_admin_page_of_a_registered_model(client, superuser, model):
    obj = create_one(model)
    model_admin = admin.site._registry[model]
    client.force_login(superuser)
    changelist = admin_url(model, "changelist")

    response = client.get(changelist)
    assert response.status_code == 200
    assert obj.pk in result_pks(response)

    # Search for the object by its first search field.
    if model_admin.search_fields:
        term = str(lookup(obj, model_admin.search_fields[0]))
        response = client.get(changelist, {"q": term})
        assert response.status_code == 200
        assert obj.pk in result_pks(response)
    assert client.get(changelist, {"q": "finnes-ikke"}).status_code == 200

    # Every option of every list filter; a bad lookup would redirect to ?e=1 instead.
    cl = client.get(changelist).context["cl"]
    assert len(cl.filter_specs) == len(model_admin.list_filter), "a filter has nothing to offer: give CREATORS more variety"
    options = [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]
    for query_string in options:
        response = client.get(changelist + query_string)
        assert response.status_code == 200, query_string
    if model_admin.date_hierarchy:
        when = lookup(obj, model_admin.date_hierarchy)
        year = (timezone.localtime(when) if isinstance(when, datetime) else when).year
        response = client.get(changelist, {f"{model_admin.date_hierarchy}__year": year})
        assert response.status_code == 200
        assert obj.pk in result_pks(response)

    request = RequestFactory().get(changelist)
    request.user = superuser
    add_status = client.get(admin_url(model, "add")).status_code
    assert add_status == (200 if model_admin.has_add_permission(request) else 403)

    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "history", obj.pk)).status_code == 200
    delete_status = client.get(admin_url(model, "delete", obj.pk)).status_code
    assert delete_status == (200 if model_admin.has_delete_permission(request, obj) else 403)


def test_superuser_sees_the_application_admin_index(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert application_url_changelist() in response.content.decode()


# --- isolation: Lillestrøm cannot see Bergen -----------------------------------------------------

@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.label)
def test_lillestrom_caseworker_gets_404_for_every_bergen_object_in_the_admin(client, db, model):
    obj = create_one(model)
    client.force_login(make_caseworker(kommune("lillestrom"), email="saksbehandler@lillestrom.example.no"))

    for view in ("change", "history", "delete"):
        assert client.get(admin_url(model, view, obj.pk)).status_code == 404, view
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert obj.pk not in result_pks(response)


@pytest.mark.parametrize("view", ["change", "history", "status", "delete"])
def test_lillestrom_caseworker_gets_404_for_bergen_application(client, lillestrom_caseworker, submitted, view):
    client.force_login(lillestrom_caseworker)
    assert client.get(application_url(submitted, view)).status_code == 404
    assert client.post(application_url(submitted, view), {"to_status": "in_review", "post": "yes"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_lillestrom_caseworker_sees_no_bergen_application_in_the_changelist(client, lillestrom_caseworker, submitted):
    client.force_login(lillestrom_caseworker)
    response = client.get(application_url_changelist())
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert submitted.reference not in response.content.decode()


@pytest.mark.parametrize("action", ["take_into_review", "assign_to_me"])
def test_lillestrom_caseworker_actions_do_nothing_to_a_bergen_application(client, lillestrom_caseworker, submitted, action):
    entries_before = AuditEntry.objects.count()
    client.force_login(lillestrom_caseworker)

    post_action(client, action, submitted)

    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.assigned_to is None
    assert AuditEntry.objects.count() == entries_before


def test_search_does_not_reach_another_kommunes_applications(client, bergen_caseworker, bergen_cases):
    client.force_login(bergen_caseworker)
    for term in (bergen_cases["lillestrom"].reference, "Strandli", "lise.strandli@example.no"):
        response = client.get(application_url_changelist(), {"q": term})
        assert response.context["cl"].result_count == 0


# --- no kommune, no access -----------------------------------------------------------------------

def test_staff_user_without_a_kommune_gets_no_access_to_applications(client, outsider, submitted):
    client.force_login(outsider)

    index = client.get(reverse("admin:index"))
    assert application_url_changelist() not in index.content.decode()
    assert client.get(application_url_changelist()).status_code == 403
    for view in ("change", "history", "status", "delete"):
        assert client.get(application_url(submitted, view)).status_code == 404, view
    post_action(client, "take_into_review", submitted)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_user_who_is_not_staff_is_sent_to_the_login_page(client, submitted):
    user = UserFactory(email="ikke.ansatt@example.no", is_staff=False)
    client.force_login(user)
    for url in (application_url_changelist(), application_url(submitted), application_url(submitted, "status")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_inactive_caseworker_gets_no_access(client, bergen_caseworker, submitted):
    bergen_caseworker.is_active = False
    bergen_caseworker.save(update_fields=["is_active"])
    client.force_login(bergen_caseworker)
    assert client.get(application_url(submitted)).status_code == 302
