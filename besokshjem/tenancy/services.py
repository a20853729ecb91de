"""Writes about kommuner."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from besokshjem.audit.services import audit_record

from .choices import DEFAULT_AGREEMENT_KIND, DEFAULT_LEGAL_TRACK, HomeType, LegalTrack, MemberAction, default_attest_type
from .emails import invitation_write, member_added_write
from .models import DEFAULT_UNIT_NAMES, HomeTypeSetting, Membership, Municipality, Role, Unit
from .selectors import municipalities_administered_by, normalise_email, user_by_email


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
    """Create a kommune with one setting per home type, defaulted from the legal rules (docs/domain.md)."""
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


def require_member(*, user, municipality, track: str | None = None) -> None:
    """Services refuse a caseworker who does not belong to the case's kommune (superusers belong everywhere), and with
    `track` one who does not belong to the unit that handles cases on that legal track (tjenstlig behov)."""
    if user.is_superuser:
        return
    memberships = user.memberships.filter(municipality=municipality)
    if not memberships.exists():
        raise ValidationError(_("Saksbehandleren hører ikke til denne kommunen."), code="wrong_municipality")
    if track is not None and not memberships.filter(units__legal_track=track).exists():
        raise ValidationError(_("Saksbehandleren hører ikke til enheten som behandler denne typen saker."), code="wrong_unit")


# A kommune administrator's members: invite a new person, add an existing user deliberately, change, remove. Each is
# audited on the kommune with the person as target; none touches another kommune's memberships or grants superuser.


def _require_admin(*, by, municipality: Municipality) -> None:
    if not municipalities_administered_by(user=by).filter(pk=municipality.pk).exists():
        raise PermissionDenied("not an administrator of this kommune")


def _kommune_units(*, municipality: Municipality, units) -> list[Unit]:
    units = list(units)
    if any(unit.municipality_id != municipality.pk for unit in units):
        raise ValidationError(_("Velg bare enheter i denne kommunen."), code="wrong_unit")
    return units


def _require_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Ukjent rolle."), code="wrong_role")


def _membership_note(*, role: str, may_decide: bool, units) -> str:
    names = ", ".join(sorted(unit.name for unit in units)) or _("ingen")
    return _("Rolle: %(role)s. Enheter: %(units)s. Vedtaksfullmakt: %(may_decide)s.") % {
        "role": Role(role).label, "units": names, "may_decide": _("ja") if may_decide else _("nei"),
    }


def _require_an_admin_left(*, membership: Membership, role_after: str | None) -> None:
    """A kommune keeps at least one administrator: nobody demotes or removes the last one (themselves included)."""
    if membership.role != Role.ADMIN or role_after == Role.ADMIN:
        return
    others = Membership.objects.filter(municipality_id=membership.municipality_id, role=Role.ADMIN).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("Kommunen må ha minst én kommuneadministrator."), code="last_admin")


def _membership_create(*, user, municipality: Municipality, role: str, may_decide: bool, units: list[Unit]) -> Membership:
    membership = Membership(user=user, municipality=municipality, role=role, may_decide=may_decide)
    membership.full_clean()
    membership.save()
    membership.units.set(units)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def member_invite(
    *, municipality: Municipality, email: str, full_name: str, title: str = "", role: str = Role.CASEWORKER,
    units=(), may_decide: bool = False, by,
) -> Membership:
    """A new person: a user with no usable password, a membership, and an invitation e-mail (through the outbox) with a
    link to choose a password. The second factor is set up at the first login."""
    _require_admin(by=by, municipality=municipality)
    _require_role(role)
    units = _kommune_units(municipality=municipality, units=units)
    email = normalise_email(email)
    if user_by_email(email) is not None:
        raise ValidationError(_("Det finnes allerede en bruker med denne e-postadressen."), code="user_exists")
    user = get_user_model()(email=email, full_name=full_name.strip(), title=title.strip(), is_staff=True)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = _membership_create(user=user, municipality=municipality, role=role, may_decide=may_decide, units=units)
    audit_record(target=user, municipality=municipality, action=MemberAction.INVITED, actor=by,
                 note=_membership_note(role=role, may_decide=may_decide, units=units))
    invitation_write(membership=membership)
    return membership


@transaction.atomic
def member_add_existing(
    *, municipality: Municipality, user, role: str = Role.CASEWORKER, units=(), may_decide: bool = False, by,
) -> Membership:
    """A person who already has a user (in another kommune, say) is given access to this kommune too: the
    administrator's deliberate choice, audited, and told to the person by e-mail. Their name, password and other
    kommuner are left as they are."""
    _require_admin(by=by, municipality=municipality)
    _require_role(role)
    units = _kommune_units(municipality=municipality, units=units)
    if user.is_superuser:
        raise ValidationError(_("Denne brukeren kan ikke legges til av en kommuneadministrator."), code="superuser")
    if Membership.objects.filter(user=user, municipality=municipality).exists():
        raise ValidationError(_("Personen er allerede medlem av kommunen."), code="already_member")
    membership = _membership_create(user=user, municipality=municipality, role=role, may_decide=may_decide, units=units)
    audit_record(target=user, municipality=municipality, action=MemberAction.EXISTING_ADDED, actor=by,
                 note=_membership_note(role=role, may_decide=may_decide, units=units))
    member_added_write(membership=membership)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, role: str, may_decide: bool, units, by) -> Membership:
    """Change a member's role, authority to decide and units; audited with the state before and after."""
    membership = Membership.objects.select_for_update().select_related("municipality").get(pk=membership.pk)
    municipality = membership.municipality
    _require_admin(by=by, municipality=municipality)
    _require_role(role)
    units = _kommune_units(municipality=municipality, units=units)
    before_units = list(membership.units.all())
    if (membership.role, membership.may_decide, {u.pk for u in before_units}) == (role, may_decide, {u.pk for u in units}):
        return membership
    _require_an_admin_left(membership=membership, role_after=role)
    before = _membership_note(role=membership.role, may_decide=membership.may_decide, units=before_units)
    membership.role, membership.may_decide = role, may_decide
    membership.full_clean()
    membership.save(update_fields=["role", "may_decide"])
    membership.units.set(units)
    audit_record(target=membership.user, municipality=municipality, action=MemberAction.CHANGED, actor=by,
                 note=_("Før: %(before)s Etter: %(after)s") % {
                     "before": before, "after": _membership_note(role=role, may_decide=may_decide, units=units)})
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, by) -> None:
    """Take a person out of the kommune. The user keeps their account (and other kommuner); with no kommune left, a
    user who is not a superuser can no longer log in to the casework (is_staff off)."""
    membership = Membership.objects.select_for_update().select_related("municipality", "user").get(pk=membership.pk)
    municipality, user = membership.municipality, membership.user
    _require_admin(by=by, municipality=municipality)
    _require_an_admin_left(membership=membership, role_after=None)
    note = _membership_note(role=membership.role, may_decide=membership.may_decide, units=membership.units.all())
    membership.delete()
    if user.is_staff and not user.is_superuser and not user.memberships.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit_record(target=user, municipality=municipality, action=MemberAction.REMOVED, actor=by, note=note)
