"""The parent's status page: stage, deadline, interim reply, the decision letter (HTML and PDF), appeals (with their own
text and attachment), documents sent after submitting, withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.caseworker.appeals import private_file
from applications.decisions.letters import appeal_answer_pdf, decision_letter_context, decision_letter_pdf, interim_reply_pdf
from applications.decisions.parties import respite_parties
from applications.intake.selectors import application_by_token
from applications.models import Appeal, AppealStatus, RespiteApplication, RespiteStatus
from applications.placing.feed_views import family_feed_links
from besokshjem.core.forms import posted
from besokshjem.core.http import pdf_response
from besokshjem.core.tokens import CO_PARTY, STATUS
from besokshjem.tenancy.selectors import sender_name
from placements.homes import family_placements

from . import deadlines
from . import services as respite_services
from .forms import AppealForm, DocumentForm
from .selectors import (
    OPEN,
    appeal_deadline_of,
    appeal_lodged_late,
    appeals_of,
    dismissal_appeal_deadline_of,
    documents_welcome,
    interim_replies_of,
    promised_date_of,
)

NEXT = {
    RespiteStatus.SUBMITTED: gettext_lazy("Søknaden er mottatt. Kommunen vurderer den og kan ta kontakt for en samtale."),
    RespiteStatus.IN_REVIEW: gettext_lazy("En saksbehandler arbeider med saken."),
    RespiteStatus.DECIDED: gettext_lazy("Kommunen har fattet vedtak. Les vedtaksbrevet under."),
    RespiteStatus.WITHDRAWN: gettext_lazy("Du har trukket søknaden. Saken er avsluttet."),
}


def _application(token) -> RespiteApplication:
    application = application_by_token(token=token, purpose=STATUS, model=RespiteApplication)
    if application.is_draft:
        raise Http404
    return application


def _own_appeal_on_status_page(appeal) -> bool:
    """The applicant's own appeal: lodged on the status page (one from the other guardian, or registered by the
    caseworker from a letter, names who lodged it)."""
    return not appeal.lodged_by and appeal.registered_by_id is None


def _appeal_context(application, decision, appeal_form=None, *, appeals=None, own=_own_appeal_on_status_page,
                    attachment_url_name="") -> dict:
    """The vedtak in force and its deadline, the case's appeals (those on a vedtak since reversed too), and the appeal
    form while one can appeal. A late appeal is received too (forvaltningsloven § 31); the form goes only while one
    waits, or once the kommune has refused to consider one (that refusal is appealed in writing, as its information
    says). The reader sees their own appeals in full (their text and attachment, `own`), the others' by date and state.
    `contact_name`, the unit for the case's legal track and the kommune, is the «Kontakt» block and the unit that
    handles an appeal that waits («behandles av …»)."""
    appeal_deadline = appeal_deadline_of(decision) if decision else None
    appeals = appeals_of(application) if appeals is None else appeals
    can_appeal = bool(decision and not any(a.status in (AppealStatus.LODGED, AppealStatus.DISMISSED) for a in appeals if a.decision_id == decision.pk))
    return {
        "decision": decision,
        "appeal_deadline": appeal_deadline,
        "appeal_is_late": bool(decision and appeal_lodged_late(decision)),
        "appeals": [{"appeal": a, "own": own(a), "dismissal_deadline": dismissal_appeal_deadline_of(a),
                     "missed_deadline": appeal_deadline_of(a.decision) if a.late else None} for a in appeals],
        "appeal_attachment_url_name": attachment_url_name,
        "contact_name": sender_name(municipality=application.municipality, legal_track=application.legal_track),
        "appeal_form": appeal_form or (AppealForm() if can_appeal else None),
    }


def _context(application, token, appeal_form=None, document_form=None):
    decision = application.decisions.filter(reversed_at__isnull=True).first()
    appeals = appeals_of(application)
    placements = family_placements(decision_id=decision.pk) if decision else []
    return {
        "application": application,
        "municipality": application.municipality,
        "token": token,
        "next_step": NEXT.get(application.status, ""),
        "decision_deadline": deadlines.decision_deadline(application.submitted_at),
        "promised_date": promised_date_of(application),
        "interim_replies": interim_replies_of(application),
        "placements": placements,
        "calendar_feed": family_feed_links(placements),
        **_appeal_context(application, decision, appeal_form, appeals=appeals, attachment_url_name="applications:respite_appeal_attachment"),
        "can_withdraw": application.status in OPEN,
        "withdraw_url": reverse("applications:respite_withdraw", kwargs={"token": token}),
        "attachments": application.attachments.all(),
        "document_form": document_form or (DocumentForm() if documents_welcome(application, appeals=appeals) else None),
    }


def status(request, token):
    application = _application(token)
    return render(request, "applications/respite_status.html", _context(application, token))


def letter(request, token, pk):
    """The decision letter as HTML (the same template the PDF is rendered from)."""
    application = _application(token)
    decision = application.decisions.filter(pk=pk).first()
    if decision is None:
        raise Http404
    respite_services.decision_mark_read(decision=decision)
    return render(request, "applications/decision_letter_page.html", {**decision_letter_context(decision), "token": token})


def letter_pdf(request, token, pk):
    application = _application(token)
    decision = application.decisions.filter(pk=pk).first()
    if decision is None:
        raise Http404
    respite_services.decision_mark_read(decision=decision)
    return pdf_response(decision_letter_pdf(decision=decision), f"vedtak-{application.reference}.pdf")


def _lodged(appeal) -> str:
    if appeal.late:
        return _("Klagen er mottatt. Den kom etter klagefristen, så kommunen avgjør først om den kan behandles.")
    return _("Klagen er mottatt. Kommunen vurderer saken på nytt.")


def _lodge(request, decision, *, to: str, lodged_by: str = ""):
    """The posted appeal form: lodged (the redirect to `to`), or the form with its errors and None."""
    form = AppealForm(request.POST, request.FILES)
    done = posted(request, form, lambda data: respite_services.appeal_lodge(
        decision=decision, text=data["text"], upload=data["attachment"], lodged_by=lodged_by), done=_lodged, to=to)
    return form, done


@require_http_methods(["POST"])
def appeal(request, token):
    application = _application(token)
    decision = application.decisions.filter(reversed_at__isnull=True).first()
    if decision is None:
        raise Http404
    form, done = _lodge(request, decision, to=reverse("applications:respite_status", kwargs={"token": token}) + "#klage")
    return done or render(request, "applications/respite_status.html", _context(application, token, appeal_form=form), status=400)


@require_http_methods(["POST"])
def document(request, token):
    """A document sent after submitting; a double POST keeps one (the form's nonce)."""
    application = _application(token)
    form = DocumentForm(request.POST, request.FILES)
    done = posted(request, form, lambda data: respite_services.document_send(
        application=application, upload=data["file"], description=data["description"], nonce=data["nonce"]),
        done=_("Dokumentet er sendt til kommunen."), to=reverse("applications:respite_status", kwargs={"token": token}) + "#dokumenter")
    return done or render(request, "applications/respite_status.html", _context(application, token, document_form=form), status=400)


def appeal_attachment_download(request, token, pk):
    """The attachment of the parent's own appeal, through their status link (404 for anyone else's)."""
    application = _application(token)
    appeal = get_object_or_404(Appeal.objects.filter(decision__application=application), pk=pk)
    if not appeal.attachment or not _own_appeal_on_status_page(appeal):
        raise Http404
    return private_file(appeal.attachment, appeal.attachment_name or _("klage-vedlegg"), appeal.attachment_type)


def _co_party(token):
    """The application and the other guardian with parental responsibility, from their own link (404 without one)."""
    application = application_by_token(token=token, purpose=CO_PARTY, model=RespiteApplication)
    parties = respite_parties(application)
    if application.is_draft or len(parties) < 2:
        raise Http404
    return application, parties[1]


@require_http_methods(["GET", "POST"])
def co_party(request, token):
    """The other guardian's page: the vedtak addressed to them, its deadline, and their own right to appeal. It shows
    nothing else of the application, which the applicant filled in."""
    application, party = _co_party(token)
    decision = application.decisions.filter(reversed_at__isnull=True).first()
    form = None
    if request.method == "POST":
        if decision is None:
            raise Http404
        form, done = _lodge(request, decision, to=reverse("applications:respite_co_party", args=[token]) + "#klage", lodged_by=party.name)
        if done:
            return done
    context = {**(decision_letter_context(decision, party.key) if decision else {}),
               **_appeal_context(application, decision, form, own=_own_appeal_of(party),
                                 attachment_url_name="applications:respite_co_party_appeal_attachment"),
               "application": application, "municipality": application.municipality, "token": token, "party": party}
    if decision is not None:
        respite_services.decision_mark_read(decision=decision)
    return render(request, "applications/co_party.html", context, status=400 if form is not None else 200)


def _own_appeal_of(party):
    """The other guardian's own appeal: lodged on their page, under their name."""
    return lambda appeal: appeal.registered_by_id is None and appeal.lodged_by == party.name[:200]


def co_party_appeal_attachment_download(request, token, pk):
    application, party = _co_party(token)
    appeal = get_object_or_404(Appeal.objects.filter(decision__application=application), pk=pk)
    if not appeal.attachment or not _own_appeal_of(party)(appeal):
        raise Http404
    return private_file(appeal.attachment, appeal.attachment_name or _("klage-vedlegg"), appeal.attachment_type)


def co_party_letter_pdf(request, token, pk):
    application, party = _co_party(token)
    decision = get_object_or_404(application.decisions.all(), pk=pk)
    return pdf_response(decision_letter_pdf(decision=decision, party_key=party.key), f"vedtak-{application.reference}.pdf")


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    application = _application(token)
    if request.method == "POST":
        try:
            respite_services.respite_withdraw(application=application)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Søknaden er trukket."))
        return redirect(reverse("applications:respite_status", kwargs={"token": token}))
    if application.status not in OPEN:
        return redirect(reverse("applications:respite_status", kwargs={"token": token}))
    return render(request, "applications/withdraw.html", {"application": application, "municipality": application.municipality,
                                                           "token": token, "status_url_name": "applications:respite_status",
                                                           "withdraw_url_name": "applications:respite_withdraw"})


def interim_reply_download(request, token, pk):
    application = _application(token)
    reply = get_object_or_404(application.interim_replies.all(), pk=pk)
    return pdf_response(interim_reply_pdf(reply=reply), f"forelopig-svar-{application.reference}.pdf")


def appeal_answer_download(request, token, pk):
    application = _application(token)
    appeal = get_object_or_404(Appeal.objects.filter(decision__application=application, handled_at__isnull=False), pk=pk)
    return pdf_response(appeal_answer_pdf(appeal=appeal), f"svar-pa-klage-{application.reference}.pdf")
