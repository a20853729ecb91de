"""An attest with remarks (merknader) counts only once the caseworker has recorded an assessment — who, when, the
assessment and whether the remarks are compatible with the role; «not compatible» blocks approval."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import checklist
from besokshjem.audit.selectors import audit_entries_for
from placements.models import ApprovedHome

from .. import approval_helpers as h


def with_remarks(application, caseworker):
    return volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended", issue_date=timezone.localdate(),
        shown_date=timezone.localdate(), outcome="remarks", note="Forelegg for fartsovertredelse i 2015.", by=caseworker,
    )


def test_an_attest_with_remarks_blocks_approval_until_it_is_assessed(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=("attests",))
    certificate = with_remarks(application, bergen_caseworker)
    assert checklist(application).missing == ["Politiattesten (Uttømmende og utvidet politiattest) til Kari Testesen har merknader som ikke er vurdert."]
    with pytest.raises(ValidationError, match="har merknader som ikke er vurdert"):
        volunteer_services.application_approve(application=application, by=bergen_caseworker)

    with pytest.raises(ValidationError, match="Skriv vurderingen"):
        volunteer_services.police_certificate_assess(certificate=certificate, acceptable=True, assessment=" ", by=bergen_caseworker)
    certificate = volunteer_services.police_certificate_assess(
        certificate=certificate, acceptable=True, by=bergen_caseworker,
        assessment="Et eldre forelegg for fart; ikke av betydning for omsorg for barn. Drøftet i samtale 2.",
    )
    assert (certificate.assessed_by, certificate.assessment_acceptable) == (bergen_caseworker, True)
    assert certificate.assessed_at is not None
    assert checklist(application).complete
    volunteer_services.application_approve(application=application, by=bergen_caseworker)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert "police_certificate_assessed" in [e.action for e in audit_entries_for(target=application)]


def test_remarks_assessed_as_not_compatible_block_approval(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=("attests",))
    certificate = with_remarks(application, bergen_caseworker)
    volunteer_services.police_certificate_assess(certificate=certificate, acceptable=False, assessment="Ikke forenlig med oppdraget.",
                                                 by=bergen_caseworker)
    with pytest.raises(ValidationError) as exc:
        volunteer_services.application_approve(application=application, by=bergen_caseworker)
    assert exc.value.messages == [
        "Politiattesten (Uttømmende og utvidet politiattest) til Kari Testesen har merknader som er vurdert som ikke forenlige med oppdraget."
    ]
    assert not ApprovedHome.objects.exists()


def test_a_new_attest_needs_a_new_assessment(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    certificate = with_remarks(application, bergen_caseworker)
    volunteer_services.police_certificate_assess(certificate=certificate, acceptable=True, assessment="Forenlig.", by=bergen_caseworker)
    again = with_remarks(application, bergen_caseworker)
    assert again.pk == certificate.pk and again.assessed_at is None and again.needs_assessment


def test_an_attest_without_remarks_is_not_assessed(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.register_all_attests(application, bergen_caseworker)
    certificate = application.police_certificates.get()
    with pytest.raises(ValidationError, match="Bare en attest med merknader"):
        volunteer_services.police_certificate_assess(certificate=certificate, acceptable=True, assessment="Ok", by=bergen_caseworker)


def test_another_kommunes_caseworker_cannot_assess(draft, bergen_caseworker, lillestrom_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    certificate = with_remarks(application, bergen_caseworker)
    with pytest.raises(ValidationError, match="hører ikke til"):
        volunteer_services.police_certificate_assess(certificate=certificate, acceptable=True, assessment="Ok", by=lillestrom_caseworker)
