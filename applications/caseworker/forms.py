"""Forms of the caseworker's case page. Validation of the rules lives in the services; these parse input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import AttestOutcome, MeetingKind, Outcome, WantedService
from besokshjem.accounts.models import User
from besokshjem.tenancy.choices import AttestType

YES_NO_UNKNOWN = [("", "–"), ("True", _("Ja")), ("False", _("Nei"))]


def caseworkers_of(municipality):
    return User.objects.filter(memberships__municipality=municipality, is_active=True).distinct().order_by("full_name", "email")


class MeetingScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("Tidspunkt"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    duration_minutes = forms.IntegerField(label=_("Varighet (minutter)"), min_value=15, max_value=480, initial=60)
    place = forms.CharField(label=_("Sted"), required=False, help_text=_("Tomt ved hjemmebesøk: søkerens adresse."))
    is_video = forms.BooleanField(label=_("På video"), required=False)
    video_link = forms.URLField(label=_("Videolenke"), required=False, assume_scheme="https")
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=User.objects.none())

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers_of(municipality)


class MeetingHeldForm(forms.Form):
    meeting = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(label=_("Referat"), widget=forms.Textarea(attrs={"rows": 3}))
    bedroom_for_child = forms.TypedChoiceField(
        label=_("Eget soverom til barnet"), choices=YES_NO_UNKNOWN, required=False,
        coerce=lambda v: v == "True", empty_value=None,
    )
    safety_notes = forms.CharField(label=_("Sikkerhet i hjemmet"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    impression = forms.CharField(label=_("Helhetsinntrykk"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PurposeConfirmationForm(forms.Form):
    person_key = forms.ChoiceField(label=_("Person"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_key"].choices = [(p.key, p.name) for p in people]


class AttestForm(forms.Form):
    person_key = forms.ChoiceField(label=_("Person"))
    attest_type = forms.ChoiceField(label=_("Type attest"), choices=AttestType.choices)
    issue_date = forms.DateField(label=_("Utstedt dato"), widget=forms.DateInput(attrs={"type": "date"}))
    shown_date = forms.DateField(label=_("Vist dato"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("Resultat"), choices=AttestOutcome.choices)
    note = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    copy = forms.FileField(label=_("Kopi (bare når kommunen tar kopi)"), required=False)

    def __init__(self, *args, people, keeps_copies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_key"].choices = [(p.key, p.name) for p in people]
        if not keeps_copies:
            del self.fields["copy"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Søkeren leser begrunnelsen på statussiden. Den sendes ikke på e-post."))


class AssignForm(forms.Form):
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=User.objects.none())

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers_of(municipality)


class InterimReplyForm(forms.Form):
    reason = forms.CharField(label=_("Grunn til at saken tar tid"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_decision_date = forms.DateField(label=_("Forventet dato for vedtak"), widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Utfall"), choices=Outcome.choices)
    service_type = forms.ChoiceField(label=_("Tjeneste"), choices=[("", "–"), *WantedService.choices], required=False)
    scope = forms.CharField(label=_("Omfang"), required=False, help_text=_("For eksempel «2 helger per måned»."))
    period_from = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reasons = forms.CharField(label=_("Begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    best_interests = forms.CharField(label=_("Vurdering av barnets beste (Grunnloven § 104)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    child_views = forms.CharField(label=_("Barnets egne synspunkter"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Hjemmel"), required=False,
                                  help_text=_("Tomt: kommunens standardhjemmel for tjenesten."))


class AppealHandleForm(forms.Form):
    appeal = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Kommunens vurdering"), choices=[
        ("reverse", _("Omgjør vedtaket")), ("forward", _("Opprettholder – send til Statsforvalteren")),
    ])
    note = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}))
