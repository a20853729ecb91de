"""`manage.py seed_scale`: fictional data at the scale of Norway's largest kommune, here at 0.2 % of it on SQLite."""

import re
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from applications.management.commands.seed_scale import FULL, OUTCOME_SHARES, RESPITE_SHARES, exact_counts
from applications.models import (
    Appeal,
    ApplicationStatus,
    Decision,
    DeclarationSignature,
    HouseholdMember,
    InterimReply,
    Meeting,
    PoliceCertificate,
    PurposeConfirmation,
    ReferenceSequence,
    RespiteApplication,
    RespiteStatus,
    VolunteerApplication,
)
from besokshjem.accounts.models import User
from besokshjem.outbox.models import Message
from besokshjem.tenancy.models import Municipality
from placements.models import (
    ApprovedHome,
    FollowUp,
    Need,
    Placement,
    PlacementException,
    Proposal,
    TimeSheet,
    TimeSheetEntry,
)

pytestmark = pytest.mark.django_db

SCALE = 0.002
NOT_PRODUCTION = "--i-know-this-is-not-production"


def seed(*args):
    out = StringIO()
    call_command("seed_scale", "--scale", str(SCALE), "--seed", "7", NOT_PRODUCTION, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    return seed()


def expected(name):
    return round(FULL[name] * SCALE)


def test_every_count_is_its_share_of_the_full_size(seeded):
    decided = exact_counts(expected("respite"), RESPITE_SHARES)[RespiteStatus.DECIDED]
    outcomes = exact_counts(decided, OUTCOME_SHARES)
    assert Municipality.objects.count() == 10
    assert VolunteerApplication.objects.count() == expected("volunteer")
    assert VolunteerApplication.objects.filter(status=ApplicationStatus.APPROVED).count() == expected("approved")
    assert ApprovedHome.objects.count() == expected("approved")
    assert RespiteApplication.objects.count() == expected("respite")
    assert Decision.objects.count() == decided  # confirmed vedtak; drafts are in Decision.all_objects
    assert Need.objects.count() == outcomes["granted"] + outcomes["partly_granted"]  # one per granted confirmed vedtak
    assert Appeal.objects.count() == round(0.05 * decided)
    # Placements need a home approved in time for the child's period: at this scale a few may go without.
    assert 0.8 * expected("placements") <= Placement.objects.count() == Proposal.objects.count() <= expected("placements")
    assert Message.objects.count() == expected("messages")
    # Every status of the workflow is there, in every kommune where the counts allow it.
    assert set(VolunteerApplication.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    assert set(RespiteApplication.objects.values_list("status", flat=True)) == set(RespiteStatus.values)
    assert {s for s in Message.objects.values_list("status", flat=True)} >= {"sent", "pending"}
    for model in (HouseholdMember, Meeting, PoliceCertificate, PurposeConfirmation, DeclarationSignature, FollowUp, TimeSheet,
                  TimeSheetEntry):
        assert model.objects.exists(), model.__name__
    # The output tells the time and the rows per table.
    assert re.search(r"Ferdig på [\d.]+ s", seeded)
    assert re.search(r"VolunteerApplication\s+100\b", seeded)


def test_references_are_unique_per_kommune_and_the_series_stand_at_the_highest(seeded):
    assert_series_consistent()
    assert not VolunteerApplication.objects.filter(status=ApplicationStatus.DRAFT).exclude(reference="").exists()


def assert_series_consistent():
    numbers = defaultdict(list)
    for model in (VolunteerApplication, RespiteApplication):
        for municipality_id, reference in model.objects.exclude(reference="").values_list("municipality_id", "reference"):
            prefix, year, number = reference.split("-")
            numbers[(municipality_id, int(year))].append(int(number))
            assert prefix == Municipality.objects.get(pk=municipality_id).reference_prefix
    assert numbers
    for (municipality_id, year), found in numbers.items():
        assert len(found) == len(set(found))  # the two kinds of case share one series
        assert sorted(found) == list(range(1, len(found) + 1))
        assert ReferenceSequence.objects.get(municipality_id=municipality_id, year=year).last_number == max(found)


def test_a_sample_of_every_table_passes_full_clean(seeded):
    managers = [VolunteerApplication.objects, HouseholdMember.objects, Meeting.objects, PurposeConfirmation.objects,
                PoliceCertificate.objects, DeclarationSignature.objects, ApprovedHome.objects, RespiteApplication.objects,
                Decision.all_objects, InterimReply.objects, Appeal.objects, Need.objects, Proposal.objects, Placement.objects,
                PlacementException.objects, TimeSheet.objects, TimeSheetEntry.objects, FollowUp.objects, Message.objects]
    for manager in managers:
        rows = list(manager.order_by("pk")[:25])
        assert rows, manager.model.__name__
        for row in rows:
            row.full_clean()


def test_everything_seeded_is_fictional(seeded):
    addresses = [*VolunteerApplication.objects.values_list("email", flat=True), *Message.objects.values_list("recipient", flat=True),
                 *RespiteApplication.objects.values_list("guardian_email", flat=True), *User.objects.values_list("email", flat=True)]
    assert all(address.endswith("example.no") for address in addresses if address)
    for national_id in RespiteApplication.objects.values_list("child_national_id", flat=True):
        assert int(national_id[2:4]) > 80  # Tenor's synthetic numbers: month + 80


def test_a_caseworker_opens_the_dashboard_and_the_case_pages(seeded, client):
    caseworker = User.objects.get(email="saksbehandler.oslo@example.no")
    client.force_login(caseworker)
    assert client.get("/admin/arbeidsflate/").status_code == 200
    oslo = Municipality.objects.get(slug="oslo")
    approved = VolunteerApplication.objects.filter(municipality=oslo, status=ApplicationStatus.APPROVED).first()
    assert client.get(reverse("caseworker:case", args=[approved.pk])).status_code == 200
    decided = RespiteApplication.objects.filter(municipality=oslo, status=RespiteStatus.DECIDED).first()
    assert client.get(reverse("caseworker:respite_case", args=[decided.pk])).status_code == 200
    assert client.get(reverse("caseworker:home", args=[approved.approved_home.pk])).status_code == 200
    placement = Placement.objects.filter(need__municipality=oslo).first()
    assert client.get(reverse("caseworker:need", args=[placement.need_id])).status_code == 200
    assert client.get(reverse("caseworker:waiting_list")).status_code == 200
    assert client.get(reverse("caseworker:time_sheets")).status_code == 200


def people(rows):
    return [(r.first_name, r.last_name, r.birth_date, r.status, r.email) for r in rows]


def test_it_refuses_a_database_with_cases_unless_forced_and_the_same_seed_gives_the_same_people(seeded):
    with pytest.raises(CommandError, match="--force"):
        seed()
    first = list(VolunteerApplication.objects.order_by("pk"))
    seed("--force")
    again = list(VolunteerApplication.objects.filter(pk__gt=first[-1].pk).order_by("pk"))
    assert people(again) == people(first)
    assert_series_consistent()  # the second run continued each kommune's series


@override_settings(DEBUG=False)
def test_it_refuses_to_run_with_debug_off_unless_told_this_is_not_production():
    with pytest.raises(CommandError, match="not-production"):
        call_command("seed_scale", "--scale", str(SCALE), stdout=StringIO())
    assert not Municipality.objects.exists()




def test_on_postgresql_the_seeded_tables_have_planner_statistics(postgresql):
    """Without them PostgreSQL plans a kommune's list of 25 as a walk reading tens of thousands of rows (autovacuum may be
    off, and runs late anyway): reltuples is -1 for a table never analysed."""
    from django.db import connection

    seed()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('applications_volunteerapplication', "
            "'applications_respiteapplication', 'applications_meeting')"
        )
        estimates = dict(cursor.fetchall())
    assert estimates["applications_volunteerapplication"] == VolunteerApplication.objects.count() > 0
    assert estimates["applications_respiteapplication"] == RespiteApplication.objects.count() > 0
    assert estimates["applications_meeting"] == Meeting.objects.count() > 0
