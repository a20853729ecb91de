"""One shape for every caseworker action on a case page: a form (optional) and a service call, in one table.

A case page declares its actions as `Action`s; `dispatch` parses the posted form, calls the service, and either
redirects with a success message or renders the page again with the form's errors (nothing typed is lost).
Each action is testable on its own: post `action=<name>` with the form's fields to the case page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.decisions.services import disqualification_declare
from applications.links import link_open_until, link_revoke
from applications.models import Disqualification
from applications.retention.services import case_mark_archived
from besokshjem.core.forms import add_service_errors

from .forms import DisqualifyForm, LinkRevokeForm


@dataclass(frozen=True)
class Action:
    #: What the service is called with: (request, case, cleaned_data or {}) -> None. Raises ValidationError to refuse.
    run: Callable
    #: The success message: a text, or (case, result) -> text to say what happened and to whom.
    done: str | Callable
    #: Builds the bound form from the request: (request, case) -> Form. None for a button without fields.
    form: Callable | None = None
    #: Where the bound form goes when the page is rendered again with its errors.
    slot: str = ""
    #: How a refusal without a form is told, with %(errors)s for the service's messages.
    refused: str = "%(errors)s"
    #: Where to go after success, from what the service returned: (case, result) -> url. Default: the case page.
    then: Callable | None = None


def dispatch(request, case, *, actions: dict, render_page: Callable, url: str):
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    form = action.form(request, case) if action.form else None
    if form is None or form.is_valid():
        try:
            result = action.run(request, case, form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None or not action.slot:
                messages.error(request, action.refused % {"errors": " ".join(exc.messages)})
                return redirect(url)
            add_service_errors(form, exc)
        else:
            messages.success(request, action.done(case, result) if callable(action.done) else action.done)
            return redirect(action.then(case, result) if action.then else url)
    elif not action.slot:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(url)
    return render_page(request, case, bound={action.slot: form}, status=400)


def taken(case, result) -> str:
    """The message after «Ta saken til behandling» on either kind of case: who has it now (taking a case nobody had
    assigns it to you)."""
    return _("Saken er tatt til behandling. Saksbehandler: %(name)s.") % {"name": result.assigned_to or "–"}


def assigned(case, result) -> str:
    """The message after «Tildel» on either kind of case."""
    return _("Saken er tildelt %(name)s.") % {"name": result.assigned_to}


def disqualify_action() -> Action:
    """«Jeg er inhabil» on any case page (forvaltningsloven § 6)."""
    return Action(
        form=lambda r, case: DisqualifyForm(r.POST, auto_id="id_disqualify_%s"), slot="disqualify",
        run=lambda r, case, data: disqualification_declare(case=case, by=r.user, reason=data["reason"]),
        done=_("Du er registrert som inhabil i saken. Saken må tildeles en annen saksbehandler."),
    )


def archive_action() -> Action:
    """«Merk som overlevert til arkivet» on a closed case's page: retention may delete it here after the archive plan's period."""
    return Action(
        run=lambda r, case, data: case_mark_archived(case=case, by=r.user),
        done=_("Saken er merket som overlevert til arkivet."),
    )


def disqualification_context(case, bound=None) -> dict:
    return {
        "disqualifications": list(Disqualification.objects.filter(
            content_type=ContentType.objects.get_for_model(case), object_id=case.pk).select_related("user")),
        "disqualify_form": (bound or {}).get("disqualify") or DisqualifyForm(auto_id="id_disqualify_%s"),
    }


def link_revoke_action() -> Action:
    """«Trekk tilbake lenken og send ny» on a volunteer's and a parent's case page."""
    return Action(
        form=lambda r, case: LinkRevokeForm(r.POST, auto_id="id_link_%s"), slot="link",
        run=lambda r, case, data: link_revoke(case=case, by=r.user, seen_version=data["version"]),
        done=_("Lenkene er trukket tilbake. Søkeren får en ny lenke på e-post."),
    )


def link_context(case, bound=None) -> dict:
    """The applicant's link on the case page: until when it works (None: no end yet) and the form that revokes it."""
    until = None if case.is_draft else link_open_until(case)
    return {
        "link_open_until": until,
        "link_ended": until is not None and until <= timezone.now(),
        "link_days": settings.STATUS_LINK_DAYS_AFTER_CLOSE,
        "link_form": (bound or {}).get("link") or LinkRevokeForm(initial={"version": case.link_version}, auto_id="id_link_%s"),
    }
