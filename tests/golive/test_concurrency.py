"""Two administrators importing the same file for one kommune at the same moment import each row once: the kommune's
row is locked for the import, so the second waits for the first to commit and then finds every row «finnes fra før».

Each thread waits (boundedly) after reading the file for the other to arrive there too; with the lock the second cannot
arrive until the first has committed. Needs PostgreSQL (DATABASE_URL): locally the test skips without it, under CI=true
it fails (tests/integration.py).
"""

import threading

import pytest

from applications.golive import services
from applications.golive.report import RowOutcome
from besokshjem.tenancy.models import Role
from placements.models import ApprovedHome
from tests.integration import in_threads

from ..factories import make_caseworker
from .conftest import home, homes_file

RACE_WINDOW = 2  # seconds a thread waits after reading the file for the other


@pytest.fixture
def racing_reads(monkeypatch):
    meeting = threading.Barrier(2)
    read = services.read_table

    def read_and_wait(*args, **kwargs):
        records = read(*args, **kwargs)
        try:
            meeting.wait(timeout=RACE_WINDOW)
        except threading.BrokenBarrierError:
            pass
        return records

    monkeypatch.setattr(services, "read_table", read_and_wait)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_store_each_row_once(postgresql, bergen, racing_reads):
    admins = iter([make_caseworker(bergen, email=f"admin{n}@bergen.example.no", role=Role.ADMIN) for n in (1, 2)])
    lock = threading.Lock()

    def one_import():
        with lock:
            by = next(admins)
        report = services.import_homes(municipality=bergen, file=homes_file(home("H-1"), home("H-2")), by=by, dry_run=False)
        return tuple(row.outcome for row in report.rows)

    results = in_threads(2, one_import)

    assert sorted(results) == [(RowOutcome.IMPORTED, RowOutcome.IMPORTED), (RowOutcome.SKIPPED, RowOutcome.SKIPPED)]
    assert ApprovedHome.objects.filter(municipality=bergen).count() == 2
