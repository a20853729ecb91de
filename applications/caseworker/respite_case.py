"""The case page of a parent's avlastning application: deadline, interim reply, vedtak, delivery and appeals.

Every action is one Action (form + service); attachments are served only here, to the case's own kommune.
"""

from django.contrib import admin
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.models import Appeal
from applications.respite import services
from applications.respite.selectors import (
    OPEN,
    appeal_deadline_of,
    decision_letter_pdf,
    respite_applications_visible_to,
    respite_case_flags,
)
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.http import pdf_response
from besokshjem.outbox.selectors import messages_for

from .actions import Action, dispatch
from .forms import AppealHandleForm, AssignForm, DecisionForm, InterimReplyForm


def _case(request, pk):
    return get_object_or_404(
        respite_applications_visible_to(user=request.user).prefetch_related("attachments", "interim_replies", "decisions__appeals"), pk=pk
    )


def _url(application) -> str:
    return reverse("caseworker:respite_case", args=[application.pk])


def render_case(request, application, bound=None, status=200):
    forms = {
        "interim": InterimReplyForm(),
        "decision": DecisionForm(),
        "assign": AssignForm(municipality=application.municipality, initial={"caseworker": application.assigned_to_id}),
        **(bound or {}),
    }
    decisions = list(application.decisions.all())
    appeals = [a for d in decisions for a in d.appeals.all()]
    context = {
        **admin.site.each_context(request),
        "title": _("Avlastning: %(ref)s") % {"ref": application.reference},
        "application": application,
        "flags": respite_case_flags(application),
        "decisions": [(d, appeal_deadline_of(d), [(a, AppealHandleForm(initial={"appeal": a.pk})) for a in d.appeals.all()]) for d in decisions],
        "forms": forms,
        "is_open": application.status in OPEN,
        "entries": audit_entries_for(target=application),
        "reminders": messages_for(targets=[application, *application.interim_replies.all(), *decisions, *appeals]),
        "change_url": reverse("admin:applications_respiteapplication_change", args=[application.pk]),
    }
    return render(request, "admin/applications/respite_case.html", context, status=status)


def _appeal(application, pk):
    return get_object_or_404(Appeal.objects.filter(decision__application=application), pk=pk)


ACTIONS = {
    "take": Action(
        run=lambda r, a, data: services.respite_take_into_review(application=a, by=r.user),
        done=gettext_lazy("Saken er tatt til behandling."),
    ),
    "assign": Action(
        form=lambda r, a: AssignForm(r.POST, municipality=a.municipality), slot="assign",
        run=lambda r, a, data: services.respite_assign(application=a, caseworker=data["caseworker"], by=r.user),
        done=gettext_lazy("Saken er tildelt."),
    ),
    "interim": Action(
        form=lambda r, a: InterimReplyForm(r.POST), slot="interim",
        run=lambda r, a, data: services.interim_reply_send(application=a, by=r.user, **data),
        done=gettext_lazy("Foreløpig svar er sendt. Søkeren har fått beskjed."),
    ),
    "decide": Action(
        form=lambda r, a: DecisionForm(r.POST), slot="decision",
        run=lambda r, a, data: services.decision_make(application=a, by=r.user, **data),
        done=gettext_lazy("Vedtaket er fattet. Søkeren har fått beskjed."),
    ),
    "delivered": Action(
        run=lambda r, a, data: services.decision_mark_delivered(
            decision=get_object_or_404(a.decisions.all(), pk=r.POST.get("decision")), by=r.user),
        done=gettext_lazy("Vedtaket er markert som levert."),
    ),
    "appeal": Action(
        form=lambda r, a: AppealHandleForm(r.POST),
        run=lambda r, a, data: services.appeal_handle(appeal=_appeal(a, data["appeal"]), by=r.user,
                                                      reverse=data["decision"] == "reverse", note=data["note"]),
        done=gettext_lazy("Klagen er behandlet. Søkeren har fått beskjed."),
    ),
}


@require_http_methods(["GET", "POST"])
def case(request, pk):
    application = _case(request, pk)
    if request.method == "GET":
        return render_case(request, application)
    return dispatch(request, application, actions=ACTIONS, render_page=render_case, url=_url(application))


def _private_file(field, filename: str, content_type: str | None = None) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download(request, pk, attachment_pk):
    """Attachments are served only here, to the case's own kommune (404 for anyone else)."""
    application = _case(request, pk)
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
    return _private_file(attachment.file, attachment.original_name, attachment.content_type)


def appeal_attachment_download(request, pk, appeal_pk):
    application = _case(request, pk)
    appeal = get_object_or_404(Appeal.objects.filter(decision__application=application).exclude(attachment=""), pk=appeal_pk)
    return _private_file(appeal.attachment, appeal.attachment_name or "vedlegg")


def letter_pdf(request, pk, decision_pk):
    application = _case(request, pk)
    decision = get_object_or_404(application.decisions.all(), pk=decision_pk)
    return pdf_response(decision_letter_pdf(decision=decision), f"vedtak-{application.reference}.pdf")
