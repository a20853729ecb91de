"""Forms on the volunteer's status page: signing the taushetserklæring and each agreement (by each person it names),
answering a proposal, confirming a month's time sheet."""

from django import forms
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from besokshjem.core.names import FULL_NAME_MAX_LENGTH
from placements.timesheets import MAX_KILOMETRES


class DeclarationSignForm(forms.Form):
    person_key = forms.ChoiceField(label=_("Hvem signerer?"), widget=forms.RadioSelect)
    typed_name = forms.CharField(
        label=_("Skriv fullt navn"), max_length=FULL_NAME_MAX_LENGTH,
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
        label=_("Skriv fullt navn"), max_length=FULL_NAME_MAX_LENGTH,
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


STARTS_FORMAT = r"l j. F Y \k\l. H:i"
ENDS_FORMAT = r"l j. F \k\l. H:i"


def _entry_label(entry) -> str:
    """«fredag 5. mars 2027 kl. 17:00 – søndag 7. mars kl. 17:00», in Oslo time."""
    starts = dateformat.format(timezone.localtime(entry.starts_at), STARTS_FORMAT)
    return f"{starts} – {dateformat.format(timezone.localtime(entry.ends_at), ENDS_FORMAT)}"


class TimeSheetConfirmForm(forms.Form):
    """A home confirms a month: which of the dates it had the child, the kilometres driven, and who confirms."""

    held = forms.TypedMultipleChoiceField(
        label=_("Gjennomført"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Ta bort krysset ved en dato dere ikke hadde barnet."),
    )
    kilometres = forms.IntegerField(
        label=_("Kilometer kjørt i oppdraget denne måneden"), min_value=0, max_value=MAX_KILOMETRES,
        error_messages={
            "required": _("Oppgi kilometer (0 hvis dere ikke kjørte)."), "invalid": _("Oppgi kilometer som et helt tall."),
            "min_value": _("Kilometer kan ikke være under 0."), "max_value": _("Så mange kilometer kan ikke stemme. Ta kontakt med kommunen."),
        },
    )
    home_note = forms.CharField(label=_("Merknad til kommunen (valgfritt)"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}))
    confirmed_by_name = forms.CharField(
        label=_("Skriv fullt navn"), max_length=FULL_NAME_MAX_LENGTH, help_text=_("Den som bekrefter at timelisten stemmer."),
        error_messages={"required": _("Skriv fullt navn på den som bekrefter timelisten.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, time_sheet, **kwargs):
        entries = list(time_sheet.entries.all())
        kwargs.setdefault("initial", {"held": [e.pk for e in entries if e.held], "kilometres": time_sheet.kilometres,
                                      "home_note": time_sheet.home_note})
        super().__init__(*args, **kwargs)
        self.fields["held"].choices = [(e.pk, _entry_label(e)) for e in entries]
