"""Reads about kommuner and who may see them."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from besokshjem.core.prefetch import rows

from .choices import HomeType, LegalTrack
from .models import HomeTypeSetting, Membership, Municipality, Role, Unit


def municipalities_for(*, user, track: str | None = None) -> QuerySet[Municipality]:
    """The kommuner whose cases this user may see (superuser: all). With `track`, only the kommuner where the user
    belongs to the unit that handles cases on that legal track (tjenstlig behov): barnevern cases are for the
    barneverntjeneste alone.

    By id (a list read once per request, `memberships_of`): PostgreSQL plans a filter on a short list of ids well, where
    a subquery per legal track made it read every row of a large table (the dashboard's waiting list: 57 ms)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=memberships_of(user).municipalities(track))


def on_visible_tracks(*, user, municipality_field: str = "municipality", track_field: str = "track") -> Q:
    """A filter for rows that carry their legal track (a need, a vedtak): those of the kommuner where the user belongs
    to the unit for the row's own track."""
    if user.is_superuser:
        return Q()
    visible = Q(pk__in=[])
    memberships = memberships_of(user)
    for track in LegalTrack.values:
        visible |= Q(**{track_field: track, f"{municipality_field}__in": memberships.municipalities(track)})
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


@dataclass(frozen=True)
class _Memberships:
    roles: frozenset[str]
    pairs: frozenset[tuple[int, str | None]]  # (kommune, legal track of a unit the user belongs to there; None: no unit)
    administered: frozenset[int] = frozenset()  # the kommuner where the user is an administrator

    def municipalities(self, track: str | None = None) -> list[int]:
        return sorted({m for m, t in self.pairs if track is None or t == track})


def memberships_of(user) -> _Memberships:
    """The user's roles, kommuner and units, asked once per request: the admin asks every ModelAdmin whether to list it
    (46 queries on one page before), and every list filters by the kommuner. Kept on the user object, which Django loads
    anew for each request."""
    if not hasattr(user, "_besokshjem_memberships"):
        rows = list(Membership.objects.filter(user=user).values_list("role", "municipality_id", "units__legal_track"))
        user._besokshjem_memberships = _Memberships(roles=frozenset(r for r, _m, _t in rows),
                                                    pairs=frozenset((m, t) for _r, m, t in rows),
                                                    administered=frozenset(m for r, m, _t in rows if r == Role.ADMIN))
    return user._besokshjem_memberships


def _roles_of(user) -> frozenset[str]:
    return memberships_of(user).roles


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
    for s in rows(municipality, "home_type_settings"):
        if s.home_type == home_type:
            return s
    return None


def unit_name(*, municipality: Municipality, legal_track: str | None = None) -> str:
    """The unit that handles a case: the kommune's Unit for the case's legal track; without a track (a volunteer's
    application) or such a unit, the kommune's contact unit («» when it has none either)."""
    unit = ""
    if legal_track:
        unit = Unit.objects.filter(municipality=municipality, legal_track=legal_track).values_list("name", flat=True).first() or ""
    return unit or municipality.contact_unit


def sender_name(*, municipality: Municipality, legal_track: str | None = None) -> str:
    """Who the kommune's e-mails and pages speak as: the unit that handles the case (`unit_name`) and the kommune,
    e.g. «Forvaltningsenhet for helse og omsorg, Lillestrøm kommune»; the kommune alone without a unit. In the active
    language."""
    unit = unit_name(municipality=municipality, legal_track=legal_track)
    kommune = gettext("%(name)s kommune") % {"name": municipality.name}
    return f"{unit}, {kommune}" if unit else kommune
