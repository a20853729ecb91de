"""Pages whose query count does not grow with their rows: the two changelists, the dashboard and the two case pages
cost the same number of queries at 2 rows and at 50 (house style: a page's query count is pinned at 2 and 50 rows)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    Appeal,
    ApplicationStatus,
    Decision,
    DeclarationSignature,
    InterimReply,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
    PoliceCertificate,
    PurposeConfirmation,
    RespiteApplication,
    RespiteStatus,
    VolunteerApplication,
)
from applications.volunteer.checklist import current_declaration_text
from placements.models import Agreement, AgreementParty

from ..factories import RespiteApplicationFactory, VolunteerApplicationFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def volunteer_case(municipality, caseworker, n: int) -> VolunteerApplication:
    """A case under review with something of everything on its checklist: a held and a scheduled meeting, an attest,
    a formålsbekreftelse, a declaration signature, an agreement."""
    now = timezone.now()
    application = VolunteerApplicationFactory(
        municipality=municipality, status=ApplicationStatus.IN_REVIEW, submitted_at=now - timedelta(days=20),
        reference=f"{municipality.reference_prefix}-2026-{n:05d}", assigned_to=caseworker,
    )
    Meeting.objects.create(application=application, kind=MeetingKind.INTERVIEW, status=MeetingStatus.HELD, starts_at=now - timedelta(days=3),
                           held_at=now - timedelta(days=3), notes="Samtale.", caseworker=caseworker, place="Rådhuset")
    Meeting.objects.create(application=application, kind=MeetingKind.HOME_VISIT, starts_at=now - timedelta(days=1),
                           caseworker=caseworker, place="Hjemme")
    PurposeConfirmation.objects.create(application=application, person_key="applicant", person_name="Kari Testesen",
                                       person_birth="12.04.1985", home_type="visiting", role="besøkshjem", attest_type="complete_extended",
                                       legal_basis="hjemmel", tasks="oppgaver", place="Bergen", issued_by=caseworker)
    PoliceCertificate.objects.create(application=application, person_key="applicant", person_name="Kari Testesen",
                                     attest_type="complete_extended", issue_date=timezone.localdate() - timedelta(days=5),
                                     shown_date=timezone.localdate(), checked_by=caseworker, outcome="no_remarks")
    DeclarationSignature.objects.create(application=application, person_key="applicant", typed_name="Kari Testesen",
                                        text=current_declaration_text())
    agreement = Agreement.objects.create(
        application=application, municipality=municipality, kind="assignment", home_type="visiting", legal_track="child_welfare",
        start_date=timezone.localdate(), frequency="1 helg", rates={}, rates_valid_from=timezone.localdate(), body="Avtale",
        created_by=caseworker, applicant_signed_at=now)
    AgreementParty.objects.create(agreement=agreement, person_key="applicant", name="Kari Testesen", signed_name="Kari Testesen", signed_at=now)
    return application


def respite_case(municipality, caseworker, n: int, *, decided: bool) -> RespiteApplication:
    now = timezone.now()
    application = RespiteApplicationFactory(
        municipality=municipality, status=RespiteStatus.DECIDED if decided else RespiteStatus.IN_REVIEW,
        submitted_at=now - timedelta(days=40 + n % 5), reference=f"{municipality.reference_prefix}-2026-9{n:04d}",
        assigned_to=caseworker,
    )
    if n % 2:
        InterimReply.objects.create(application=application, reason="Venter på skolen", sent_by=caseworker,
                                    expected_decision_date=timezone.localdate() + timedelta(days=10))
    if decided:
        decision = Decision.objects.create(
            application=application, outcome=Outcome.GRANTED, service_type="respite_home", scope_amount=2, scope_unit="weekend", status="confirmed",
            period_from=timezone.localdate(), reasons="Begrunnelse", legal_basis="hjemmel", best_interests="Barnets beste",
            child_views="Barnet ønsker det", appeal_weeks=4, appeal_body="Statsforvalteren", decided_at=now, decided_by=caseworker,
        )
        Appeal.objects.create(decision=decision, text="Vi klager.")
    return application


@pytest.fixture
def logged_in(client, bergen_caseworker):
    client.force_login(bergen_caseworker)
    return client


def counts_at_2_and_50(client, make, url_for) -> tuple[int, int]:
    """Queries of the page with 2 rows, then with 50 (48 more made in between). A first request warms the per-process
    caches (content types, the session) so that both counts are of a warm page."""
    for n in range(2):
        make(n)
    queries(client, url_for())
    at_2 = queries(client, url_for())
    for n in range(2, 50):
        make(n)
    return at_2, queries(client, url_for())


def test_volunteer_changelist_costs_the_same_at_2_and_50_rows(logged_in, bergen, bergen_caseworker):
    at_2, at_50 = counts_at_2_and_50(logged_in, lambda n: volunteer_case(bergen, bergen_caseworker, n),
                                     lambda: reverse("admin:applications_volunteerapplication_changelist"))
    assert (at_2, at_50) == (22, 22)  # pinned: a new query here is a decision, not an accident


def test_respite_changelist_costs_the_same_at_2_and_50_rows(logged_in, bergen, bergen_caseworker):
    at_2, at_50 = counts_at_2_and_50(logged_in, lambda n: respite_case(bergen, bergen_caseworker, n, decided=n % 3 == 0),
                                     lambda: reverse("admin:applications_respiteapplication_changelist"))
    assert (at_2, at_50) == (12, 12)  # pinned: a new query here is a decision, not an accident


def test_respite_changelist_overdue_filter_costs_the_same_at_2_and_50_rows(logged_in, bergen, bergen_caseworker):
    at_2, at_50 = counts_at_2_and_50(logged_in, lambda n: respite_case(bergen, bergen_caseworker, n, decided=False),
                                     lambda: reverse("admin:applications_respiteapplication_changelist") + "?deadline=overdue")
    assert (at_2, at_50) == (13, 13)  # pinned: a new query here is a decision, not an accident


def test_dashboard_costs_the_same_at_2_and_50_cases(logged_in, bergen, bergen_caseworker):
    def make(n):
        volunteer_case(bergen, bergen_caseworker, n)
        respite_case(bergen, bergen_caseworker, n, decided=n % 2 == 0)

    at_2, at_50 = counts_at_2_and_50(logged_in, make, lambda: reverse("caseworker:dashboard"))
    assert (at_2, at_50) == (35, 35)  # pinned: a new query here is a decision, not an accident


def test_volunteer_case_page_costs_the_same_with_2_and_50_meetings(logged_in, bergen, bergen_caseworker):
    application = volunteer_case(bergen, bergen_caseworker, 1)

    def make(n):
        Meeting.objects.create(application=application, kind=MeetingKind.INTERVIEW, starts_at=timezone.now() + timedelta(days=n + 1),
                               caseworker=bergen_caseworker, place=f"Møterom {n}")
        PurposeConfirmation.objects.create(application=application, person_key="applicant", person_name="Kari Testesen",
                                           person_birth="12.04.1985", home_type="visiting", role="besøkshjem", attest_type="complete_extended",
                                           legal_basis="hjemmel", tasks="oppgaver", place="Bergen", issued_by=bergen_caseworker)

    at_2, at_50 = counts_at_2_and_50(logged_in, make, lambda: reverse("caseworker:case", args=[application.pk]))
    assert (at_2, at_50) == (30, 30)  # pinned: a new query here is a decision, not an accident


def test_respite_case_page_costs_the_same_with_2_and_50_letters(logged_in, bergen, bergen_caseworker):
    application = respite_case(bergen, bergen_caseworker, 1, decided=True)

    def make(n):
        InterimReply.objects.create(application=application, reason=f"Grunn {n}", sent_by=bergen_caseworker,
                                    expected_decision_date=timezone.localdate() + timedelta(days=n + 1))
        decision = Decision.objects.create(
            application=application, outcome=Outcome.REJECTED, reasons=f"Begrunnelse {n}", legal_basis="hjemmel",
            best_interests="Barnets beste", child_views="Barnet er hørt", appeal_weeks=4, appeal_body="Statsforvalteren",
            decided_at=timezone.now(), decided_by=bergen_caseworker, reversed_at=timezone.now(), status="confirmed",
        )
        Appeal.objects.create(decision=decision, text=f"Klage {n}")

    at_2, at_50 = counts_at_2_and_50(logged_in, make, lambda: reverse("caseworker:respite_case", args=[application.pk]))
    assert (at_2, at_50) == (20, 20)  # pinned: a new query here is a decision, not an accident
