"""Only the kommune's own administrator (or a superuser) may import: not a caseworker, not another kommune's admin."""

import pytest
from django.core.exceptions import ValidationError

from applications.golive.services import import_decisions, import_homes
from besokshjem.accounts.models import User

from .conftest import counts, decision, decisions_file, home, homes_file


def test_a_caseworker_who_is_not_the_kommunes_admin_may_not_import(bergen, bergen_caseworker):
    before = counts()
    with pytest.raises(ValidationError, match="Bare kommunens administrator"):
        import_homes(municipality=bergen, file=homes_file(home()), by=bergen_caseworker, dry_run=True)
    assert counts() == before


def test_lillestroms_admin_may_not_import_for_bergen(bergen, lillestrom_admin):
    with pytest.raises(ValidationError, match="hører ikke til denne kommunen"):
        import_decisions(municipality=bergen, file=decisions_file(decision()), by=lillestrom_admin, dry_run=False)
    assert not bergen.volunteer_applications.exists() and not bergen.respite_applications.exists()


def test_the_kommunes_admin_and_a_superuser_may(bergen, bergen_admin):
    superuser = User.objects.create_superuser(email="superbruker@example.no", password="test-passord-123")
    assert import_homes(municipality=bergen, file=homes_file(home("H-1")), by=bergen_admin, dry_run=False).ok
    assert import_homes(municipality=bergen, file=homes_file(home("H-2")), by=superuser, dry_run=False).ok
