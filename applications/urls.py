"""The public pages of both kinds of application: the forms (intake), the volunteer's and the parent's status pages.
The caseworker workspace has its own URLs (caseworker/urls.py)."""

from django.urls import path

from .intake import views as wizard_views
from .placing import feed_views
from .respite import views as respite_views
from .volunteer import views

app_name = "applications"


def wizard_urls(prefix: str, path_prefix: str, kind: str, start_path: str):
    """The same generic views for each kind of application, with its own URL names."""
    k = {"kind": kind}
    return [
        path(start_path, wizard_views.start, k, name=f"{prefix}start"),
        path(f"{path_prefix}<str:token>/fortsett/", wizard_views.resume, k, name=f"{prefix}resume"),
        path(f"{path_prefix}<str:token>/oppsummering/", wizard_views.review, k, name=f"{prefix}review"),
        path(f"{path_prefix}<str:token>/kvittering/", wizard_views.receipt, k, name=f"{prefix}receipt"),
        path(f"{path_prefix}<str:token>/<slug:step>/", wizard_views.step_view, k, name=f"{prefix}step"),
    ]


urlpatterns = [
    *wizard_urls("", "soknad/", "volunteer", "kommune/<slug:municipality_slug>/soknad/"),
    *wizard_urls("respite_", "avlastning/soknad/", "respite", "kommune/<slug:municipality_slug>/avlastning/soknad/"),
    path("avlastning/status/<str:token>/", respite_views.status, name="respite_status"),
    path("avlastning/status/<str:token>/trekk/", respite_views.withdraw, name="respite_withdraw"),
    path("avlastning/status/<str:token>/klage/", respite_views.appeal, name="respite_appeal"),
    path("avlastning/status/<str:token>/dokument/", respite_views.document, name="respite_document"),
    path("avlastning/status/<str:token>/klage/<int:pk>/vedlegg/", respite_views.appeal_attachment_download,
         name="respite_appeal_attachment"),
    path("avlastning/status/<str:token>/vedtak/<int:pk>/", respite_views.letter, name="respite_letter"),
    path("avlastning/status/<str:token>/vedtak/<int:pk>.pdf", respite_views.letter_pdf, name="respite_letter_pdf"),
    path("avlastning/status/<str:token>/forelopig-svar/<int:pk>.pdf", respite_views.interim_reply_download,
         name="respite_interim_reply_pdf"),
    path("avlastning/vedtak/<str:token>/", respite_views.co_party, name="respite_co_party"),
    path("avlastning/vedtak/<str:token>/<int:pk>.pdf", respite_views.co_party_letter_pdf, name="respite_co_party_letter_pdf"),
    path("avlastning/vedtak/<str:token>/klage/<int:pk>/vedlegg/", respite_views.co_party_appeal_attachment_download,
         name="respite_co_party_appeal_attachment"),
    path("avlastning/status/<str:token>/klage/<int:pk>/svar.pdf", respite_views.appeal_answer_download,
         name="respite_appeal_answer_pdf"),
    path("avlastning/status/<str:token>/kalender/ny/", feed_views.family_feed_renew, name="respite_feed_renew"),
    path("kalender/<uuid:key>.ics", feed_views.calendar_feed, name="calendar_feed"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/kalender/ny/", feed_views.home_feed_renew, name="feed_renew"),
    path("status/<str:token>/trekk/", views.withdraw, name="withdraw"),
    path("status/<str:token>/forslag/<int:pk>/", views.answer_proposal, name="answer_proposal"),
    path("status/<str:token>/tiltak/<int:pk>/oppdragsavtale.pdf", views.placement_agreement_download, name="placement_agreement_pdf"),
    path("status/<str:token>/timeliste/<int:pk>/", views.confirm_time_sheet, name="confirm_time_sheet"),
    path("status/<str:token>/taushetserklaering/", views.sign_declaration, name="sign_declaration"),
    path("status/<str:token>/avtale/<int:pk>/", views.sign_agreement, name="sign_agreement"),
    path("status/<str:token>/avtale/<int:pk>.pdf", views.agreement_download, name="agreement_pdf"),
    path("status/<str:token>/formalsbekreftelse/<int:pk>.pdf", views.purpose_confirmation_download, name="purpose_confirmation_pdf"),
]
