"""Caseworker workspace pages inside the admin: the dashboard and the case page with the approval checklist.

Thin views: parse a form, call a service, show the result. Every lookup is scoped to the caseworker's
kommuner (another kommune's case is a 404).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.forms import add_service_errors
from besokshjem.core.http import pdf_response
from besokshjem.reminders.selectors import reminders_for
from placements import services as placement_services
from placements.selectors import agreement_pdf, current_agreement

from . import approval, services
from . import checklist as rules
from .admin_forms import AssignForm, AttestForm, MeetingHeldForm, MeetingScheduleForm, PurposeConfirmationForm, RejectForm
from .models import ApplicationStatus, MeetingKind, MeetingStatus
from .selectors import CHECKLIST_PREFETCH, applications_visible_to, dashboard_for, purpose_confirmation_pdf


def dashboard(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Min arbeidsflate"),
        **dashboard_for(user=request.user),
    }
    return render(request, "admin/applications/dashboard.html", context)


def _case(request, pk):
    return get_object_or_404(applications_visible_to(user=request.user).prefetch_related(*CHECKLIST_PREFETCH), pk=pk)


def _forms(application, data=None, files=None, bound=None):
    people = rules.attest_people(application)
    municipality = application.municipality
    forms = {
        "schedule": MeetingScheduleForm(municipality=municipality, initial={"kind": MeetingKind.INTERVIEW}, auto_id="id_schedule_%s"),
        "purpose": PurposeConfirmationForm(people=people, auto_id="id_purpose_%s"),
        "attest": AttestForm(people=people, keeps_copies=municipality.keeps_attest_copies, auto_id="id_attest_%s"),
        "reject": RejectForm(auto_id="id_reject_%s"),
        "assign": AssignForm(municipality=municipality, initial={"caseworker": application.assigned_to_id}, auto_id="id_assign_%s"),
    }
    if bound:
        forms[bound[0]] = bound[1]
    return forms


def _held_forms(application, bound=None):
    bound_pk = bound.data.get("meeting") if bound is not None else None
    return [
        (m, bound if bound_pk == str(m.pk) else MeetingHeldForm(initial={"meeting": m.pk}, auto_id=f"id_m{m.pk}_%s"))
        for m in application.meetings.all()
        if m.status == MeetingStatus.SCHEDULED
    ]


def _render(request, application, bound=None, held=None, status=200):
    result = rules.checklist(application)
    context = {
        **admin.site.each_context(request),
        "title": _("Saksbehandling: %(ref)s") % {"ref": application.reference},
        "application": application,
        "checklist": result,
        "people": rules.attest_people(application),
        "certificates": list(application.police_certificates.all()),
        "confirmations": list(application.purpose_confirmations.all()),
        "meetings": list(application.meetings.all()),
        "held_forms": _held_forms(application, held),
        "signatures": list(application.declaration_signatures.select_related("text")),
        "declaration_text": rules.current_declaration_text(),
        "agreement": current_agreement(application=application),
        "entries": audit_entries_for(target=application),
        "reminders": reminders_for(targets=[application, *application.meetings.all(), *application.purpose_confirmations.all(),
                                            *application.agreements.all()]),
        "forms": _forms(application, bound=bound),
        "is_open": application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW),
        "in_review": application.status == ApplicationStatus.IN_REVIEW,
        "change_url": reverse("admin:applications_volunteerapplication_change", args=[application.pk]),
    }
    return render(request, "admin/applications/case.html", context, status=status)


@require_http_methods(["GET", "POST"])
def case(request, pk):
    application = _case(request, pk)
    if request.method == "GET":
        return _render(request, application)
    action = request.POST.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    response = handler(request, application)
    if response is not None:
        return response
    return redirect(reverse("caseworker_case", args=[application.pk]))


def _done(request, text):
    messages.success(request, text)


def _schedule(request, application):
    form = MeetingScheduleForm(request.POST, municipality=application.municipality, auto_id="id_schedule_%s")
    if form.is_valid():
        try:
            approval.meeting_schedule(application=application, by=request.user, **form.cleaned_data)
            return _done(request, _("Avtalen er lagt inn, og søkeren har fått invitasjon på e-post."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render(request, application, bound=("schedule", form), status=400)


def _held(request, application):
    form = MeetingHeldForm(request.POST, auto_id=f"id_m{request.POST.get('meeting', '')}_%s")
    if form.is_valid():
        meeting = get_object_or_404(application.meetings.all(), pk=form.cleaned_data["meeting"])
        data = {k: v for k, v in form.cleaned_data.items() if k != "meeting"}
        try:
            approval.meeting_mark_held(meeting=meeting, by=request.user, **data)
            return _done(request, _("Markert som gjennomført."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render(request, application, held=form, status=400)


def _cancel(request, application):
    meeting = get_object_or_404(application.meetings.all(), pk=request.POST.get("meeting"))
    try:
        approval.meeting_cancel(meeting=meeting, by=request.user)
        return _done(request, _("Avtalen er avlyst."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def _purpose(request, application):
    form = PurposeConfirmationForm(request.POST, people=rules.attest_people(application), auto_id="id_purpose_%s")
    if form.is_valid():
        try:
            approval.purpose_confirmation_issue(application=application, person_key=form.cleaned_data["person_key"], by=request.user)
            return _done(request, _("Formålsbekreftelsen er laget. Søkeren kan laste den ned fra statussiden."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render(request, application, bound=("purpose", form), status=400)


def _attest(request, application):
    form = AttestForm(request.POST, request.FILES, people=rules.attest_people(application),
                      keeps_copies=application.municipality.keeps_attest_copies, auto_id="id_attest_%s")
    if form.is_valid():
        try:
            approval.police_certificate_register(application=application, by=request.user, **form.cleaned_data)
            return _done(request, _("Politiattesten er registrert."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render(request, application, bound=("attest", form), status=400)


def _agreement_generate(request, application):
    try:
        placement_services.agreement_generate(application=application, by=request.user)
        return _done(request, _("Avtalen er laget. Søkeren kan lese og signere den på statussiden."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def _agreement_sign(request, application):
    agreement = current_agreement(application=application)
    if agreement is None:
        raise Http404
    try:
        placement_services.agreement_sign_caseworker(agreement=agreement, by=request.user)
        return _done(request, _("Du har signert avtalen for kommunen."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def _take(request, application):
    try:
        services.application_change_status(application=application, to_status=ApplicationStatus.IN_REVIEW, by=request.user)
        return _done(request, _("Saken er tatt til behandling."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def _assign(request, application):
    form = AssignForm(request.POST, municipality=application.municipality, auto_id="id_assign_%s")
    if form.is_valid():
        try:
            services.application_assign(application=application, caseworker=form.cleaned_data["caseworker"], by=request.user)
            return _done(request, _("Saken er tildelt."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render(request, application, bound=("assign", form), status=400)


def _approve(request, application):
    try:
        approval.application_approve(application=application, by=request.user)
        return _done(request, _("Hjemmet er godkjent og ligger nå blant godkjente hjem."))
    except ValidationError as exc:
        messages.error(request, _("Kan ikke godkjenne ennå: %(missing)s") % {"missing": " ".join(exc.messages)})


def _reject(request, application):
    form = RejectForm(request.POST, auto_id="id_reject_%s")
    if form.is_valid():
        try:
            approval.application_reject(application=application, by=request.user, reason=form.cleaned_data["reason"])
            return _done(request, _("Søknaden er avslått. Søkeren har fått beskjed."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render(request, application, bound=("reject", form), status=400)


ACTIONS = {
    "schedule": _schedule,
    "held": _held,
    "cancel": _cancel,
    "purpose": _purpose,
    "attest": _attest,
    "agreement_generate": _agreement_generate,
    "agreement_sign": _agreement_sign,
    "take": _take,
    "assign": _assign,
    "approve": _approve,
    "reject": _reject,
}


def case_agreement_pdf(request, pk):
    application = _case(request, pk)
    agreement = current_agreement(application=application)
    if agreement is None:
        raise Http404
    return pdf_response(agreement_pdf(agreement=agreement), f"avtale-{application.reference}.pdf")


def case_purpose_confirmation_pdf(request, pk, confirmation_pk):
    application = _case(request, pk)
    confirmation = get_object_or_404(application.purpose_confirmations.select_related("issued_by"), pk=confirmation_pk)
    return pdf_response(purpose_confirmation_pdf(confirmation=confirmation), f"formalsbekreftelse-{confirmation.pk}.pdf")
