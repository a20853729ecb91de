"""The agreement with a volunteer home: its kind follows the kommune's setting per home type, it needs rates in force,
and its PDF names the parties, the rates and both signature times."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.volunteer import services as volunteer_services
from besokshjem.tenancy.models import HomeTypeSetting
from placements.selectors import agreement_pdf, current_agreement

from .. import approval_helpers as h
from ..factories import VolunteerApplicationFactory


def test_agreement_kind_follows_the_municipality_setting(bergen, bergen_caseworker):

    h.add_rates(bergen)
    respite = h.in_review(VolunteerApplicationFactory(municipality=bergen, home_types=["respite"], respite_home_mode="overnight"), bergen_caseworker)
    assert volunteer_services.agreement_generate(application=respite, by=bergen_caseworker).kind == "employment"
    visiting = h.in_review(VolunteerApplicationFactory(municipality=bergen), bergen_caseworker)
    assert volunteer_services.agreement_generate(application=visiting, by=bergen_caseworker).kind == "assignment"
    HomeTypeSetting.objects.filter(municipality=bergen, home_type="visiting").update(agreement_kind="employment")
    assert volunteer_services.agreement_generate(application=visiting, by=bergen_caseworker).kind == "employment"
    assert visiting.agreements.filter(superseded_at__isnull=True).count() == 1


def test_agreement_needs_rates_in_force(draft, bergen, bergen_caseworker):

    application = h.in_review(draft, bergen_caseworker)
    with pytest.raises(ValidationError, match="ingen satser"):
        volunteer_services.agreement_generate(application=application, by=bergen_caseworker)
    h.add_rates(bergen, valid_from=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="ingen satser"):
        volunteer_services.agreement_generate(application=application, by=bergen_caseworker)


def test_agreement_pdf_has_parties_kind_rates_and_both_signature_times(draft, bergen_caseworker):
    application = h.ready_for_approval(draft, bergen_caseworker)
    agreement = current_agreement(application=application)
    text = h.pdf_text(agreement_pdf(agreement=agreement))
    assert "Oppdragsavtale" in text.replace("OPPDRAGSAVTALE", "Oppdragsavtale")
    assert "Bergen" in text and "Kari Testesen" in text
    assert "kr 950,00" in text and "kr 4,50" in text
    local = timezone.localtime
    assert local(agreement.applicant_signed_at).strftime("%H:%M") in text
    assert local(agreement.caseworker_signed_at).strftime("%H:%M") in text
    assert text.count("signert") >= 2
