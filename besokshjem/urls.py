from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from applications import admin_views, respite_admin
from besokshjem.core import views as core_views

admin.site.site_header = _("Besøkshjem – saksbehandling")
admin.site.site_title = _("Besøkshjem")
admin.site.index_title = _("Saksbehandling")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/arbeidsflate/", admin.site.admin_view(admin_views.dashboard), name="caseworker_dashboard"),
    path("admin/arbeidsflate/sak/<int:pk>/", admin.site.admin_view(admin_views.case), name="caseworker_case"),
    path("admin/arbeidsflate/sak/<int:pk>/avtale.pdf", admin.site.admin_view(admin_views.case_agreement_pdf), name="caseworker_case_agreement_pdf"),
    path(
        "admin/arbeidsflate/sak/<int:pk>/formalsbekreftelse/<int:confirmation_pk>.pdf",
        admin.site.admin_view(admin_views.case_purpose_confirmation_pdf),
        name="caseworker_case_purpose_confirmation_pdf",
    ),
    path("admin/arbeidsflate/avlastning/<int:pk>/", admin.site.admin_view(respite_admin.case), name="caseworker_respite_case"),
    path(
        "admin/arbeidsflate/avlastning/<int:pk>/vedlegg/<int:attachment_pk>/",
        admin.site.admin_view(respite_admin.attachment_download),
        name="caseworker_respite_attachment",
    ),
    path(
        "admin/arbeidsflate/avlastning/<int:pk>/klage/<int:appeal_pk>/vedlegg/",
        admin.site.admin_view(respite_admin.appeal_attachment_download),
        name="caseworker_respite_appeal_attachment",
    ),
    path(
        "admin/arbeidsflate/avlastning/<int:pk>/vedtak/<int:decision_pk>.pdf",
        admin.site.admin_view(respite_admin.letter_pdf),
        name="caseworker_respite_letter_pdf",
    ),
    path("admin/", admin.site.urls),
    path("personvern/", core_views.privacy, name="privacy"),
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    path("", include("applications.urls")),
    path("kommune/<slug:municipality_slug>/", core_views.municipality_page, name="municipality"),
    path("kommune/<slug:municipality_slug>/personvern/", core_views.privacy, name="municipality_privacy"),
    path("kommune/<slug:municipality_slug>/avlastning/", core_views.respite_page, name="respite_page"),
    path("kommune/<slug:municipality_slug>/<slug:home_type_slug>/", core_views.home_type_page, name="home_type"),
]
