"""Reads about kommuner and who may see them."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .choices import HomeType, LegalTrack
from .models import HomeTypeSetting, Membership, Municipality, Role


def municipalities_for(*, user, track: str | None = None) -> QuerySet[Municipality]:
    """The kommuner whose cases this user may see (superuser: all). With `track`, only the kommuner where the user
    belongs to the unit that handles cases on that legal track (tjenstlig behov): barnevern cases are for the
    barneverntjeneste alone."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    if track is not None:
        return Municipality.objects.filter(memberships__user=user, memberships__units__legal_track=track).distinct()
    return Municipality.objects.filter(memberships__user=user).distinct()


def on_visible_tracks(*, user, municipality_field: str = "municipality", track_field: str = "track") -> Q:
    """A filter for rows that carry their legal track (a need, a vedtak): those of the kommuner where the user belongs
    to the unit for the row's own track."""
    if user.is_superuser:
        return Q()
    visible = Q(pk__in=[])
    for track in LegalTrack.values:
        visible |= Q(**{track_field: track, f"{municipality_field}__in": municipalities_for(user=user, track=track)})
    return visible


def municipalities_administered_by(*, user) -> QuerySet[Municipality]:
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


def normalise_email(email: str) -> str:
    """E-mail addresses are stored in lower case (accounts.UserManager)."""
    return get_user_model().objects.normalize_email(email.strip()).lower()


def user_by_email(email: str):
    """The user with this e-mail address, or None."""
    return get_user_model().objects.filter(email__iexact=normalise_email(email)).first()


def _roles_of(user) -> set[str]:
    """The user's roles in any kommune, asked once per request: the admin asks every ModelAdmin whether to list it
    (46 queries on one page before). Kept on the user object, which Django loads anew for each request."""
    if not hasattr(user, "_besokshjem_roles"):
        user._besokshjem_roles = set(user.memberships.values_list("role", flat=True).distinct())
    return user._besokshjem_roles


def user_is_member(*, user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or _roles_of(user)))


def may_decide(*, user, municipality) -> bool:
    """Whether the kommune has delegated the authority to decide (vedtaksfullmakt) to this user."""
    return bool(user.is_active and Membership.objects.filter(user=user, municipality=municipality, may_decide=True).exists())


def user_is_municipality_admin(*, user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or Role.ADMIN in _roles_of(user))
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
