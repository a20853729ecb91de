"""The kommune delegates the authority to decide per person and unit; services that decide ask for it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from besokshjem.tenancy.models import Membership
from besokshjem.tenancy.selectors import may_decide
from besokshjem.tenancy.services import require_authority_to_decide

from ..factories import make_caseworker


def test_a_caseworker_without_delegation_may_not_decide(bergen):
    trainee = make_caseworker(bergen, email="ny@bergen.example.no", may_decide=False)
    assert not may_decide(user=trainee, municipality=bergen)
    with pytest.raises(ValidationError) as refused:
        require_authority_to_decide(user=trainee, municipality=bergen)
    assert "vedtaksfullmakt" in refused.value.messages[0]


def test_delegation_is_per_kommune(bergen, lillestrom, bergen_caseworker):
    assert may_decide(user=bergen_caseworker, municipality=bergen)
    assert not may_decide(user=bergen_caseworker, municipality=lillestrom)


def test_the_kommune_admin_sees_and_sets_delegation_per_caseworker_on_the_kommune_page(client, bergen):
    admin_user = make_caseworker(bergen, email="leder@bergen.example.no", role="admin")
    trainee = make_caseworker(bergen, email="ny@bergen.example.no", may_decide=False)
    membership = Membership.objects.get(user=trainee, municipality=bergen)
    client.force_login(admin_user)
    html = client.get(reverse("admin:tenancy_municipality_change", args=[bergen.pk])).content.decode()
    assert "Vedtaksfullmakt" in html and "Enhet" in html
    assert re.search(r'name="[^"]*-may_decide"', html), "a may_decide checkbox per caseworker"
    assert not membership.may_decide
