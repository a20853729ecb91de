"""Public views of the volunteer application: the steps, review, receipt and the status page."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from besokshjem.core.tokens import RESUME, STATUS, make_token
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.models import Municipality
from besokshjem.tenancy.selectors import recruited_home_types

from . import approval, services, steps
from .forms import AgreementSignForm, DeclarationSignForm, HomeTypeForm, StartForm
from .models import ApplicationStatus, MeetingStatus, VolunteerApplication
from .selectors import application_by_token


def _step_url(application: VolunteerApplication, slug: str) -> str:
    token = make_token(key=application.access_key, purpose=RESUME)
    if slug == steps.REVIEW:
        return reverse("applications:review", kwargs={"token": token})
    return reverse("applications:step", kwargs={"token": token, "step": slug})


def _status_url(application: VolunteerApplication) -> str:
    return reverse("applications:status", kwargs={"token": make_token(key=application.access_key, purpose=STATUS)})


def _progress(application: VolunteerApplication | None, current: str) -> list[dict]:
    if application is None:
        items = [{"slug": steps.STEPS[0].slug, "title": steps.STEPS[0].title}]
    else:
        items = [{"slug": s.slug, "title": s.title} for s in steps.steps_for(application)]
    items.append({"slug": steps.REVIEW, "title": _("Oppsummering")})
    slugs = [i["slug"] for i in items]
    position = slugs.index(current) if current in slugs else 0
    missing = {s.slug for s in steps.incomplete_steps(application)} if application is not None else set()
    for index, item in enumerate(items):
        if index == position:
            item["state"] = "current"
        elif index < position and item["slug"] not in missing:
            item["state"] = "done"
        else:
            item["state"] = "todo"
        item["number"] = index + 1
        if application is not None and index < position:
            item["url"] = _step_url(application, item["slug"])
    return items


def _progress_context(application, current: str) -> dict:
    progress = _progress(application, current)
    slugs = [p["slug"] for p in progress]
    return {"progress": progress, "step_number": slugs.index(current) + 1, "step_count": len(progress)}


def _render_step(request, *, municipality, application, step, form, formset=None, nonce=None):
    return render(
        request,
        "applications/step.html",
        {
            "municipality": municipality,
            "application": application,
            "step": step,
            "form": form,
            "formset": formset,
            "nonce": nonce,
            **_progress_context(application, step.slug),
            "has_previous": application is not None and steps.previous_step(application, step.slug) is not None,
            "can_save_for_later": application is not None and bool(application.email),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def start(request, municipality_slug):
    """Step one of a new application. Its first valid POST creates the draft (once per form nonce)."""
    municipality = get_object_or_404(Municipality.objects.prefetch_related("home_type_settings"), slug=municipality_slug, is_active=True)
    if not recruited_home_types(municipality=municipality):
        raise Http404
    step = steps.STEPS[0]
    probe = VolunteerApplication(municipality=municipality)
    if request.method == "POST":
        start_form = StartForm(request.POST)
        form = HomeTypeForm(data=request.POST, application=probe)
        if start_form.is_valid() and form.is_valid():
            application, _created = services.draft_create(
                municipality=municipality, nonce=start_form.cleaned_data["nonce"], language=get_language() or "nb"
            )
            if not application.is_draft:
                return redirect(_status_url(application))
            form = HomeTypeForm(data=request.POST, application=application)
            form.is_valid()
            application = services.draft_save_step(application=application, step=step.slug, form=form, language=get_language())
            return redirect(_step_url(application, steps.next_step(application, step.slug)))
        nonce = request.POST.get("nonce") or uuid.uuid4()
    else:
        wanted = HomeType.from_slug(request.GET.get("type", ""))
        form = HomeTypeForm(application=probe, initial={"home_types": [wanted] if wanted else []})
        nonce = uuid.uuid4()
    return _render_step(request, municipality=municipality, application=None, step=step, form=form, nonce=nonce)


def _load_draft(token):
    application = application_by_token(token=token, purpose=RESUME)
    if not application.is_draft:
        return application, redirect(_status_url(application))
    return application, None


@require_http_methods(["GET", "POST"])
def step_view(request, token, step):
    application, done = _load_draft(token)
    if done:
        return done
    current = steps.STEPS_BY_SLUG.get(step)
    if current is None or not current.applies(application):
        raise Http404
    stashed = application.draft_answers.get(current.slug)
    if request.method == "POST":
        nav = request.POST.get("nav", "next")
        form = current.form_class(data=request.POST, application=application)
        formset = steps.household_formset(application, request.POST) if current.has_household else None
        valid = form.is_valid() and (formset is None or formset.is_valid())
        if valid:
            application = services.draft_save_step(
                application=application, step=current.slug, form=form, formset=formset, language=get_language()
            )
            if nav == "back":
                return redirect(_step_url(application, steps.previous_step(application, current.slug) or current.slug))
            if nav == "save":
                return _save_for_later(request, application)
            if nav == "add":
                return redirect(_step_url(application, current.slug))
            return redirect(_step_url(application, steps.next_step(application, current.slug)))
        if nav in ("back", "save"):
            services.draft_stash_answers(application=application, step=current.slug, data=_plain(request.POST))
            if nav == "back":
                return redirect(_step_url(application, steps.previous_step(application, current.slug) or current.slug))
            return _save_for_later(request, application)
    elif stashed:
        # Show what was typed before going back, without greeting the applicant with errors they did not ask for.
        form = _quiet(current.form_class(data=stashed, application=application))
        formset = _quiet(steps.household_formset(application, stashed)) if current.has_household else None
    else:
        form = current.form_class(application=application)
        formset = steps.household_formset(application) if current.has_household else None
    return _render_step(request, municipality=application.municipality, application=application, step=current, form=form, formset=formset)


def _quiet(form):
    """A bound form (or formset) that renders its values but no errors."""
    form.is_valid()
    for f in getattr(form, "forms", [form]):
        f._errors = ErrorDict()
    if hasattr(form, "forms"):
        form._errors = [ErrorDict() for _f in form.forms]
        form._non_form_errors = form.error_class()
    return form


def _plain(post) -> dict:
    """A QueryDict as JSON-able data (lists where a field has several values), without the CSRF token."""
    return {
        key: (values if len(values) > 1 or key in ("home_types", "other_assignments") else values[0])
        for key, values in post.lists()
        if key not in ("csrfmiddlewaretoken", "nav")
    }


def _save_for_later(request, application):
    sent = services.resume_link_request(application=application)
    return render(request, "applications/saved.html", {"application": application, "municipality": application.municipality, "sent": sent})


def resume(request, token):
    """The link from the e-mail: continue at the first step that still needs answers."""
    application, done = _load_draft(token)
    if done:
        return done
    missing = steps.incomplete_steps(application)
    return redirect(_step_url(application, missing[0].slug if missing else steps.REVIEW))


@require_http_methods(["GET", "POST"])
def review(request, token):
    application = application_by_token(token=token, purpose=RESUME)
    if not application.is_draft:
        # A second submit (double click, reload, another tab) lands on the same receipt.
        return redirect(reverse("applications:receipt", kwargs={"token": token}))
    missing = steps.incomplete_steps(application)
    if request.method == "POST":
        if request.POST.get("nav") == "back":
            return redirect(_step_url(application, steps.previous_step(application, steps.REVIEW)))
        try:
            services.application_submit(
                application=application, incomplete_steps=[s.slug for s in missing], language=get_language()
            )
        except ValidationError:
            messages.error(request, _("Søknaden mangler svar. Se stegene som er merket under."))
        else:
            return redirect(reverse("applications:receipt", kwargs={"token": token}))
    sections = []
    for step in steps.steps_for(application):
        form = step.form_class(application=application)
        rows = [(form[name].label, _display(application, name)) for name in form.fields]
        sections.append({"step": step, "rows": rows, "url": _step_url(application, step.slug), "missing": step in missing})
    return render(
        request,
        "applications/review.html",
        {
            "application": application,
            "municipality": application.municipality,
            "sections": sections,
            "missing": missing,
            "household": application.household_members.all(),
            **_progress_context(application, steps.REVIEW),
        },
        status=400 if request.method == "POST" else 200,
    )


def _display(application, name):
    value = getattr(application, name)
    if name == "home_types":
        return application.get_home_types_display()
    if name == "other_assignments":
        return application.get_other_assignments_display() or _("Ingen")
    display = getattr(application, f"get_{name}_display", None)
    if display and value:
        return display()
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nei")
    if value in (None, ""):
        return "–"
    return value


def receipt(request, token):
    application = application_by_token(token=token, purpose=RESUME)
    if application.is_draft:
        return redirect(_step_url(application, steps.REVIEW))
    return render(
        request,
        "applications/receipt.html",
        {"application": application, "municipality": application.municipality, "status_url": _status_url(application)},
    )


NEXT_STEPS = {
    ApplicationStatus.SUBMITTED: _("Søknaden er mottatt. En saksbehandler går gjennom den og kontakter deg for å avtale en samtale."),
    ApplicationStatus.IN_REVIEW: _(
        "En saksbehandler har saken. Før dere kan få oppdrag, har kommunen samtaler med dere, kommer på hjemmebesøk, "
        "ser politiattesten og ber dere signere taushetserklæring og avtale."
    ),
    ApplicationStatus.APPROVED: _("Dere er godkjent. Kommunen tar kontakt når det er et barn som passer hos dere."),
    ApplicationStatus.REJECTED: _("Kommunen har avslått søknaden. Begrunnelsen står i brevet du har fått. Ta kontakt hvis du har spørsmål."),
    ApplicationStatus.WITHDRAWN: _("Du har trukket søknaden. Saken er avsluttet."),
}


def _status_context(application, token, declaration_form=None, agreement_form=None):
    from placements.selectors import current_agreement

    from . import checklist as rules

    text = rules.current_declaration_text()
    signed = {s.person_key for s in application.declaration_signatures.all() if text and s.text_id == text.pk}
    unsigned = [(key, name) for key, name in rules.signers(application) if key not in signed]
    open_case = application.status in approval.OPEN
    agreement = current_agreement(application=application) if open_case or application.status == ApplicationStatus.APPROVED else None
    return {
        "application": application,
        "municipality": application.municipality,
        "next_step": NEXT_STEPS.get(application.status, ""),
        "can_withdraw": application.status in services.WITHDRAWABLE,
        "token": token,
        "meetings": application.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"),
        "confirmations": application.purpose_confirmations.all(),
        "declaration_text": text if open_case else None,
        "declaration_signatures": [s for s in application.declaration_signatures.all() if text and s.text_id == text.pk],
        "declaration_form": declaration_form or (DeclarationSignForm(signers=unsigned) if unsigned and open_case and text else None),
        "agreement": agreement,
        "agreement_form": agreement_form or (AgreementSignForm() if agreement and open_case and not agreement.applicant_signed_at else None),
    }


def status(request, token):
    application = application_by_token(token=token, purpose=STATUS)
    if application.is_draft:
        raise Http404
    return render(request, "applications/status.html", _status_context(application, token))


@require_http_methods(["POST"])
def sign_declaration(request, token):
    from . import checklist as rules

    application = application_by_token(token=token, purpose=STATUS)
    if application.status not in approval.OPEN:
        raise Http404
    form = DeclarationSignForm(request.POST, signers=rules.signers(application))
    if form.is_valid():
        try:
            approval.declaration_sign(application=application, person_key=form.cleaned_data["person_key"],
                                      typed_name=form.cleaned_data["typed_name"], confirmed=form.cleaned_data["confirmed"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Taushetserklæringen er signert. Takk!"))
            return redirect(reverse("applications:status", kwargs={"token": token}) + "#taushetserklaering")
    return render(request, "applications/status.html", _status_context(application, token, declaration_form=form), status=400)


@require_http_methods(["POST"])
def sign_agreement(request, token):
    from placements import services as placement_services
    from placements.selectors import current_agreement

    application = application_by_token(token=token, purpose=STATUS)
    agreement = current_agreement(application=application)
    if application.status not in approval.OPEN or agreement is None:
        raise Http404
    form = AgreementSignForm(request.POST)
    if form.is_valid():
        try:
            placement_services.agreement_sign_applicant(agreement=agreement, typed_name=form.cleaned_data["typed_name"],
                                                        confirmed=form.cleaned_data["confirmed"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Avtalen er signert. Kommunen signerer den også, og du kan laste den ned her."))
            return redirect(reverse("applications:status", kwargs={"token": token}) + "#avtale")
    return render(request, "applications/status.html", _status_context(application, token, agreement_form=form), status=400)


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def agreement_download(request, token):
    from placements.selectors import agreement_pdf, current_agreement

    application = application_by_token(token=token, purpose=STATUS)
    agreement = current_agreement(application=application)
    if agreement is None:
        raise Http404
    return _pdf_response(agreement_pdf(agreement=agreement), f"avtale-{application.reference}.pdf")


def purpose_confirmation_download(request, token, pk):
    from .selectors import purpose_confirmation_pdf

    application = application_by_token(token=token, purpose=STATUS)
    confirmation = get_object_or_404(application.purpose_confirmations.select_related("issued_by"), pk=pk)
    return _pdf_response(purpose_confirmation_pdf(confirmation=confirmation), f"formalsbekreftelse-{application.reference}-{pk}.pdf")


def _pdf_response(data: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


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
