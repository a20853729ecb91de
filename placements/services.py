"""Agreements (arbeidsavtale / oppdragsavtale) and approved homes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.tenancy.choices import AgreementKind, HomeType
from besokshjem.tenancy.selectors import home_type_setting
from besokshjem.tenancy.services import require_member

from .models import Agreement, ApprovedHome, HomeStatus, PlacementAction
from .selectors import format_ore, rate_table_in_force


def _frequency(application) -> str:
    parts = []
    if application.frequency_per_month:
        parts.append(_("%(n)s helger eller døgn per måned") % {"n": application.frequency_per_month})
    if application.hours_per_week:
        parts.append(_("%(n)s timer per uke") % {"n": application.hours_per_week})
    return ", ".join(parts) or _("etter avtale")


def rates_snapshot(table) -> dict:
    fields = ["hourly_pay_ore", "fee_per_day_ore", "expenses_0_5_ore", "expenses_6_11_ore", "expenses_12_18_ore", "km_rate_ore"]
    return {name: getattr(table, name) for name in fields}


@transaction.atomic
def agreement_create(*, application, by) -> Agreement:
    """Make the agreement from the kommune's setting (kind) and the rates in force today; replaces an earlier draft.

    The caller (the volunteer's case) holds the case's lock and has checked that the case may have an agreement.
    """
    home_type = application.home_types[0]
    setting = home_type_setting(municipality=application.municipality, home_type=home_type)
    today = timezone.localdate()
    table = rate_table_in_force(municipality=application.municipality, agreement_kind=setting.agreement_kind, on=today)
    if table is None:
        raise ValidationError(
            _("Kommunen har ingen satser for %(kind)s som gjelder i dag. Legg inn satser først.")
            % {"kind": AgreementKind(setting.agreement_kind).label.lower()},
            code="no_rates",
        )
    Agreement.objects.filter(application=application, superseded_at__isnull=True).update(superseded_at=timezone.now())
    rates = rates_snapshot(table)
    context = {
        "application": application,
        "municipality": application.municipality,
        "kind": setting.agreement_kind,
        "kind_label": AgreementKind(setting.agreement_kind).label,
        "home_type_label": HomeType(home_type).label,
        "frequency": _frequency(application),
        "rates": {k: format_ore(v) for k, v in rates.items()},
        "valid_from": table.valid_from,
        "source": table.source,
    }
    agreement = Agreement(
        application=application,
        municipality=application.municipality,
        kind=setting.agreement_kind,
        home_type=home_type,
        frequency=context["frequency"],
        rates=rates,
        rates_valid_from=table.valid_from,
        body=render_to_string(f"placements/agreement_{setting.agreement_kind}.txt", context).strip(),
        created_by=by,
    )
    agreement.full_clean()
    agreement.save()
    audit_record(target=application, municipality=application.municipality, action=PlacementAction.AGREEMENT_GENERATED, actor=by,
                 note=setting.agreement_kind)
    return agreement


@transaction.atomic
def agreement_sign_applicant(*, agreement: Agreement, typed_name: str, confirmed: bool) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("application__municipality").get(pk=agreement.pk)
    application = agreement.application
    if agreement.superseded_at is not None:
        raise ValidationError(_("Denne avtalen er erstattet av en nyere."), code="superseded")
    if agreement.applicant_signed_at:
        return agreement
    if not confirmed:
        raise ValidationError({"confirmed": _("Kryss av for at du har lest og godtar avtalen.")}, code="not_confirmed")
    if " ".join(typed_name.split()).casefold() != " ".join(application.applicant_name.split()).casefold():
        raise ValidationError({"typed_name": _("Skriv fullt navn slik det står i søknaden: %(name)s.") % {"name": application.applicant_name}},
                              code="name_mismatch")
    agreement.applicant_signed_name = typed_name.strip()
    agreement.applicant_signed_at = timezone.now()
    agreement.save(update_fields=["applicant_signed_name", "applicant_signed_at"])
    audit_record(target=application, municipality=application.municipality, action=PlacementAction.AGREEMENT_SIGNED_BY_APPLICANT, actor_label=APPLICANT)
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
    audit_record(target=application, municipality=application.municipality, action=PlacementAction.AGREEMENT_SIGNED_BY_MUNICIPALITY, actor=by)
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
