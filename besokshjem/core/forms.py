import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has that field, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def posted(request, form, run, *, done, to: str):
    """A form posted on a status page, post/redirect/get: when it validates and the service `run(cleaned_data)` accepts
    it, the success message `done` (a text, or result -> text) and a redirect to `to`. Otherwise None: the form carries
    every error, the service's included, for the caller to show the page again (status 400) with the answers kept."""
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(to)
    return None


# --- Idempotent POSTs -------------------------------------------------------------------------------------------------
# A form whose action sends a letter or an invitation carries a nonce: a random UUID rendered in a hidden field with the
# form. The service stores it on the row it creates (a unique `client_nonce`), under the case's row lock; posting the
# same form again (a double click, a reload, a retry after a timeout) returns that row instead of making another.


def nonce_field() -> forms.UUIDField:
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, error_messages={
        "required": _("Skjemaet mangler engangsnøkkel. Last siden på nytt og prøv igjen."),
        "invalid": _("Skjemaet mangler engangsnøkkel. Last siden på nytt og prøv igjen."),
    })


def already_done(model, *, nonce, **owner):
    """The row made already by the form with this nonce, or None. A nonce used for another owner is refused."""
    row = model.objects.filter(client_nonce=nonce).first()
    if row is not None and any(getattr(row, f"{name}_id") != obj.pk for name, obj in owner.items()):
        raise ValidationError(_("Skjemaet er allerede brukt. Last siden på nytt og prøv igjen."), code="nonce_used")
    return row
