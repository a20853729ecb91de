from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_page, never_cache
from django.views.decorators.http import require_safe

from besokshjem.tenancy.choices import HOME_TYPE_SLUGS, HomeType
from besokshjem.tenancy.selectors import home_type_setting, public_municipalities, recruited_home_types

from . import health, sections
from .content import COMMON_STEPS, HOME_TYPE_INFO


def public_page(view):
    """The same page for every visitor (in their language): cached whole for PUBLIC_PAGE_CACHE_SECONDS (off in
    development and tests), so a recruitment campaign's visitors cost no database query. A change to a kommune's
    settings shows within that time."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return view(request, *args, **kwargs)
        # The database's name in the key: deployments (and test runs) that share a Redis never share pages.
        return cache_page(seconds, cache="public", key_prefix=f"public:{connection.settings_dict['NAME']}")(view)(request, *args, **kwargs)

    return wrapper


def _home_type_links(municipality):
    return [
        {"home_type": ht, "label": HomeType(ht).label, "slug": HOME_TYPE_SLUGS[ht], "lead": HOME_TYPE_INFO[ht]["lead"]}
        for ht in recruited_home_types(municipality=municipality)
    ]


@public_page
def home(request):
    municipalities = [{"municipality": m, "home_types": _home_type_links(m)} for m in public_municipalities()]
    return render(request, "core/home.html", {"municipalities": municipalities})


@public_page
def municipality_page(request, municipality_slug):
    municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    return render(
        request, "core/municipality.html", {"municipality": municipality, "home_types": _home_type_links(municipality)}
    )


@public_page
def home_type_page(request, municipality_slug, home_type_slug):
    municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    home_type = HomeType.from_slug(home_type_slug)
    if home_type is None or home_type not in recruited_home_types(municipality=municipality):
        raise Http404
    setting = home_type_setting(municipality=municipality, home_type=home_type)
    return render(
        request,
        "core/home_type.html",
        {
            "municipality": municipality,
            "home_type": home_type,
            "home_type_label": HomeType(home_type).label,
            "home_type_slug": home_type_slug,
            "setting": setting,
            "info": HOME_TYPE_INFO[home_type],
            "common_steps": COMMON_STEPS,
            **sections.context_for("home_type", municipality=municipality, home_type=home_type),
        },
    )


@public_page
def privacy(request, municipality_slug=None):
    municipality = None
    if municipality_slug:
        municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    return render(request, "core/privacy.html", {"municipality": municipality})


@public_page
def accessibility(request):
    return render(request, "core/accessibility.html")


@public_page
def respite_page(request, municipality_slug):
    municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    return render(request, "core/respite.html", {"municipality": municipality})


def ping(request):
    """Liveness for a load balancer or uptime check, and the benchmark's baseline: «ok» through the whole middleware
    stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def health_status(request):
    """Readiness for an uptime check or a load balancer (docs/operations.md): the database, the broker and the
    outbox's backlog as JSON, 200 when every check passes and 503 naming the ones that failed. Never cached, sets no
    cookie (it touches neither the session nor the CSRF token), needs no login, holds no personal data."""
    result = health.report()
    return JsonResponse(result, status=200 if result["status"] == health.OK else 503)
