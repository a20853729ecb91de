"""The parent's appeal form on the status page."""

from django import forms
from django.utils.translation import gettext_lazy

from applications.intake.file_validators import validate_attachment


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
