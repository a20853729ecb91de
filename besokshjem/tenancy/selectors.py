"""Reads about kommuner and who may see them."""

from django.db.models import QuerySet

from .choices import HomeType
from .models import HomeTypeSetting, Membership, Municipality, Role


def municipalities_for(*, user) -> QuerySet[Municipality]:
    """The kommuner whose cases this user may see (superuser: all)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user).distinct()


def municipalities_administered_by(*, user) -> QuerySet[Municipality]:
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


def user_is_member(*, user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.memberships.exists()))


def may_decide(*, user, municipality) -> bool:
    """Whether the kommune has delegated the authority to decide (vedtaksfullmakt) to this user."""
    return bool(user.is_active and Membership.objects.filter(user=user, municipality=municipality, may_decide=True).exists())


def user_is_municipality_admin(*, user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or Membership.objects.filter(user=user, role=Role.ADMIN).exists())
    )


def public_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_active=True).prefetch_related("home_type_settings")


def recruited_home_types(*, municipality: Municipality) -> list[str]:
    """Home types the kommune recruits now, in the glossary's order."""
    recruited = {s.home_type for s in municipality.home_type_settings.all() if s.recruits}
    return [ht for ht in HomeType.values if ht in recruited]


def home_type_setting(*, municipality: Municipality, home_type: str) -> HomeTypeSetting | None:
    for s in municipality.home_type_settings.all():
        if s.home_type == home_type:
            return s
    return None
