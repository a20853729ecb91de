"""The second factor in tests: a confirmed authenticator app for a user, its current code, a verified session.

tests/conftest.py makes `client.force_login(staff_user)` also give the second factor (as a caseworker does after the
password), so the suite's many logged-in tests open admin and workspace pages as before; production keeps asking.
`login_password_only` is the password step alone, for the tests of the second factor itself.
"""

from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

_password_only_force_login = ClientMixin.force_login


def confirmed_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app; one is made for a user who has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now. The device forgets the last code used (a later time step, as for a person logging
    in again a minute later), so the same user can log in twice within one step."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client, user) -> None:
    """The session has given the second factor with the user's app."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()


def login_password_only(client, user) -> None:
    """Logged in with the password, the second factor not given yet."""
    _password_only_force_login(client, user)


def force_login_with_second_factor(self, user, backend=None):
    _password_only_force_login(self, user, backend)
    if user.is_staff and user.is_active:
        mark_verified(self, user)


def install() -> None:
    ClientMixin.force_login = force_login_with_second_factor
