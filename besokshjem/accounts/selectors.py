"""Reads about a person's login: their second factor, and the account a delegated login names."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def confirmed_totp_device(*, user) -> TOTPDevice | None:
    """The authenticator app the user has confirmed, if any (one per user)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(*, request) -> bool:
    """A logged-in staff user who has not given the second factor in this session: neither a code from their app nor,
    where the kommune delegates the login, a multi-factor login at its identity provider (DelegatedSecondFactorMiddleware
    makes `is_verified()` true for that)."""
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff and not user.is_verified())


def staff_user_for_delegated_login(*, email: str):
    """The active staff user a verified e-mail address from the kommune's identity provider names, if any.

    Addresses are stored lower-cased and unique; a provider may send them in any case.
    """
    return User.objects.filter(email__iexact=email.strip(), is_active=True, is_staff=True).first()
