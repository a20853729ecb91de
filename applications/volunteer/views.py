"""Public views of the volunteer application: the steps, review, receipt and the status page."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.intake.selectors import application_by_token
from applications.intake.volunteer_steps import VOLUNTEER
from applications.models import ApplicationStatus, MeetingStatus, VolunteerApplication
from applications.placing.feed_views import home_feed_links
from besokshjem.core.forms import posted
from besokshjem.core.http import pdf_response
from besokshjem.core.tokens import STATUS
from besokshjem.tenancy.selectors import sender_name
from placements import services as placement_services
from placements.assignment import assignment_agreement_pdf
from placements.homes import home_work, placement_reference
from placements.selectors import agreement_pdf, current_agreement, current_agreements
from placements.timesheets import home_open_time_sheet, home_time_sheets, time_sheet_confirm

from . import checklist as rules
from . import services
from .forms import AgreementSignForm, DeclarationSignForm, ProposalAnswerForm, TimeSheetConfirmForm
from .selectors import purpose_confirmation_pdf


def _status_url(application: VolunteerApplication) -> str:
    return VOLUNTEER.status_url(application)


NEXT_STEPS = {
    ApplicationStatus.SUBMITTED: gettext_lazy("Søknaden er mottatt. En saksbehandler går gjennom den og kontakter deg for å avtale en samtale."),
    ApplicationStatus.IN_REVIEW: gettext_lazy(
        "En saksbehandler har saken. Før dere kan få oppdrag, har kommunen samtaler med dere, kommer på hjemmebesøk, "
        "ser politiattesten og ber dere signere taushetserklæring og avtale."
    ),
    ApplicationStatus.APPROVED: gettext_lazy("Dere er godkjent. Kommunen tar kontakt når det er et barn som passer hos dere."),
    ApplicationStatus.REJECTED: gettext_lazy("Kommunen har avslått søknaden. Begrunnelsen står i brevet du har fått. Ta kontakt hvis du har spørsmål."),
    ApplicationStatus.WITHDRAWN: gettext_lazy("Du har trukket søknaden. Saken er avsluttet."),
}


def _agreement_rows(application, open_case: bool, bound=None) -> list[dict]:
    """Each agreement in force with its parties, and a form for those who have not signed yet (a bound one with errors)."""
    rows = []
    for agreement in current_agreements(application=application):
        parties = list(agreement.parties.all())
        unsigned = [(p.person_key, p.name) for p in parties if not p.signed_at]
        form = None
        if bound is not None and bound[0] == agreement.pk:
            form = bound[1]
        elif open_case and unsigned:
            form = AgreementSignForm(signers=unsigned, auto_id=f"id_agreement_{agreement.pk}_%s")
        rows.append({"agreement": agreement, "parties": parties, "form": form})
    return rows


def _time_sheet_rows(home, bound=None) -> list[dict]:
    """The months the home is asked to confirm (made when first shown), each with its form (a bound one with errors)."""
    rows = []
    for sheet in home_time_sheets(home=home):
        form = bound[1] if bound and bound[0] == sheet.pk else TimeSheetConfirmForm(time_sheet=sheet, auto_id=f"id_timesheet_{sheet.pk}_%s")
        rows.append({"sheet": sheet, "reference": placement_reference(sheet.placement), "form": form})
    return rows


def _home_context(application, answer_form=None, time_sheet_form=None) -> dict:
    """An approved home's proposals to answer, the dates of its placements and the time sheets it is asked to confirm
    (a bound answer or time sheet form with errors)."""
    work = home_work(application=application)
    if work is None:
        return {}
    proposals = [{"proposal": p, "form": (answer_form[1] if answer_form and answer_form[0] == p.pk
                                          else ProposalAnswerForm(auto_id=f"id_proposal_{p.pk}_%s"))} for p in work.open_proposals]
    return {"home": work.home, "home_proposals": proposals, "home_placements": work.placements,
            "home_time_sheets": _time_sheet_rows(work.home, time_sheet_form),
            "calendar_feed": home_feed_links(work)}


def _status_context(application, token, declaration_form=None, agreement_form=None, answer_form=None, time_sheet_form=None):
    """`agreement_form`: (agreement pk, bound form) when a signature was refused; `answer_form` likewise for a proposal
    and `time_sheet_form` for a time sheet."""
    prefetch_related_objects([application], "agreements__parties")
    text = rules.current_declaration_text()
    signed = {s.person_key for s in application.declaration_signatures.all() if text and s.text_id == text.pk}
    unsigned = [(key, name) for key, name in rules.signers(application) if key not in signed]
    open_case = application.status in services.OPEN
    # The taushetserklæring is shown to be signed only once the caseworker has asked for it.
    signable = open_case and application.declaration_requested_at is not None
    shows_agreements = open_case or application.status == ApplicationStatus.APPROVED
    return {
        "application": application,
        "municipality": application.municipality,
        "contact_name": sender_name(municipality=application.municipality),  # serves both tracks: the contact unit
        "next_step": NEXT_STEPS.get(application.status, ""),
        "can_withdraw": application.status in services.WITHDRAWABLE,
        "withdraw_url": reverse("applications:withdraw", kwargs={"token": token}),
        "token": token,
        "meetings": application.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"),
        "confirmations": application.purpose_confirmations.all(),
        "declaration_text": text if signable else None,
        "declaration_signatures": [s for s in application.declaration_signatures.all() if text and s.text_id == text.pk],
        "declaration_form": declaration_form or (DeclarationSignForm(signers=unsigned, auto_id="id_declaration_%s") if unsigned and signable and text else None),
        "agreements": _agreement_rows(application, open_case, agreement_form) if shows_agreements else [],
        **_home_context(application, answer_form, time_sheet_form),
    }


def status(request, token):
    application = application_by_token(token=token, purpose=STATUS)
    if application.is_draft:
        raise Http404
    return render(request, "applications/status.html", _status_context(application, token))


@require_http_methods(["POST"])
def sign_declaration(request, token):
    application = application_by_token(token=token, purpose=STATUS)
    if application.status not in services.OPEN or application.declaration_requested_at is None:
        raise Http404
    form = DeclarationSignForm(request.POST, signers=rules.signers(application), auto_id="id_declaration_%s")
    done = posted(request, form, lambda data: services.declaration_sign(
        application=application, person_key=data["person_key"], typed_name=data["typed_name"], confirmed=data["confirmed"]),
        done=_("Taushetserklæringen er signert. Takk!"), to=reverse("applications:status", kwargs={"token": token}) + "#taushetserklaering")
    return done or render(request, "applications/status.html", _status_context(application, token, declaration_form=form), status=400)


@require_http_methods(["POST"])
def sign_agreement(request, token, pk):
    application = application_by_token(token=token, purpose=STATUS)
    agreement = current_agreement(application=application, pk=pk)
    if application.status not in services.OPEN or agreement is None:
        raise Http404
    signers = [(p.person_key, p.name) for p in agreement.parties.all() if not p.signed_at]
    form = AgreementSignForm(request.POST, signers=signers, auto_id=f"id_agreement_{agreement.pk}_%s")
    done = posted(request, form, lambda data: placement_services.agreement_sign_party(
        agreement=agreement, person_key=data["person_key"], typed_name=data["typed_name"], confirmed=data["confirmed"]),
        done=_("Avtalen er signert. Kommunen signerer den også, og du kan laste den ned her."),
        to=reverse("applications:status", kwargs={"token": token}) + f"#avtale-{agreement.pk}")
    return done or render(request, "applications/status.html", _status_context(application, token, agreement_form=(agreement.pk, form)), status=400)


def agreement_download(request, token, pk):
    application = application_by_token(token=token, purpose=STATUS)
    agreement = current_agreement(application=application, pk=pk)
    if agreement is None:
        raise Http404
    return pdf_response(agreement_pdf(agreement=agreement), f"avtale-{application.reference}-{agreement.pk}.pdf")


def purpose_confirmation_download(request, token, pk):
    application = application_by_token(token=token, purpose=STATUS)
    confirmation = get_object_or_404(application.purpose_confirmations.select_related("issued_by"), pk=pk)
    return pdf_response(purpose_confirmation_pdf(confirmation=confirmation), f"formalsbekreftelse-{application.reference}-{pk}.pdf")


@require_http_methods(["POST"])
def answer_proposal(request, token, pk):
    """The home answers a proposal: yes, or no with a reason. Nothing typed is lost on an error."""
    application = application_by_token(token=token, purpose=STATUS)
    work = home_work(application=application)
    proposal = next((p for p in (work.open_proposals if work else []) if p.pk == pk), None)
    if proposal is None:
        raise Http404
    form = ProposalAnswerForm(request.POST, auto_id=f"id_proposal_{pk}_%s")
    done = posted(request, form, lambda data: placement_services.proposal_answer(
        proposal=proposal, accept=data["answer"], reason=data["decline_reason"]),
        done=lambda answered: _("Takk! Svaret er sendt til kommunen.") if form.cleaned_data["answer"]
        else _("Takk for svaret. Kommunen spør et annet hjem."), to=_status_url(application) + "#oppdrag")
    return done or render(request, "applications/status.html", _status_context(application, token, answer_form=(pk, form)), status=400)


@require_http_methods(["POST"])
def confirm_time_sheet(request, token, pk):
    """The home confirms a month's time sheet: the dates it had the child, the kilometres, who confirms. Nothing typed
    is lost on an error. Another home's sheet, or one the kommune has approved, is a 404."""
    application = application_by_token(token=token, purpose=STATUS)
    work = home_work(application=application)
    sheet = home_open_time_sheet(home=work.home, pk=pk) if work else None
    if sheet is None:
        raise Http404
    form = TimeSheetConfirmForm(request.POST, time_sheet=sheet, auto_id=f"id_timesheet_{pk}_%s")
    done = posted(request, form, lambda data: time_sheet_confirm(
        time_sheet=sheet, held_entry_ids=data["held"], kilometres=data["kilometres"], note=data["home_note"],
        confirmed_by_name=data["confirmed_by_name"]),
        done=_("Takk! Timelisten er bekreftet. Kommunen godkjenner den før lønn og godtgjøring utbetales."),
        to=_status_url(application) + "#oppdrag")
    return done or render(request, "applications/status.html", _status_context(application, token, time_sheet_form=(pk, form)), status=400)


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    application = application_by_token(token=token, purpose=STATUS)
    if application.is_draft:
        raise Http404
    if request.method == "POST":
        try:
            services.application_withdraw(application=application)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Søknaden er trukket."))
        return redirect(reverse("applications:status", kwargs={"token": token}))
    if application.status not in services.WITHDRAWABLE:
        return redirect(reverse("applications:status", kwargs={"token": token}))
    return render(request, "applications/withdraw.html", {"application": application, "municipality": application.municipality, "token": token})


def placement_agreement_download(request, token, pk):
    """The assignment agreement of one of the home's placements (404 for any other)."""
    application = application_by_token(token=token, purpose=STATUS)
    work = home_work(application=application)
    row = next((r for r in (work.placements if work else []) if r["placement"].pk == pk), None)
    if row is None:
        raise Http404
    return pdf_response(assignment_agreement_pdf(placement=row["placement"]), f"oppdragsavtale-{row['reference']}.pdf")
