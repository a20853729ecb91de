import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_ACTIVITY_SESSION_KEY = "last_activity"


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
