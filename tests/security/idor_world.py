"""The objects the IDOR walk (test_idor_walk.py) fills its URLs with: one kommune's cases and everything hanging off
them, built lazily so each walked URL builds only what it needs.

`World(municipality, caseworker, prefix)` is one kommune's side: a volunteer's case under review (a formålsbekreftelse,
an agreement), an approved home with a placement, an open proposal, a time sheet and a calendar feed, a parent's case
(attachment, interim reply, a confirmed vedtak with its need, a draft vedtak, a forwarded appeal with an attachment, a
second guardian), a barnevern case (vedtak by post, an appeal with an attachment; another case with a draft), drafts
of both public forms, the kommune's settings rows. All names are fictional.
"""

import itertools
from datetime import date, timedelta
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.decisions import services as decisions
from applications.models import ApplicationStatus, Attachment, PurposeConfirmation, RetentionRules
from besokshjem.audit.models import AccessEntry, AccessKind, AuditEntry
from besokshjem.outbox.services import message_write
from besokshjem.tenancy.models import Membership
from placements import feeds, timesheets
from placements import services as placement_services
from placements.models import Agreement, AgreementParty, EmploymentTerms, Need, PlacementSettings, RateTable, ScheduleKind

from ..approval_helpers import add_rates
from ..child_welfare.test_decisions import CONTENT
from ..child_welfare.test_registration import FATHER, MOTHER, register
from ..factories import (
    AppealFactory,
    DecisionFactory,
    InterimReplyFactory,
    RespiteApplicationFactory,
    VolunteerApplicationFactory,
)
from ..placements.factories import ApprovedHomeFactory, make_need, place
from ..respite_helpers import PDF

NUMBERS = itertools.count(7001)


def _with_attachment(appeal):
    """The appeal with a PDF attached, as the parent's or the caseworker's upload leaves it."""
    appeal.attachment.save("klage.pdf", ContentFile(PDF), save=False)
    appeal.attachment_name, appeal.attachment_type = "klage.pdf", "application/pdf"
    appeal.save()
    return appeal


class World:
    """One kommune's seeded objects; every attribute is made on first use."""

    def __init__(self, municipality, caseworker):
        self.municipality = municipality
        self.caseworker = caseworker
        self.prefix = municipality.reference_prefix

    def _reference(self) -> str:
        return f"{self.prefix}-2026-{next(NUMBERS):05d}"

    # --- A volunteer's case and the approved home ------------------------------------------------------------------

    @cached_property
    def volunteer(self):
        """A case under review, with a formålsbekreftelse, the taushetserklæring asked for and an agreement for the
        applicant to sign."""
        now = timezone.now()
        application = VolunteerApplicationFactory(
            municipality=self.municipality, status=ApplicationStatus.IN_REVIEW, submitted_at=now - timedelta(days=20),
            declaration_requested_at=now - timedelta(days=1),
            reference=self._reference(), assigned_to=self.caseworker, first_name="Kari", last_name=f"Frivillig{self.prefix}")
        return application

    @cached_property
    def purpose_confirmation(self):
        return PurposeConfirmation.objects.create(
            application=self.volunteer, person_key="applicant", person_name="Kari Testesen",
            person_birth="12.04.1985", home_type="visiting", role="besøkshjem", attest_type="complete_extended",
            legal_basis="hjemmel", tasks="oppgaver", place="Bergen", issued_by=self.caseworker)

    @cached_property
    def agreement(self):
        agreement = Agreement.objects.create(
            application=self.volunteer, municipality=self.municipality, kind="assignment", home_type="visiting",
            legal_track="child_welfare", start_date=timezone.localdate(), frequency="1 helg", rates={},
            rates_valid_from=timezone.localdate(), body="Avtale", created_by=self.caseworker)
        AgreementParty.objects.create(agreement=agreement, person_key="applicant", name="Kari Testesen")
        return agreement

    @cached_property
    def home(self):
        add_rates(self.municipality, valid_from=date(2026, 1, 1))
        home = ApprovedHomeFactory(municipality=self.municipality, approved_by=self.caseworker)
        home.application.last_name = f"Hjem{self.prefix}"
        home.application.save(update_fields=["last_name"])
        return home

    @cached_property
    def placement(self):
        """Every other weekend from the first of last month, so last month has a time sheet to confirm."""
        start = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
        need = make_need(self.municipality, self.caseworker, **{"period_from": start, "period_to": start + timedelta(days=360)})
        return place(need, self.home, self.caseworker, kind=ScheduleKind.EVERY_OTHER_WEEKEND, start=start)

    @cached_property
    def need(self):
        return self.placement.need

    @cached_property
    def time_sheet(self):
        return timesheets.time_sheet_for(placement=self.placement, month=timesheets.previous_month())

    @cached_property
    def proposal(self):
        """An open proposal to the home for another child."""
        start = timezone.localdate()
        need = make_need(self.municipality, self.caseworker, period_from=start, period_to=start + timedelta(days=300))
        return placement_services.placement_propose(need=need, home=self.home, by=self.caseworker)

    @cached_property
    def home_feed(self):
        return feeds.feed_for_home(home=self.home)

    @cached_property
    def family_feed(self):
        return feeds.feed_for_need(need=self.respite_need)

    # --- A parent's case --------------------------------------------------------------------------------------------

    @cached_property
    def respite(self):
        application = RespiteApplicationFactory(
            municipality=self.municipality, status="submitted", submitted_at=timezone.now() - timedelta(days=10),
            reference=self._reference(), child_first_name="Lille", child_last_name=f"Avlastning{self.prefix}",
            second_guardian=True, second_guardian_name="Per Testforelder", second_guardian_email="per@example.no",
            second_guardian_has_parental_responsibility=True)
        return application

    @cached_property
    def attachment(self):
        attachment = Attachment(application=self.respite, original_name="legeerklaering.pdf", content_type="application/pdf", size=len(PDF))
        attachment.file.save("legeerklaering.pdf", ContentFile(PDF), save=False)
        attachment.save()
        return attachment

    @cached_property
    def interim_reply(self):
        return InterimReplyFactory(application=self.respite, sent_by=self.caseworker)

    @cached_property
    def respite_decision(self):
        """A confirmed grant (its need on the waiting list), delivered digitally today."""
        self.attachment, self.interim_reply  # noqa: B018 - the case has these before the vedtak
        start = timezone.localdate()
        return DecisionFactory(application=self.respite, decided_by=self.caseworker, period_from=start,
                               period_to=start + timedelta(days=360), service_type="visiting", scope_unit="weekend")

    @cached_property
    def respite_need(self):
        return Need.objects.get(decision=self.respite_decision)

    @cached_property
    def respite_placement(self):
        home = ApprovedHomeFactory(municipality=self.municipality, approved_by=self.caseworker)
        add_rates(self.municipality, valid_from=date(2026, 1, 1))
        return place(self.respite_need, home, self.caseworker, kind=ScheduleKind.FIRST_WEEKEND, start=timezone.localdate())

    @cached_property
    def respite_draft_decision(self):
        self.respite_decision  # noqa: B018
        return DecisionFactory(application=self.respite, status="draft", decided_at=None, decided_by=None, notified_at=None,
                               drafted_by=self.caseworker, need=False, close_case=False)

    @cached_property
    def respite_appeal(self):
        """The parent's appeal, upheld and forwarded to Statsforvalteren, with an attachment."""
        return _with_attachment(AppealFactory(decision=self.respite_decision, forwarded=True, answer_reverse=False))

    @cached_property
    def respite_appeal_drafted(self):
        """A second appeal, lodged, the kommune's answer drafted (upholding) but not made: the preview shows it."""
        self.respite_appeal  # noqa: B018
        return AppealFactory(decision=self.respite_decision, answer_reverse=False, answer_drafted_by=self.caseworker,
                             handling_note="Vedtaket opprettholdes.")

    # --- A barnevern case -------------------------------------------------------------------------------------------

    @cached_property
    def barnevern(self):
        self.municipality.appeal_authority = "Statsforvalteren i Vestland"
        self.municipality.save(update_fields=["appeal_authority"])
        case = register(self.municipality, self.caseworker, born=date(2011, 3, 14), guardians=[MOTHER, FATHER])
        case.child_last_name = f"Barnevern{self.prefix}"
        case.save(update_fields=["child_last_name"])
        return case

    @cached_property
    def barnevern_decision(self):
        extra = {"scope_amount": 1, "scope_unit": "weekend", "period_from": date(2027, 1, 1)}
        draft = decisions.decision_draft(case=self.barnevern, by=self.caseworker, outcome="granted", **CONTENT, **extra)
        decision = decisions.decision_confirm(decision=draft, by=self.caseworker)
        return decisions.decision_record_paper_delivery(decision=decision, delivered_on=timezone.localdate(), by=self.caseworker)

    @cached_property
    def barnevern_party_key(self):
        return f"guardian:{self.barnevern.guardians.get(name=MOTHER['name']).pk}"

    @cached_property
    def barnevern_appeal(self):
        return _with_attachment(AppealFactory(decision=self.barnevern_decision, forwarded=True, answer_reverse=False,
                                              lodged_by=MOTHER["name"], registered_by=self.caseworker))

    @cached_property
    def barnevern_appeal_drafted(self):
        self.barnevern_appeal  # noqa: B018
        return AppealFactory(decision=self.barnevern_decision, answer_reverse=False, answer_drafted_by=self.caseworker,
                             handling_note="Vedtaket opprettholdes.", lodged_by=FATHER["name"], registered_by=self.caseworker)

    @cached_property
    def barnevern_draft_decision(self):
        """A draft vedtak on a second barnevern case (the first has its vedtak in force)."""
        case = register(self.municipality, self.caseworker, born=date(2014, 5, 2), guardians=[MOTHER])
        case.child_last_name = f"Utkast{self.prefix}"
        case.save(update_fields=["child_last_name"])
        extra = {"scope_amount": 1, "scope_unit": "weekend", "period_from": date(2027, 1, 1)}
        return decisions.decision_draft(case=case, by=self.caseworker, outcome="granted", **CONTENT, **extra)

    # --- Drafts of the public forms ----------------------------------------------------------------------------------

    @cached_property
    def volunteer_draft(self):
        return VolunteerApplicationFactory(municipality=self.municipality, last_name=f"Utkast{self.prefix}")

    @cached_property
    def respite_form_draft(self):
        return RespiteApplicationFactory(municipality=self.municipality, child_last_name=f"Skjemautkast{self.prefix}")

    # --- The kommune's own rows (settings, logs, members) -----------------------------------------------------------

    @cached_property
    def rate_table(self):
        add_rates(self.municipality, valid_from=date(2026, 1, 1))
        return RateTable.objects.filter(municipality=self.municipality).first()

    @cached_property
    def employment_terms(self):
        return EmploymentTerms.objects.get_or_create(municipality=self.municipality)[0]

    @cached_property
    def placement_settings(self):
        return PlacementSettings.objects.get_or_create(municipality=self.municipality)[0]

    @cached_property
    def retention_rules(self):
        return RetentionRules.objects.get_or_create(municipality=self.municipality)[0]

    @cached_property
    def audit_entry(self):
        self.barnevern  # noqa: B018 - registering writes one
        return AuditEntry.objects.filter(municipality=self.municipality).first()

    @cached_property
    def access_entry(self):
        return AccessEntry.objects.create(
            user_id=self.caseworker.pk, user_email=self.caseworker.email, user_name=self.caseworker.full_name,
            municipality=self.municipality, content_type=ContentType.objects.get_for_model(self.barnevern),
            object_id=self.barnevern.pk, reference=self.barnevern.reference, what=AccessKind.CASE_PAGE,
            path="/admin/arbeidsflate/", ip_address="127.0.0.1")

    @cached_property
    def message(self):
        return message_write(kind="link_renewed_co_party", target=self.respite, recipient="per@example.no", language="nb",
                             municipality=self.municipality, send_after=timezone.now() + timedelta(days=1))

    @cached_property
    def membership(self):
        return Membership.objects.get(user=self.caseworker, municipality=self.municipality)
