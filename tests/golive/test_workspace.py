"""What an import stores opens in the workspace like any other case: the home's case page, the parent's case page with
its vedtak letter, the barnevern case page, the need page and the waiting list."""

import pytest
from django.urls import reverse

from applications.golive.report import DECISIONS, HOMES
from applications.golive.services import import_files
from applications.models import ChildWelfareCase, RespiteApplication
from placements.models import ApprovedHome, Need

from .conftest import decision, decisions_file, home, homes_file


@pytest.fixture
def imported(bergen, bergen_admin):
    reports = import_files(municipality=bergen, by=bergen_admin, dry_run=False, files=[
        (HOMES, homes_file(home("H-1"))),
        (DECISIONS, decisions_file(decision("V-1", home_key="H-1", start="2026-01-01", schedule="first_weekend"),
                                   decision("B-1", track="barnevern"))),
    ])
    assert all(r.ok for r in reports)


def test_imported_cases_open_in_the_workspace(client, bergen, bergen_admin, imported):
    client.force_login(bergen_admin)
    respite = RespiteApplication.objects.get(import_key="V-1")
    child_welfare = ChildWelfareCase.objects.get(import_key="B-1")
    vedtak = respite.decisions.get()
    pages = [
        reverse("caseworker:case", args=[ApprovedHome.objects.get().application_id]),
        reverse("caseworker:respite_case", args=[respite.pk]),
        reverse("caseworker:respite_letter_pdf", args=[respite.pk, vedtak.pk]),
        reverse("caseworker:child_welfare_case", args=[child_welfare.pk]),
        reverse("caseworker:need", args=[Need.objects.get(decision__child_welfare_case=child_welfare).pk]),
        reverse("caseworker:waiting_list"),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("caseworker:respite_case", args=[respite.pk])).content.decode()
    assert "Importert fra tidligere fagsystem" in page
