"""The caseworkers' admin: every registered model renders, and a caseworker stays inside their own kommune.

Personas: a superuser, a caseworker in Bergen, another in Lillestrøm, a Bergen kommune administrator,
and a staff user with no kommune at all.
"""

from datetime import datetime, timedelta
from functools import reduce

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.forms import CheckboxInput
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from applications import services, steps
from applications.models import ApplicationStatus, HouseholdMember, RespiteApplication, VolunteerApplication
from applications.respite_steps import RESPITE
from besokshjem.accounts.models import User
from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import audit_record
from besokshjem.reminders import services as reminder_services
from besokshjem.reminders.models import Reminder
from besokshjem.reminders.rules import RULES
from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.models import Membership, Municipality, Role
from placements import services as placement_services
from placements.models import Agreement, ApprovedHome, RateTable

from .approval_helpers import add_rates, in_review
from .factories import RespiteApplicationFactory, UserFactory, VolunteerApplicationFactory, make_caseworker, make_municipality

# --- helpers -------------------------------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def application_url(application, view="change"):
    return admin_url(VolunteerApplication, view, application.pk)


def application_url_changelist():
    return admin_url(VolunteerApplication, "changelist")


def submit(application):
    """Send an application in the way the wizard does."""
    incomplete = [s.slug for s in steps.incomplete_steps(application)]
    return services.application_submit(application=application, incomplete_steps=incomplete)


def submitted_application(municipality, **fields):
    return submit(VolunteerApplicationFactory(municipality=municipality, **fields))


def result_pks(response):
    return {obj.pk for obj in response.context["cl"].result_list}


def readonly_contents(response, field_name):
    """The rendered value of one read-only field on an admin change page."""
    for fieldset in response.context["adminform"]:
        for line in fieldset:
            for field in line:
                if field.field["field"] == field_name:
                    return str(field.contents())
    raise AssertionError(f"{field_name} is not on the page")


def change_form_data(response):
    """POST data that re-submits an admin change form (and its inlines) as it was rendered."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def post_action(client, action, *applications):
    return client.post(
        admin_url(VolunteerApplication, "changelist"),
        {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [a.pk for a in applications]},
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
    HouseholdMember.objects.create(application=application, name="Ola Testesen", birth_year=2012, relation="child")
    application = submit(application)
    caseworker = make_caseworker(bergen)
    services.application_assign(application=application, caseworker=caseworker, by=caseworker)
    submitted_application(kommune("lillestrom"))
    return application


def _create_audit_entry():
    application = _create_application()
    return AuditEntry.objects.get(object_id=application.pk, action="submitted")


def _create_rate_table():
    add_rates(kommune("lillestrom"))
    add_rates(kommune("bergen"))
    return RateTable.objects.filter(municipality__slug="bergen").first()


def _create_agreement():
    agreements = []
    for slug in ("bergen", "lillestrom"):
        application, caseworker = in_review_application(kommune(slug))
        add_rates(application.municipality)
        agreements.append(placement_services.agreement_generate(application=application, by=caseworker))
    return agreements[0]


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


def _create_reminder():
    """Reminders of two kinds in two kommuner (planned through the service, never sent in the test)."""
    first_kind, second_kind = list(RULES)[:2]
    reminders = []
    for slug, kind in (("bergen", first_kind), ("lillestrom", second_kind)):
        application = submitted_application(kommune(slug))
        [pk] = reminder_services.plan_now(
            kind=kind, target=application, municipality=application.municipality,
            due_on=timezone.localdate(), recipients=[(application.email, "nb")],
        )
        reminders.append(Reminder.objects.get(pk=pk))
    return reminders[0]


# A newly registered model fails test_every_registered_model_has_a_creator until it gets a line here.
CREATORS = {
    Group: _create_group,
    User: _create_user,
    Municipality: _create_municipality,
    AuditEntry: _create_audit_entry,
    VolunteerApplication: _create_application,
    RateTable: _create_rate_table,
    Agreement: _create_agreement,
    ApprovedHome: _create_approved_home,
    RespiteApplication: _create_respite_application,
    Reminder: _create_reminder,
}
REGISTERED = list(admin.site._registry)
SCOPED = [model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, MunicipalityScopedAdmin)]


def create_one(model):
    try:
        creator = CREATORS[model]
    except KeyError:
        pytest.fail(f"{model._meta.label} is registered in the admin but has no creator in tests/test_admin.py CREATORS")
    return creator()


def lookup(obj, path):
    """Follow a search_fields / date_hierarchy path such as "application__reference"."""
    return reduce(getattr, path.lstrip("^=@").split("__"), obj)


# --- personas ------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="superbruker@example.no", password="test-passord-123")


@pytest.fixture
def bergen_admin(bergen):
    return make_caseworker(bergen, email="kommuneadmin@bergen.example.no", role=Role.ADMIN)


@pytest.fixture
def outsider(db):
    """A staff user who belongs to no kommune."""
    return UserFactory(email="uten.kommune@example.no")


@pytest.fixture
def bergen_cases(bergen, lillestrom):
    """Bergen's inbox: two submitted applications, one in review, one unsent draft; and one of Lillestrøm's."""
    kari = VolunteerApplicationFactory(municipality=bergen, first_name="Kari", last_name="Fjellheim", email="kari.fjellheim@example.no")
    HouseholdMember.objects.create(application=kari, name="Emma Fjellheim", birth_year=2014, relation="child")
    kari = submit(kari)
    ola = submitted_application(
        bergen,
        first_name="Ola",
        last_name="Nordvik",
        email="ola.nordvik@example.no",
        home_types=["support_contact"],
        hours_per_week=4,
    )
    per = submitted_application(bergen, first_name="Per", last_name="Bakkemo", email="per.bakkemo@example.no")
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    per = services.application_change_status(application=per, to_status=ApplicationStatus.IN_REVIEW, by=colleague)
    draft = VolunteerApplicationFactory(municipality=bergen, first_name="Utkast", last_name="Usendt", email="utkast@example.no")
    lillestrom_case = submitted_application(lillestrom, first_name="Lise", last_name="Strandli", email="lise.strandli@example.no")
    return {"kari": kari, "ola": ola, "per": per, "draft": draft, "lillestrom": lillestrom_case}


# --- smoke: every registered model, as a superuser -----------------------------------------------


def test_every_registered_model_has_a_creator():
    missing = [m._meta.label for m in REGISTERED if m not in CREATORS]
    assert not missing, f"Add a creator to CREATORS in tests/test_admin.py for: {missing}"


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


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.label)
def test_lillestrom_caseworker_gets_404_for_every_bergen_object_in_the_admin(client, db, model):
    obj = create_one(model)
    client.force_login(make_caseworker(kommune("lillestrom"), email="saksbehandler@lillestrom.example.no"))

    for view in ("change", "history", "delete"):
        assert client.get(admin_url(model, view, obj.pk)).status_code == 404, view
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert obj.pk not in result_pks(response)


def test_superuser_sees_the_application_admin_index(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert application_url_changelist() in response.content.decode()


# --- the Bergen caseworker's inbox ---------------------------------------------------------------


def test_bergen_caseworker_changelist_lists_only_bergens_sent_applications(client, bergen_caseworker, bergen_cases):
    client.force_login(bergen_caseworker)
    response = client.get(application_url_changelist())
    assert response.status_code == 200
    assert result_pks(response) == {bergen_cases[k].pk for k in ("kari", "ola", "per")}


def test_drafts_are_not_listed_in_the_changelist(client, bergen_caseworker, superuser, bergen_cases):
    draft = bergen_cases["draft"]
    for user in (bergen_caseworker, superuser):
        client.force_login(user)
        assert draft.pk not in result_pks(client.get(application_url_changelist()))
        assert client.get(application_url(draft)).status_code == 404


@pytest.mark.parametrize(
    ("term", "who"),
    [
        ("reference", "kari"),
        ("Nordvik", "ola"),
        ("per.bakkemo@example.no", "per"),
        ("bakkemo@EXAMPLE", "per"),
    ],
)
def test_bergen_caseworker_finds_an_application_by_reference_last_name_or_email(client, bergen_caseworker, bergen_cases, term, who):
    expected = bergen_cases[who]
    if term == "reference":
        term = expected.reference
    client.force_login(bergen_caseworker)
    response = client.get(application_url_changelist(), {"q": term})
    assert response.status_code == 200
    assert result_pks(response) == {expected.pk}


def test_search_does_not_reach_another_kommunes_applications(client, bergen_caseworker, bergen_cases):
    client.force_login(bergen_caseworker)
    for term in (bergen_cases["lillestrom"].reference, "Strandli", "lise.strandli@example.no"):
        response = client.get(application_url_changelist(), {"q": term})
        assert response.context["cl"].result_count == 0


def test_bergen_caseworker_filters_by_status_type_kommune_and_date(client, bergen_caseworker, bergen, lillestrom, bergen_cases):
    client.force_login(bergen_caseworker)
    url = application_url_changelist()
    kari, ola, per = bergen_cases["kari"], bergen_cases["ola"], bergen_cases["per"]
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = midnight + timedelta(days=1)

    assert result_pks(client.get(url, {"status": "submitted"})) == {kari.pk, ola.pk}
    assert result_pks(client.get(url, {"status": "in_review"})) == {per.pk}
    assert result_pks(client.get(url, {"home_type": "visiting"})) == {kari.pk, per.pk}
    assert result_pks(client.get(url, {"home_type": "support_contact"})) == {ola.pk}
    assert result_pks(client.get(url, {"home_type": "respite"})) == set()
    assert result_pks(client.get(url, {"municipality__id__exact": bergen.pk})) == {kari.pk, ola.pk, per.pk}
    assert bergen_cases["lillestrom"].pk not in result_pks(client.get(url, {"municipality__id__exact": lillestrom.pk}))
    assert result_pks(client.get(url, {"assigned_to__id__exact": per.assigned_to_id})) == {per.pk}
    todays = client.get(url, {"submitted_at__gte": str(midnight), "submitted_at__lt": str(tomorrow)})
    assert result_pks(todays) == {kari.pk, ola.pk, per.pk}
    assert result_pks(client.get(url, {"submitted_at__gte": str(tomorrow)})) == set()
    assert result_pks(client.get(url, {"submitted_at__year": midnight.year})) == {kari.pk, ola.pk, per.pk}


def test_kommune_filter_offers_only_the_caseworkers_own_kommuner(client, bergen, sarpsborg, bergen_cases):
    """A caseworker in Bergen and Sarpsborg filters between those two; Lillestrøm is not on offer."""
    caseworker = make_caseworker(bergen, email="interkommunal@example.no")
    make_caseworker(sarpsborg, email="interkommunal@example.no")
    sarpsborg_case = submitted_application(sarpsborg, first_name="Sara", last_name="Myrvold", age_max=16)
    client.force_login(caseworker)
    url = application_url_changelist()

    cl = client.get(url).context["cl"]
    [municipality_filter] = [spec for spec in cl.filter_specs if getattr(spec, "field_path", "") == "municipality"]
    assert sorted(label for _pk, label in municipality_filter.lookup_choices) == ["Bergen", "Sarpsborg"]
    assert result_pks(client.get(url, {"municipality__id__exact": sarpsborg.pk})) == {sarpsborg_case.pk}
    assert result_pks(client.get(url, {"municipality__id__exact": bergen.pk})) == {bergen_cases[k].pk for k in ("kari", "ola", "per")}


def test_detail_page_shows_the_answers_in_sections_with_the_household(client, bergen_caseworker, bergen_cases):
    kari = bergen_cases["kari"]
    client.force_login(bergen_caseworker)
    response = client.get(application_url(kari))
    assert response.status_code == 200
    sections = [str(fieldset.name) for fieldset in response.context["adminform"]]
    for section in ("Sak", "Søker", "Bolig", "Helse", "Ønsker", "Samtykker", "Historikk"):
        assert section in sections
    content = response.content.decode()
    assert kari.reference in content
    assert "kari.fjellheim@example.no" in content
    assert "Emma Fjellheim" in content
    assert "2014" in content
    # Answers are read-only: nothing to save, nothing to delete.
    assert 'name="_save"' not in content
    assert response.context["adminform"].form.fields == {}


def test_status_change_moves_submitted_to_in_review_through_the_service_with_audit(
    client, bergen_caseworker, bergen_cases, monkeypatch
):
    kari = bergen_cases["kari"]
    calls = []
    real = services.application_change_status

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "application_change_status", spy)
    client.force_login(bergen_caseworker)
    status_url = application_url(kari, "status")

    page = client.get(status_url)
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["to_status"].choices] == ["in_review", "rejected"]

    before = timezone.now()
    response = client.post(status_url, {"to_status": "in_review", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == application_url(kari)

    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.IN_REVIEW
    assert kari.assigned_to == bergen_caseworker
    assert [c["to_status"] for c in calls] == ["in_review"]
    entry = AuditEntry.objects.get(object_id=kari.pk, action="status_changed")
    assert entry.actor == bergen_caseworker
    assert entry.actor_label == bergen_caseworker.email
    assert (entry.from_status, entry.to_status) == ("submitted", "in_review")
    assert before <= entry.created_at <= timezone.now()
    assert entry.municipality == kari.municipality

    history = readonly_contents(client.get(application_url(kari)), "history")
    assert bergen_caseworker.email in history
    assert "submitted" in history or str(ApplicationStatus.SUBMITTED.label) in history
    assert "in_review" in history or str(ApplicationStatus.IN_REVIEW.label) in history


def test_rejecting_without_a_reason_shows_an_error_and_keeps_the_status(client, bergen_caseworker, bergen_cases):
    kari = bergen_cases["kari"]
    entries_before = AuditEntry.objects.count()
    client.force_login(bergen_caseworker)

    response = client.post(application_url(kari, "status"), {"to_status": "rejected", "note": "   "})

    assert response.status_code == 200
    assert "Et avslag må ha en begrunnelse." in response.context["form"].non_field_errors()
    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.SUBMITTED
    assert AuditEntry.objects.count() == entries_before


def test_rejecting_with_a_reason_closes_the_case_and_shows_the_reason_in_history(client, bergen_caseworker, bergen_cases):
    kari = bergen_cases["kari"]
    client.force_login(bergen_caseworker)

    response = client.post(application_url(kari, "status"), {"to_status": "rejected", "note": "Bor for langt unna."})

    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.REJECTED
    assert kari.closed_at is not None
    assert "Bor for langt unna." in readonly_contents(client.get(application_url(kari)), "history")


def test_a_closed_application_offers_no_status_change(client, bergen_caseworker, bergen_cases):
    kari = services.application_change_status(
        application=bergen_cases["kari"], to_status=ApplicationStatus.REJECTED, by=bergen_caseworker, note="Nei."
    )
    client.force_login(bergen_caseworker)

    response = client.post(application_url(kari, "status"), {"to_status": "in_review"})

    assert response.status_code == 200
    kari.refresh_from_db()
    assert kari.status == ApplicationStatus.REJECTED


def test_take_into_review_action_moves_only_submitted_applications(client, bergen_caseworker, bergen_cases):
    kari, per = bergen_cases["kari"], bergen_cases["per"]
    client.force_login(bergen_caseworker)

    response = post_action(client, "take_into_review", kari, per)

    assert response.status_code == 302
    kari.refresh_from_db()
    per.refresh_from_db()
    assert kari.status == ApplicationStatus.IN_REVIEW
    assert kari.assigned_to == bergen_caseworker
    assert per.status == ApplicationStatus.IN_REVIEW
    assert per.assigned_to != bergen_caseworker


def test_assign_to_me_action_assigns_and_audits(client, bergen_caseworker, bergen_cases):
    per = bergen_cases["per"]
    client.force_login(bergen_caseworker)

    post_action(client, "assign_to_me", per)

    per.refresh_from_db()
    assert per.assigned_to == bergen_caseworker
    assert AuditEntry.objects.filter(object_id=per.pk, action="assigned", actor=bergen_caseworker).exists()


# --- isolation: Lillestrøm cannot see Bergen -----------------------------------------------------


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


def test_lillestrom_caseworker_gets_404_for_bergens_audit_entries(client, lillestrom_caseworker, submitted):
    entry = AuditEntry.objects.get(object_id=submitted.pk)
    client.force_login(lillestrom_caseworker)
    assert client.get(admin_url(AuditEntry, "change", entry.pk)).status_code == 404
    assert client.get(admin_url(AuditEntry, "changelist")).context["cl"].result_count == 0


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


def test_kommune_added_in_the_admin_gets_a_setting_per_home_type(client, superuser):
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


def test_caseworker_added_by_a_kommune_admin_can_open_the_admin(client, bergen_admin, bergen, submitted):
    newcomer = UserFactory(email="ny.saksbehandler@bergen.example.no", is_staff=False)
    client.force_login(bergen_admin)
    url = admin_url(Municipality, "change", bergen.pk)
    page = client.get(url)
    data = change_form_data(page)
    [memberships] = [i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Membership]
    n = memberships.total_form_count()
    data[f"{memberships.prefix}-TOTAL_FORMS"] = str(n + 1)
    data.update({f"{memberships.prefix}-{n}-user": str(newcomer.pk), f"{memberships.prefix}-{n}-role": Role.CASEWORKER})

    assert client.post(url, data).status_code == 302

    newcomer.refresh_from_db()
    assert newcomer.is_staff
    client.force_login(newcomer)
    assert result_pks(client.get(application_url_changelist())) == {submitted.pk}


# --- the audit trail is append-only --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["superuser", "bergen_caseworker"])
def test_nobody_can_change_or_delete_an_audit_entry(client, request, submitted, persona):
    entry = AuditEntry.objects.get(object_id=submitted.pk)
    client.force_login(request.getfixturevalue(persona))
    change_url = admin_url(AuditEntry, "change", entry.pk)

    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert page.context["adminform"].form.fields == {}

    assert client.post(change_url, {"action": "forged", "actor_label": "noen"}).status_code == 403
    assert client.get(admin_url(AuditEntry, "delete", entry.pk)).status_code == 403
    assert client.post(admin_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    assert client.get(admin_url(AuditEntry, "add")).status_code == 403
    client.post(
        admin_url(AuditEntry, "changelist"), {"action": "delete_selected", "index": 0, ACTION_CHECKBOX_NAME: [entry.pk], "post": "yes"}
    )

    entry.refresh_from_db()
    assert (entry.action, entry.actor_label) == ("submitted", "søker")


def test_deleting_an_application_as_superuser_keeps_its_audit_entries(client, superuser, submitted):
    client.force_login(superuser)
    response = client.post(application_url(submitted, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(object_id=submitted.pk).exists()


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


def test_bergen_caseworker_audit_list_shows_only_bergens_entries(client, bergen_caseworker, bergen_cases, lillestrom):
    lillestrom_case = bergen_cases["lillestrom"]
    audit_record(target=lillestrom_case, municipality=lillestrom, action="note", actor_label="system")
    client.force_login(bergen_caseworker)
    response = client.get(admin_url(AuditEntry, "changelist"))
    municipalities = {entry.municipality_id for entry in response.context["cl"].result_list}
    assert municipalities == {bergen_cases["kari"].municipality_id}

