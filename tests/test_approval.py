"""Approval of a volunteer home: the checklist, each refusal, the attest rules, signatures and PDFs."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from applications import approval
from applications.checklist import attest_valid_on, checklist
from applications.models import ApplicationStatus, DeclarationText
from applications.selectors import purpose_confirmation_pdf
from besokshjem.tenancy.models import HomeTypeSetting
from placements.models import ApprovedHome
from placements.selectors import agreement_pdf, current_agreement

from . import approval_helpers as h
from .factories import VolunteerApplicationFactory


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_approval_is_allowed_when_every_item_holds(draft, bergen_caseworker, on_commit):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    with on_commit():
        home = approval.application_approve(application=application, by=bergen_caseworker)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert ApprovedHome.objects.get() == home
    assert home.home_types == ["visiting"] and home.capacity == 2 and home.sibling_pair


@pytest.mark.parametrize(
    ("skip", "message"),
    [
        ("interviews", "1 av 2 samtaler er gjennomført."),
        ("home_visit", "Hjemmebesøk er ikke gjennomført."),
        ("attests", "Politiattest (Uttømmende og utvidet politiattest) mangler for Kari Testesen."),
        ("declaration", "Taushetserklæring (versjon 1) er ikke signert av Kari Testesen."),
        ("agreement", "Avtale er ikke laget."),
    ],
)
def test_approval_is_refused_for_each_missing_item(draft, bergen_caseworker, skip, message):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=(skip,))
    with pytest.raises(ValidationError) as exc:
        approval.application_approve(application=application, by=bergen_caseworker)
    assert message in exc.value.messages
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not ApprovedHome.objects.exists()


def test_approval_is_refused_without_the_second_interview(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=("interviews",))
    with pytest.raises(ValidationError, match="1 av 2 samtaler"):
        approval.application_approve(application=application, by=bergen_caseworker)


def test_approval_is_refused_until_the_municipality_signs_the_agreement(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker, skip=("agreement",))
    h.add_rates(application.municipality)
    from placements import services as ps

    agreement = ps.agreement_generate(application=application, by=bergen_caseworker)
    ps.agreement_sign_applicant(agreement=agreement, typed_name="Kari Testesen", confirmed=True)
    with pytest.raises(ValidationError, match="ikke signert av kommunen"):
        approval.application_approve(application=application, by=bergen_caseworker)


def test_the_number_of_interviews_is_the_municipalitys_setting(draft, bergen, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    bergen.interviews_required = 3
    bergen.save()
    application.refresh_from_db()
    application.municipality.refresh_from_db()
    assert checklist(application).summary().startswith("2/3 samtaler")
    with pytest.raises(ValidationError, match="2 av 3 samtaler"):
        approval.application_approve(application=application, by=bergen_caseworker)


def test_a_household_member_turning_18_during_the_case_needs_an_attest(lillestrom, lillestrom_caseworker):
    with time_machine.travel(date(2026, 12, 1)):
        application = VolunteerApplicationFactory(municipality=lillestrom)
        h.add_household_member(application, name="Snart Voksen", birth_year=2009)
        application = h.ready_for_approval(application, lillestrom_caseworker)
        assert checklist(application).complete  # 17 this year: no attest needed yet
    with time_machine.travel(date(2027, 1, 10)):
        result = checklist(application)
        assert not result.complete
        assert "Politiattest (Ordinær politiattest) mangler for Snart Voksen." in result.missing
        with pytest.raises(ValidationError):
            approval.application_approve(application=application, by=lillestrom_caseworker)


def test_household_attests_are_required_only_where_the_municipality_says_so(bergen, lillestrom, bergen_caseworker, lillestrom_caseworker):
    in_bergen = VolunteerApplicationFactory(municipality=bergen)
    h.add_household_member(in_bergen, birth_year=1990)
    in_lillestrom = VolunteerApplicationFactory(municipality=lillestrom)
    h.add_household_member(in_lillestrom, birth_year=1990)
    from applications.checklist import attest_people

    assert [p.key for p in attest_people(in_bergen)] == ["applicant"]
    keys = [p.key for p in attest_people(in_lillestrom)]
    assert keys[0] == "applicant" and keys[1].startswith("member:")


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
        approval.police_certificate_register(
            application=application, person_key="applicant", attest_type="complete_extended",
            issue_date=date(2026, 8, 24), shown_date=date(2026, 11, 25), outcome="no_remarks", by=bergen_caseworker,
        )
    assert "mer enn tre måneder gammel" in exc.value.message_dict["issue_date"][0]
    certificate = approval.police_certificate_register(
        application=application, person_key="applicant", attest_type="complete_extended",
        issue_date=date(2026, 8, 25), shown_date=date(2026, 11, 25), outcome="no_remarks", by=bergen_caseworker,
    )
    assert certificate.pk and not certificate.copy


@time_machine.travel(date(2026, 11, 25))
def test_attest_shown_in_the_future_is_refused(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="fremtiden"):
        approval.police_certificate_register(
            application=application, person_key="applicant", attest_type="complete_extended",
            issue_date=date(2026, 11, 20), shown_date=date(2026, 11, 26), outcome="no_remarks", by=bergen_caseworker,
        )


@pytest.mark.parametrize(
    ("home_type", "extra", "right", "wrong"),
    [
        ("visiting", {}, "complete_extended", "ordinary"),  # barnevern besøkshjem: uttømmende og utvidet
        ("respite", {"respite_mode": "overnight"}, "health_care", "complete_extended"),  # hol § 5-4
        ("support_contact", {"child_bedroom": None, "sibling_pair": "", "frequency_per_month": None, "holidays": None, "hours_per_week": 4}, "health_care", "child_care"),
    ],
)
def test_the_wrong_attest_type_is_refused_per_track_and_home_type(bergen, bergen_caseworker, home_type, extra, right, wrong):
    application = VolunteerApplicationFactory(municipality=bergen, home_types=[home_type], **extra)
    application = h.in_review(application, bergen_caseworker)
    kwargs = {"application": application, "person_key": "applicant", "issue_date": timezone.localdate() - timedelta(days=5),
              "shown_date": timezone.localdate(), "outcome": "no_remarks", "by": bergen_caseworker}
    with pytest.raises(ValidationError) as exc:
        approval.police_certificate_register(attest_type=wrong, **kwargs)
    assert "Feil type politiattest" in exc.value.message_dict["attest_type"][0]
    assert approval.police_certificate_register(attest_type=right, **kwargs).pk


def test_support_contact_for_child_welfare_needs_a_child_care_attest(bergen, bergen_caseworker):
    HomeTypeSetting.objects.filter(municipality=bergen, home_type="support_contact").update(legal_track="child_welfare", attest_type="child_care")
    application = VolunteerApplicationFactory(municipality=bergen, home_types=["support_contact"], hours_per_week=4)
    application = h.in_review(application, bergen_caseworker)
    assert approval.police_certificate_register(
        application=application, person_key="applicant", attest_type="child_care", issue_date=timezone.localdate(),
        shown_date=timezone.localdate(), outcome="no_remarks", by=bergen_caseworker,
    ).pk


def test_attest_with_remarks_needs_a_note(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="Beskriv merknadene"):
        approval.police_certificate_register(
            application=application, person_key="applicant", attest_type="complete_extended", issue_date=timezone.localdate(),
            shown_date=timezone.localdate(), outcome="remarks", by=bergen_caseworker,
        )


def test_no_copy_is_kept_unless_the_municipality_keeps_copies(draft, bergen, bergen_caseworker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = h.in_review(draft, bergen_caseworker)
    kwargs = {"application": application, "person_key": "applicant", "attest_type": "complete_extended",
              "issue_date": timezone.localdate(), "shown_date": timezone.localdate(), "outcome": "no_remarks", "by": bergen_caseworker}
    with pytest.raises(ValidationError, match="tar ikke kopi"):
        approval.police_certificate_register(copy=SimpleUploadedFile("attest.pdf", b"%PDF-1.4 test"), **kwargs)
    bergen.keeps_attest_copies = True
    bergen.save()
    certificate = approval.police_certificate_register(copy=SimpleUploadedFile("attest.pdf", b"%PDF-1.4 test"), **kwargs)
    assert certificate.copy and certificate.copy.storage.exists(certificate.copy.name)
    name = certificate.copy.name
    approval.application_reject(application=application, by=bergen_caseworker, reason="Ikke egnet nå")
    certificate.refresh_from_db()
    assert not certificate.copy and certificate.copy_deleted_at is not None
    assert not certificate.copy.storage.exists(name)


def test_a_new_declaration_version_needs_a_new_signature(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    assert checklist(application).complete
    DeclarationText.objects.create(version=2, title="Taushetserklæring", body="Ny tekst", valid_from=timezone.now() - timedelta(seconds=1))
    result = checklist(application)
    assert not result.complete
    assert "Taushetserklæring (versjon 2) er ikke signert av Kari Testesen." in result.missing
    signature = approval.declaration_sign(application=application, person_key="applicant", typed_name="kari  testesen", confirmed=True)
    assert signature.text.version == 2 and signature.signed_at
    assert checklist(application).complete


def test_declaration_needs_the_full_name_and_confirmation(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="Skriv fullt navn"):
        approval.declaration_sign(application=application, person_key="applicant", typed_name="Kari", confirmed=True)
    with pytest.raises(ValidationError, match="Kryss av"):
        approval.declaration_sign(application=application, person_key="applicant", typed_name="Kari Testesen", confirmed=False)


def test_partner_must_sign_the_declaration_too(bergen, bergen_caseworker):
    application = VolunteerApplicationFactory(
        municipality=bergen, applying_together=True, partner_first_name="Ola", partner_last_name="Testesen",
        partner_birth_date=date(1983, 1, 2), partner_email="ola@example.no", partner_phone="+4791234567",
    )
    application = h.ready_for_approval(application, bergen_caseworker, skip=("declaration",))
    approval.declaration_sign(application=application, person_key="applicant", typed_name="Kari Testesen", confirmed=True)
    assert "Taushetserklæring (versjon 1) er ikke signert av Ola Testesen." in checklist(application).missing


def test_agreement_kind_follows_the_municipality_setting(bergen, bergen_caseworker):
    from placements import services as ps

    h.add_rates(bergen)
    respite = h.in_review(VolunteerApplicationFactory(municipality=bergen, home_types=["respite"], respite_mode="overnight"), bergen_caseworker)
    assert ps.agreement_generate(application=respite, by=bergen_caseworker).kind == "employment"
    visiting = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    assert ps.agreement_generate(application=visiting, by=bergen_caseworker).kind == "assignment"
    HomeTypeSetting.objects.filter(municipality=bergen, home_type="visiting").update(agreement_kind="employment")
    assert ps.agreement_generate(application=visiting, by=bergen_caseworker).kind == "employment"
    assert visiting.agreements.filter(superseded_at__isnull=True).count() == 1


def test_agreement_needs_rates_in_force(draft, bergen, bergen_caseworker):
    from placements import services as ps

    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="ingen satser"):
        ps.agreement_generate(application=application, by=bergen_caseworker)
    h.add_rates(bergen, valid_from=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="ingen satser"):
        ps.agreement_generate(application=application, by=bergen_caseworker)


def test_agreement_pdf_has_parties_kind_rates_and_both_signature_times(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    agreement = current_agreement(application=application)
    text = pdf_text(agreement_pdf(agreement=agreement))
    assert "Oppdragsavtale" in text.replace("OPPDRAGSAVTALE", "Oppdragsavtale")
    assert "Bergen" in text and "Kari Testesen" in text
    assert "kr 950,00" in text and "kr 4,50" in text
    local = timezone.localtime
    assert local(agreement.applicant_signed_at).strftime("%H:%M") in text
    assert local(agreement.caseworker_signed_at).strftime("%H:%M") in text
    assert text.count("signert") >= 2


def test_purpose_confirmation_pdf_names_legal_basis_and_role(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    confirmation = approval.purpose_confirmation_issue(application=application, person_key="applicant", by=bergen_caseworker)
    text = pdf_text(purpose_confirmation_pdf(confirmation=confirmation))
    for expected in ("Formålsbekreftelse", "Politiet", "barnevernsloven", "politiregisterloven", "besøkshjem", "Kari Testesen",
                     "1985-04-12", "Bergen", "Uttømmende og utvidet"):
        assert expected in text, expected


def test_purpose_confirmation_for_a_household_member_asks_for_an_ordinary_attest(lillestrom, lillestrom_caseworker):
    application = VolunteerApplicationFactory(municipality=lillestrom)
    member = h.add_household_member(application, birth_year=1995)
    application = h.in_review(application, lillestrom_caseworker)
    confirmation = approval.purpose_confirmation_issue(application=application, person_key=f"member:{member.pk}", by=lillestrom_caseworker)
    assert confirmation.attest_type == "ordinary"


def test_rejection_needs_a_reason_and_tells_the_applicant_without_details(draft, bergen_caseworker, on_commit):
    from django.core import mail

    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="begrunnelse"):
        approval.application_reject(application=application, by=bergen_caseworker, reason="  ")
    mail.outbox.clear()
    with on_commit():
        approval.application_reject(application=application, by=bergen_caseworker, reason="Boligen har ikke plass nå")
    application.refresh_from_db()
    assert application.status == "rejected" and application.rejection_reason == "Boligen har ikke plass nå"
    [message] = mail.outbox
    assert "Boligen" not in message.body and "/status/" in message.body


def test_interview_invitation_has_a_calendar_file(draft, bergen_caseworker, on_commit):
    from django.core import mail

    application = h.in_review(draft, bergen_caseworker)
    mail.outbox.clear()
    with on_commit():
        approval.meeting_schedule(application=application, kind="interview", starts_at=timezone.now() + timedelta(days=7),
                                  caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    [message] = mail.outbox
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and "Rådhuset" in text


def test_a_meeting_cannot_be_marked_held_before_it_happens(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    meeting = approval.meeting_schedule(application=application, kind="interview", starts_at=timezone.now() + timedelta(days=1),
                                        caseworker=bergen_caseworker, by=bergen_caseworker, place="Rådhuset")
    with pytest.raises(ValidationError, match="før den har funnet sted"):
        approval.meeting_mark_held(meeting=meeting, by=bergen_caseworker, notes="x")


def test_home_visit_needs_its_structured_note(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    meeting = approval.meeting_schedule(application=application, kind="home_visit", starts_at=timezone.now() - timedelta(hours=2),
                                        caseworker=bergen_caseworker, by=bergen_caseworker)
    assert meeting.place.startswith("Eksempelveien 1")
    with pytest.raises(ValidationError) as exc:
        approval.meeting_mark_held(meeting=meeting, by=bergen_caseworker, notes="Fint besøk")
    assert {"bedroom_for_child", "safety_notes", "impression"} <= set(exc.value.message_dict)


def test_another_municipalitys_caseworker_cannot_act_on_the_case(draft, bergen_caseworker, lillestrom_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="hører ikke til"):
        approval.application_approve(application=application, by=lillestrom_caseworker)
    with pytest.raises(ValidationError, match="hører ikke til"):
        approval.meeting_schedule(application=application, kind="interview", starts_at=timezone.now(),
                                  caseworker=lillestrom_caseworker, by=lillestrom_caseworker, place="X")


def test_every_step_is_in_the_audit_trail(draft, bergen_caseworker):
    from besokshjem.audit.selectors import audit_entries_for

    application = h.ready_for_approval(draft, bergen_caseworker)
    approval.application_approve(application=application, by=bergen_caseworker)
    actions = [e.action for e in audit_entries_for(target=application)]
    for action in ("submitted", "status_changed", "interview_scheduled", "interview_held", "home_visit_held",
                   "police_certificate_registered", "declaration_signed", "agreement_generated",
                   "agreement_signed_by_applicant", "agreement_signed_by_municipality", "approved"):
        assert action in actions, action


def test_checklist_summary_reads_at_a_glance(draft, bergen_caseworker):
    application = h.in_review(draft, bergen_caseworker)
    h.hold_meeting(application, bergen_caseworker)
    assert checklist(application).summary() == "1/2 samtaler · 0/1 hjemmebesøk · 0/1 politiattest · taushetserklæring ✗ · avtale ✗"
