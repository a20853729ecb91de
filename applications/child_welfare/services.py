"""Writes of barnevern cases: the caseworker registers a child and the people with parental responsibility."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.intake.services import next_reference
from applications.models.child_welfare import ChildWelfareAction, ChildWelfareCase, Guardian
from besokshjem.audit.services import audit_record
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.services import require_member


@transaction.atomic
def child_welfare_case_register(
    *, municipality, by, child_first_name: str, child_last_name: str, child_birth_date: date, guardians: list[dict],
    child_address: str = "", child_postcode: str = "", child_post_town: str = "", child_address_confidential: bool = False,
    background: str = "",
) -> ChildWelfareCase:
    """Register a barnevern case for a child; at least one person with parental responsibility."""
    require_member(user=by, municipality=municipality, track=LegalTrack.CHILD_WELFARE)
    if not any(g.get("has_parental_responsibility") for g in guardians):
        raise ValidationError(_("Registrer minst én person med foreldreansvar. Alle med foreldreansvar får vedtaket."),
                              code="no_guardian")
    if child_birth_date > timezone.localdate():
        raise ValidationError({"child_birth_date": _("Fødselsdatoen kan ikke være i fremtiden.")}, code="future")
    case = ChildWelfareCase(
        municipality=municipality, reference=next_reference(municipality=municipality, year=timezone.localdate().year),
        child_first_name=child_first_name.strip(), child_last_name=child_last_name.strip(), child_birth_date=child_birth_date,
        child_address=child_address.strip(), child_postcode=child_postcode.strip(), child_post_town=child_post_town.strip(),
        child_address_confidential=child_address_confidential, background=background.strip(), assigned_to=by, created_by=by,
    )
    case.full_clean()
    case.save()
    for data in guardians:
        guardian = Guardian(case=case, **data)
        guardian.full_clean()
        guardian.save()
    audit_record(target=case, municipality=municipality, action=ChildWelfareAction.REGISTERED, actor=by)
    return case
