"""Access by need (tjenstlig behov): a caseworker sees the cases of the units they belong to. Barnevern cases are for
the barneverntjeneste alone; parents' applications under the health and care act for the forvaltningsenhet; a
volunteer's application (recruiting homes for both) for every caseworker of the kommune."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.child_welfare.selectors import child_welfare_cases_visible_to
from applications.decisions.services import decision_draft
from applications.respite.selectors import respite_applications_visible_to
from applications.volunteer.selectors import applications_visible_to
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Membership, Unit
from besokshjem.tenancy.services import membership_grant
from placements.selectors import needs_visible_to

from ..child_welfare.test_registration import MOTHER, register
from ..factories import UserFactory, VolunteerApplicationFactory, make_caseworker, make_municipality
from ..placements.factories import granted_decision, make_need

HEALTH = [LegalTrack.HEALTH_CARE]
CHILD_WELFARE = [LegalTrack.CHILD_WELFARE]


@pytest.fixture
def health_caseworker(bergen):
    return make_caseworker(bergen, email="helse@bergen.example.no", tracks=HEALTH)


@pytest.fixture
def child_welfare_caseworker(bergen):
    return make_caseworker(bergen, email="barnevern@bergen.example.no", tracks=CHILD_WELFARE)


@pytest.fixture
def barnevern_case(bergen, bergen_caseworker):
    return register(bergen, bergen_caseworker, born=date(2016, 8, 15), guardians=[MOTHER])


def test_a_new_kommune_has_one_unit_per_legal_track_and_a_member_belongs_to_the_units_chosen(bergen, health_caseworker):
    assert sorted(Unit.objects.filter(municipality=bergen).values_list("legal_track", "name")) == [
        ("child_welfare", "Barneverntjenesten"), ("health_care", "Forvaltningsenhet for helse og omsorg")]
    membership = Membership.objects.get(user=health_caseworker, municipality=bergen)
    assert [u.legal_track for u in membership.units.all()] == ["health_care"]


def test_a_health_and_care_caseworker_gets_a_404_on_a_barnevern_case_of_the_same_kommune(
        client, health_caseworker, barnevern_case):
    client.force_login(health_caseworker)
    assert client.get(reverse("caseworker:child_welfare_case", args=[barnevern_case.pk])).status_code == 404
    listing = client.get(reverse("caseworker:child_welfare_list"))
    assert listing.status_code == 200 and barnevern_case.reference not in listing.content.decode()
    assert not child_welfare_cases_visible_to(user=health_caseworker).exists()


def test_the_barneverntjeneste_sees_the_barnevern_case(client, child_welfare_caseworker, barnevern_case):
    client.force_login(child_welfare_caseworker)
    assert client.get(reverse("caseworker:child_welfare_case", args=[barnevern_case.pk])).status_code == 200
    assert barnevern_case.reference in client.get(reverse("caseworker:child_welfare_list")).content.decode()


def test_the_barneverntjeneste_does_not_see_parents_applications_under_the_health_and_care_act(
        client, bergen, child_welfare_caseworker, health_caseworker):
    application = granted_decision(bergen).application
    client.force_login(child_welfare_caseworker)
    assert client.get(reverse("caseworker:respite_case", args=[application.pk])).status_code == 404
    assert client.get(reverse("admin:applications_respiteapplication_change", args=[application.pk])).status_code == 404
    changelist = client.get(reverse("admin:applications_respiteapplication_changelist"))
    assert changelist.status_code == 200 and application.reference not in changelist.content.decode()
    assert not respite_applications_visible_to(user=child_welfare_caseworker).exists()
    client.force_login(health_caseworker)
    assert client.get(reverse("caseworker:respite_case", args=[application.pk])).status_code == 200


def test_needs_and_the_waiting_list_follow_the_track_of_the_vedtak(client, bergen, bergen_caseworker, child_welfare_caseworker, health_caseworker):
    need = make_need(bergen, bergen_caseworker)
    reference = need.decision.application.reference
    client.force_login(child_welfare_caseworker)
    assert client.get(reverse("caseworker:need", args=[need.pk])).status_code == 404
    assert reference not in client.get(reverse("caseworker:waiting_list")).content.decode()
    assert reference not in client.get(reverse("caseworker:dashboard")).content.decode()
    assert reference not in client.get(reverse("admin:placements_need_changelist")).content.decode()
    assert not needs_visible_to(user=child_welfare_caseworker).exists()
    client.force_login(health_caseworker)
    assert client.get(reverse("caseworker:need", args=[need.pk])).status_code == 200
    assert reference in client.get(reverse("caseworker:waiting_list")).content.decode()


def test_services_refuse_a_caseworker_outside_the_unit(bergen, health_caseworker, child_welfare_caseworker, barnevern_case):
    with pytest.raises(ValidationError) as error:
        decision_draft(case=barnevern_case, by=health_caseworker, outcome="granted", reasons="-", legal_basis="-",
                       best_interests="-", child_views="-", appeal_weeks=3, appeal_body="Statsforvalteren")
    assert error.value.code == "wrong_unit"
    with pytest.raises(ValidationError) as error:
        make_need(bergen, child_welfare_caseworker)
    assert error.value.code == "wrong_unit"


def test_a_member_without_a_unit_sees_the_volunteers_but_no_child(bergen, barnevern_case):
    user = UserFactory(email="ny@bergen.example.no")
    membership_grant(user=user, municipality=bergen)
    volunteer = VolunteerApplicationFactory(municipality=bergen, status="submitted", reference="BGO-2026-09999",
                                           submitted_at=timezone.now())
    granted_decision(bergen)
    assert list(applications_visible_to(user=user)) == [volunteer]
    assert not respite_applications_visible_to(user=user).exists()
    assert not child_welfare_cases_visible_to(user=user).exists()


def test_a_unit_of_another_kommune_gives_nothing_here(bergen, barnevern_case):
    lillestrom = make_municipality(name="Lillestrøm", slug="lillestrom", number="3205", prefix="LSK")
    outsider = make_caseworker(lillestrom, email="barnevern@lillestrom.example.no", tracks=CHILD_WELFARE)
    assert not child_welfare_cases_visible_to(user=outsider).exists()
