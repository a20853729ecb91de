import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

LAST_ACTIVITY_SESSION_KEY = "last_activity"
# Set (to the user's id) only by a login through the kommune's identity provider that was multi-factor.
DELEGATED_SECOND_FACTOR_SESSION_KEY = "second_factor_by_provider"


def _always_verified():
    return True


class DelegatedSecondFactorMiddleware:
    """A session logged in through the kommune's identity provider has given its second factor there: the user counts
    as verified (`user.is_verified()`, which the admin site asks) without a local TOTP.

    After django-otp's OTPMiddleware, which installs `is_verified()` from the session's TOTP device; this only ever
    turns it on for the user whose id the delegated login put in the session. A password login never sets that key,
    and logging out (or the idle timeout) flushes the session with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(lambda: self._with_delegated_second_factor(request, user))
        return self.get_response(request)

    @staticmethod
    def _with_delegated_second_factor(request, user):
        if (user.is_authenticated and not user.is_verified()
                and request.session.get(DELEGATED_SECOND_FACTOR_SESSION_KEY) == user.pk):
            user.is_verified = _always_verified
        return user


class IdleTimeoutMiddleware:
    """Logs out a user who has made no request for SESSION_IDLE_MINUTES, and says why on the next page.

    The time of each request is kept in the session; a request that comes later than the limit after the last one
    ends the session before the view runs (the admin then asks for the login again).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            minutes = settings.SESSION_IDLE_MINUTES
            if last is not None and now - last > minutes * 60:
                logout(request)
                messages.warning(request, _("Du ble logget ut fordi du ikke har vært aktiv på %(minutes)s minutter.")
                                 % {"minutes": minutes})
            else:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)
