"""The assignment agreement of a placement (oppdragsavtale for tiltaket): generated from the home's agreement for the
role, it names the child, the times (the schedule in words, the first dates, the period) and the rates in force on the
start date, on the official letter layout. The home's own agreement (arbeidsavtale or oppdragsavtale) stays the
contract; this document says what it applies to."""

from datetime import timedelta

from django.utils import timezone

from besokshjem.core.letters import Letter, letter_pdf
from besokshjem.tenancy.selectors import unit_name

from .homes import placement_reference
from .models import HOME_TYPE_FOR_SERVICE, Placement
from .selectors import format_ore, placement_dates, rate_table_in_force
from .timesheets import agreement_kind_for

#: How many of the first dates the agreement lists.
FIRST_DATES = 6


def _home_agreements(placement: Placement) -> list:
    home_type = HOME_TYPE_FOR_SERVICE.get(placement.need.service_type)
    return [a for a in placement.home.application.agreements.all() if a.superseded_at is None and a.home_type == home_type]


def assignment_context(placement: Placement) -> dict:
    need = placement.need
    case = need.decision.case  # the child's case (read, never imported: placements knows no applications code)
    kind = agreement_kind_for(placement)
    rates = rate_table_in_force(municipality=need.municipality, agreement_kind=kind, legal_track=need.track, on=placement.start_date)
    dates = placement_dates(placement, placement.start_date, placement.start_date + timedelta(days=366))[:FIRST_DATES]
    return {
        "placement": placement, "need": need, "reference": placement_reference(placement), "home": placement.home,
        "child_name": case.child_name, "child_birth_date": need.child_birth_date, "home_agreements": _home_agreements(placement),
        "agreement_kind": kind, "rates": rates, "first_dates": dates,
        "money": {name: format_ore(getattr(rates, name, None)) for name in (
            "hourly_pay_ore", "fee_per_day_ore", "expenses_0_10_ore", "expenses_over_10_ore", "km_rate_ore")} if rates else {},
    }


def assignment_agreement_pdf(*, placement: Placement) -> bytes:
    context = assignment_context(placement)
    letter = Letter(municipality=placement.need.municipality, reference=context["reference"],
                    date=timezone.localdate(placement.created_at), title=f"Oppdragsavtale for tiltak {context['reference']}",
                    unit=unit_name(municipality=placement.need.municipality, legal_track=placement.need.track))
    return letter_pdf(template="pdf/assignment_agreement.html", letter=letter, context=context)
