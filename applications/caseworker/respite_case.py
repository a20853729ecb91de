"""The case page of a parent's avlastning application: deadline, interim reply, vedtak, delivery and appeals.

Every action is one Action (form + service); attachments are served only here, to the case's own kommune.
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.decisions import services as decisions
from applications.decisions.letters import decision_letter_pdf
from applications.models import Decision, DecisionStatus
from applications.respite import services
from applications.respite.reminders import deadline_near_days
from applications.respite.selectors import (
    OPEN,
    interim_replies_of,
    respite_applications_visible_to,
    respite_case_flags,
)
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import access_entries_shown_to, audit_entries_for
from besokshjem.audit.services import access_record
from besokshjem.core.http import pdf_response
from besokshjem.outbox.selectors import messages_for
from besokshjem.tenancy.choices import LegalTrack

from .actions import (
    Action,
    archive_action,
    dispatch,
    disqualification_context,
    disqualify_action,
    link_context,
    link_revoke_action,
)
from .appeals import AppealPages, private_file
from .decision_preview import DecisionPreview
from .forms import AssignForm, DecisionForm, InterimReplyForm, PaperDeliveryForm


def _case(request, pk):
    return get_object_or_404(
        respite_applications_visible_to(user=request.user).prefetch_related(
            "attachments", "interim_replies", Prefetch("decisions", Decision.objects.select_related("need")), "decisions__appeals"), pk=pk
    )


def _url(application) -> str:
    return reverse("caseworker:respite_case", args=[application.pk])


def _draft_of(application):
    return Decision.all_objects.filter(application=application, status=DecisionStatus.DRAFT).order_by("-pk").first()


def _decision_initial(application, draft) -> dict:
    """The decision form starts from the draft, or from what was applied for."""
    if draft is None:
        return {"applied_for": services.applied_for_text(application)}
    return {name: getattr(draft, name) for name in decisions.DECISION_FIELDS}


def render_case(request, application, bound=None, status=200):
    draft = _draft_of(application)
    forms = {
        "interim": InterimReplyForm(),
        "decision": DecisionForm(initial=_decision_initial(application, draft)),
        "assign": AssignForm(municipality=application.municipality, track=LegalTrack.HEALTH_CARE, initial={"caseworker": application.assigned_to_id}),
        **(bound or {}),
    }
    decisions = list(application.decisions.all())
    appeals = [a for d in decisions for a in d.appeals.all()]
    context = {
        **admin.site.each_context(request),
        "title": _("Avlastning: %(ref)s") % {"ref": application.reference},
        "application": application,
        "flags": respite_case_flags(application, near_days=deadline_near_days(application.municipality)),
        "interim_replies": interim_replies_of(application),
        "decisions": [_decision_row(application, d, bound) for d in decisions],
        "forms": forms,
        "draft": draft,
        "is_open": application.status in OPEN,
        "entries": audit_entries_for(target=application),
        "accesses": access_entries_shown_to(user=request.user, target=application),
        "reminders": messages_for(targets=[application, *application.interim_replies.all(), *decisions, *appeals]),
        **disqualification_context(application, bound),
        **link_context(application, bound),
        "change_url": reverse("admin:applications_respiteapplication_change", args=[application.pk]),
    }
    return render(request, "admin/applications/respite_case.html", context, status=status)


def _decision_row(application, decision, bound=None) -> dict:
    """A vedtak on the case page: its appeal deadline as a date (None until it has reached the party), and its appeals."""
    return {
        "decision": decision,
        "paper_form": PaperDeliveryForm(initial={"decision": decision.pk}, auto_id=f"id_paper_{decision.pk}_%s"),
        **APPEALS.rows(application, decision, bound),
    }


APPEALS = AppealPages(field="application", case_url=_url, url_prefix="caseworker:respite",
                      made=gettext_lazy("Svaret på klagen er sendt. Søkeren har fått beskjed."))


ACTIONS = {
    "disqualify": disqualify_action(),
    "revoke_link": link_revoke_action(),
    "archive": archive_action(),
    "take": Action(
        run=lambda r, a, data: services.respite_take_into_review(application=a, by=r.user),
        done=gettext_lazy("Saken er tatt til behandling."),
    ),
    "assign": Action(
        form=lambda r, a: AssignForm(r.POST, municipality=a.municipality, track=LegalTrack.HEALTH_CARE), slot="assign",
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
        run=lambda r, a, data: services.decision_draft(application=a, by=r.user, decision=_draft_of(a), **data),
        done=gettext_lazy("Utkastet er lagret. Les det slik søkeren vil få det, og fatt vedtaket når det er riktig."),
        then=lambda a, draft: reverse("caseworker:respite_decision_preview", args=[a.pk, draft.pk]),
    ),
    "paper_delivery": Action(
        form=lambda r, a: PaperDeliveryForm(r.POST),
        run=lambda r, a, data: decisions.decision_record_paper_delivery(
            decision=get_object_or_404(a.decisions.all(), pk=data["decision"]), delivered_on=data["delivered_on"], by=r.user),
        done=gettext_lazy("Datoen brevet kom fram er registrert. Klagefristen regnes fra den."),
    ),
    **APPEALS.actions(),
}


PREVIEW = DecisionPreview(
    field="application", case_url=_url, preview_url_name="caseworker:respite_decision_preview",
    pdf_url_name="caseworker:respite_draft_pdf", chooses_delivery=True,
    confirmed=gettext_lazy("Vedtaket er fattet. Søkeren har fått beskjed."),
)


@require_http_methods(["GET", "POST"])
def decision_preview(request, pk, decision_pk):
    """The draft exactly as the parties will get it, with the second check and the confirmation."""
    return PREVIEW.view(request, _case(request, pk))


def draft_pdf(request, pk, decision_pk):
    application = _case(request, pk)
    draft = PREVIEW.draft(application, decision_pk)
    access_record(request, target=application, what=AccessKind.LETTER_PDF)
    return pdf_response(decision_letter_pdf(decision=draft), f"utkast-vedtak-{application.reference}.pdf")


@require_http_methods(["GET", "POST"])
def case(request, pk):
    application = _case(request, pk)
    if request.method == "GET":
        access_record(request, target=application, what=AccessKind.CASE_PAGE)
        return render_case(request, application)
    return dispatch(request, application, actions=ACTIONS, render_page=render_case, url=_url(application))


def attachment_download(request, pk, attachment_pk):
    """Attachments are served only here, to the case's own kommune (404 for anyone else)."""
    application = _case(request, pk)
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
    access_record(request, target=application, what=AccessKind.ATTACHMENT)
    return private_file(attachment.file, attachment.original_name, attachment.content_type)


def letter_pdf(request, pk, decision_pk):
    application = _case(request, pk)
    decision = get_object_or_404(application.decisions.all(), pk=decision_pk)
    access_record(request, target=application, what=AccessKind.LETTER_PDF)
    return pdf_response(decision_letter_pdf(decision=decision), f"vedtak-{application.reference}.pdf")


@require_http_methods(["GET", "POST"])
def appeal_preview(request, pk, appeal_pk):
    return APPEALS.preview(request, _case(request, pk))


def appeal_answer_download(request, pk, appeal_pk):
    return APPEALS.answer_pdf(request, _case(request, pk), appeal_pk)


def forwarding_download(request, pk, appeal_pk):
    return APPEALS.forwarding_pdf(request, _case(request, pk), appeal_pk)


def appeal_attachment_download(request, pk, appeal_pk):
    return APPEALS.attachment(request, _case(request, pk), appeal_pk)
