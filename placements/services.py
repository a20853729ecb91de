"""Agreements (arbeidsavtale / oppdragsavtale) and approved homes."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.tenancy.choices import AgreementKind, HomeType, LegalTrack
from besokshjem.tenancy.services import require_member

from .models import Agreement, AgreementParty, ApprovedHome, HomeStatus, PlacementAction
from .selectors import (
    PlannedAgreement,
    agreement_plan,
    employment_terms_for,
    format_ore,
    rate_table_in_force,
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
    home = ApprovedHome.objects.select_for_update().select_related("application").get(pk=home.pk)
    if home.status == HomeStatus.ENDED:
        raise ValidationError(_("Et avsluttet hjem kan ikke endres."), code="ended")
    if status != HomeStatus.ACTIVE and not reason.strip():
        raise ValidationError({"reason": _("Oppgi årsak.")}, code="reason_required")
    previous = home.status
    home.status = status
    home.status_reason = reason.strip() if status != HomeStatus.ACTIVE else ""
    home.full_clean()
    home.save(update_fields=["status", "status_reason"])
    audit_record(target=home, municipality=home.municipality, action=PlacementAction.HOME_STATUS_CHANGED, actor=by,
                 from_status=previous, to_status=status, note=reason)
    return home
