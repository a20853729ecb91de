"""Reminders on placements go through the outbox, each once per due event and recipient, and none names the child:
the next date to the home and the family two days before, an unanswered proposal after a week, a follow-up due, a
granted vedtak past the kommune's waiting limit (to caseworkers and admins), last month's time sheet unconfirmed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from besokshjem.outbox.models import Message
from besokshjem.reminders.services import plan, sweep
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Role
from besokshjem.tenancy.services import membership_grant
from placements import services
from placements.models import PlacementSettings, TimeSheet, TimeSheetStatus

from ..factories import UserFactory, make_caseworker
from .factories import ApprovedHomeFactory, make_need, place

OSLO = ZoneInfo("Europe/Oslo")


def at(day: date, hour=6):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=OSLO), tick=False)


def kinds() -> list[tuple[str, str]]:
    return sorted(Message.objects.values_list("kind", "recipient"))


def test_placement_date_home__placement_date_family__two_days_before_once(bergen):
    caseworker = make_caseworker(bergen)
    with at(date(2026, 12, 1)):
        need = make_need(bergen, caseworker)
        home = ApprovedHomeFactory(municipality=bergen)
        place(need, home, caseworker)  # first date Friday 1 January 2027 17:00
    parent = need.decision.application.guardian_email
    with at(date(2026, 12, 29)):
        plan()
        assert ("placement_date_home", home.application.email) not in kinds()
    with at(date(2026, 12, 30)):
        plan()
        plan()  # idempotent
        sent = [k for k in kinds() if k[0].startswith("placement_date")]
        assert sent == [("placement_date_family", parent), ("placement_date_home", home.application.email)]
        sweep()
    bodies = [m.body for m in mail.outbox if "Neste opphold" in m.body]
    assert len(bodies) == 2 and all("fredag 1. januar kl. 17:00" in b for b in bodies)
    # signed by the unit for the placement's law (a parent's respite: helse og omsorg), not the kommune alone
    assert all(b.rstrip().endswith("Hilsen\nForvaltningsenhet for helse og omsorg, Bergen kommune") for b in bodies), bodies
    assert all(need.decision.application.child_first_name not in b for b in bodies)


def test_proposal_unanswered__waiting_too_long__follow_up_due(bergen):
    PlacementSettings.objects.create(municipality=bergen, waiting_limit_days=20)
    caseworker = make_caseworker(bergen)
    admin = UserFactory(email="admin@bergen.example.no")
    membership_grant(user=admin, municipality=bergen, role=Role.ADMIN, tracks=LegalTrack.values)
    with at(date(2027, 1, 1)):
        waiting = make_need(bergen, caseworker)  # waits from 1 January
        home = ApprovedHomeFactory(municipality=bergen)
        proposal = services.placement_propose(need=waiting, home=home, by=caseworker)
    with at(date(2027, 1, 7)):
        plan()
        assert not Message.objects.filter(kind="proposal_unanswered").exists()
    with at(date(2027, 1, 8)):
        plan()
        assert list(Message.objects.filter(kind="proposal_unanswered").values_list("recipient", flat=True)) == [home.application.email]
    with at(date(2027, 1, 21)):
        plan()
        assert sorted(Message.objects.filter(kind="waiting_too_long").values_list("recipient", flat=True)) == [
            admin.email, caseworker.email]
    proposal = services.proposal_answer(proposal=proposal, accept=True)
    with at(date(2027, 1, 2)):
        placement = place(waiting, home, caseworker, proposal=proposal, start=date(2027, 2, 1))  # first date 5 February
    follow_up = placement.follow_ups.get(kind="follow_up")  # due 19 February
    with at(follow_up.due_on.replace(day=12)):
        plan()
        assert list(Message.objects.filter(kind="follow_up_due").values_list("recipient", flat=True)) == [caseworker.email]


def test_time_sheet_unconfirmed__until_the_home_confirms(bergen):
    caseworker = make_caseworker(bergen)
    with at(date(2026, 12, 1)):
        home = ApprovedHomeFactory(municipality=bergen)
        placement = place(make_need(bergen, caseworker), home, caseworker)  # had the child 1–3 January 2027
    with at(date(2027, 2, 5)):
        plan()
        assert not Message.objects.filter(kind="time_sheet_unconfirmed").exists()  # five days into the month: not yet
    with at(date(2027, 2, 6)):
        plan()
        [reminder] = Message.objects.filter(kind="time_sheet_unconfirmed")
        assert reminder.recipient == home.application.email
        TimeSheet.objects.create(placement=placement, month=date(2027, 1, 1), status=TimeSheetStatus.CONFIRMED,
                                 confirmed_at=datetime(2027, 2, 6, 6, tzinfo=OSLO), confirmed_by_name="Kari Testhjem")
        sweep()
    reminder.refresh_from_db()
    assert reminder.status == "obsolete"  # confirmed before it was sent: not sent
