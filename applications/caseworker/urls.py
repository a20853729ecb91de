"""The caseworker workspace, inside the admin (login and 2FA of the admin site), under the `caseworker` namespace."""

from django.contrib import admin
from django.urls import path

from . import (
    child_welfare_case,
    going_live,
    home_page,
    innsyn,
    need_page,
    respite_case,
    time_sheets,
    views,
    volunteer_case,
    waiting_list,
)

app_name = "caseworker"
staff = admin.site.admin_view

urlpatterns = [
    path("", staff(views.dashboard), name="dashboard"),
    path("venteliste/", staff(waiting_list.page), name="waiting_list"),
    path("venteliste.csv", staff(waiting_list.figures_csv), name="waiting_list_csv"),
    path("behov/<int:pk>/", staff(need_page.need), name="need"),
    path("behov/<int:pk>/tiltak/<int:placement_pk>/oppdragsavtale.pdf", staff(need_page.assignment_pdf), name="placement_agreement_pdf"),
    path("hjem/<int:pk>/", staff(home_page.home), name="home"),
    path("timelister/", staff(time_sheets.page), name="time_sheets"),
    path("timelister/lonnsgrunnlag.csv", staff(time_sheets.payroll_csv), name="payroll_csv"),
    path("innforing/", staff(going_live.page), name="going_live"),
    path("innsyn/", staff(innsyn.page), name="innsyn"),
    path("sak/<int:pk>/", staff(volunteer_case.case), name="case"),
    path("sak/<int:pk>/avtale/<int:agreement_pk>.pdf", staff(volunteer_case.agreement_download), name="case_agreement_pdf"),
    path("sak/<int:pk>/formalsbekreftelse/<int:confirmation_pk>.pdf", staff(volunteer_case.purpose_confirmation_download),
         name="case_purpose_confirmation_pdf"),
    path("barnevern/", staff(child_welfare_case.case_list), name="child_welfare_list"),
    path("barnevern/ny/", staff(child_welfare_case.register), name="child_welfare_register"),
    path("barnevern/<int:pk>/", staff(child_welfare_case.case), name="child_welfare_case"),
    path("barnevern/<int:pk>/utkast/<int:decision_pk>/", staff(child_welfare_case.decision_preview),
         name="child_welfare_decision_preview"),
    path("barnevern/<int:pk>/vedtak/<int:decision_pk>.pdf", staff(child_welfare_case.letter_pdf), name="child_welfare_letter_pdf"),
    path("barnevern/<int:pk>/vedtak/<int:decision_pk>/<str:party_key>.pdf", staff(child_welfare_case.letter_pdf),
         name="child_welfare_party_letter_pdf"),
    path("barnevern/<int:pk>/klage/<int:appeal_pk>/", staff(child_welfare_case.appeal_preview), name="child_welfare_appeal_preview"),
    path("barnevern/<int:pk>/klage/<int:appeal_pk>/vedlegg/", staff(child_welfare_case.appeal_attachment_download),
         name="child_welfare_appeal_attachment"),
    path("barnevern/<int:pk>/klage/<int:appeal_pk>/svar.pdf", staff(child_welfare_case.appeal_answer_download),
         name="child_welfare_appeal_answer_pdf"),
    path("barnevern/<int:pk>/klage/<int:appeal_pk>/oversendelse.pdf", staff(child_welfare_case.forwarding_download),
         name="child_welfare_forwarding_pdf"),
    path("avlastning/<int:pk>/", staff(respite_case.case), name="respite_case"),
    path("avlastning/<int:pk>/klage/<int:appeal_pk>/", staff(respite_case.appeal_preview), name="respite_appeal_preview"),
    path("avlastning/<int:pk>/utkast/<int:decision_pk>/", staff(respite_case.decision_preview), name="respite_decision_preview"),
    path("avlastning/<int:pk>/utkast/<int:decision_pk>.pdf", staff(respite_case.draft_pdf), name="respite_draft_pdf"),
    path("avlastning/<int:pk>/vedlegg/<int:attachment_pk>/", staff(respite_case.attachment_download), name="respite_attachment"),
    path("avlastning/<int:pk>/klage/<int:appeal_pk>/vedlegg/", staff(respite_case.appeal_attachment_download),
         name="respite_appeal_attachment"),
    path("avlastning/<int:pk>/vedtak/<int:decision_pk>.pdf", staff(respite_case.letter_pdf), name="respite_letter_pdf"),
    path("avlastning/<int:pk>/klage/<int:appeal_pk>/svar.pdf", staff(respite_case.appeal_answer_download),
         name="respite_appeal_answer_pdf"),
    path("avlastning/<int:pk>/klage/<int:appeal_pk>/oversendelse.pdf", staff(respite_case.forwarding_download),
         name="respite_forwarding_pdf"),
]
