from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The code from the authenticator app (six digits) or, at login, one of the recovery codes."""

    token = forms.CharField(
        label=_("Kode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class EnrolCodeForm(CodeForm):
    token = forms.CharField(
        label=_("Koden appen viser"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
