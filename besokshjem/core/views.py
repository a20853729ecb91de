from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from besokshjem.tenancy.choices import HOME_TYPE_SLUGS, HomeType
from besokshjem.tenancy.selectors import home_type_setting, public_municipalities, recruited_home_types

from . import sections
from .content import COMMON_STEPS, HOME_TYPE_INFO


def _home_type_links(municipality):
    return [
        {"home_type": ht, "label": HomeType(ht).label, "slug": HOME_TYPE_SLUGS[ht], "lead": HOME_TYPE_INFO[ht]["lead"]}
        for ht in recruited_home_types(municipality=municipality)
    ]


def home(request):
    municipalities = [{"municipality": m, "home_types": _home_type_links(m)} for m in public_municipalities()]
    return render(request, "core/home.html", {"municipalities": municipalities})


def municipality_page(request, municipality_slug):
    municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    return render(
        request, "core/municipality.html", {"municipality": municipality, "home_types": _home_type_links(municipality)}
    )


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


def privacy(request, municipality_slug=None):
    municipality = None
    if municipality_slug:
        municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    return render(request, "core/privacy.html", {"municipality": municipality})


def accessibility(request):
    return render(request, "core/accessibility.html")


def respite_page(request, municipality_slug):
    municipality = get_object_or_404(public_municipalities(), slug=municipality_slug)
    return render(request, "core/respite.html", {"municipality": municipality})


def ping(request):
    """Liveness for a load balancer or uptime check, and the benchmark's baseline: «ok» through the whole middleware
    stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
