"""A caseworker who is disqualified (inhabil, forvaltningsloven § 6) says so on the case page: they can no longer draft,
check or make a decision in the case, it is left for someone else, and the history shows it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dateformat, timezone

from applications.decisions import services as decisions
from applications.models import Disqualification
from applications.volunteer import services as volunteer_services
from besokshjem.audit.models import AuditEntry

from ..factories import RespiteApplicationFactory, make_caseworker
from ..respite_helpers import DECISION_TEXT, submit


@pytest.fixture
def received(bergen, on_commit):
    """The parent persona's application, received."""
    with on_commit():
        return submit(RespiteApplicationFactory(municipality=bergen))


CONTENT = {"outcome": "rejected", "reasons": "Behovet dekkes av dagens tjenester.", "best_interests": "Barnet trives hjemme.",
           "child_views": "Barnet vil være hjemme.", **DECISION_TEXT}


def test_a_disqualified_caseworker_cannot_draft_or_decide_and_the_case_goes_to_someone_else(received, bergen, bergen_caseworker):
    received.assigned_to = bergen_caseworker
    received.save(update_fields=["assigned_to"])
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    draft = decisions.decision_draft(case=received, by=colleague, **CONTENT)

    decisions.disqualification_declare(case=received, by=bergen_caseworker, reason="Søkeren er min svigerinne.")

    received.refresh_from_db()
    assert received.assigned_to is None
    for attempt in (lambda: decisions.decision_draft(case=received, by=bergen_caseworker, **CONTENT),
                    lambda: decisions.decision_second_check(decision=draft, by=bergen_caseworker),
                    lambda: decisions.decision_confirm(decision=draft, by=bergen_caseworker)):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "disqualified"
    assert decisions.decision_confirm(decision=draft, by=colleague).decided_by == colleague
    assert AuditEntry.objects.filter(object_id=received.pk, action="disqualified", actor=bergen_caseworker).exists()


def test_a_disqualified_caseworker_cannot_approve_a_home(submitted, bergen_caseworker):
    application = volunteer_services.application_change_status(application=submitted, to_status="in_review", by=bergen_caseworker)
    decisions.disqualification_declare(case=application, by=bergen_caseworker, reason="Nabo og nær venn.")
    with pytest.raises(ValidationError) as refused:
        volunteer_services.application_approve(application=application, by=bergen_caseworker)
    assert refused.value.code == "disqualified"


def test_the_case_page_takes_the_declaration_and_asks_for_a_reason(client, received, bergen_caseworker):
    client.force_login(bergen_caseworker)
    url = reverse("caseworker:respite_case", args=[received.pk])
    assert client.post(url, {"action": "disqualify", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "disqualify", "reason": "Jeg kjenner familien godt."}).status_code == 302
    assert Disqualification.objects.get().user == bergen_caseworker
    page = client.get(url).content.decode()
    assert "erklærte seg inhabil" in page and dateformat.format(timezone.localdate(), "j. F Y") in page
