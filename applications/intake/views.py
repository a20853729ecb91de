"""Public views of any multi-step application (volunteer or respite): start, steps, resume, review, receipt.

The URL configuration passes `kind`; the Wizard for that kind knows the model, the steps and the URL names.
"""

import uuid
from itertools import combinations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from besokshjem.core.tokens import RESUME, case_token
from besokshjem.tenancy.models import Municipality

from . import services
from .forms import StartForm
from .selectors import application_by_token
from .wizard import REVIEW, wizard_for


def _progress(wizard, current: str, *, preview, application=None) -> dict:
    """The step counter and the list of steps. `preview`: the draft as the answers on this page make it (it decides
    which steps follow); `application`: the saved draft, None before it exists. The count is the number of pages the
    applicant will see, the summary included; until the answer that decides it is given, it is not guessed."""
    known = wizard.path_known(preview)
    items = [{"slug": s.slug, "title": s.title} for s in wizard.steps_for(preview)]
    slugs = [i["slug"] for i in items]
    if known:
        items.append({"slug": REVIEW, "title": _("Oppsummering")})
    elif current in slugs:
        items = items[: slugs.index(current) + 1]
    slugs = [i["slug"] for i in items]
    position = slugs.index(current) if current in slugs else 0
    # Only the steps before this one can be «done»: the rest are not validated at all.
    missing = {s.slug for s in wizard.incomplete_steps(application, only=set(slugs[:position]))} if application is not None else set()
    for index, item in enumerate(items):
        if index == position:
            item["state"] = "current"
        elif index < position and item["slug"] not in missing:
            item["state"] = "done"
        else:
            item["state"] = "todo"
        item["number"] = index + 1
        if application is not None and index < position:
            item["url"] = wizard.step_url(application, item["slug"])
    number = position + 1
    return {
        "progress": items,
        "step_number": number,
        "step_count": len(items) if known else None,
        "step_counter": _("Steg %(number)s av %(count)s") % {"number": number, "count": len(items)} if known
        else _("Steg %(number)s") % {"number": number},
    }


def _preview(wizard, application, form):
    """The draft as this page's answers would make it, for counting the steps that follow (it is never saved)."""
    name = wizard.path_decided_by
    if not name or name not in form.fields:
        return application
    return wizard.with_path(application, form[name].value() or [])


def _path_options(wizard, preview, current: str, form) -> dict | None:
    """For a page that asks the deciding question: the counter and the later steps for every possible answer, keyed by
    the ticked values (sorted, comma-separated), so that static/js/portal.js can follow the ticks without asking us."""
    choices = wizard.path_choices(form)
    if not choices:
        return None
    options = {}
    for size in range(len(choices) + 1):
        for chosen in combinations(sorted(choices), size):
            progress = _progress(wizard, current, preview=wizard.with_path(preview, chosen))
            options[",".join(chosen)] = {
                "counter": progress["step_counter"],
                "known": progress["step_count"] is not None,
                "later": [f"{item['number']}. {item['title']}" for item in progress["progress"][progress["step_number"]:]],
            }
    return options


def _render_step(request, *, wizard, municipality, application, step, form, formset=None, nonce=None, probe=None):
    """`probe`: an unsaved draft standing in for `application` before the first step is saved."""
    preview = _preview(wizard, application if application is not None else probe, form)
    return render(
        request,
        "applications/step.html",
        {
            "wizard": wizard,
            "municipality": municipality,
            "application": application,
            "step": step,
            "form": form,
            "formset": formset,
            "attachments": application.attachments.all() if application is not None and step.has_files else None,
            "nonce": nonce,
            **_progress(wizard, step.slug, preview=preview, application=application),
            "path_options": _path_options(wizard, preview, step.slug, form),
            "path_field": wizard.path_decided_by,
            "has_previous": application is not None and wizard.previous_step(application, step.slug) is not None,
            "can_save_for_later": application is not None and bool(application.email),
        },
        status=400 if (form.is_bound and form.errors) or (formset is not None and formset.is_bound and formset.total_error_count()) else 200,
    )


#: The drafts this browser session started (their ids), so that a form nonce resumes only one of them.
SESSION_DRAFTS = "besokshjem.drafts"


@require_http_methods(["GET", "POST"])
def start(request, municipality_slug, kind):
    """Step one of a new application. Its first valid POST creates the draft (once per form nonce)."""
    wizard = wizard_for(kind)
    municipality = get_object_or_404(
        Municipality.objects.prefetch_related("home_type_settings"), slug=municipality_slug, is_active=True
    )
    if not wizard.available(municipality):
        raise Http404
    step = wizard.steps[0]
    probe = wizard.model(municipality=municipality)
    if request.method == "POST":
        start_form = StartForm(request.POST)
        form = step.form_class(data=request.POST, application=probe)
        if start_form.is_valid() and form.is_valid():
            nonce = start_form.cleaned_data["nonce"]
            mine = request.session.get(SESSION_DRAFTS, [])
            application, created = services.draft_create(model=wizard.model, municipality=municipality, nonce=nonce,
                                                          language=get_language() or "nb")
            if not created and application.pk not in mine:
                # A form nonce only resumes a draft started in this browser session: anyone else's nonce (a stale or
                # copied form) starts a new draft and never leads to the other one.
                application, created = services.draft_create(model=wizard.model, municipality=municipality, nonce=uuid.uuid4(),
                                                              language=get_language() or "nb")
            if created:
                request.session[SESSION_DRAFTS] = [*mine, application.pk][-20:]
            if not application.is_draft:  # this session's double click after submitting
                return redirect(reverse(wizard.url_name("receipt"), kwargs={"token": case_token(application, purpose=RESUME)}))
            form = step.form_class(data=request.POST, application=application)
            form.is_valid()
            application = services.draft_save_step(application=application, step=step.slug, form=form, language=get_language())
            return redirect(wizard.step_url(application, wizard.next_step(application, step.slug)))
        nonce = request.POST.get("nonce") or uuid.uuid4()
    else:
        form = step.form_class(application=probe, initial=wizard.start_initial(request))
        nonce = uuid.uuid4()
    return _render_step(
        request, wizard=wizard, municipality=municipality, application=None, step=step, form=form, nonce=nonce, probe=probe
    )


def _load_draft(wizard, token):
    """The draft behind a resume link. After submission the link only shows the receipt (never the status page: a link of
    one purpose leads to no other)."""
    application = application_by_token(token=token, purpose=RESUME, model=wizard.model)
    if not application.is_draft:
        return application, redirect(reverse(wizard.url_name("receipt"), kwargs={"token": token}))
    return application, None


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
    """A QueryDict as JSON-able data (a list where a field has several values), without the CSRF token. NUL characters
    are dropped: PostgreSQL cannot store them in JSON (no form field accepts them either)."""
    return {
        key.replace("\x00", ""): ([v.replace("\x00", "") for v in values] if len(values) > 1 or key in MULTI_FIELDS
                                   else values[0].replace("\x00", ""))
        for key, values in post.lists()
        if key not in ("csrfmiddlewaretoken", "nav")
    }


MULTI_FIELDS = ("home_types", "other_assignments", "services_wanted", "consent_sources")


@require_http_methods(["GET", "POST"])
def step_view(request, token, step, kind):
    wizard = wizard_for(kind)
    application, done = _load_draft(wizard, token)
    if done:
        return done
    current = wizard.by_slug(step)
    if current is None or not current.applies(application):
        raise Http404
    stashed = application.draft_answers.get(current.slug)
    if request.method == "POST":
        nav = request.POST.get("nav", "next")
        form_kwargs = {"files": request.FILES} if current.has_files else {}
        form = current.form_class(data=request.POST, application=application, **form_kwargs)
        formset = wizard.formset(application, request.POST) if current.has_formset else None
        if form.is_valid() and (formset is None or formset.is_valid()):
            try:
                application = services.draft_save_step(
                    application=application, step=current.slug, form=form, formset=formset, language=get_language()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _after_save(request, wizard, application, current, nav)
        elif nav in ("back", "save"):
            services.draft_stash_answers(application=application, step=current.slug, data=_plain(request.POST))
            if nav == "back":
                return redirect(wizard.step_url(application, wizard.previous_step(application, current.slug) or current.slug))
            return _save_for_later(request, wizard, application)
    elif stashed:
        # Show what was typed before going back, without greeting the applicant with errors they did not ask for.
        form = _quiet(current.form_class(data=stashed, application=application))
        formset = _quiet(wizard.formset(application, stashed)) if current.has_formset else None
    else:
        form = current.form_class(application=application)
        formset = wizard.formset(application) if current.has_formset else None
    return _render_step(
        request, wizard=wizard, municipality=application.municipality, application=application, step=current, form=form, formset=formset
    )


def _after_save(request, wizard, application, current, nav):
    if nav == "back":
        return redirect(wizard.step_url(application, wizard.previous_step(application, current.slug) or current.slug))
    if nav == "save":
        return _save_for_later(request, wizard, application)
    if nav in ("add", "upload"):
        return redirect(wizard.step_url(application, current.slug))
    return redirect(wizard.step_url(application, wizard.next_step(application, current.slug)))


def _save_for_later(request, wizard, application):
    sent = services.resume_link_request(application=application)
    return render(request, "applications/saved.html", {"application": application, "municipality": application.municipality, "sent": sent})


def resume(request, token, kind):
    """The link from the e-mail: continue at the first step that still needs answers."""
    wizard = wizard_for(kind)
    application, done = _load_draft(wizard, token)
    if done:
        return done
    missing = wizard.incomplete_steps(application)
    return redirect(wizard.step_url(application, missing[0].slug if missing else REVIEW))


@require_http_methods(["GET", "POST"])
def review(request, token, kind):
    wizard = wizard_for(kind)
    application = application_by_token(token=token, purpose=RESUME, model=wizard.model)
    if not application.is_draft:
        # A second submit (double click, reload, another tab) lands on the same receipt.
        return redirect(reverse(wizard.url_name("receipt"), kwargs={"token": token}))
    missing = wizard.incomplete_steps(application)
    if request.method == "POST":
        if request.POST.get("nav") == "back":
            return redirect(wizard.step_url(application, wizard.previous_step(application, REVIEW)))
        try:
            services.application_submit(
                application=application, incomplete_steps=[s.slug for s in missing], language=get_language()
            )
        except ValidationError:
            messages.error(request, _("Søknaden mangler svar. Se stegene som er merket under."))
        else:
            return redirect(reverse(wizard.url_name("receipt"), kwargs={"token": token}))
    sections = []
    for step in wizard.steps_for(application):
        form = step.form_class(application=application)
        # A question the page showed only for some roles is not read back to an applicant it was not asked of.
        asked = {q["field"].name for q in form.questions() if q["shown"]} if hasattr(form, "questions") else set(form.fields)
        rows = [(form[name].label, display_value(application, name)) for name in form.fields if name != "files" and name in asked]
        sections.append({"step": step, "rows": rows, "url": wizard.step_url(application, step.slug), "missing": step in missing})
    return render(
        request,
        "applications/review.html",
        {
            "wizard": wizard,
            "application": application,
            "municipality": application.municipality,
            "sections": sections,
            "missing": missing,
            "formset_rows": wizard.formset(application).queryset if wizard.formset_factory else None,
            "attachments": application.attachments.all() if hasattr(application, "attachments") else None,
            **_progress(wizard, REVIEW, preview=application, application=application),
        },
        status=400 if request.method == "POST" else 200,
    )


def display_value(application, name):
    """An answer as the applicant should read it back."""
    value = getattr(application, name)
    display = getattr(application, f"get_{name}_display", None)
    if isinstance(value, list):
        return display() if display and value else _("Ingen")
    if display and value:
        return display()
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nei")
    if value in (None, ""):
        return "–"
    return value


def receipt(request, token, kind):
    wizard = wizard_for(kind)
    application = application_by_token(token=token, purpose=RESUME, model=wizard.model)
    if application.is_draft:
        return redirect(wizard.step_url(application, REVIEW))
    return render(request, "applications/receipt.html", {"wizard": wizard, "application": application, "municipality": application.municipality})
