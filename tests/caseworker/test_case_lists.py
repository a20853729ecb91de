"""The caseworker's two lists: search, the deadline and «tildelt» filters, and «Last ned som CSV» of the list as it is
filtered — scoped to the kommune and the unit, formula-safe, logged, streamed, and as cheap at 50 rows as at 2."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, RespiteStatus
from besokshjem.audit.models import AccessEntry, AccessKind
from besokshjem.tenancy.choices import LegalTrack

from ..factories import InterimReplyFactory, RespiteApplicationFactory, VolunteerApplicationFactory, make_caseworker
from ..respite_helpers import at

TODAY = date(2026, 3, 2)
RESPITE_LIST = reverse("admin:applications_respiteapplication_changelist")
VOLUNTEER_LIST = reverse("admin:applications_volunteerapplication_changelist")
RESPITE_CSV = reverse("admin:applications_respiteapplication_csv")
VOLUNTEER_CSV = reverse("admin:applications_volunteerapplication_csv")
_numbers = itertools.count(1)


def respite(municipality, *, days_ago=2, assigned_to=None, status=RespiteStatus.IN_REVIEW, **fields):
    return RespiteApplicationFactory(
        municipality=municipality, status=status, assigned_to=assigned_to,
        reference=f"{municipality.reference_prefix}-2026-{next(_numbers):05d}", submitted_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def volunteer(municipality, *, assigned_to=None, **fields):
    return VolunteerApplicationFactory(
        municipality=municipality, status=ApplicationStatus.SUBMITTED, assigned_to=assigned_to, submitted_at=timezone.now(),
        reference=f"{municipality.reference_prefix}-2026-{next(_numbers):05d}", **fields,
    )


def references(response) -> set[str]:
    return {obj.reference for obj in response.context["cl"].result_list}


def csv_rows(response) -> list[list[str]]:
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text[1:].split("\r\n") if line]


@pytest.fixture
def logged_in(client, bergen_caseworker):
    client.force_login(bergen_caseworker)
    return client


def test_the_deadline_filters_use_the_deadline_rules(logged_in, bergen):
    with at(TODAY):
        month_passed = respite(bergen, days_ago=40)  # deadline 21.2
        promise_passed = respite(bergen, days_ago=50)
        InterimReplyFactory(application=promise_passed, expected_decision_date=TODAY - timedelta(days=1))
        in_2_days = respite(bergen, days_ago=26)  # received 4.2: deadline 4.3
        in_7_days = respite(bergen, days_ago=21)  # received 9.2: deadline 9.3, the last day of the window
        promised_in_6 = respite(bergen, days_ago=50)
        InterimReplyFactory(application=promised_in_6, expected_decision_date=TODAY + timedelta(days=6))
        in_8_days = respite(bergen, days_ago=20)  # received 10.2: deadline 10.3
        decided = respite(bergen, days_ago=40, status=RespiteStatus.DECIDED)
        passed = references(logged_in.get(RESPITE_LIST + "?deadline=passed"))
        soon = references(logged_in.get(RESPITE_LIST + "?deadline=within_7"))
    assert passed == {month_passed.reference, promise_passed.reference}
    assert soon == {in_2_days.reference, in_7_days.reference, promised_in_6.reference}
    assert in_8_days.reference not in soon | passed and decided.reference not in soon | passed


def test_the_deadline_filter_is_labelled_in_norwegian(logged_in, bergen):
    page = logged_in.get(RESPITE_LIST).content.decode()
    for label in ("Frist passert", "Frist innen 7 dager", "Tildelt meg", "Ikke tildelt", "Last ned som CSV"):
        assert label in page


@pytest.mark.parametrize("url", [RESPITE_LIST, VOLUNTEER_LIST])
def test_assigned_to_me_and_not_assigned(url, logged_in, bergen, bergen_caseworker):
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    make = respite if url == RESPITE_LIST else volunteer
    mine, theirs, nobodys = make(bergen, assigned_to=bergen_caseworker), make(bergen, assigned_to=colleague), make(bergen)
    assert references(logged_in.get(url + "?tildelt=me")) == {mine.reference}
    assert references(logged_in.get(url + "?tildelt=none")) == {nobodys.reference}
    assert theirs.reference in references(logged_in.get(url))


@pytest.mark.parametrize(("term", "field"), [("Solsikke", "child_first_name"), ("Fjellstad", "guardian_name"),
                                             ("mona.fjellstad@example.no", "guardian_email")])
def test_the_respite_list_is_searched_by_child_parent_and_email(term, field, logged_in, bergen):
    found = respite(bergen, child_first_name="Solsikke", guardian_name="Mona Fjellstad", guardian_email="mona.fjellstad@example.no")
    other = respite(bergen)
    hits = references(logged_in.get(RESPITE_LIST, {"q": term}))
    assert hits == {found.reference} and other.reference not in hits
    assert references(logged_in.get(RESPITE_LIST, {"q": found.reference})) == {found.reference}


def test_the_volunteer_list_is_searched_by_name_email_and_reference(logged_in, bergen):
    found = volunteer(bergen, first_name="Ingrid", last_name="Lyngstad", email="ingrid.lyngstad@example.no")
    volunteer(bergen)
    for term in ("Lyngstad", "ingrid.lyngstad@example.no", found.reference):
        assert references(logged_in.get(VOLUNTEER_LIST, {"q": term})) == {found.reference}


# The CSV export


def test_the_csv_is_the_filtered_list_of_the_own_kommune_only(logged_in, bergen, lillestrom, bergen_caseworker):
    with at(TODAY):
        late = respite(bergen, days_ago=40, assigned_to=bergen_caseworker, child_first_name="Solsikke", guardian_name="Mona Fjellstad")
        respite(bergen)  # not late
        respite(lillestrom, days_ago=40)  # late, but another kommune's
        response = logged_in.get(RESPITE_CSV + "?deadline=passed")
    header, *rows = csv_rows(response)
    assert header == ["Saksnummer", "Kommune", "Status", "Mottatt", "Frist for vedtak", "Foreløpig svar sendt", "Saksbehandler",
                      "Barnets navn", "Foresatt"]
    assert rows == [[late.reference, "Bergen", "Under behandling", "2026-01-21", "2026-02-21", "Nei", bergen_caseworker.full_name,
                     "Solsikke Testbarn", "Mona Fjellstad"]]
    assert 'attachment; filename="soknader-avlastning-2026-03-02.csv"' == response["Content-Disposition"]


def test_the_csv_leaves_out_birth_numbers_contact_details_and_needs(logged_in, bergen):
    application = respite(bergen, child_needs="Epilepsi og autisme", guardian_email="mona@example.no", guardian_phone="+4741234500")
    text = b"".join(logged_in.get(RESPITE_CSV).streaming_content).decode()
    assert application.reference in text
    for private in ("Epilepsi", "mona@example.no", "+4741234500", "Eksempelgata", str(application.child_birth_date.year)):
        assert private not in text


def test_the_csv_follows_the_search(logged_in, bergen):
    found = volunteer(bergen, first_name="Ingrid", last_name="Lyngstad")
    volunteer(bergen, first_name="Ola", last_name="Nordmann")
    header, *rows = csv_rows(logged_in.get(VOLUNTEER_CSV, {"q": "Lyngstad"}))
    assert header == ["Saksnummer", "Kommune", "Status", "Søker om", "Mottatt", "Saksbehandler", "Søker", "Partner"]
    assert [r[0] for r in rows] == [found.reference] and rows[0][3] == "Besøkshjem" and rows[0][6] == "Ingrid Lyngstad"


def test_another_kommunes_caseworker_gets_none_of_bergens_cases(client, bergen, lillestrom, lillestrom_caseworker):
    respite(bergen)
    volunteer(bergen)
    own = respite(lillestrom)
    client.force_login(lillestrom_caseworker)
    assert [r[0] for r in csv_rows(client.get(RESPITE_CSV))[1:]] == [own.reference]
    assert csv_rows(client.get(VOLUNTEER_CSV))[1:] == []


def test_a_caseworker_outside_the_health_and_care_unit_gets_no_parents_cases(client, bergen):
    respite(bergen)
    child_welfare_only = make_caseworker(bergen, email="barnevern@bergen.example.no", tracks=(LegalTrack.CHILD_WELFARE,))
    client.force_login(child_welfare_only)
    assert client.get(RESPITE_CSV).status_code == 403
    assert not AccessEntry.objects.filter(user_id=child_welfare_only.pk, what=AccessKind.EXPORT).exists()


def test_every_export_is_in_the_access_log_with_its_filters(logged_in, bergen, bergen_caseworker):
    respite(bergen)
    b"".join(logged_in.get(RESPITE_CSV, {"q": "Testbarn", "tildelt": "me"}).streaming_content)
    b"".join(logged_in.get(RESPITE_CSV).streaming_content)
    entries = list(AccessEntry.objects.filter(user_id=bergen_caseworker.pk, what=AccessKind.EXPORT).order_by("pk"))
    assert [(e.municipality_id, e.content_type.model, e.object_id) for e in entries] == [(bergen.pk, "respiteapplication", None)] * 2
    assert entries[0].search_terms == "q=Testbarn; tildelt=me" and entries[1].search_terms == ""


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_escaped(logged_in, bergen):
    respite(bergen, guardian_name="=HYPERLINK(\"http://x.example.no\",\"klikk\")", child_first_name="@SUM(A1)", child_last_name="")
    header, row = csv_rows(logged_in.get(RESPITE_CSV))
    assert row[7] == "'@SUM(A1)" and row[8].startswith("\"'=HYPERLINK(")


def test_the_export_costs_the_same_at_2_and_50_rows(logged_in, bergen, bergen_caseworker):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = logged_in.get(RESPITE_CSV + "?deadline=passed")
            rows = csv_rows(response)
        return len(captured), len(rows) - 1

    with at(TODAY):
        for _ in range(2):
            respite(bergen, days_ago=40, assigned_to=bergen_caseworker)
        queries()
        at_2 = queries()
        for _ in range(48):
            respite(bergen, days_ago=40, assigned_to=bergen_caseworker)
        at_50 = queries()
    assert (at_2[1], at_50[1]) == (2, 50)
    assert at_2[0] == at_50[0]


def test_the_list_exports_as_it_is_sorted(logged_in, bergen):
    older, newer = respite(bergen, days_ago=3), respite(bergen, days_ago=1)
    for order in ("5", "-5"):
        shown = [a.reference for a in logged_in.get(RESPITE_LIST, {"o": order}).context["cl"].result_list]
        assert [r[0] for r in csv_rows(logged_in.get(RESPITE_CSV, {"o": order}))[1:]] == shown
    assert shown in ([older.reference, newer.reference], [newer.reference, older.reference])
    assert [r[0] for r in csv_rows(logged_in.get(RESPITE_CSV))[1:]] == [newer.reference, older.reference]  # newest first



def test_an_export_filtered_to_one_kommune_is_logged_for_that_kommune_only(logged_in, bergen, lillestrom, bergen_caseworker):
    """A caseworker in two kommuner exports Bergen's list: Lillestrøm's admins see no export of theirs."""
    from besokshjem.tenancy.services import membership_grant

    membership_grant(user=bergen_caseworker, municipality=lillestrom, role="caseworker", may_decide=False, tracks=tuple(LegalTrack.values))
    respite(bergen)
    respite(lillestrom)
    assert len(csv_rows(logged_in.get(RESPITE_CSV, {"municipality__id__exact": bergen.pk}))) == 2
    b"".join(logged_in.get(RESPITE_CSV).streaming_content)
    entries = AccessEntry.objects.filter(user_id=bergen_caseworker.pk, what=AccessKind.EXPORT).order_by("pk")
    assert [e.municipality_id for e in entries] == [bergen.pk, bergen.pk, lillestrom.pk]
    assert entries[0].search_terms == f"municipality__id__exact={bergen.pk}"
