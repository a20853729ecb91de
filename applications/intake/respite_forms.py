"""The steps of a parent's application for avlastning."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import InfoSource, RespiteApplication, WantedService
from besokshjem.core.national_id import birth_date_of, validate_national_id

from .file_validators import MAX_FILES, validate_attachment
from .forms import StepForm, phone_field, required_check, yes_no
from .services import attachment_add
from .validators import postcode_validator


class ChildForm(StepForm):
    class Meta:
        model = RespiteApplication
        fields = ["child_first_name", "child_last_name", "child_birth_date", "child_national_id", "child_needs"]
        widgets = {
            "child_birth_date": forms.DateInput(attrs={"type": "date"}),
            "child_national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 11, "autocomplete": "off"}),
            "child_needs": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"child_national_id": _("Barnets fødselsnummer (valgfritt)")}
        help_texts = {
            "child_birth_date": _("Oppgi fødselsdato eller fødselsnummer."),
            "child_national_id": _("11 sifre. Gjør det lettere for kommunen å finne riktig barn."),
            "child_needs": _("Beskriv med dine egne ord hva barnet trenger hjelp til, og eventuell diagnose."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("child_first_name", "child_last_name", "child_needs"):
            self.fields[name].required = True

    def clean_child_national_id(self):
        value = "".join((self.cleaned_data.get("child_national_id") or "").split())
        return validate_national_id(value) if value else ""

    def clean(self):
        data = super().clean()
        number, born = data.get("child_national_id"), data.get("child_birth_date")
        if number and not self.has_error("child_national_id"):
            from_number = birth_date_of(number)
            if born and born != from_number:
                self.add_error("child_birth_date", _("Fødselsdatoen stemmer ikke med fødselsnummeret."))
            data["child_birth_date"] = born or from_number
        elif not born and not self.has_error("child_national_id") and not self.has_error("child_birth_date"):
            self.add_error("child_birth_date", _("Oppgi barnets fødselsdato eller fødselsnummer."))
        born = data.get("child_birth_date")
        if born and (born > timezone.localdate() or (timezone.localdate() - born).days > 366 * 19):
            self.add_error("child_birth_date", _("Barnet må være under 18 år, og fødselsdatoen kan ikke være i fremtiden."))
        return data


class GuardiansForm(StepForm):
    guardian_phone = phone_field(_("Telefon"))
    second_guardian_phone = phone_field(_("Telefon til foresatt 2"))
    guardian_has_parental_responsibility = yes_no(_("Har du foreldreansvar for barnet?"))
    second_guardian = yes_no(_("Er det en foresatt til som skal stå i søknaden?"))
    second_guardian_has_parental_responsibility = yes_no(_("Har foresatt 2 foreldreansvar?"))

    class Meta:
        model = RespiteApplication
        fields = [
            "guardian_name", "guardian_relation", "guardian_email", "guardian_phone", "guardian_address",
            "guardian_postcode", "guardian_post_town", "guardian_has_parental_responsibility",
            "second_guardian", "second_guardian_name", "second_guardian_email", "second_guardian_phone",
            "second_guardian_has_parental_responsibility",
        ]
        labels = {"guardian_name": _("Ditt fulle navn"), "guardian_relation": _("Din relasjon til barnet")}
        help_texts = {
            "guardian_email": _("Vi sender kvittering, foreløpig svar og beskjed om vedtak hit."),
            "guardian_relation": _("For eksempel mor, far eller verge."),
        }
        widgets = {
            "guardian_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "guardian_postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "autocomplete": "postal-code"}),
            "guardian_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "guardian_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("guardian_name", "guardian_relation", "guardian_email", "guardian_address", "guardian_postcode", "guardian_post_town"):
            self.fields[name].required = True
        self.fields["guardian_postcode"].validators.append(postcode_validator)
        self.fields["guardian_email"].error_messages["invalid"] = _("Oppgi en gyldig e-postadresse, for eksempel navn@example.no.")
        for name in ("second_guardian_name", "second_guardian_email", "second_guardian_phone", "second_guardian_has_parental_responsibility"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("second_guardian"):
            for name in ("second_guardian_name", "second_guardian_phone"):
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, _("Fyll ut for foresatt 2."))
            if data.get("second_guardian_has_parental_responsibility") is None and not self.has_error("second_guardian_has_parental_responsibility"):
                self.add_error("second_guardian_has_parental_responsibility", _("Svar ja eller nei."))
        else:
            data.update(second_guardian_name="", second_guardian_email="", second_guardian_phone="",
                        second_guardian_has_parental_responsibility=None)
        return data

    def clean_second_guardian_has_parental_responsibility(self):
        value = self.data.get(self.add_prefix("second_guardian_has_parental_responsibility"))
        return None if value in (None, "") else value == "True"


class CareBurdenForm(StepForm):
    physically_demanding = yes_no(_("Er omsorgsarbeidet særlig fysisk belastende?"), help_text=_("For eksempel løft, stell eller mye tilsyn."))
    psychologically_demanding = yes_no(_("Er omsorgsarbeidet særlig psykisk belastende?"), help_text=_("For eksempel uro, utagering eller konstant beredskap."))
    night_care = yes_no(_("Må dere hjelpe barnet om natten, eller blir søvnen ofte avbrutt?"))

    class Meta:
        model = RespiteApplication
        fields = [
            "care_hours_per_month", "physically_demanding", "physically_demanding_details", "psychologically_demanding",
            "psychologically_demanding_details", "night_care", "night_care_details",
        ]
        labels = {
            "care_hours_per_month": _("Hvor mange timer i måneden bruker dere på omsorg ut over det som er vanlig for barnets alder?"),
            "physically_demanding_details": _("Fortell mer (fysisk)"),
            "psychologically_demanding_details": _("Fortell mer (psykisk)"),
            "night_care_details": _("Fortell mer (natt)"),
        }
        help_texts = {"care_hours_per_month": _("Et anslag holder.")}
        widgets = {n: forms.Textarea(attrs={"rows": 3}) for n in ("physically_demanding_details", "psychologically_demanding_details", "night_care_details")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["care_hours_per_month"].required = True

    def clean(self):
        data = super().clean()
        hours = data.get("care_hours_per_month")
        if hours is not None and hours > 744:
            self.add_error("care_hours_per_month", _("En måned har høyst 744 timer."))
        for flag in ("physically_demanding", "psychologically_demanding", "night_care"):
            if data.get(flag) and not (data.get(f"{flag}_details") or "").strip():
                self.add_error(f"{flag}_details", _("Fortell litt mer, så kommunen kan vurdere behovet."))
        return data


class ServicesForm(StepForm):
    services_wanted = forms.MultipleChoiceField(
        label=_("Hva søker dere om?"), choices=WantedService.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Du kan velge flere."), error_messages={"required": _("Velg minst én tjeneste.")},
    )

    class Meta:
        model = RespiteApplication
        fields = ["services_received", "services_wanted", "weekends_per_month", "hours_per_month", "home_wishes"]
        labels = {
            "services_received": _("Hvilke tjenester får dere i dag?"),
            "weekends_per_month": _("Hvor mange helger (eller døgn) i måneden ønsker dere?"),
            "hours_per_month": _("Hvor mange timer i måneden ønsker dere?"),
            "home_wishes": _("Ønsker for hjemmet eller tilbudet (valgfritt)"),
        }
        help_texts = {
            "services_received": _("For eksempel BPA, støttekontakt, omsorgsstønad eller avlastning. Skriv «ingen» hvis dere ikke har noe."),
            "weekends_per_month": _("Gjelder besøkshjem, avlastningshjem og avlastningsbolig."),
            "hours_per_month": _("Gjelder avlastning per time og støttekontakt."),
        }
        widgets = {"services_received": forms.Textarea(attrs={"rows": 3}), "home_wishes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services_received"].required = True

    def clean(self):
        data = super().clean()
        wanted = set(data.get("services_wanted") or [])
        if wanted & {WantedService.VISITING, WantedService.RESPITE_HOME, WantedService.INSTITUTION} and not data.get("weekends_per_month"):
            self.add_error("weekends_per_month", _("Oppgi hvor mange helger eller døgn i måneden dere ønsker."))
        if wanted & {WantedService.HOURLY, WantedService.SUPPORT_CONTACT} and not data.get("hours_per_month"):
            self.add_error("hours_per_month", _("Oppgi hvor mange timer i måneden dere ønsker."))
        for name, top in (("weekends_per_month", 31), ("hours_per_month", 744)):
            if data.get(name) is not None and not 1 <= data[name] <= top:
                self.add_error(name, _("Oppgi et tall mellom 1 og %(top)s.") % {"top": top})
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AttachmentsForm(StepForm):
    """Optional documents, e.g. a doctor's statement. Checked by content: PDF, JPEG, PNG; ≤ 10 MB; ≤ 5 files."""

    files = MultipleFileField(
        label=_("Legg ved dokumenter (valgfritt)"), required=False,
        help_text=_("For eksempel en uttalelse fra lege. PDF, JPEG eller PNG, høyst 10 MB per fil og 5 filer i alt."),
    )

    class Meta:
        model = RespiteApplication
        fields: list[str] = []

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        already = self.application.attachments.count() if self.application.pk else 0
        if already + len(files) > MAX_FILES:
            raise forms.ValidationError(_("Du kan legge ved høyst %(max)s filer."), params={"max": MAX_FILES})
        errors, checked = [], []
        for upload in files:
            try:
                checked.append((upload, validate_attachment(upload)))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def save_extra(self, application):
        for upload, content_type in self.cleaned_data.get("files") or []:
            attachment_add(application=application, upload=upload, content_type=content_type)


class PlanAndConsentForm(StepForm):
    individual_plan_wanted = yes_no(
        _("Ønsker dere individuell plan for barnet?"),
        help_text=_("En plan for barn med behov for langvarige og koordinerte tjenester (helse- og omsorgstjenesteloven § 7-1)."),
    )
    coordinator_wanted = yes_no(_("Ønsker dere en koordinator?"), help_text=_("En fast kontaktperson i kommunen (§ 7-2)."))
    consent_obtain_info = yes_no(
        _("Samtykker dere til at kommunen henter opplysninger fra andre?"),
        help_text=_(
            "Dette er frivillig og bygger på samtykke. Uten samtykke kan kommunen be dere om å skaffe opplysningene selv. "
            "Dere kan trekke samtykket når som helst."
        ),
    )
    consent_sources = forms.MultipleChoiceField(
        label=_("Fra hvem kan kommunen hente opplysninger?"), choices=InfoSource.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    confirm_true = required_check(
        _("Jeg bekrefter at opplysningene er riktige"), _("Du må bekrefte at opplysningene er riktige."),
    )

    class Meta:
        model = RespiteApplication
        fields = ["individual_plan_wanted", "coordinator_wanted", "consent_obtain_info", "consent_sources", "confirm_true"]

    def clean(self):
        data = super().clean()
        if data.get("consent_obtain_info") and not data.get("consent_sources"):
            self.add_error("consent_sources", _("Velg hvem kommunen kan hente opplysninger fra."))
        if data.get("consent_obtain_info") is False:
            data["consent_sources"] = []
        return data
