"""A page of many cases prefetches the checklist's rows as plain lists (besokshjem.core.prefetch.listed): the checklist
and the next step read from them the same as from the managers, with no further query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import VolunteerApplication
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import checklist, next_action
from applications.volunteer.selectors import CHECKLIST_PREFETCH, CHECKLIST_PREFETCH_LISTED

from .. import approval_helpers as h


def _reading(application):
    result = checklist(application)
    return result.summary(), result.missing, [p.key for p in result.people], next_action(application, result)


def test_the_listed_rows_give_the_same_checklist_and_next_step_without_queries(draft, bergen_caseworker):
    ready = h.ready_for_approval(draft, bergen_caseworker)
    h.add_household_member(ready)
    volunteer_services.purpose_confirmation_issue(application=ready, person_key="applicant", home_type="visiting", by=bergen_caseworker)
    expected = _reading(VolunteerApplication.objects.prefetch_related(*CHECKLIST_PREFETCH).get(pk=ready.pk))
    (listed,) = VolunteerApplication.objects.filter(pk=ready.pk).select_related("municipality").prefetch_related(*CHECKLIST_PREFETCH_LISTED)
    for name in ("meetings", "police_certificates", "declaration_signatures", "agreements", "household_members", "purpose_confirmations"):
        assert getattr(listed, f"listed_{name}"), name
        assert name not in getattr(listed, "_prefetched_objects_cache", {})
    with CaptureQueriesContext(connection) as queries:
        got = _reading(listed)
    assert got == expected
    assert [q["sql"] for q in queries.captured_queries if "declarationtext" not in q["sql"]] == []
