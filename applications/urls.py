from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("kommune/<slug:municipality_slug>/soknad/", views.start, name="start"),
    path("soknad/<str:token>/fortsett/", views.resume, name="resume"),
    path("soknad/<str:token>/oppsummering/", views.review, name="review"),
    path("soknad/<str:token>/kvittering/", views.receipt, name="receipt"),
    path("soknad/<str:token>/<slug:step>/", views.step_view, name="step"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/trekk/", views.withdraw, name="withdraw"),
    path("status/<str:token>/taushetserklaering/", views.sign_declaration, name="sign_declaration"),
    path("status/<str:token>/avtale/", views.sign_agreement, name="sign_agreement"),
    path("status/<str:token>/avtale.pdf", views.agreement_download, name="agreement_pdf"),
    path("status/<str:token>/formalsbekreftelse/<int:pk>.pdf", views.purpose_confirmation_download, name="purpose_confirmation_pdf"),
]
