"""The pages of the benchmark (docs/benchmarks.md) that the other query-count tests do not cover: each costs a pinned
number of queries, the same with 2 rows as with 50 (house style)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from besokshjem.core.tokens import STATUS, case_token

from ..factories import make_municipality
from ..placements.factories import ApprovedHomeFactory, make_need
from .test_query_counts import counts_at_2_and_50, respite_case, volunteer_case

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def logged_in(client, bergen_caseworker):
    client.force_login(bergen_caseworker)
    return client


def test_the_waiting_list(logged_in, bergen, bergen_caseworker):
    make = lambda n: make_need(bergen, bergen_caseworker, born=date(2016, 1, 1 + n % 28))  # noqa: E731
    assert counts_at_2_and_50(logged_in, make, lambda: reverse("caseworker:waiting_list")) == (PINNED["waiting_list"],) * 2


def test_the_waiting_list_csv(logged_in, bergen, bergen_caseworker):
    make = lambda n: make_need(bergen, bergen_caseworker)  # noqa: E731
    assert counts_at_2_and_50(logged_in, make, lambda: reverse("caseworker:waiting_list_csv")) == (PINNED["waiting_list_csv"],) * 2


def test_the_suggestions_for_a_granted_case(logged_in, bergen, bergen_caseworker):
    need = make_need(bergen, bergen_caseworker)
    make = lambda n: ApprovedHomeFactory(municipality=bergen)  # noqa: E731
    assert counts_at_2_and_50(logged_in, make, lambda: reverse("caseworker:need", args=[need.pk])) == (PINNED["need"],) * 2


def test_the_public_start_page(client, db):
    make = lambda n: make_municipality(name=f"Kommune {n}", slug=f"kommune-{n}", number=f"{9000 + n}", prefix=f"K{chr(65 + n // 26)}{chr(65 + n % 26)}")  # noqa: E731
    assert counts_at_2_and_50(client, make, lambda: reverse("home")) == (PINNED["home"],) * 2


def test_the_volunteer_status_page(client, bergen, bergen_caseworker):
    application = volunteer_case(bergen, bergen_caseworker, 1)
    url = reverse("applications:status", args=[case_token(application, purpose=STATUS)])

    def make(n):
        from applications.models import Meeting, MeetingKind

        Meeting.objects.create(application=application, kind=MeetingKind.INTERVIEW, starts_at=datetime(2026, 12, 2 + n % 20, 10, tzinfo=OSLO),
                               caseworker=bergen_caseworker, place=f"Møterom {n}")

    assert counts_at_2_and_50(client, make, lambda: url) == (PINNED["volunteer_status"],) * 2


def test_the_parents_status_page(client, bergen, bergen_caseworker):
    application = respite_case(bergen, bergen_caseworker, 1, decided=True)
    url = reverse("applications:respite_status", args=[case_token(application, purpose=STATUS)])

    def make(n):
        from applications.models import InterimReply

        InterimReply.objects.create(application=application, reason=f"Grunn {n}", sent_by=bergen_caseworker,
                                    expected_decision_date=date(2027, 1, 1 + n % 28))

    assert counts_at_2_and_50(client, make, lambda: url) == (PINNED["respite_status"],) * 2


PINNED = {"waiting_list": 12, "waiting_list_csv": 10, "need": 22, "home": 2, "volunteer_status": 9,
          "respite_status": 8}  # respite_status: + the unit that handles a waiting appeal («behandles av …»)


def test_a_valid_step_of_the_volunteer_form(client, bergen, django_assert_num_queries):
    """A step's POST validates and saves the answers in a fixed number of queries (not the table's unique checks)."""
    from ..intake.wizard_walk import STEP_DATA, start

    url = start(client)["Location"]
    client.post(url, {**STEP_DATA["soker"], "nav": "next"})  # warm: the session, the content types
    with django_assert_num_queries(PINNED_STEP_POST):
        response = client.post(url, {**STEP_DATA["soker"], "nav": "next"})
    assert response.status_code == 302


PINNED_STEP_POST = 6  # pinned: the unique and constraint checks (eight queries) are no longer asked on a step


# The changelists as a caseworker works them: filtered by status and searched (every case matches the search, so
# the page holds 2 rows, then 50).
LIST_VIEWS = {
    "volunteer, filtered": ("admin:applications_volunteerapplication_changelist", "?status__exact=in_review", 22),
    "volunteer, searched": ("admin:applications_volunteerapplication_changelist", "?q=BGO-2026", 24),  # + the search in the access log and its count
    "parents', filtered": ("admin:applications_respiteapplication_changelist", "?status__exact=in_review", 12),
    "parents', searched": ("admin:applications_respiteapplication_changelist", "?q=BGO-2026", 14),  # + the search in the access log and its count
}


@pytest.mark.parametrize("view", LIST_VIEWS)
def test_the_changelists_filtered_and_searched(logged_in, bergen, bergen_caseworker, view):
    name, query, pinned = LIST_VIEWS[view]
    if name.endswith("volunteerapplication_changelist"):
        make = lambda n: volunteer_case(bergen, bergen_caseworker, n)  # noqa: E731
    else:
        make = lambda n: respite_case(bergen, bergen_caseworker, n, decided=False)  # noqa: E731
    assert counts_at_2_and_50(logged_in, make, lambda: reverse(name) + query) == (pinned,) * 2


def test_the_vedtak_pdf_rendered_and_kept(client, bergen, bergen_caseworker, django_assert_num_queries):
    """The vedtak as PDF costs the same with 2 and 50 foreløpige svar on the case."""
    from applications.models import InterimReply

    application = respite_case(bergen, bergen_caseworker, 1, decided=True)
    decision = application.decisions.get()
    url = reverse("applications:respite_letter_pdf", args=[case_token(application, purpose=STATUS), decision.pk])

    def make(n):
        InterimReply.objects.create(application=application, reason=f"Grunn {n}", sent_by=bergen_caseworker,
                                    expected_decision_date=date(2027, 1, 1 + n % 28))

    assert counts_at_2_and_50(client, make, lambda: url) == (PINNED_PDF,) * 2


PINNED_PDF = 8  # pinned: a new query here is a decision, not an accident (8th: the unit that sends the letter)


@pytest.mark.parametrize("slug", ["soker", "husstand", "bolig"])
def test_a_step_of_the_volunteer_form_shown(client, bergen, slug):
    """A step's GET: the draft, its kommune's settings, the earlier steps checked for the progress list."""
    from ..intake.wizard_walk import STEP_DATA, start

    url = start(client)["Location"]
    for earlier, data in STEP_DATA.items():
        if earlier == slug:
            break
        url = client.post(url, {**data, "nav": "next"})["Location"]
    assert url.endswith(f"/{slug}/")
    client.get(url)  # warm: the session, the content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == PINNED_STEP_GET[slug]


PINNED_STEP_GET = {"soker": 4, "husstand": 5, "bolig": 4}  # husstand: + its members


@pytest.mark.parametrize("name", ["applications:start", "applications:respite_start"])
def test_the_first_step_of_each_form_shown(client, bergen, name):
    url = reverse(name, args=["bergen"])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == PINNED_FIRST_STEP[name]


PINNED_FIRST_STEP = {"applications:start": 2, "applications:respite_start": 2}
