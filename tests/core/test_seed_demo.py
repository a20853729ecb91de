"""`manage.py seed_demo`: three fictional kommuner, their caseworkers and about 20 applications; safe to run twice."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.http import HttpRequest

from applications.management.commands.seed_demo import DEMO_PASSWORD
from applications.models import ApplicationStatus, VolunteerApplication
from besokshjem.accounts.models import User
from besokshjem.audit.models import AuditEntry
from besokshjem.tenancy.models import Membership, Municipality, Role

from ..module_data import module_data

PROJECT_APPS = {"accounts", "tenancy", "audit", "applications", "placements"}
DEMO_LOGINS = ["admin@example.no"] + [
    f"{local}.{slug}@example.no" for slug in ("bergen", "lillestrom", "sarpsborg") for local in ("saksbehandler", "kommuneadmin")
]


def project_models():
    return [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model._meta.label: model.objects.count() for model in project_models()}


def is_example_address(address):
    domain = address.rsplit("@", 1)[-1].lower()
    return domain == "example.no" or domain.endswith(".example.no")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the module: the demo walks cases through the whole checklist, which takes seconds."""
    with module_data(django_db_blocker, tmp_path_factory):
        yield seed()


@pytest.fixture
def output(seeded, db):
    return seeded


def test_seed_creates_three_kommuner_with_caseworkers_and_admins(output):
    assert set(Municipality.objects.values_list("name", flat=True)) == {"Bergen", "Lillestrøm", "Sarpsborg"}
    for municipality in Municipality.objects.all():
        roles = set(Membership.objects.filter(municipality=municipality).values_list("role", flat=True))
        assert roles == {Role.CASEWORKER, Role.ADMIN}, municipality
        assert municipality.home_type_settings.count() == 3
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == ["admin@example.no"]


def test_seed_creates_about_twenty_applications_in_several_states(output):
    assert 18 <= VolunteerApplication.objects.count() <= 26
    statuses = set(VolunteerApplication.objects.values_list("status", flat=True))
    assert {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN} <= statuses
    for municipality in Municipality.objects.all():
        in_kommune = VolunteerApplication.objects.filter(municipality=municipality)
        assert in_kommune.filter(status=ApplicationStatus.SUBMITTED).exists(), municipality
        assert in_kommune.filter(status=ApplicationStatus.IN_REVIEW).exists(), municipality


def test_seeded_applications_carry_references_and_an_audit_trail(output):
    for application in VolunteerApplication.objects.exclude(status=ApplicationStatus.DRAFT).select_related("municipality"):
        assert application.reference.startswith(f"{application.municipality.reference_prefix}-")
        assert AuditEntry.objects.filter(object_id=application.pk, action="submitted").exists()
    assert not VolunteerApplication.objects.filter(status=ApplicationStatus.DRAFT).exclude(reference="").exists()


def test_seeding_twice_duplicates_nothing(output):
    first = counts()

    seed()

    assert counts() == first


def test_seed_prints_the_demo_logins_and_they_work(output, client):
    assert DEMO_PASSWORD in output
    for email in DEMO_LOGINS:
        assert email in output
        # django-axes checks every login against its lockouts, for which it needs the request.
        assert client.login(request=HttpRequest(), email=email, password=DEMO_PASSWORD), email
        client.logout()


def test_every_seeded_email_address_is_fictional(output):
    addresses = [label for label in AuditEntry.objects.values_list("actor_label", flat=True) if "@" in label]
    addresses += Municipality.objects.filter(data_protection_officer__contains="@").values_list("data_protection_officer", flat=True)
    for model in project_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.EmailField):
                addresses += model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)

    assert len(addresses) > 20
    assert [a for a in addresses if not is_example_address(a)] == []
