"""A granted vedtak, on either track, becomes one need: its service, scope, period and track copied, the child's birth
date and area for matching. A second call gives the same need; a rejected or unconfirmed vedtak gives none."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.decisions import services as decisions
from applications.models import Decision
from besokshjem.audit.models import AuditEntry
from placements import services
from placements.models import Need, PlacementAction

from ..child_welfare.test_registration import MOTHER, register
from ..factories import DecisionFactory, RespiteApplicationFactory
from .factories import granted_decision, make_need


def test_a_granted_decision_becomes_one_need_with_its_scope_and_the_childs_age_and_area(bergen, bergen_caseworker):
    decision = granted_decision(bergen, born=date(2016, 8, 15), post_town="Åsane", service_type="respite_home", scope_amount=2,
                                scope_unit="day", period_to=None)

    need = services.need_from_decision(decision=decision, by=bergen_caseworker, needs_summary="  Liker rolige kvelder. ")

    assert need.decision_id == decision.pk and need.municipality == bergen
    assert (need.service_type, need.scope_amount, need.scope_unit, need.scope_period) == ("respite_home", 2, "day", "month")
    assert (need.period_from, need.period_to, need.track) == (date(2027, 1, 1), None, "health_care")
    assert (need.child_birth_date, need.area, need.needs_summary) == (date(2016, 8, 15), "Åsane", "Liker rolige kvelder.")
    assert need.scope_display == "2 døgn per måned"
    assert AuditEntry.objects.filter(object_id=need.pk, action=PlacementAction.NEED_CREATED, actor=bergen_caseworker).count() == 1


def test_a_second_call_returns_the_same_need(bergen, bergen_caseworker):
    decision = granted_decision(bergen)
    first = services.need_from_decision(decision=decision, by=bergen_caseworker)
    assert services.need_from_decision(decision=decision, by=bergen_caseworker) == first
    assert Need.objects.count() == 1
    assert AuditEntry.objects.filter(action=PlacementAction.NEED_CREATED).count() == 1


def test_a_barnevern_decision_becomes_a_need_without_the_area_of_a_confidential_address(bergen, bergen_caseworker):
    case = register(bergen, bergen_caseworker, born=date(2015, 5, 5), guardians=[MOTHER])
    case.child_post_town = "Fana"
    case.save(update_fields=["child_post_town"])
    content = {"service_type": "visiting", "applied_for": "Besøkshjem.", "facts": "Lite nettverk.", "reasons": "Stabile voksne.",
               "best_interests": "Faste voksne.", "child_views": "Vil gjerne.", "child_views_weight": "Lagt vekt på."}
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 1, 10)), tick=False):
        draft = decisions.decision_draft(case=case, by=bergen_caseworker, outcome="granted", scope_amount=1, scope_unit="weekend",
                                         period_from=date(2027, 1, 1), **content)
        decision = decisions.decision_confirm(decision=draft, by=bergen_caseworker)

    need = services.need_from_decision(decision=decision, by=bergen_caseworker)
    assert (need.track, need.child_birth_date, need.area) == ("child_welfare", date(2015, 5, 5), "Fana")

    case.child_address_confidential = True
    case.save(update_fields=["child_address_confidential"])
    Need.objects.all().delete()
    decision = Decision.all_objects.get(pk=decision.pk)
    assert services.need_from_decision(decision=decision, by=bergen_caseworker).area == ""


@pytest.mark.parametrize("fields", [{"rejected": True}, {"status": "draft"}], ids=["rejected", "draft"])
def test_only_a_confirmed_grant_gives_a_need(bergen, bergen_caseworker, fields):
    decision = DecisionFactory(application=RespiteApplicationFactory(municipality=bergen), **fields)
    with pytest.raises(ValidationError) as refused:
        services.need_from_decision(decision=Decision.all_objects.get(pk=decision.pk), by=bergen_caseworker)
    assert refused.value.code == "not_granted"
    assert not Need.objects.exists()


def test_siblings_granted_together_share_a_group_and_must_be_alike(bergen, bergen_caseworker):
    first, second = make_need(bergen, bergen_caseworker), make_need(bergen, bergen_caseworker)
    group = services.needs_group_siblings(needs=[first, second], by=bergen_caseworker)
    assert set(Need.objects.values_list("sibling_group", flat=True)) == {group}
    assert AuditEntry.objects.filter(action=PlacementAction.SIBLINGS_GROUPED).count() == 2

    other = make_need(bergen, bergen_caseworker, service_type="support_contact", scope_unit="hour", scope_period="week")
    with pytest.raises(ValidationError) as refused:
        services.needs_group_siblings(needs=[first, other], by=bergen_caseworker)
    assert refused.value.messages == ["Søsken som plasseres sammen, må ha samme tjeneste i samme kommune."]
    with pytest.raises(ValidationError, match="Velg minst to søsken."):
        services.needs_group_siblings(needs=[other], by=bergen_caseworker)
