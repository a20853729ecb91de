"""The steps of the volunteer application. Each step is a ModelForm over part of the draft."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import HouseholdMember, OtherAssignment, VolunteerApplication
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.selectors import recruited_home_types

from .forms import LONG_TEXT, SHORT_TEXT, StepForm, bound_text, phone_field, required_check, yes_no
from .validators import postcode_validator, validate_adult

#: The homes that take the child home (and so may be a couple); a støttekontakt applies alone.
HOSTING = (HomeType.VISITING, HomeType.RESPITE)


class HomeTypeForm(StepForm):
    """What the applicant wants to be. The questions under it apply to some of the choices only: `conditional` names
    them, step.html shows each one only while a choice that needs it is ticked (static/js/portal.js follows the ticks),
    and the server neither requires nor keeps an answer to a question that does not apply."""

    home_types = forms.MultipleChoiceField(
        label=_("Hva vil du bli?"),
        help_text=_("Du kan velge flere."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én type oppdrag.")},
    )
    applying_together = yes_no(
        _("Søker du sammen med ektefelle, samboer eller partner?"),
        help_text=_("En støttekontakt søker alene, men et besøkshjem eller avlastningshjem kan være et par."),
    )

    #: question -> the choices of `conditional_on` that ask it
    conditional = {"respite_home_mode": (HomeType.RESPITE,), "applying_together": HOSTING}
    conditional_on = "home_types"

    class Meta:
        model = VolunteerApplication
        fields = ["home_types", "respite_home_mode", "applying_together"]
        widgets = {"respite_home_mode": forms.RadioSelect}
        labels = {"respite_home_mode": _("Hvilken avlastning kan du gi?")}
        help_texts = {"respite_home_mode": _("Ved overnatting trenger barnet eget soverom.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(HomeType.choices)
        self.fields["home_types"].choices = [
            (ht, labels[ht]) for ht in recruited_home_types(municipality=self.application.municipality)
        ]
        self.fields["respite_home_mode"].choices = self.fields["respite_home_mode"].choices[1:]
        # Required only where they apply (clean), so that no question is required that the page does not show.
        self.fields["respite_home_mode"].required = False
        self.fields["applying_together"].required = False

    def questions(self):
        """Every field of the page, with the home types that ask it ("" for every type) and whether it shows now: by
        the ticks as far as they are known (submitted, else given in the link or saved in the draft)."""
        chosen = set(self[self.conditional_on].value() or [])
        for field in self:
            needs = self.conditional.get(field.name, ())
            yield {"field": field, "needs": " ".join(needs), "shown": not needs or bool(chosen & set(needs))}

    def clean(self):
        data = super().clean()
        types = data.get("home_types") or []
        if HomeType.RESPITE in types:
            if not data.get("respite_home_mode"):
                self.add_error("respite_home_mode", _("Velg om du kan gi avlastning med overnatting, på dagtid eller begge."))
        else:
            data["respite_home_mode"] = ""
        if set(HOSTING) & set(types):
            if data.get("applying_together") is None and "applying_together" not in self.errors:
                self.add_error("applying_together", _("Svar ja eller nei."))
        elif types:
            data["applying_together"] = False
        return data


class ApplicantForm(StepForm):
    phone = phone_field(_("Telefon"))
    partner_phone = phone_field(_("Partners telefon"))

    class Meta:
        model = VolunteerApplication
        fields = [
            "first_name", "last_name", "birth_date", "email", "phone",
            "address", "postcode", "post_town", "home_municipality",
            "partner_first_name", "partner_last_name", "partner_birth_date", "partner_email", "partner_phone",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
            "partner_birth_date": forms.DateInput(attrs={"type": "date"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric", "maxlength": 4}),
            "post_town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {
            "email": _("Vi sender kvittering og lenke til saken din hit."),
            "birth_date": _("Du må ha fylt 18 år."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = ["first_name", "last_name", "birth_date", "email", "phone", "address", "postcode", "post_town", "home_municipality"]
        if self.application.applying_together:
            required += ["partner_first_name", "partner_last_name", "partner_birth_date", "partner_email", "partner_phone"]
        else:
            self._clear("partner_first_name", "partner_last_name", "partner_birth_date", "partner_email", "partner_phone")
        for name in required:
            self.fields[name].required = True
        self.fields["postcode"].validators.append(postcode_validator)
        self.fields["email"].error_messages["invalid"] = _("Oppgi en gyldig e-postadresse, for eksempel navn@example.no.")
        for name in ("birth_date", "partner_birth_date"):
            if name in self.fields:
                self.fields[name].error_messages["invalid"] = _("Oppgi en gyldig dato.")
                self.fields[name].error_messages["required"] = _("Oppgi fødselsdato.")
        if not self.initial.get("home_municipality"):
            self.initial["home_municipality"] = self.application.municipality.name

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value:
            validate_adult(value)
        return value

    def clean_partner_birth_date(self):
        value = self.cleaned_data.get("partner_birth_date")
        if value:
            validate_adult(value, under_18=_("Partneren din må ha fylt 18 år."))
        return value

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").lower()


def or_list(words: list[str]) -> str:
    """«besøkshjem», «besøkshjem eller støttekontakt», «besøkshjem, avlastningshjem eller støttekontakt»."""
    if len(words) == 1:
        return words[0]
    return _("%(some)s eller %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["name", "birth_date", "relation"]
        # Radio buttons with none ticked: the applicant chooses the relation, nothing is chosen for them.
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}), "relation": forms.RadioSelect}
        labels = {"relation": _("Hva er personen for deg?")}
        help_texts = {"birth_date": _("Kommunen trenger datoen: den avgjør om personen må vise politiattest.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Skriv navnet på personen.")
        self.fields["birth_date"].error_messages["invalid"] = _("Oppgi en gyldig dato.")
        self.fields["birth_date"].error_messages["required"] = _("Oppgi fødselsdatoen til personen.")
        self.fields["relation"].choices = [c for c in self.fields["relation"].choices if c[0]]
        self.fields["relation"].error_messages["required"] = _("Velg hva personen er for deg.")

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."))
        if value.year < today.year - 110:
            raise forms.ValidationError(_("Oppgi en fødselsdato i %(year)s eller senere.") % {"year": today.year - 110})
        return value

    def save(self, commit=True):
        if "birth_date" in self.changed_data:  # the applicant gave the date: it is no longer an estimate
            self.instance.birth_date_estimated = False
        return super().save(commit=commit)


HouseholdFormSet = forms.inlineformset_factory(
    VolunteerApplication, HouseholdMember, form=HouseholdMemberForm, extra=1, can_delete=True, max_num=15
)


class HouseholdForm(StepForm):
    """The household step itself has no fields of its own; the members are in the formset."""

    class Meta:
        model = VolunteerApplication
        fields: list[str] = []


class HousingForm(StepForm):
    child_bedroom = yes_no(_("Kan barnet få eget soverom når det overnatter?"))
    pets = yes_no(_("Har dere dyr i hjemmet?"))
    smoking = yes_no(_("Røyker noen i hjemmet?"))

    class Meta:
        model = VolunteerApplication
        fields = ["housing_type", "housing_tenure", "rooms", "child_bedroom", "pets", "pets_details", "smoking", "distance_notes"]
        widgets = {"housing_type": forms.RadioSelect, "housing_tenure": forms.RadioSelect}
        labels = {"rooms": _("Antall rom (uten kjøkken og bad)"), "pets_details": _("Hvilke dyr?")}
        help_texts = {"distance_notes": _("For eksempel gangavstand til skole, buss og fritidsaktiviteter.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("housing_type", "housing_tenure", "rooms"):
            self.fields[name].required = True
        self.fields["housing_type"].choices = self.fields["housing_type"].choices[1:]
        self.fields["housing_tenure"].choices = self.fields["housing_tenure"].choices[1:]
        if not self.application.offers_overnight:
            self._clear("child_bedroom")
        bound_text(self.fields["distance_notes"], SHORT_TEXT, rows=3)

    def clean_rooms(self):
        rooms = self.cleaned_data["rooms"]
        if rooms is not None and not 1 <= rooms <= 30:
            raise forms.ValidationError(_("Oppgi et antall rom mellom 1 og 30."))
        return rooms

    def clean(self):
        data = super().clean()
        if data.get("pets") and not data.get("pets_details"):
            self.add_error("pets_details", _("Skriv hvilke dyr dere har."))
        if data.get("pets") is False:
            data["pets_details"] = ""
        return data


class HealthForm(StepForm):
    substance_use = yes_no(_("Har noen i husstanden problemer med rus, alkohol eller pengespill?"))
    major_crises = yes_no(
        _("Har dere hatt store livskriser de siste tre årene?"),
        help_text=_("For eksempel alvorlig sykdom, dødsfall, samlivsbrudd eller tap av arbeid."),
    )

    class Meta:
        model = VolunteerApplication
        fields = ["physical_health", "mental_health", "substance_use", "major_crises", "health_details"]
        widgets = {"physical_health": forms.RadioSelect, "mental_health": forms.RadioSelect}
        labels = {
            "physical_health": _("Hvordan er den fysiske helsen din (og partners)?"),
            "mental_health": _("Hvordan er den psykiske helsen din (og partners)?"),
            "health_details": _("Vil du utdype noe?"),
        }
        help_texts = {
            "health_details": _("Skriv bare det som er nødvendig for å vurdere om oppdraget passer for dere."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("physical_health", "mental_health"):
            self.fields[name].required = True
            self.fields[name].choices = self.fields[name].choices[1:]
        bound_text(self.fields["health_details"], LONG_TEXT)


class OtherAssignmentsForm(StepForm):
    other_assignments = forms.MultipleChoiceField(
        label=_("Har du andre oppdrag eller arbeid for kommunen?"),
        help_text=_("Kryss av for alt som gjelder. La stå tomt hvis du ikke har noen."),
        choices=OtherAssignment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = VolunteerApplication
        fields = ["other_assignments", "other_assignments_details"]
        labels = {"other_assignments_details": _("Utdyp gjerne (hvilket oppdrag, hvor mye)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text(self.fields["other_assignments_details"], SHORT_TEXT, rows=3)


class AboutForm(StepForm):
    class Meta:
        model = VolunteerApplication
        fields = ["interests", "personal_qualities", "disability_thoughts", "motivation"]
        labels = {
            "interests": _("Hvilke interesser og fritidsaktiviteter har dere?"),
            "personal_qualities": _("Hvilke personlige egenskaper vil du trekke fram?"),
            "disability_thoughts": _("Hvilke tanker har du om å være sammen med barn med funksjonsnedsettelse?"),
            "motivation": _("Hvorfor vil du bli besøkshjem, avlastningshjem eller støttekontakt?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Svar på spørsmålet.")
            bound_text(self.fields[name], LONG_TEXT)
        roles = [str(HomeType(t).label).lower() for t in self.application.home_types if t in HomeType.values]
        if roles:
            self.fields["motivation"].label = _("Hvorfor vil du bli %(roles)s?") % {"roles": or_list(roles)}


class PreferencesForm(StepForm):
    holidays = yes_no(_("Kan dere også ta imot i ferier?"))

    class Meta:
        model = VolunteerApplication
        fields = ["age_min", "age_max", "sibling_pair", "frequency_per_month", "hours_per_week", "availability", "holidays"]
        widgets = {"sibling_pair": forms.RadioSelect}
        labels = {
            "age_min": _("Barnets alder fra (år)"),
            "age_max": _("Barnets alder til (år)"),
            "sibling_pair": _("Kan dere ta imot et søskenpar?"),
            "frequency_per_month": _("Hvor mange helger eller døgn i måneden kan dere ta imot?"),
            "hours_per_week": _("Hvor mange timer i uken kan du være støttekontakt?"),
            "availability": _("Når passer det for dere?"),
        }
        help_texts = {
            "hours_per_week": _("En støttekontakt er vanligvis sammen med barnet om lag fire timer i uken."),
            "frequency_per_month": _("Det vanligste er én fast helg i måneden."),
            "availability": _("For eksempel hverdager etter kl. 16, helger, bestemte uker."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.application.municipality
        self.band = (municipality.child_age_min, municipality.child_age_max)
        for name in ("age_min", "age_max"):
            self.fields[name].required = True
            self.fields[name].widget.attrs.update({"min": self.band[0], "max": self.band[1]})
            self.fields[name].help_text = _("Kommunen har oppdrag for barn fra %(min)s til %(max)s år.") % {
                "min": self.band[0], "max": self.band[1],
            }
        if not self.initial.get("age_min") and self.initial.get("age_min") != 0:
            self.initial["age_min"] = self.band[0]
        if not self.initial.get("age_max"):
            self.initial["age_max"] = self.band[1]
        self.fields["sibling_pair"].choices = self.fields["sibling_pair"].choices[1:]
        self.fields["availability"].required = True
        bound_text(self.fields["availability"], SHORT_TEXT, rows=3)
        if self.application.hosts_children:
            self.fields["sibling_pair"].required = True
            self.fields["frequency_per_month"].required = True
        else:
            self._clear("sibling_pair", "frequency_per_month", "holidays")
        if HomeType.SUPPORT_CONTACT in self.application.home_types:
            self.fields["hours_per_week"].required = True
        else:
            self._clear("hours_per_week")

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        for name, value in (("age_min", low), ("age_max", high)):
            if value is not None and not self.band[0] <= value <= self.band[1]:
                self.add_error(name, _("Velg en alder mellom %(min)s og %(max)s år.") % {"min": self.band[0], "max": self.band[1]})
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("«Til»-alderen kan ikke være lavere enn «fra»-alderen."))
        freq = data.get("frequency_per_month")
        if freq is not None and not 1 <= freq <= 31:
            self.add_error("frequency_per_month", _("Oppgi et tall mellom 1 og 31."))
        hours = data.get("hours_per_week")
        if hours is not None and not 1 <= hours <= 40:
            self.add_error("hours_per_week", _("Oppgi et tall mellom 1 og 40."))
        return data


class PracticalForm(StepForm):
    has_driving_licence = yes_no(_("Har du førerkort for bil?"))
    has_car = yes_no(_("Har du bil du kan bruke?"))
    norwegian_written = required_check(
        _("Jeg behersker norsk skriftlig"), _("Du må beherske norsk skriftlig for å få oppdrag."),
    )
    norwegian_oral = required_check(
        _("Jeg behersker norsk muntlig"), _("Du må beherske norsk muntlig for å få oppdrag."),
    )
    commitment_one_year = required_check(
        _("Jeg kan binde meg for minst ett år"),
        _("Oppdraget krever at du kan binde deg for minst ett år."),
        help_text=_("Barna trenger stabile voksne, derfor ber kommunen om minst ett års varighet."),
    )

    class Meta:
        model = VolunteerApplication
        fields = ["has_driving_licence", "has_car", "norwegian_written", "norwegian_oral", "commitment_one_year"]


class ConsentForm(StepForm):
    consent_health = required_check(
        _("Jeg samtykker til at kommunen behandler helseopplysningene jeg har oppgitt"),
        _("Vi trenger samtykket ditt for å behandle helseopplysningene. Uten det kan vi ikke vurdere søknaden."),
        help_text=_(
            "Helseopplysninger er særlige kategorier av personopplysninger. Kommunen behandler dem bare med ditt "
            "uttrykkelige samtykke (personvernforordningen artikkel 9 nr. 2 bokstav a). Du kan trekke samtykket "
            "når som helst; da avsluttes vurderingen."
        ),
    )
    confirm_true = required_check(
        _("Jeg bekrefter at opplysningene i søknaden er riktige og fullstendige"),
        _("Du må bekrefte at opplysningene er riktige."),
    )
    privacy_read = required_check(
        _("Jeg har lest personvernerklæringen"),
        _("Du må bekrefte at du har lest personvernerklæringen."),
    )
    politiattest_acknowledged = required_check(
        _("Jeg er kjent med at jeg må legge fram politiattest før jeg kan få oppdrag"),
        _("Du må bekrefte at du er kjent med kravet om politiattest."),
        help_text=_("Kommunen sender deg en bekreftelse (formålsbekreftelse) som du bruker når du bestiller attesten."),
    )

    class Meta:
        model = VolunteerApplication
        fields = ["consent_health", "confirm_true", "privacy_read", "politiattest_acknowledged"]
