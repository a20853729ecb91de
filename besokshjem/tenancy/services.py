"""Writes about kommuner."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .choices import DEFAULT_AGREEMENT_KIND, DEFAULT_LEGAL_TRACK, HomeType, LegalTrack, default_attest_type
from .models import DEFAULT_UNIT_NAMES, HomeTypeSetting, Membership, Municipality, Role, Unit


@transaction.atomic
def municipality_create(
    *,
    name: str,
    slug: str,
    number: str,
    reference_prefix: str,
    contact_email: str,
    contact_phone: str,
    recruits: list[str] | None = None,
    household_attest_required: bool = False,
    **extra,
) -> Municipality:
    """Create a kommune with one setting per home type, defaulted from design.md's legal rules."""
    municipality = Municipality(
        name=name,
        slug=slug,
        number=number,
        reference_prefix=reference_prefix,
        contact_email=contact_email,
        contact_phone=contact_phone,
        **extra,
    )
    municipality.full_clean()
    municipality.save()
    units_create(municipality=municipality)
    recruits = list(HomeType.values) if recruits is None else recruits
    for home_type in HomeType.values:
        home_type_setting_create(
            municipality=municipality,
            home_type=home_type,
            recruits=home_type in recruits,
            household_attest_required=household_attest_required and home_type != HomeType.SUPPORT_CONTACT,
        )
    return municipality


def home_type_setting_create(
    *, municipality: Municipality, home_type: str, recruits: bool = True, household_attest_required: bool = False
) -> HomeTypeSetting:
    track = DEFAULT_LEGAL_TRACK[home_type]
    setting = HomeTypeSetting(
        municipality=municipality,
        home_type=home_type,
        recruits=recruits,
        legal_track=track,
        attest_type=default_attest_type(home_type, track),
        household_attest_required=household_attest_required,
        agreement_kind=DEFAULT_AGREEMENT_KIND[home_type],
    )
    setting.full_clean()
    setting.save()
    return setting


def units_create(*, municipality: Municipality) -> list[Unit]:
    """One unit per legal track, named as most kommuner name them (the kommune's administrators may rename them)."""
    return [
        Unit.objects.get_or_create(municipality=municipality, legal_track=track, defaults={"name": str(DEFAULT_UNIT_NAMES[track])})[0]
        for track in LegalTrack.values
    ]


def membership_grant(
    *, user, municipality: Municipality, role: str = Role.CASEWORKER, may_decide: bool = False,
    tracks: list[str] | None = None,
) -> Membership:
    """Give a user a role in a kommune; `may_decide` is the kommune's delegation of authority to decide (for their
    units). `tracks` names the units the person works for (tjenstlig behov); None keeps the units they have (a new
    membership gets none: the person sees no parent's or barnevern case until a unit is chosen)."""
    membership, _created = Membership.objects.update_or_create(
        user=user, municipality=municipality, defaults={"role": role, "may_decide": may_decide}
    )
    if tracks is not None:
        units_create(municipality=municipality)  # kommuner created before units existed
        membership.units.set(Unit.objects.filter(municipality=municipality, legal_track__in=tracks))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


def require_authority_to_decide(*, user, municipality) -> None:
    """Services that make a decision refuse a user the kommune has not given authority to decide."""
    if not Membership.objects.filter(user=user, municipality=municipality, may_decide=True).exists():
        raise ValidationError(
            _("Du har ikke vedtaksfullmakt i %(kommune)s. Be en som har fullmakt om å fatte vedtaket.") % {"kommune": municipality.name},
            code="no_authority",
        )


def require_member(*, user, municipality) -> None:
    """Services refuse a caseworker who does not belong to the case's kommune (superusers belong everywhere)."""
    if not (user.is_superuser or user.memberships.filter(municipality=municipality).exists()):
        raise ValidationError(_("Saksbehandleren hører ikke til denne kommunen."), code="wrong_municipality")
