"""Politiattest: the formålsbekreftelse asks for the right type, the attest is at most three months old when shown,
of the type the home type and legal track require, with remarks explained; no copy is kept unless the kommune keeps
copies, and a kept copy is deleted when the case is rejected."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import attest_valid_on, checklist
from applications.volunteer.selectors import purpose_confirmation_pdf
from besokshjem.tenancy.models import HomeTypeSetting

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory
from ..respite_helpers import PDF


def attest_missing(application) -> list[str]:
    """The checklist's lines about attests still missing."""
    return [line for line in checklist(application).missing if line.startswith("Politiattest")]


@pytest.mark.parametrize(
    ("issued", "shown", "valid"),
    [
        (date(2026, 8, 25), date(2026, 11, 25), True),   # exactly three months
        (date(2026, 8, 24), date(2026, 11, 25), False),  # a day too old
        (date(2026, 2, 28), date(2026, 5, 31), True),    # month end: 31 May less 3 months is 28 Feb
        (date(2026, 2, 27), date(2026, 5, 31), False),
        (date(2026, 11, 25), date(2026, 11, 25), True),  # issued the day it is shown
    ],
)
def test_three_month_attest_rule_on_its_edges(issued, shown, valid):
    assert attest_valid_on(issue_date=issued, shown_date=shown) is valid


@time_machine.travel(date(2026, 11, 25))
def test_attest_over_three_months_old_is_refused_with_a_clear_message(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError) as exc:
        volunteer_services.police_certificate_register(
            application=application, person_key="applicant", attest_type="complete_extended",
            issue_date=date(2026, 8, 24), shown_date=date(2026, 11, 25), outcome="no_remarks", by=bergen_caseworker,
        )
    assert "mer enn tre måneder gammel" in exc.value.message_dict["issue_date"][0]
    certificate = volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended",
        issue_date=date(2026, 8, 25), shown_date=date(2026, 11, 25), outcome="no_remarks", by=bergen_caseworker,
    )
    assert application.police_certificates.get() == certificate
    assert certificate.issue_date == date(2026, 8, 25) and not certificate.copy
    assert not attest_missing(application)


@time_machine.travel(date(2026, 11, 25))
def test_attest_shown_in_the_future_is_refused(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="fremtiden"):
        volunteer_services.police_certificate_register(
            application=application, person_key="applicant", attest_type="complete_extended",
            issue_date=date(2026, 11, 20), shown_date=date(2026, 11, 26), outcome="no_remarks", by=bergen_caseworker,
        )


@pytest.mark.parametrize(
    ("home_type", "extra", "right", "wrong"),
    [
        ("visiting", {}, "complete_extended", "ordinary"),  # barnevern besøkshjem: uttømmende og utvidet
        ("respite", {"respite_home_mode": "overnight"}, "health_care", "complete_extended"),  # hol § 5-4
        ("support_contact", {"child_bedroom": None, "sibling_pair": "", "frequency_per_month": None, "holidays": None, "hours_per_week": 4}, "health_care", "child_care"),
    ],
)
def test_the_wrong_attest_type_is_refused_per_track_and_home_type(bergen, bergen_caseworker, home_type, extra, right, wrong):
    application = VolunteerApplicationFactory(municipality=bergen, home_types=[home_type], **extra)
    application = h.in_review(application, bergen_caseworker)
    kwargs = {"application": application, "person_key": "applicant", "issue_date": timezone.localdate() - timedelta(days=5),
              "shown_date": timezone.localdate(), "outcome": "no_remarks", "by": bergen_caseworker}
    with pytest.raises(ValidationError) as exc:
        volunteer_services.police_certificate_register(attest_type=wrong, **kwargs)
    assert "Feil type politiattest" in exc.value.message_dict["attest_type"][0]
    assert not application.police_certificates.exists() and attest_missing(application)
    certificate = volunteer_services.police_certificate_register(attest_type=right, **kwargs)
    assert certificate.attest_type == right and not attest_missing(application)


def test_support_contact_for_child_welfare_needs_a_child_care_attest(bergen, bergen_caseworker):
    HomeTypeSetting.objects.filter(municipality=bergen, home_type="support_contact").update(legal_track="child_welfare", attest_type="child_care")
    application = VolunteerApplicationFactory(municipality=bergen, home_types=["support_contact"], hours_per_week=4)
    application = h.in_review(application, bergen_caseworker)
    assert attest_missing(application) == ["Politiattest (Barneomsorgsattest (politiregisterloven § 39 første ledd)) mangler for Kari Testesen."]
    volunteer_services.police_certificate_register(
        application=application, person_key="applicant", attest_type="child_care", issue_date=timezone.localdate(),
        shown_date=timezone.localdate(), outcome="no_remarks", by=bergen_caseworker,
    )
    assert not attest_missing(application)


def test_attest_with_remarks_needs_a_note(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="Beskriv merknadene"):
        volunteer_services.police_certificate_register(
            application=application, person_key="applicant", attest_type="complete_extended", issue_date=timezone.localdate(),
            shown_date=timezone.localdate(), outcome="remarks", by=bergen_caseworker,
        )


def test_no_copy_is_kept_unless_the_municipality_keeps_copies(draft, bergen, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    kwargs = {"application": application, "person_key": "applicant", "attest_type": "complete_extended",
              "issue_date": timezone.localdate(), "shown_date": timezone.localdate(), "outcome": "no_remarks", "by": bergen_caseworker}
    with pytest.raises(ValidationError, match="tar ikke kopi"):
        volunteer_services.police_certificate_register(copy=SimpleUploadedFile("attest.pdf", PDF), **kwargs)
    bergen.keeps_attest_copies = True
    bergen.save()
    certificate = volunteer_services.police_certificate_register(copy=SimpleUploadedFile("attest.pdf", PDF), **kwargs)
    assert certificate.copy and certificate.copy.storage.exists(certificate.copy.name)
    name = certificate.copy.name
    volunteer_services.application_reject(application=application, by=bergen_caseworker, reason="Ikke egnet nå")
    certificate.refresh_from_db()
    assert not certificate.copy and certificate.copy_deleted_at is not None
    assert not certificate.copy.storage.exists(name)


def test_purpose_confirmation_pdf_names_legal_basis_and_role(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    text = " ".join(h.pdf_text(purpose_confirmation_pdf(confirmation=confirmation)).split())
    for expected in ("Formålsbekreftelse", "Politiet", "barnevernsloven", "politiregisterloven", "besøkshjem", "Kari Testesen",
                     "12.04.1985", "Bergen", "Uttømmende og utvidet"):
        assert expected in text, expected


def test_purpose_confirmation_says_the_offer_depends_on_the_attest(draft, bergen_caseworker):
    """While the case is under review nobody «er tilbudt et oppdrag»: the role can be offered only with a satisfactory attest."""
    application = h.in_review(draft, bergen_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key="applicant", home_type="visiting",
                                                                 by=bergen_caseworker)
    text = " ".join(h.pdf_text(purpose_confirmation_pdf(confirmation=confirmation)).split())
    assert "tilbudt et oppdrag" not in text
    assert "vurderer personen nedenfor for et oppdrag som besøkshjem" in text
    assert "Oppdraget kan bare tilbys dersom politiattesten er tilfredsstillende" in text


def test_purpose_confirmation_for_a_household_member_asks_for_an_ordinary_attest(lillestrom, lillestrom_caseworker):
    application = VolunteerApplicationFactory(municipality=lillestrom)
    member = h.add_household_member(application, birth_date=date(1995, 3, 2))
    application = h.in_review(application, lillestrom_caseworker)
    confirmation = volunteer_services.purpose_confirmation_issue(application=application, person_key=f"member:{member.pk}",
                                                                 home_type="visiting", by=lillestrom_caseworker)
    assert (confirmation.attest_type, confirmation.person_birth, confirmation.home_type) == ("ordinary", "02.03.1995", "visiting")
