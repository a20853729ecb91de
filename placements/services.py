"""Agreements (arbeidsavtale / oppdragsavtale), approved homes, needs, proposals and placements."""

import uuid
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.tenancy.choices import AgreementKind, HomeType, LegalTrack
from besokshjem.tenancy.services import require_member

from .followups import follow_ups_start
from .models import (
    ACTIVE_PLACEMENT,
    HOME_TYPE_FOR_SERVICE,
    Agreement,
    AgreementParty,
    ApprovedHome,
    ExceptionKind,
    HomeStatus,
    Need,
    Placement,
    PlacementAction,
    PlacementException,
    PlacementStatus,
    Proposal,
    ProposalStatus,
)
from .schedules import first_date, occurrences, schedule_for
from .selectors import (
    PlannedAgreement,
    agreement_plan,
    children_at_peak,
    employment_terms_for,
    format_ore,
    holding_a_place,
    rate_table_in_force,
    sibling_needs,
    tariff_minimum_in_force,
)
from .units import Unit, quantity

RATE_FIELDS = ["hourly_pay_ore", "fee_per_day_ore", "expenses_0_10_ore", "expenses_over_10_ore", "km_rate_ore"]


def role_frequency(application, home_type: str) -> str:
    """The expected scope of one role, as a number and its unit: «1 helg per måned», «2 døgn per måned», «4 timer per uke»."""
    if home_type == HomeType.SUPPORT_CONTACT:
        if application.hours_per_week:
            return _("%(n)s per uke") % {"n": quantity(application.hours_per_week, Unit.HOUR)}
    elif home_type == HomeType.RESPITE and application.respite_home_mode == "hourly":
        return _("på dagtid, etter avtale")
    elif application.frequency_per_month:
        unit = Unit.WEEKEND if home_type == HomeType.VISITING else Unit.DAY
        return _("%(n)s per måned") % {"n": quantity(application.frequency_per_month, unit)}
    return _("etter avtale")


def _frequency(application) -> str:
    """Every role's scope, for the approved home: «Besøkshjem: 1 helg per måned; Støttekontakt: 4 timer per uke»."""
    if len(application.home_types) == 1:
        return role_frequency(application, application.home_types[0])
    return "; ".join(f"{HomeType(t).label}: {role_frequency(application, t)}" for t in application.home_types)


def rates_snapshot(table) -> dict:
    return {name: getattr(table, name) for name in RATE_FIELDS}


def _date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _rates_for(*, planned: PlannedAgreement, municipality, on: date):
    """The kommune's rates for the agreement on its start date, checked against what the role is paid by."""
    kind_label = AgreementKind(planned.kind).label.lower()
    track_label = LegalTrack(planned.legal_track).label
    table = rate_table_in_force(municipality=municipality, agreement_kind=planned.kind, legal_track=planned.legal_track, on=on)
    if table is None:
        raise ValidationError(
            _("Kommunen har ingen satser for %(kind)s etter %(track)s som gjelder fra %(date)s. Legg inn satser først.")
            % {"kind": kind_label, "track": track_label, "date": _date(on)},
            code="no_rates",
        )
    if planned.kind == AgreementKind.ASSIGNMENT:
        needed = ["hourly_pay_ore"] if planned.home_type == HomeType.SUPPORT_CONTACT else ["fee_per_day_ore", "expenses_0_10_ore", "expenses_over_10_ore"]
        if any(getattr(table, name) is None for name in needed):
            raise ValidationError(
                _("Satsene for %(kind)s etter %(track)s mangler %(what)s. Legg dem inn først.") % {
                    "kind": kind_label, "track": track_label,
                    "what": _("timesats for støttekontakt") if planned.home_type == HomeType.SUPPORT_CONTACT
                    else _("godtgjøring og utgiftsdekning per døgn"),
                },
                code="rates_incomplete",
            )
    elif planned.home_type != HomeType.SUPPORT_CONTACT:  # SGS 1030 covers avlastere, not støttekontakter
        minimum = tariff_minimum_in_force(legal_track=planned.legal_track, on=on)
        if minimum is not None and any(
            getattr(table, name) < getattr(minimum, name) for name in ("hourly_pay_ore", "expenses_0_10_ore", "expenses_over_10_ore")
        ):
            raise ValidationError(
                _("Kommunens satser etter %(track)s er lavere enn minstesatsene i KS' særavtale SGS 1030 fra %(date)s. Rett satsene først.")
                % {"track": track_label, "date": _date(minimum.valid_from)},
                code="below_minimum",
            )
    return table


def _party_details(application, key: str, name: str) -> dict:
    birth = application.birth_date if key == "applicant" else application.partner_birth_date
    return {"key": key, "name": name, "birth_date": birth}


def _body(*, planned: PlannedAgreement, application, table, terms, start_date, end_date, temporary_reason) -> str:
    """The agreement's text, always in Norwegian (bokmål): what both sides sign."""
    municipality = application.municipality
    with translation.override("nb"):
        context = {
            "application": application,
            "municipality": municipality,
            "home_type": planned.home_type,
            "home_type_label": HomeType(planned.home_type).label,
            "legal_track_label": LegalTrack(planned.legal_track).label,
            "hosts_children": planned.home_type != HomeType.SUPPORT_CONTACT,
            "parties": [_party_details(application, key, name) for key, name in planned.parties],
            "address": f"{application.address}, {application.postcode} {application.post_town}".strip(", "),
            "frequency": role_frequency(application, planned.home_type),
            "holidays": application.holidays and planned.home_type != HomeType.SUPPORT_CONTACT,
            "start_date": start_date,
            "end_date": end_date,
            "temporary_reason": temporary_reason,
            "rates": {name: format_ore(getattr(table, name)) for name in RATE_FIELDS},
            "has_expenses": table.expenses_0_10_ore is not None and planned.home_type != HomeType.SUPPORT_CONTACT,
            "valid_from": table.valid_from,
            "source": table.source,
            "terms": terms,
            "notice": quantity(terms.notice_months, Unit.MONTH) if terms else "",
            "trial": quantity(terms.trial_months, Unit.MONTH) if terms and terms.trial_months else "",
            "holiday_pay": f"{Decimal(terms.holiday_pay_percent).normalize():f}".replace(".", ",") if terms else "",
        }
        return render_to_string(f"placements/agreement_{planned.kind}.txt", context).strip()


def _terms_snapshot(terms, *, hosts_children: bool) -> dict:
    if terms is None:
        return {}
    return {
        "pension": terms.pension_display, "pay_day": terms.pay_day, "holiday_pay_percent": str(terms.holiday_pay_percent),
        "notice_months": terms.notice_months, "trial_months": terms.trial_months,
        "tariff": "KS SGS 1030" if hosts_children else "KS HTA",
    }


@transaction.atomic
def agreements_create(
    *, application, by, start_date: date, end_date: date | None = None, temporary_reason: str = "",
) -> list[Agreement]:
    """Make the case's agreements from the kommune's settings, terms and the rates in force on the start date: one per
    role, and for an arbeidsavtale one per employee. Replaces the agreements in force (their signatures start over).

    The caller (the volunteer's case) holds the case's lock and has checked that the case may have agreements.
    """
    plan = agreement_plan(application)
    if not plan:
        raise ValidationError(_("Kommunen har ingen innstilling for oppdragene det søkes om."), code="no_setting")
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("Sluttdatoen kan ikke være før startdatoen.")}, code="ends_before_start")
    temporary_reason = temporary_reason.strip()
    if end_date is not None and not temporary_reason and any(p.kind == AgreementKind.EMPLOYMENT for p in plan):
        raise ValidationError(
            {"temporary_reason": _("En midlertidig arbeidsavtale må ha et grunnlag (arbeidsmiljøloven § 14-9).")}, code="no_reason"
        )
    municipality = application.municipality
    tables = {p: _rates_for(planned=p, municipality=municipality, on=start_date) for p in plan}
    terms = employment_terms_for(municipality=municipality)
    Agreement.objects.filter(application=application, superseded_at__isnull=True).update(superseded_at=timezone.now())
    made = []
    for planned in plan:
        table = tables[planned]
        employment = planned.kind == AgreementKind.EMPLOYMENT
        agreement = Agreement(
            application=application, municipality=municipality, kind=planned.kind, home_type=planned.home_type,
            legal_track=planned.legal_track, person_key=planned.person_key, start_date=start_date, end_date=end_date,
            temporary_reason=temporary_reason if end_date else "", frequency=role_frequency(application, planned.home_type),
            rates=rates_snapshot(table), rates_valid_from=table.valid_from,
            terms=_terms_snapshot(terms if employment else None, hosts_children=planned.home_type != HomeType.SUPPORT_CONTACT),
            body=_body(planned=planned, application=application, table=table, terms=terms if employment else None,
                       start_date=start_date, end_date=end_date, temporary_reason=temporary_reason),
            created_by=by,
        )
        agreement.full_clean()
        agreement.save()
        for key, name in planned.parties:
            party = AgreementParty(agreement=agreement, person_key=key, name=name)
            party.full_clean()
            party.save()
        audit_record(target=application, municipality=municipality, action=PlacementAction.AGREEMENT_GENERATED, actor=by,
                     note=f"{planned.kind}: {planned.home_type}{' ' + planned.person_key if planned.person_key else ''}")
        made.append(agreement)
    return made


def _same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


@transaction.atomic
def agreement_sign_party(*, agreement: Agreement, person_key: str, typed_name: str, confirmed: bool) -> Agreement:
    """A person the agreement names signs it with their full name; once the last of them has, the volunteer's side has
    signed (`applicant_signed_at`)."""
    agreement = Agreement.objects.select_for_update().select_related("application__municipality").get(pk=agreement.pk)
    application = agreement.application
    if agreement.superseded_at is not None:
        raise ValidationError(_("Denne avtalen er erstattet av en nyere."), code="superseded")
    parties = list(agreement.parties.select_for_update())
    party = next((p for p in parties if p.person_key == person_key), None)
    if party is None:
        raise ValidationError({"person_key": _("Denne personen er ikke part i avtalen.")}, code="not_a_party")
    if party.signed_at:
        return agreement
    if not confirmed:
        raise ValidationError({"confirmed": _("Kryss av for at du har lest og godtar avtalen.")}, code="not_confirmed")
    if not _same_name(typed_name, party.name):
        raise ValidationError({"typed_name": _("Skriv fullt navn slik det står i søknaden: %(name)s.") % {"name": party.name}},
                              code="name_mismatch")
    now = timezone.now()
    party.signed_name = " ".join(typed_name.split())
    party.signed_at = now
    party.full_clean()
    party.save(update_fields=["signed_name", "signed_at"])
    if all(p.signed_at for p in parties):
        agreement.applicant_signed_at = now
        agreement.save(update_fields=["applicant_signed_at"])
    audit_record(target=application, municipality=application.municipality, action=PlacementAction.AGREEMENT_SIGNED_BY_APPLICANT,
                 actor_label=APPLICANT, note=f"{agreement.get_kind_display()} ({agreement.home_type}): {person_key}")
    return agreement


@transaction.atomic
def agreement_sign_caseworker(*, agreement: Agreement, by) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("application__municipality").get(pk=agreement.pk)
    application = agreement.application
    if agreement.superseded_at is not None:
        raise ValidationError(_("Denne avtalen er erstattet av en nyere."), code="superseded")
    require_member(user=by, municipality=application.municipality)
    if agreement.caseworker_signed_at:
        return agreement
    agreement.caseworker_signed_by = by
    agreement.caseworker_signed_at = timezone.now()
    agreement.save(update_fields=["caseworker_signed_by", "caseworker_signed_at"])
    audit_record(target=application, municipality=application.municipality, action=PlacementAction.AGREEMENT_SIGNED_BY_MUNICIPALITY, actor=by,
                 note=f"{agreement.get_kind_display()} ({agreement.home_type})")
    return agreement


def approved_home_create(*, application, by) -> ApprovedHome:
    """Called by the approval service inside its transaction."""
    names = application.applicant_name + (f" og {application.partner_name}" if application.applying_together else "")
    home = ApprovedHome(
        municipality=application.municipality,
        application=application,
        name=names,
        home_types=list(application.home_types),
        capacity=2 if application.sibling_pair == "yes" else 1,
        age_min=application.age_min if application.age_min is not None else application.municipality.child_age_min,
        age_max=application.age_max if application.age_max is not None else application.municipality.child_age_max,
        sibling_pair=application.sibling_pair == "yes",
        frequency=_frequency(application),
        area=application.post_town,
        holidays_available=bool(application.holidays),
        has_car=bool(application.has_car),
        has_pets=bool(application.pets),
        own_bedroom=bool(application.child_bedroom),
        approved_at=timezone.now(),
        approved_by=by,
    )
    home.full_clean()
    home.save()
    return home


@transaction.atomic
def approved_home_set_status(*, home: ApprovedHome, status: str, reason: str, by) -> ApprovedHome:
    """Pause, resume or end a home. The caller deletes kept politiattest copies when a home ends (the volunteer's case
    keeps them: applications.volunteer.services.home_set_status)."""
    home = ApprovedHome.objects.select_for_update().select_related("application", "municipality").get(pk=home.pk)
    require_member(user=by, municipality=home.municipality)
    if home.status == HomeStatus.ENDED:
        raise ValidationError(_("Et avsluttet hjem kan ikke endres."), code="ended")
    if status != HomeStatus.ACTIVE and not reason.strip():
        raise ValidationError({"reason": _("Oppgi årsak.")}, code="reason_required")
    if status == HomeStatus.ENDED and home.placements.filter(status__in=ACTIVE_PLACEMENT).exists():
        raise ValidationError(_("Hjemmet har tiltak som er planlagt eller i gang. Avslutt eller flytt dem først."), code="has_placements")
    previous = home.status
    home.status = status
    home.status_reason = reason.strip() if status != HomeStatus.ACTIVE else ""
    if status == HomeStatus.ENDED:
        home.ended_at = timezone.now()
    home.full_clean()
    home.save(update_fields=["status", "status_reason", "ended_at"])
    audit_record(target=home, municipality=home.municipality, action=PlacementAction.HOME_STATUS_CHANGED, actor=by,
                 from_status=previous, to_status=status, note=reason)
    return home


@transaction.atomic
def approved_home_save_details(*, home: ApprovedHome, changed: list[str], by) -> ApprovedHome:
    """Save the home's details as edited in the admin (capacity, age band, area, …; `changed` names the fields) and
    write them into the home's history. Its status and availability have services of their own."""
    require_member(user=by, municipality=home.municipality)
    home.full_clean()
    home.save()
    if changed:
        audit_record(target=home, municipality=home.municipality, action=PlacementAction.HOME_DETAILS_CHANGED, actor=by,
                     note=", ".join(changed))
    return home


@transaction.atomic
def approved_home_set_availability(
    *, home: ApprovedHome, weekends_of_month: list[int], weekdays: list[int], hours_from: time | None, hours_to: time | None,
    holidays_available: bool, by,
) -> ApprovedHome:
    """When the home can take a child: which weekends of the month (1–5, counted by the month's Saturdays), which
    weekdays and hours (støttekontakt, avlastning by the hour), and holidays."""
    home = ApprovedHome.objects.select_for_update().get(pk=home.pk)
    require_member(user=by, municipality=home.municipality)
    home.weekends_of_month, home.weekdays = sorted(set(weekends_of_month)), sorted(set(weekdays))
    home.hours_from, home.hours_to, home.holidays_available = hours_from, hours_to, holidays_available
    home.full_clean()
    home.save(update_fields=["weekends_of_month", "weekdays", "hours_from", "hours_to", "holidays_available"])
    audit_record(target=home, municipality=home.municipality, action=PlacementAction.HOME_AVAILABILITY_CHANGED, actor=by)
    return home


# --- Needs -------------------------------------------------------------------------------------------------------------


@transaction.atomic
def need_from_decision(*, decision, by, needs_summary: str = "") -> Need:
    """The need a granted vedtak gives, on either track; called when the vedtak is confirmed. A second call returns
    the same need. The decision is read as it is (its case, scope, period, track): placements never imports
    applications. The child's area is left empty when the child's address is confidential."""
    case = decision.case
    require_member(user=by, municipality=case.municipality, track=decision.track)
    existing = Need.objects.filter(decision_id=decision.pk).first()
    if existing is not None:
        return existing
    if not (decision.is_confirmed and decision.is_granted):
        raise ValidationError(_("Bare et fattet vedtak som innvilger en tjeneste, gir et behov for tiltak."), code="not_granted")
    if not decision.service_type or decision.scope_amount is None or not decision.scope_unit or decision.period_from is None:
        raise ValidationError(_("Vedtaket mangler tjeneste, omfang eller periode."), code="no_scope")
    if case.child_birth_date is None:
        raise ValidationError(_("Barnets fødselsdato mangler i saken."), code="no_birth_date")
    confidential = getattr(case, "child_address_confidential", False)
    area = "" if confidential else (getattr(case, "child_post_town", "") or getattr(case, "guardian_post_town", ""))
    need = Need(
        decision_id=decision.pk, municipality=case.municipality, service_type=decision.service_type,
        scope_amount=decision.scope_amount, scope_unit=decision.scope_unit, scope_period=decision.scope_period,
        period_from=decision.period_from, period_to=decision.period_to, track=decision.track,
        child_birth_date=case.child_birth_date, area=area, needs_summary=needs_summary.strip(), created_by=by,
    )
    need.full_clean()
    need.save()
    audit_record(target=need, municipality=need.municipality, action=PlacementAction.NEED_CREATED, actor=by, note=need.service_type)
    return need


@transaction.atomic
def need_set_summary(*, need: Need, summary: str, by) -> Need:
    """The kommune's short description of what a home must know of the child (shown to a home that is asked); in plain
    words and without a diagnosis."""
    need = Need.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=need.pk)
    require_member(user=by, municipality=need.municipality, track=need.track)
    need.needs_summary = summary.strip()
    need.full_clean()
    need.save(update_fields=["needs_summary"])
    audit_record(target=need, municipality=need.municipality, action=PlacementAction.NEED_DESCRIBED, actor=by)
    return need


@transaction.atomic
def needs_group_siblings(*, needs: list[Need], by) -> uuid.UUID:
    """Siblings granted together are placed together: their needs get one sibling group. They must be at least two,
    in one kommune, for the same service, and none of them placed or proposed yet."""
    needs = list(Need.objects.select_for_update().filter(pk__in=[n.pk for n in needs]).order_by("pk"))
    if len(needs) < 2:
        raise ValidationError(_("Velg minst to søsken."), code="too_few")
    if len({n.municipality_id for n in needs}) > 1 or len({n.service_type for n in needs}) > 1:
        raise ValidationError(_("Søsken som plasseres sammen, må ha samme tjeneste i samme kommune."), code="not_alike")
    require_member(user=by, municipality=needs[0].municipality, track=needs[0].track)
    if Placement.objects.filter(need__in=needs).exists() or Proposal.objects.filter(need__in=needs).exists():
        raise ValidationError(_("Et av søsknene er allerede foreslått eller plassert."), code="already_placed")
    group = uuid.uuid4()
    Need.objects.filter(pk__in=[n.pk for n in needs]).update(sibling_group=group)
    for need in needs:
        audit_record(target=need, municipality=need.municipality, action=PlacementAction.SIBLINGS_GROUPED, actor=by, note=str(group))
    return group


# --- Proposals -----------------------------------------------------------------------------------------------------------

HOME_NOT_ACTIVE = {
    HomeStatus.PAUSED: gettext_lazy("Hjemmet har pause og kan ikke få nye barn."),
    HomeStatus.ENDED: gettext_lazy("Hjemmet er avsluttet og kan ikke få nye barn."),
}


def _require_placeable(*, need: Need, home: ApprovedHome) -> None:
    """A need can go to an active home of the same kommune, approved for its service."""
    if home.municipality_id != need.municipality_id:
        raise ValidationError(_("Hjemmet hører til en annen kommune."), code="wrong_municipality")
    if home.status != HomeStatus.ACTIVE:
        raise ValidationError(str(HOME_NOT_ACTIVE[home.status]), code="home_not_active")
    if HOME_TYPE_FOR_SERVICE.get(need.service_type) not in home.home_types:
        raise ValidationError(_("Hjemmet er ikke godkjent for denne tjenesten."), code="wrong_role")


def _require_not_placed(group: list[Need]) -> None:
    if Placement.objects.filter(need__in=group, status__in=ACTIVE_PLACEMENT).exists():
        raise ValidationError(_("Barnet har allerede et tiltak som er planlagt eller i gang."), code="already_placed")


@transaction.atomic
def placement_propose(*, need: Need, home: ApprovedHome, by) -> Proposal:
    """Propose a home for a need (a sibling group goes together). Refused for a home that is paused, ended, of another
    kommune or not approved for the service, and for a child already placed."""
    need = Need.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=need.pk)
    require_member(user=by, municipality=need.municipality, track=need.track)
    home = ApprovedHome.objects.get(pk=home.pk)
    _require_placeable(need=need, home=home)
    _require_not_placed(sibling_needs(need))
    if need.proposals.filter(home=home, status__in=[ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED]).exists():
        raise ValidationError(_("Hjemmet er allerede foreslått for dette barnet."), code="already_proposed")
    proposal = Proposal(need=need, home=home, proposed_at=timezone.now(), proposed_by=by)
    proposal.full_clean()
    proposal.save()
    audit_record(target=proposal, municipality=need.municipality, action=PlacementAction.PROPOSAL_MADE, actor=by,
                 to_status=proposal.status, note=f"hjem {home.pk}")
    return proposal


def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("need__municipality", "home").get(pk=proposal.pk)


@transaction.atomic
def proposal_answer(*, proposal: Proposal, accept: bool, reason: str = "", by=None) -> Proposal:
    """The home says yes, or no with a reason. Without `by` the home answers itself (audited as the applicant); a
    caseworker may record an answer given by phone."""
    proposal = _locked_proposal(proposal)
    municipality = proposal.need.municipality
    if by is not None:
        require_member(user=by, municipality=municipality, track=proposal.need.track)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("Forslaget er allerede besvart eller trukket tilbake."), code="not_open")
    if not accept and not reason.strip():
        raise ValidationError({"decline_reason": _("Skriv hvorfor hjemmet takker nei.")}, code="reason_required")
    previous = proposal.status
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.decline_reason = "" if accept else reason.strip()
    proposal.answered_at = timezone.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "decline_reason", "answered_at"])
    action = PlacementAction.PROPOSAL_ACCEPTED if accept else PlacementAction.PROPOSAL_DECLINED
    who = {"actor": by} if by is not None else {"actor_label": APPLICANT}
    audit_record(target=proposal, municipality=municipality, action=action, from_status=previous, to_status=proposal.status,
                 note=proposal.decline_reason, **who)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, reason: str, by) -> Proposal:
    """The caseworker withdraws an open proposal (not one a placement was made from), with a reason."""
    proposal = _locked_proposal(proposal)
    require_member(user=by, municipality=proposal.need.municipality, track=proposal.need.track)
    if proposal.status not in (ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED) or Placement.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("Forslaget kan ikke trekkes tilbake."), code="not_open")
    if not reason.strip():
        raise ValidationError({"withdraw_reason": _("Oppgi årsak.")}, code="reason_required")
    previous = proposal.status
    proposal.status, proposal.withdraw_reason = ProposalStatus.WITHDRAWN, reason.strip()
    proposal.full_clean()
    proposal.save(update_fields=["status", "withdraw_reason"])
    audit_record(target=proposal, municipality=proposal.need.municipality, action=PlacementAction.PROPOSAL_WITHDRAWN, actor=by,
                 from_status=previous, to_status=proposal.status, note=proposal.withdraw_reason)
    return proposal


@transaction.atomic
def proposal_schedule_first_meeting(*, proposal: Proposal, starts_at: datetime, place: str, by) -> Proposal:
    """After the home said yes: when and where the child, the family and the home first meet. (The invitation is sent
    by the caller, through the outbox.)"""
    proposal = _locked_proposal(proposal)
    require_member(user=by, municipality=proposal.need.municipality, track=proposal.need.track)
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationError(_("Første møte avtales når hjemmet har takket ja."), code="not_accepted")
    if not place.strip():
        raise ValidationError({"first_meeting_place": _("Oppgi sted.")}, code="required")
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be aware")
    proposal.first_meeting_at, proposal.first_meeting_place = starts_at, place.strip()
    proposal.full_clean()
    proposal.save(update_fields=["first_meeting_at", "first_meeting_place"])
    audit_record(target=proposal, municipality=proposal.need.municipality, action=PlacementAction.FIRST_MEETING_SCHEDULED, actor=by,
                 note=starts_at.isoformat())
    return proposal


# --- Placements ----------------------------------------------------------------------------------------------------------


def _require_in_period(*, need: Need, start_date: date, planned_end: date | None) -> None:
    if start_date < need.period_from or (need.period_to and start_date > need.period_to):
        raise ValidationError({"start_date": _("Tiltaket må starte innenfor vedtakets periode.")}, code="outside_period")
    if need.period_to and planned_end and planned_end > need.period_to:
        raise ValidationError({"planned_end": _("Tiltaket kan ikke vare lenger enn vedtakets periode.")}, code="outside_period")


@transaction.atomic
def placement_create(
    *, need: Need, home: ApprovedHome, start_date: date, schedule_kind: str, planned_end: date | None = None,
    weekday: int | None = None, starts_at_time: time | None = None, ends_at_time: time | None = None,
    skip_public_holidays: bool = False, proposal: Proposal | None = None, shared_with_family: str = "", by,
) -> Placement:
    """Place a child (with the siblings of its group) with a home on a schedule (see ScheduleKind).

    No home is ever overbooked: the home's row is locked while the children its placements hold over the period
    (planned or running; a sibling group counts as its number of children) are counted against its capacity, so two
    caseworkers placing at the same time are served one after the other. A paused or ended home is refused. The
    placement ends at the end of the decision's period unless an earlier end is planned.
    """
    group = list(Need.objects.select_for_update().filter(pk__in=[n.pk for n in sibling_needs(need)]).order_by("pk"))
    need = next(n for n in group if n.pk == need.pk)
    require_member(user=by, municipality=need.municipality, track=need.track)
    home = ApprovedHome.objects.select_for_update().get(pk=home.pk)
    _require_placeable(need=need, home=home)
    _require_not_placed(group)
    if proposal is not None and (proposal.need_id != need.pk or proposal.home_id != home.pk or proposal.status != ProposalStatus.ACCEPTED):
        raise ValidationError(_("Forslaget gjelder ikke dette barnet og hjemmet, eller hjemmet har ikke takket ja."), code="proposal_mismatch")
    if len(group) > 1 and not home.sibling_pair:
        raise ValidationError(_("Hjemmet tar ikke imot søskenpar."), code="no_siblings")
    planned_end = planned_end or need.period_to
    _require_in_period(need=need, start_date=start_date, planned_end=planned_end)
    schedule = schedule_for(schedule_kind, weekday=weekday, starts_at_time=starts_at_time, ends_at_time=ends_at_time)
    held = children_at_peak(home.placements.filter(holding_a_place(start_date, planned_end)), start_date, planned_end)
    if held + len(group) > home.capacity:
        raise ValidationError(_("Hjemmet har ikke ledig plass i perioden."), code="no_free_place")
    placement = Placement(
        need=need, home=home, proposal=proposal, children=len(group), start_date=start_date, planned_end=planned_end,
        schedule_kind=schedule_kind, schedule_rule=schedule.rule, day_offset=schedule.day_offset,
        starts_at_time=schedule.starts_at_time, duration=schedule.duration, skip_public_holidays=skip_public_holidays,
        shared_with_family=shared_with_family.strip(), created_by=by,
    )
    placement.full_clean()
    placement.save()
    placement.first_date_at = first_date(placement)
    if placement.first_date_at is None:
        raise ValidationError(_("Den faste ordningen gir ingen datoer i perioden."), code="no_dates")
    placement.save(update_fields=["first_date_at"])
    audit_record(target=placement, municipality=need.municipality, action=PlacementAction.PLACEMENT_CREATED, actor=by,
                 to_status=placement.status, note=f"hjem {home.pk}: {schedule_kind}")
    follow_ups_start(placement=placement)
    return placement


def _locked_placement(placement: Placement, by) -> Placement:
    placement = Placement.objects.select_for_update(of=("self",)).select_related("need__municipality").get(pk=placement.pk)
    require_member(user=by, municipality=placement.need.municipality, track=placement.need.track)
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError(_("Tiltaket er avsluttet."), code="ended")
    return placement


def _dates_changed(placement: Placement, *, action: str, by, note: str) -> Placement:
    placement.first_date_at = first_date(placement)
    placement.save(update_fields=["first_date_at"])
    audit_record(target=placement, municipality=placement.need.municipality, action=action, actor=by, note=note)
    return placement


@transaction.atomic
def placement_cancel_date(*, placement: Placement, on: date, reason: str = "", by) -> Placement:
    """Cancel the date of the placement's rule that starts on `on`; one that has begun cannot be cancelled."""
    placement = _locked_placement(placement, by)
    found = [o for o in occurrences(placement, on, on) if not o.extra]
    if not found:
        raise ValidationError({"on": _("Tiltaket har ingen fast dato som begynner denne dagen.")}, code="no_date")
    if found[0].starts_at <= timezone.now():
        raise ValidationError({"on": _("En dato som har begynt, kan ikke avlyses.")}, code="past")
    exception = PlacementException(placement=placement, kind=ExceptionKind.CANCELLED, date=on, reason=reason.strip(), created_by=by)
    exception.full_clean()
    exception.save()
    return _dates_changed(placement, action=PlacementAction.PLACEMENT_DATE_CANCELLED, by=by, note=on.isoformat())


@transaction.atomic
def placement_add_date(*, placement: Placement, starts_at: datetime, ends_at: datetime, reason: str = "", by) -> Placement:
    """An extra date, beyond the rule, within the placement's period."""
    placement = _locked_placement(placement, by)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Slutt må være etter start.")}, code="invalid")
    day = timezone.localdate(starts_at)
    if day < placement.start_date or (placement.last_day and day > placement.last_day):
        raise ValidationError({"starts_at": _("Datoen må ligge innenfor tiltakets periode.")}, code="outside_period")
    exception = PlacementException(placement=placement, kind=ExceptionKind.EXTRA, starts_at=starts_at, ends_at=ends_at,
                                   reason=reason.strip(), created_by=by)
    exception.full_clean()
    exception.save()
    return _dates_changed(placement, action=PlacementAction.PLACEMENT_DATE_ADDED, by=by, note=starts_at.isoformat())


@transaction.atomic
def placement_end(*, placement: Placement, on: date, reason: str, by) -> Placement:
    """End a placement from its last day `on`, with a reason; dates that would begin after it are not held, and its
    places in the home are free from the day after."""
    placement = _locked_placement(placement, by)
    if not reason.strip():
        raise ValidationError({"end_reason": _("Oppgi årsak.")}, code="reason_required")
    previous = placement.status
    placement.status, placement.ended_on, placement.end_reason = PlacementStatus.ENDED, on, reason.strip()
    placement.first_date_at = first_date(placement)
    placement.full_clean()
    placement.save(update_fields=["status", "ended_on", "end_reason", "first_date_at"])
    audit_record(target=placement, municipality=placement.need.municipality, action=PlacementAction.PLACEMENT_ENDED, actor=by,
                 from_status=previous, to_status=placement.status, note=placement.end_reason)
    return placement


@transaction.atomic
def placements_mark_running(*, now: datetime | None = None) -> int:
    """Planned placements whose first date has begun are running (for a periodic task); returns how many moved."""
    due = list(Placement.objects.select_for_update(of=("self",)).select_related("need__municipality")
               .filter(status=PlacementStatus.PLANNED, first_date_at__lte=now or timezone.now()))
    for placement in due:
        placement.status = PlacementStatus.RUNNING
        placement.save(update_fields=["status"])
        audit_record(target=placement, municipality=placement.need.municipality, action=PlacementAction.PLACEMENT_STARTED,
                     from_status=PlacementStatus.PLANNED, to_status=PlacementStatus.RUNNING)
    return len(due)
