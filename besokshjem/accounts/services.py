"""Writes about a person's login: enrolling, using and resetting the second factor (TOTP with django-otp)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from besokshjem.audit.services import audit_record
from besokshjem.tenancy.models import Membership, Municipality
from besokshjem.tenancy.selectors import municipalities_administered_by

from .choices import AccountAction
from .selectors import has_second_factor

TOTP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Gjenopprettingskoder"


def _normalise(token: str) -> str:
    return "".join(token.split()).lower()


@transaction.atomic
def second_factor_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator app a user without a second factor enrols (the same one until it is confirmed)."""
    if has_second_factor(user=user):
        raise ValidationError(_("Du har allerede tofaktorinnlogging."), code="already_enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def second_factor_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with a code it shows; returns the new recovery codes, shown to the user once."""
    if device.confirmed or has_second_factor(user=device.user):
        raise ValidationError(_("Du har allerede tofaktorinnlogging."), code="already_enrolled")
    if not device.verify_token(_normalise(token)):
        raise ValidationError(_("Koden stemmer ikke. Skriv inn koden appen viser nå."), code="wrong_code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.OTP_STATIC_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_verify(*, user, token: str) -> Device | None:
    """The device that accepts the code: the app's code, or a recovery code (used up). None if none does.

    Each device throttles wrong codes (django-otp's ThrottlingMixin), so guessing gets slower and slower.
    """
    token = _normalise(token)
    if not token:
        return None
    # The app's codes are six digits, recovery codes are eight letters and digits: only the matching device is asked, so
    # a recovery code does not count as a wrong app code against the throttle.
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    devices = kind.objects.filter(user=user, confirmed=True).order_by("pk")
    for device in devices:
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def second_factor_reset(*, user, municipality: Municipality, by) -> None:
    """A kommune administrator removes a caseworker's app and recovery codes; the caseworker enrols anew at next login.

    Only for a member of a kommune `by` administers, never for a superuser. Audited on that kommune.
    """
    if not municipalities_administered_by(user=by).filter(pk=municipality.pk).exists():
        raise PermissionDenied("not an administrator of this kommune")
    if user.is_superuser or not Membership.objects.filter(user=user, municipality=municipality).exists():
        raise PermissionDenied("not a member of this kommune")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(target=user, municipality=municipality, action=AccountAction.SECOND_FACTOR_RESET, actor=by)
