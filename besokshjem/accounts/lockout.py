"""django-axes' view of a login attempt: which account it was for, and the page a locked-out login gets."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def attempted_email(request, credentials) -> str | None:
    """The e-mail address a login attempt named, lower-cased as stored, so «Kari@…» and «kari@…» count together.

    The admin's login form posts it as `username`; `authenticate(email=…)` passes it by the model's field name.
    """
    data = credentials or getattr(request, "POST", None) or {}
    value = data.get("username") or data.get("email")
    return value.strip().lower() if value else None


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (429): in Norwegian, with how long to wait."""
    cool_off = settings.AXES_COOLOFF_TIME
    return render(request, "accounts/lockout.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60),
        "site_header": admin.site.site_header,
    }, status=429)
