"""The parent's forms on the status page: an appeal, and a document sent after submitting."""

from django import forms
from django.utils.translation import gettext_lazy

from applications.intake.file_validators import validate_attachment
from besokshjem.core.forms import nonce_field


class AppealForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Hva klager du på, og hvorfor?"), widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Skriv hva du klager på og hvorfor.")},
    )
    attachment = forms.FileField(
        label=gettext_lazy("Vedlegg (valgfritt)"), required=False,
        help_text=gettext_lazy("PDF, JPEG eller PNG, høyst 10 MB."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment(upload)
        return upload


class DocumentForm(forms.Form):
    """A document the parent sends after submitting, with a few words on what it is. The nonce keeps a double POST to
    one document."""

    description = forms.CharField(
        label=gettext_lazy("Hva er dokumentet?"), max_length=200,
        help_text=gettext_lazy("For eksempel «legeerklæring» eller «uttalelse fra skolen»."),
        error_messages={"required": gettext_lazy("Skriv hva dokumentet er, for eksempel «legeerklæring».")},
    )
    file = forms.FileField(
        label=gettext_lazy("Fil"), help_text=gettext_lazy("PDF, JPEG eller PNG, høyst 10 MB."),
        error_messages={"required": gettext_lazy("Velg filen du vil sende.")},
    )
    nonce = nonce_field()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_attachment(upload)
        return upload
