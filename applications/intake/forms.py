"""What every step of every application shares: the step base form, yes/no and phone fields, the form nonce."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from .validators import validate_norwegian_phone

YES_NO = [("True", _("Ja")), ("False", _("Nei"))]
PHONE_ERROR = _("Oppgi et gyldig norsk telefonnummer, for eksempel 412 34 567.")


def yes_no(label, help_text="", required=True):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": _("Svar ja eller nei.")},
    )


def required_check(label, message, help_text=""):
    return forms.BooleanField(label=label, help_text=help_text, required=True, error_messages={"required": message})


def phone_field(label, required=True):
    return PhoneNumberField(
        label=label,
        region="NO",
        required=required,
        validators=[validate_norwegian_phone],
        error_messages={"invalid": PHONE_ERROR, "required": _("Oppgi telefonnummer.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class StepForm(forms.ModelForm):
    """A step: knows the draft it belongs to, so it can adapt to what is applied for."""

    def __init__(self, *args, application, **kwargs):
        self.application = application
        self.cleaned_data_defaults = {}
        kwargs.setdefault("instance", application)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = _("Dette feltet må fylles ut.")

    def _clear(self, *names):
        """Remove questions that do not apply, and blank out any earlier answers to them."""
        for name in names:
            self.fields.pop(name, None)
            model_field = self._meta.model._meta.get_field(name)
            if model_field.null:
                value = None
            elif model_field.has_default():
                value = model_field.get_default()
            else:
                value = ""
            self.cleaned_data_defaults[name] = value

    def full_clean(self):
        super().full_clean()
        if self.is_bound and hasattr(self, "cleaned_data"):
            self.cleaned_data.update(self.cleaned_data_defaults)


class StartForm(forms.Form):
    nonce = forms.UUIDField(widget=forms.HiddenInput)
