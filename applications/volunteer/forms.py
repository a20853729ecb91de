"""Forms on the volunteer's status page: signing the taushetserklæring and each agreement (by each person it names)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationSignForm(forms.Form):
    person_key = forms.ChoiceField(label=_("Hvem signerer?"), widget=forms.RadioSelect)
    typed_name = forms.CharField(
        label=_("Skriv fullt navn"), max_length=200,
        help_text=_("Skriv navnet slik det står i søknaden. Det gjelder som underskrift."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirmed = forms.BooleanField(
        label=_("Jeg har lest taushetserklæringen og forplikter meg til å følge den"),
        error_messages={"required": _("Kryss av for at du har lest og godtar taushetserklæringen.")},
    )

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_key"].choices = signers
        if len(signers) == 1:
            self.fields["person_key"].initial = signers[0][0]
            self.fields["person_key"].widget = forms.HiddenInput()


class AgreementSignForm(forms.Form):
    person_key = forms.ChoiceField(label=_("Hvem signerer?"), widget=forms.RadioSelect)
    typed_name = forms.CharField(
        label=_("Skriv fullt navn"), max_length=200,
        help_text=_("Skriv navnet slik det står i søknaden. Det gjelder som underskrift."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirmed = forms.BooleanField(
        label=_("Jeg har lest avtalen og godtar den"),
        error_messages={"required": _("Kryss av for at du har lest og godtar avtalen.")},
    )

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_key"].choices = signers
        if len(signers) == 1:
            self.fields["person_key"].initial = signers[0][0]
            self.fields["person_key"].widget = forms.HiddenInput()


class ProposalAnswerForm(forms.Form):
    """An approved home answers the kommune's proposal of a child."""

    answer = forms.TypedChoiceField(
        label=_("Vil dere ta imot barnet?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Ja, vi vil gjerne")), ("no", _("Nei, ikke denne gangen"))],
    )
    decline_reason = forms.CharField(
        label=_("Hvorfor ikke? (må fylles ut hvis dere svarer nei)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
