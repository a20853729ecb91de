"""Reads about a person's login: their second factor."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_totp_device(*, user) -> TOTPDevice | None:
    """The authenticator app the user has confirmed, if any (one per user)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(*, request) -> bool:
    """A logged-in staff user who has not given the second factor in this session."""
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff and not user.is_verified())
