"""Pages behind a private link (a signed token or a feed key in the URL) are private: never cached, their URL never sent
to another site as a Referer, and their tokens never reach a log line."""

import logging
import re

from django.http import Http404
from django.shortcuts import render

#: What a link's secret looks like in a path: a signed token (`<32 hex>.<version>:<signature>`, or `<32 hex>:<signature>`
#: from before link versions) or a feed key (a UUID).
SECRET = re.compile(r"[0-9a-f]{32}(?:\.[0-9]+)?:[A-Za-z0-9_-]{20,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
MASK = "[lenke]"
URL_SECRETS = ("token", "key")


class LinkUnavailable(Http404):
    """A link that opens nothing: malformed, tampered with, made for another purpose, revoked, or ended. All look the
    same to whoever holds it (one page, status 404), so a guess learns nothing about whether a case exists."""


#: The page an unavailable link shows: no kommune, no case, only how to get a new link.
UNAVAILABLE_TEMPLATE = "core/link_unavailable.html"


class PrivateLinkMiddleware:
    """`Cache-Control: private, no-store` and `Referrer-Policy: same-origin` on every response to a URL that carries a
    token or a key; the friendly 404 page for a link that opens nothing (`LinkUnavailable`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and any(name in match.kwargs for name in URL_SECRETS):
            if "no-store" not in response.get("Cache-Control", ""):
                response.headers["Cache-Control"] = "private, no-store"
            response.headers["Referrer-Policy"] = "same-origin"  # never to another site; same-origin keeps CSRF Origin checks working
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, LinkUnavailable):
            response = render(request, UNAVAILABLE_TEMPLATE, status=404)
            response.headers["Cache-Control"] = "private, no-store"
            return response
        return None


def mask(text: str) -> str:
    return SECRET.sub(MASK, text)


class MaskSecretsFilter(logging.Filter):
    """Masks link secrets in a log record («Not Found: /avlastning/status/<token>/» and the like), in its message and
    its arguments, before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask(v) if isinstance(v, str) else v for k, v in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request_path = mask(request.path)
        return True
