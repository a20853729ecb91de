"""What every step of every application shares: the step base form, yes/no, phone and free-text fields, the form nonce."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html
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
        empty_value=None,
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


#: How much an applicant may write in a free-text answer: a long answer, and a short note.
LONG_TEXT = 2000
SHORT_TEXT = 500


class TextLengthValidator(MaxLengthValidator):
    """At most `limit` characters, counted as the applicant sees them: a line break is one character (browsers send it
    as two, CR LF)."""

    message = _("Svaret kan være på høyst %(limit_value)d tegn. Nå er det %(show_value)d tegn.")

    def clean(self, x):
        return len(x.replace("\r\n", "\n"))


class CountedTextarea(forms.Textarea):
    """A textarea that says how much may be written. Without JavaScript the limit is a sentence; static/js/portal.js
    turns it into a live «123 av 2000 tegn» and tells a screen reader only when the answer nears or passes the limit.
    No maxlength attribute: a browser would cut a pasted answer without saying so; the server refuses too long ones."""

    def __init__(self, limit: int, attrs=None):
        self.limit = limit
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)
        if widget_attrs.get("id"):
            count_id = f"{widget_attrs['id']}_count"
            widget_attrs["aria-describedby"] = " ".join(filter(None, [widget_attrs.get("aria-describedby"), count_id]))
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not field_id:
            return html
        return html + format_html(
            '<p class="form-text char-count mb-0" id="{id}_count" data-limit="{limit}" data-count="{count}" '
            'data-left="{left}" data-over="{over}">{static}</p>'
            '<p class="visually-hidden char-count-status" aria-live="polite"></p>',
            id=field_id,
            limit=self.limit,
            count=_("%(count)s av %(limit)s tegn") % {"count": "{count}", "limit": self.limit},
            left=_("Du har %(left)s tegn igjen.") % {"left": "{left}"},
            over=_("Du har %(over)s tegn for mye.") % {"over": "{over}"},
            static=_("Du kan skrive opptil %(limit)s tegn.") % {"limit": self.limit},
        )


def bound_text(field: forms.CharField, limit: int, rows: int = 4) -> None:
    """Give a free-text field its limit: checked by the server, shown (and counted) next to the field."""
    field.max_length = limit
    field.validators.append(TextLengthValidator(limit))
    field.widget = CountedTextarea(limit, attrs={"rows": rows})


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
