"""Personas of the admin tests besides the shared ones: a superuser, a Bergen kommune administrator, a staff user with
no kommune at all, and Bergen's inbox."""

from datetime import date

import pytest

from applications.models import ApplicationStatus, HouseholdMember
from applications.volunteer import services as volunteer_services
from besokshjem.accounts.models import User
from besokshjem.tenancy.models import Role

from ..factories import UserFactory, VolunteerApplicationFactory, make_caseworker
from .helpers import submit, submitted_application


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
    HouseholdMember.objects.create(application=kari, name="Emma Fjellheim", birth_date=date(2014, 2, 3), relation="child")
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
    per = volunteer_services.application_change_status(application=per, to_status=ApplicationStatus.IN_REVIEW, by=colleague)
    draft = VolunteerApplicationFactory(municipality=bergen, first_name="Utkast", last_name="Usendt", email="utkast@example.no")
    lillestrom_case = submitted_application(lillestrom, first_name="Lise", last_name="Strandli", email="lise.strandli@example.no")
    return {"kari": kari, "ola": ola, "per": per, "draft": draft, "lillestrom": lillestrom_case}
