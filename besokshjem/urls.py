from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from besokshjem.core import views as core_views

admin.site.site_header = _("Besøkshjem – saksbehandling")
admin.site.site_title = _("Besøkshjem")
admin.site.index_title = _("Saksbehandling")

urlpatterns = [
    path("", core_views.home, name="home"),
    # Exempt from CSRF: a forged request could only switch the visitor's language, and without a token in every
    # page's header the public information pages are the same for every visitor and cached whole.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/arbeidsflate/", include("applications.caseworker.urls")),
    path("admin/", admin.site.urls),
    path("konto/", include("besokshjem.accounts.urls")),
    path("ping/", core_views.ping, name="ping"),
    path("helse/", core_views.health_status, name="health"),
    path("personvern/", core_views.privacy, name="privacy"),
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    path("", include("applications.urls")),
    path("kommune/<slug:municipality_slug>/", core_views.municipality_page, name="municipality"),
    path("kommune/<slug:municipality_slug>/personvern/", core_views.privacy, name="municipality_privacy"),
    path("kommune/<slug:municipality_slug>/avlastning/", core_views.respite_page, name="respite_page"),
    path("kommune/<slug:municipality_slug>/<slug:home_type_slug>/", core_views.home_type_page, name="home_type"),
]
