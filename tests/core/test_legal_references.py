"""One national table of the law the portal cites, each provision from the date it applies."""

from datetime import date

import pytest

from besokshjem.legal.models import LegalReference
from besokshjem.legal.selectors import cite, reference, references


def test_the_checked_provisions_are_there(db):
    assert reference("appeal.health_care").weeks == 4
    assert reference("appeal.child_welfare").weeks == 3
    assert cite("appeal.child_welfare").startswith("forvaltningsloven § 29")
    assert "§ 3-6 første ledd nr. 2" in cite("basis.health_care.respite")
    assert "§ 3-2 første ledd nr. 6 bokstav b" in cite("basis.health_care.support_contact")
    assert cite("basis.child_welfare.measure") == "barnevernsloven § 3-1"


def test_a_new_law_is_a_new_row_from_its_date(db):
    """When a new forvaltningslov enters into force, letters dated from then cite it; older letters keep theirs."""
    LegalReference.objects.create(key="appeal.child_welfare", citation="forvaltningsloven (2025) § 63", weeks=3,
                                  valid_from=date(2027, 1, 1))
    assert cite("appeal.child_welfare", on=date(2026, 12, 31)).startswith("forvaltningsloven § 29")
    assert cite("appeal.child_welfare", on=date(2027, 1, 1)) == "forvaltningsloven (2025) § 63"


def test_several_provisions_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = references(["reasons", "best_interests", "interim_reply"], on=date(2026, 11, 30))
    assert found["best_interests"].citation == "Grunnloven § 104"


def test_a_provision_not_in_force_is_an_error_not_a_blank(db):
    with pytest.raises(LookupError):
        cite("appeal.child_welfare", on=date(2020, 1, 1))  # before the barnevernsloven (2021) applied
