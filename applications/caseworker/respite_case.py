"""The case page of a parent's avlastning application: deadline, interim reply, vedtak, delivery and appeals.

Every action is one Action (form + service); attachments are served only here, to the case's own kommune.
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.decisions import services as decisions
from applications.decisions.letters import decision_letter_pdf
from applications.decisions.parties import respite_parties
from applications.models import Decision, DecisionDelivery, DecisionStatus
from applications.respite import services
from applications.respite.reminders import deadline_near_days
from applications.respite.selectors import (
    OPEN,
    appeal_deadline_of,
    interim_replies_of,
    respite_applications_visible_to,
    respite_case_flags,
)
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import access_entries_shown_to, audit_entries_for
from besokshjem.audit.services import access_record
from besokshjem.core.http import pdf_response
from besokshjem.core.letters import written_date
from besokshjem.outbox.selectors import messages_for
from besokshjem.tenancy.choices import LegalTrack

from .actions import (
    Action,
    archive_action,
    assigned,
    dispatch,
    disqualification_context,
    disqualify_action,
    link_context,
    link_revoke_action,
    taken,
)
from .appeals import AppealPages, private_file
from .decision_preview import DecisionPreview
from .forms import AssignForm, DecisionForm, InterimReplyForm, PaperDeliveryForm
from .respite_next_step import respite_next_step


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
    """The one next step at the top with its form open (pre-filled from the rules), everything else folded below."""
    draft = _draft_of(application)
    step = respite_next_step(application, user=request.user, draft=draft)
    initial = step.initial if step.slot else {}
    forms = {
        "interim": InterimReplyForm(initial=initial if step.slot == "interim" else None),
        "decision": DecisionForm(initial=_decision_initial(application, draft)),
        "assign": AssignForm(municipality=application.municipality, track=LegalTrack.HEALTH_CARE,
                             initial={"caseworker": application.assigned_to_id or initial.get("caseworker")}),
        **(bound or {}),
    }
    decisions = list(application.decisions.all())
    appeals = [a for d in decisions for a in d.appeals.all()]
    rows = [_decision_row(application, d, bound, step) for d in decisions]
    context = {
        **admin.site.each_context(request),
        "title": _("Avlastning: %(ref)s") % {"ref": application.reference},
        "application": application,
        "flags": respite_case_flags(application, near_days=deadline_near_days(application.municipality)),
        "interim_replies": interim_replies_of(application),
        "decisions": rows,
        "forms": forms,
        "next_step": step,
        "next_form": _next_form(step, forms, rows),
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


def _decision_row(application, decision, bound=None, step=None) -> dict:
    """A vedtak on the case page: its appeal deadline as a date (None until it has reached the party), and its appeals.
    The form of the next step is marked `at_top`: it is shown there (`_next_form`), not here."""
    posted = (bound or {}).get("paper")
    if posted is None or posted.data.get("decision") != str(decision.pk):
        posted = PaperDeliveryForm(initial={"decision": decision.pk}, auto_id=f"id_paper_{decision.pk}_%s")
    row = {
        "decision": decision,
        "paper_form": posted,
        "paper_at_top": step is not None and step.key == "paper_delivery" and step.decision == decision,
        **APPEALS.rows(application, decision, bound),
    }
    for item in row["appeals"]:
        item["at_top"] = step is not None and step.slot in ("late", "appeal") and step.appeal_pk == item["appeal"].pk
    return row


def _next_form(step, forms, rows):
    """The form the next step opens at the top: one of the page's forms, or the form of the vedtak or appeal it is about
    (the same object, so a form posted with errors comes back at the top with everything typed)."""
    if step.slot in ("assign", "interim", "decision"):
        return forms[step.slot]
    for row in rows:
        if step.slot == "paper" and row["paper_at_top"]:
            return row["paper_form"]
        for item in row["appeals"]:
            if item["at_top"]:
                return item["late_form"] if step.slot == "late" else item["handle_form"]
    return None


def _parties(application, *, by_email: bool = False) -> str:
    """Who gets the vedtak: every guardian with parental responsibility, by name (`by_email`: those told by e-mail)."""
    return ", ".join(p.name for p in respite_parties(application) if p.name and (p.email or not by_email)) or _("søkeren")


APPEALS = AppealPages(field="application", case_url=_url, url_prefix="caseworker:respite",
                      made=gettext_lazy("Svaret på klagen er sendt. Søkeren har fått beskjed."))


ACTIONS = {
    "disqualify": disqualify_action(),
    "revoke_link": link_revoke_action(),
    "archive": archive_action(),
    "take": Action(
        run=lambda r, a, data: services.respite_take_into_review(application=a, by=r.user),
        done=taken,
    ),
    "assign": Action(
        form=lambda r, a: AssignForm(r.POST, municipality=a.municipality, track=LegalTrack.HEALTH_CARE), slot="assign",
        run=lambda r, a, data: services.respite_assign(application=a, caseworker=data["caseworker"], by=r.user),
        done=assigned,
    ),
    "interim": Action(
        form=lambda r, a: InterimReplyForm(r.POST), slot="interim",
        run=lambda r, a, data: services.interim_reply_send(application=a, by=r.user, **data),
        done=lambda a, reply: _("Foreløpig svar er sendt til %(to)s, med forventet dato for vedtak %(date)s. Søkeren har fått "
                                "e-post om det.") % {"to": a.guardian_name or _("søkeren"), "date": written_date(reply.expected_decision_date)},
    ),
    "decide": Action(
        form=lambda r, a: DecisionForm(r.POST), slot="decision",
        run=lambda r, a, data: services.decision_draft(application=a, by=r.user, decision=_draft_of(a), **data),
        done=gettext_lazy("Utkastet er lagret. Les det slik søkeren vil få det, og fatt vedtaket når det er riktig."),
        then=lambda a, draft: reverse("caseworker:respite_decision_preview", args=[a.pk, draft.pk]),
    ),
    "paper_delivery": Action(
        form=lambda r, a: PaperDeliveryForm(r.POST, auto_id=f"id_paper_{r.POST.get('decision')}_%s"), slot="paper",
        run=lambda r, a, data: decisions.decision_record_paper_delivery(
            decision=get_object_or_404(a.decisions.all(), pk=data["decision"]), delivered_on=data["delivered_on"], by=r.user),
        done=lambda a, decision: _("Datoen vedtaksbrevet kom fram til %(to)s, %(date)s, er registrert. Klagefristen er %(deadline)s.") % {
            "to": _parties(a), "date": written_date(timezone.localdate(decision.notified_at)), "deadline": written_date(appeal_deadline_of(decision))},
    ),
    **APPEALS.actions(),
}


PREVIEW = DecisionPreview(
    field="application", case_url=_url, preview_url_name="caseworker:respite_decision_preview",
    pdf_url_name="caseworker:respite_draft_pdf", chooses_delivery=True,
    confirmed=lambda a, decision: (
        _("Vedtaket er fattet. %(to)s har fått e-post om at vedtaket ligger på statussiden.") % {"to": _parties(a, by_email=True)}
        if decision.delivery == DecisionDelivery.DIGITAL
        else _("Vedtaket er fattet. Send vedtaksbrevet på papir til %(to)s, og registrer datoen det kom fram.") % {"to": _parties(a)}
    ),
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
