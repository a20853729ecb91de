"""Long lists are counted once and at most to the cap."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from besokshjem.core import paging
from besokshjem.core.paging import CappedCountPaginator

from ..factories import VolunteerApplicationFactory


def test_a_list_longer_than_the_cap_says_so_and_a_shorter_one_gives_its_number(db, bergen, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 3)
    for _ in range(5):
        VolunteerApplicationFactory(municipality=bergen)
    from applications.models import VolunteerApplication

    over = CappedCountPaginator(VolunteerApplication.objects.order_by("pk"), 2)
    assert over.count == 4 and over.capped and over.count_display == "3+"
    under = CappedCountPaginator(VolunteerApplication.objects.filter(pk__lte=VolunteerApplication.objects.order_by("pk")[1].pk), 2)
    assert under.count == 2 and not under.capped and under.count_display == "2"


def test_the_case_changelists_count_once(client, bergen, bergen_caseworker, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 2)
    from django.utils import timezone

    for n in range(4):
        VolunteerApplicationFactory(municipality=bergen, status="submitted", submitted_at=timezone.now(), reference=f"BGO-2026-{n + 1:05d}")
    client.force_login(bergen_caseworker)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:applications_volunteerapplication_changelist"))
    assert page.status_code == 200
    assert sum("COUNT(" in q["sql"] for q in queries.captured_queries) == 1
    assert "2+ " in page.content.decode()


def test_the_count_does_not_sort_the_list_first(db, bergen):
    """Sorting a kommune's thousands of cases for a count took longer than the count (a sort node over every row)."""
    from applications.models import VolunteerApplication

    VolunteerApplicationFactory(municipality=bergen)
    paginator = CappedCountPaginator(VolunteerApplication.objects.order_by("-submitted_at", "pk"), 25)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 1
    (count,) = [q["sql"] for q in queries.captured_queries]
    assert "ORDER BY" not in count
