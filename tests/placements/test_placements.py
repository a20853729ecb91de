"""Proposals and placements: a home is proposed, answers yes or no (with a reason), the first meeting is set up, and
the child is placed on a schedule. No home is overbooked (a sibling group counts as its children); a paused or ended
home gets no new child; every step is audited."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import APPLICANT
from besokshjem.tenancy.choices import HomeType
from placements import services
from placements.models import HomeStatus, Placement, PlacementAction, PlacementStatus, ProposalStatus, ScheduleKind

from ..factories import VolunteerApplicationFactory
from .factories import ApprovedHomeFactory, make_need, place, siblings

OSLO = ZoneInfo("Europe/Oslo")
NO_PLACE = ["Hjemmet har ikke ledig plass i perioden."]


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def home(bergen):
    return ApprovedHomeFactory(municipality=bergen)


def actions(target):
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    return list(entries.filter(action__in=PlacementAction.values).order_by("pk")
                .values_list("action", "actor_label"))


def test_proposed_accepted_met_and_placed(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    proposal = services.placement_propose(need=need, home=home, by=bergen_caseworker)
    assert proposal.status == ProposalStatus.PROPOSED

    proposal = services.proposal_answer(proposal=proposal, accept=True)
    meeting = datetime(2026, 12, 10, 18, tzinfo=OSLO)
    proposal = services.proposal_schedule_first_meeting(proposal=proposal, starts_at=meeting, place="Hjemme hos familien",
                                                        by=bergen_caseworker)
    placement = place(need, home, bergen_caseworker, proposal=proposal)

    assert (proposal.status, proposal.first_meeting_at, proposal.first_meeting_place) == ("accepted", meeting, "Hjemme hos familien")
    assert (placement.status, placement.children, placement.planned_end) == (PlacementStatus.PLANNED, 1, date(2027, 12, 31))
    assert placement.first_date_at == datetime(2027, 1, 1, 17, tzinfo=OSLO)  # Saturday 2 January is the first Saturday
    email = bergen_caseworker.email
    assert actions(proposal) == [("proposal_made", email), ("proposal_accepted", APPLICANT), ("first_meeting_scheduled", email)]
    assert actions(placement) == [("placement_created", email)]


def test_a_home_declines_with_a_reason(bergen, bergen_caseworker, home):
    proposal = services.placement_propose(need=make_need(bergen, bergen_caseworker), home=home, by=bergen_caseworker)
    with pytest.raises(ValidationError) as refused:
        services.proposal_answer(proposal=proposal, accept=False, reason=" ")
    assert refused.value.message_dict == {"decline_reason": ["Skriv hvorfor hjemmet takker nei."]}

    proposal = services.proposal_answer(proposal=proposal, accept=False, reason="Passer ikke med våre helger", by=bergen_caseworker)
    assert (proposal.status, proposal.decline_reason) == (ProposalStatus.DECLINED, "Passer ikke med våre helger")
    with pytest.raises(ValidationError, match="allerede besvart"):
        services.proposal_answer(proposal=proposal, accept=True)
    with pytest.raises(ValidationError, match="Første møte avtales når hjemmet har takket ja"):
        services.proposal_schedule_first_meeting(proposal=proposal, starts_at=datetime(2026, 12, 10, 18, tzinfo=OSLO), place="Her",
                                                 by=bergen_caseworker)


def test_a_proposal_is_withdrawn_with_a_reason_and_frees_the_home_for_another_proposal(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    proposal = services.placement_propose(need=need, home=home, by=bergen_caseworker)
    with pytest.raises(ValidationError, match="allerede foreslått"):
        services.placement_propose(need=need, home=home, by=bergen_caseworker)
    services.proposal_withdraw(proposal=proposal, reason="Familien ønsket et annet område", by=bergen_caseworker)
    assert services.placement_propose(need=need, home=home, by=bergen_caseworker).status == ProposalStatus.PROPOSED


def test_the_last_free_place_is_given_once(bergen, bergen_caseworker, home):
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
    with pytest.raises(ValidationError) as refused:
        place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=date(2027, 6, 1))
    assert refused.value.messages == NO_PLACE and refused.value.code == "no_free_place"


def test_places_are_counted_on_the_days_they_are_held(bergen, bergen_caseworker, home):
    """Capacity two: a child for the spring and another for the autumn leave room for a third all year."""
    home.capacity = 2
    home.save(update_fields=["capacity"])
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, planned_end=date(2027, 6, 30))
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=date(2027, 7, 1))
    place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
    with pytest.raises(ValidationError) as refused:
        place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=date(2027, 6, 30), planned_end=date(2027, 7, 1))
    assert refused.value.messages == NO_PLACE


def test_a_sibling_group_counts_as_its_children_and_is_placed_together(bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, capacity=2, sibling_pair=True)
    first, second = siblings(bergen, bergen_caseworker)
    placement = place(first, home, bergen_caseworker)
    assert placement.children == 2
    with pytest.raises(ValidationError, match="allerede et tiltak"):
        place(second, home, bergen_caseworker)
    with pytest.raises(ValidationError) as refused:
        place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
    assert refused.value.messages == NO_PLACE


def test_a_home_that_does_not_take_sibling_pairs_gets_no_sibling_group(bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, capacity=2)
    first, _second = siblings(bergen, bergen_caseworker)
    with pytest.raises(ValidationError, match="tar ikke imot søskenpar"):
        place(first, home, bergen_caseworker)


@pytest.mark.parametrize("status, message", [
    (HomeStatus.PAUSED, "Hjemmet har pause og kan ikke få nye barn."),
    (HomeStatus.ENDED, "Hjemmet er avsluttet og kan ikke få nye barn."),
])
def test_a_paused_or_ended_home_gets_no_new_child_and_the_change_is_audited(bergen, bergen_caseworker, home, status, message):
    services.approved_home_set_status(home=home, status=status, reason="Familien flytter", by=bergen_caseworker)
    assert AuditEntry.objects.filter(object_id=home.pk, action=PlacementAction.HOME_STATUS_CHANGED, to_status=status).exists()
    need = make_need(bergen, bergen_caseworker)
    for attempt in (lambda: services.placement_propose(need=need, home=home, by=bergen_caseworker),
                    lambda: place(need, home, bergen_caseworker)):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.messages == [message]
    assert not Placement.objects.exists()


def test_a_home_of_another_role_is_refused(bergen, bergen_caseworker):
    home = ApprovedHomeFactory(municipality=bergen, home_types=[HomeType.SUPPORT_CONTACT])
    with pytest.raises(ValidationError, match="ikke godkjent for denne tjenesten"):
        place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)


@pytest.mark.parametrize("start, end, field", [
    (date(2026, 12, 31), None, "start_date"),
    (date(2028, 1, 1), None, "start_date"),
    (date(2027, 1, 1), date(2028, 1, 31), "planned_end"),
])
def test_a_placement_lies_within_the_decisions_period(bergen, bergen_caseworker, home, start, end, field):
    with pytest.raises(ValidationError) as refused:
        place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=start, planned_end=end)
    assert list(refused.value.message_dict) == [field]


def test_a_proposal_for_another_home_cannot_be_used(bergen, bergen_caseworker, home):
    need = make_need(bergen, bergen_caseworker)
    other = ApprovedHomeFactory(municipality=bergen)
    proposal = services.proposal_answer(proposal=services.placement_propose(need=need, home=other, by=bergen_caseworker), accept=True)
    with pytest.raises(ValidationError, match="Forslaget gjelder ikke"):
        place(need, home, bergen_caseworker, proposal=proposal)


def test_ending_a_placement_frees_its_place_and_needs_a_reason(bergen, bergen_caseworker, home):
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
    with pytest.raises(ValidationError):
        services.placement_end(placement=placement, on=date(2027, 3, 31), reason="", by=bergen_caseworker)
    placement = services.placement_end(placement=placement, on=date(2027, 3, 31), reason="Barnet flyttet", by=bergen_caseworker)
    assert (placement.status, placement.ended_on) == (PlacementStatus.ENDED, date(2027, 3, 31))
    assert place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, start=date(2027, 4, 1))
    with pytest.raises(ValidationError, match="avsluttet"):
        services.placement_cancel_date(placement=placement, on=date(2027, 2, 5), by=bergen_caseworker)


def test_placements_run_once_their_first_date_has_begun(bergen, bergen_caseworker, home):
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker)
    assert services.placements_mark_running(now=datetime(2027, 1, 1, 16, 59, tzinfo=OSLO)) == 0
    assert services.placements_mark_running(now=datetime(2027, 1, 1, 17, tzinfo=OSLO)) == 1
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.RUNNING
    assert ("placement_started", "system") in actions(placement)


def test_a_homes_availability_is_recorded_and_checked(bergen, bergen_caseworker, home):
    home = services.approved_home_set_availability(home=home, weekends_of_month=[3, 1, 3], weekdays=[2], hours_from=time(15),
                                                   hours_to=time(19), holidays_available=True, by=bergen_caseworker)
    assert (home.weekends_of_month, home.weekdays, home.weekly_minutes) == ([1, 3], [2], 240)
    assert actions(home) == [("home_availability_changed", bergen_caseworker.email)]
    with pytest.raises(ValidationError) as refused:
        services.approved_home_set_availability(home=home, weekends_of_month=[6], weekdays=[7], hours_from=time(19),
                                                hours_to=time(15), holidays_available=False, by=bergen_caseworker)
    assert set(refused.value.message_dict) == {"weekends_of_month", "weekdays", "hours_to"}


def test_an_approved_home_takes_its_practical_facts_from_the_application(bergen, bergen_caseworker):
    application = VolunteerApplicationFactory(municipality=bergen, has_car=True, pets=True, child_bedroom=False, holidays=None)
    home = services.approved_home_create(application=application, by=bergen_caseworker)
    assert (home.has_car, home.has_pets, home.own_bedroom, home.holidays_available) == (True, True, False, False)


def test_the_schedule_kind_is_stored_as_its_rule(bergen, bergen_caseworker, home):
    placement = place(make_need(bergen, bergen_caseworker), home, bergen_caseworker, kind=ScheduleKind.SECOND_WEEKEND)
    assert (placement.schedule_rule, placement.day_offset, placement.starts_at_time) == ("FREQ=MONTHLY;BYDAY=2SA", -1, time(17))
