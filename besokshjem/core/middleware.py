import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost

log = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy on every response, the admin included: everything from our own origin, nothing
    from third parties, no inline script and no inline style (styles live in static/css; Django's admin needs neither)."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def served_elsewhere(request) -> str | None:
    """The origin this request reached (scheme://host[:port]) when it is not SITE_URL's, the base of every link in
    e-mails; None when they agree."""
    site = urlsplit(settings.SITE_URL)
    served = f"{request.scheme}://{request.get_host()}".lower()
    return None if served == f"{site.scheme}://{site.netloc}".lower() else served


class SiteUrlCheckMiddleware:
    """Under DEBUG (`make run`, runserver), the first request checks that the portal is served at SITE_URL and logs a
    warning if not: every link in an e-mail would lead elsewhere. Logs the two addresses only, nothing of the request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.checked = False

    def __call__(self, request):
        if settings.DEBUG and not self.checked:
            try:
                served = served_elsewhere(request)
            except DisallowedHost:
                served = None  # refused anyway; check the next request
            else:
                self.checked = True
            if served:
                log.warning("SITE_URL is %s, but the portal is served at %s: links in e-mails will not lead here. "
                            "Set SITE_URL to the address people use (`make run HOST=… PORT=…` sets it).", settings.SITE_URL, served)
        return self.get_response(request)
