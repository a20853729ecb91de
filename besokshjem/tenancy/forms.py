"""Forms of a kommune administrator: adding a member by e-mail address (never by picking a user or a raw id)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Municipality, Role, Unit
from .selectors import user_by_email


class MemberAddForm(forms.Form):
    """A new person is invited; a person who already has a user is added only when the administrator ticks
    «Legg til en eksisterende bruker». The form says no more about an existing user than that one exists."""

    email = forms.EmailField(label=_("E-postadresse"), max_length=254)
    full_name = forms.CharField(
        label=_("Fullt navn"), max_length=200, required=False,
        help_text=_("Kreves for en ny bruker. Står under navnet i brev personen signerer."),
    )
    title = forms.CharField(
        label=_("Stillingstittel"), max_length=100, required=False, help_text=_("For eksempel «rådgiver» eller «fagleder»."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, initial=Role.CASEWORKER)
    units = forms.ModelMultipleChoiceField(
        label=_("Enheter"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Personen ser sakene til enhetene hen hører til: barnevernssaker bare for barneverntjenesten."),
    )
    may_decide = forms.BooleanField(
        label=_("Vedtaksfullmakt"), required=False,
        help_text=_("Kommunen har delegert myndighet til å fatte vedtak til denne personen (for sin enhet)."),
    )
    add_existing = forms.BooleanField(
        label=_("Legg til en eksisterende bruker"), required=False,
        help_text=_("Kryss av bare når e-postadressen tilhører en som allerede har en bruker, og du vil gi vedkommende "
                    "tilgang til kommunen. Det føres i revisjonsloggen."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["units"].queryset = Unit.objects.filter(municipality=municipality)
        #: The user the e-mail address belongs to, when one does and the administrator chose to add them.
        self.existing_user = None

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if not email:
            return cleaned
        user = user_by_email(email)
        if user is None:
            if not cleaned.get("full_name", "").strip():
                self.add_error("full_name", _("Skriv inn fullt navn på den nye brukeren."))
            return cleaned
        if Membership.objects.filter(user=user, municipality=self.municipality).exists():
            self.add_error("email", _("Personen er allerede medlem av kommunen."))
        elif user.is_superuser:
            self.add_error("email", _("Det finnes allerede en bruker med denne e-postadressen, og den kan ikke legges "
                                      "til av en kommuneadministrator."))
        elif not cleaned.get("add_existing"):
            self.add_error("add_existing", _("Det finnes allerede en bruker med denne e-postadressen. Kryss av for "
                                             "«Legg til en eksisterende bruker» hvis du vil gi vedkommende tilgang til "
                                             "kommunen."))
        else:
            self.existing_user = user
        return cleaned
