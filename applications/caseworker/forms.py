"""Forms of the caseworker's case page. Validation of the rules lives in the services; these parse input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import AttestOutcome, DecisionDelivery, MeetingKind, Outcome, ScopePeriod, WantedService
from besokshjem.accounts.models import User
from besokshjem.core.forms import nonce_field
from besokshjem.tenancy.choices import AttestType, HomeType
from placements.models import WEEKDAYS, ScheduleKind
from placements.units import Unit

#: The units a vedtak's scope is given in: weekends, døgn or hours.
SCOPE_UNITS = (Unit.WEEKEND, Unit.DAY, Unit.HOUR)

YES_NO_UNKNOWN = [("", "–"), ("True", _("Ja")), ("False", _("Nei"))]


def caseworkers_of(municipality, track: str | None = None):
    """The kommune's active caseworkers; with `track`, those of the unit that handles cases on that legal track."""
    in_unit = {"memberships__units__legal_track": track} if track is not None else {}
    # One filter(): the unit is one of this very membership's (a second filter() would join another membership).
    return (User.objects.filter(memberships__municipality=municipality, is_active=True, **in_unit)
            .distinct().order_by("full_name", "email"))


class MeetingScheduleForm(forms.Form):
    nonce = nonce_field()
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("Tidspunkt"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    duration_minutes = forms.IntegerField(label=_("Varighet (minutter)"), min_value=15, max_value=480, initial=60)
    place = forms.CharField(label=_("Sted"), required=False, max_length=200, help_text=_("Tomt ved hjemmebesøk: søkerens adresse."))
    is_video = forms.BooleanField(label=_("På video"), required=False)
    video_link = forms.URLField(label=_("Videolenke"), required=False, max_length=200, assume_scheme="https")
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=User.objects.none())

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers_of(municipality)


class MeetingHeldForm(forms.Form):
    """A meeting marked held: a summary; a home visit also what the caseworker saw of the home (an interview does not
    ask about the home)."""

    HOME_VISIT_FIELDS = ("bedroom_for_child", "safety_notes", "impression")

    meeting = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(label=_("Referat"), widget=forms.Textarea(attrs={"rows": 3}))
    bedroom_for_child = forms.TypedChoiceField(
        label=_("Eget soverom til barnet"), choices=YES_NO_UNKNOWN, required=False,
        coerce=lambda v: v == "True", empty_value=None,
    )
    safety_notes = forms.CharField(label=_("Sikkerhet i hjemmet"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    impression = forms.CharField(label=_("Helhetsinntrykk"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != MeetingKind.HOME_VISIT:
            for name in self.HOME_VISIT_FIELDS:
                del self.fields[name]


class PurposeConfirmationForm(forms.Form):
    """One formålsbekreftelse per person and role (home type): the choice is «person|home type»."""

    person_role = forms.ChoiceField(label=_("Person og oppdrag"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_role"].choices = [
            (f"{p.key}|{r.home_type}", f"{p.name} – {HomeType(r.home_type).label.lower()} ({AttestType(r.attest_type).label})")
            for p in people for r in p.roles
        ]

    def clean(self):
        data = super().clean()
        if data.get("person_role"):
            data["person_key"], data["home_type"] = data.pop("person_role").split("|", 1)
        return data


class PersonSelect(forms.Select):
    """The person an attest is for; each option says the attest type the person's role requires (data-attest-type),
    so that static/js/caseworker.js sets «Type attest» to it when another person is chosen."""

    def __init__(self, *args, attest_types: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.attest_types = attest_types

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.attest_types:
            option["attrs"]["data-attest-type"] = self.attest_types[str(value)]
        return option


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
        self.fields["person_key"].widget = PersonSelect(
            attest_types={p.key: p.required[0] for p in people if p.required}, choices=self.fields["person_key"].choices,
            attrs={"data-sets": "attest_type"},
        )
        if not keeps_copies:
            del self.fields["copy"]


class AttestAssessForm(forms.Form):
    certificate = forms.IntegerField(widget=forms.HiddenInput)
    acceptable = forms.TypedChoiceField(
        label=_("Er merknadene forenlige med oppdraget?"), coerce=lambda v: v == "True", widget=forms.RadioSelect,
        choices=[("True", _("Ja, forenlige med oppdraget")), ("False", _("Nei, ikke forenlige (hjemmet kan ikke godkjennes)"))],
    )
    assessment = forms.CharField(label=_("Vurdering"), widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Hva merknadene gjelder, og hvorfor de er eller ikke er forenlige med oppdraget."))


class MemberBirthDateForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    birth_date = forms.DateField(label=_("Fødselsdato"), widget=forms.DateInput(attrs={"type": "date"}))


class AgreementsForm(forms.Form):
    start_date = forms.DateField(label=_("Startdato"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Sluttdato (bare ved midlertidig avtale)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    temporary_reason = forms.CharField(label=_("Grunnlag for midlertidig ansettelse"), required=False, max_length=300,
                                       help_text=_("Arbeidsmiljøloven § 14-9. Bare for en midlertidig arbeidsavtale."))


class AgreementSignForm(forms.Form):
    agreement = forms.IntegerField(widget=forms.HiddenInput)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Søkeren leser begrunnelsen på statussiden. Den sendes ikke på e-post."))


class AssignForm(forms.Form):
    caseworker = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=User.objects.none())

    def __init__(self, *args, municipality, track: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers_of(municipality, track)


class InterimReplyForm(forms.Form):
    nonce = nonce_field()
    reason = forms.CharField(label=_("Grunn til at saken tar tid"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_decision_date = forms.DateField(label=_("Forventet dato for vedtak"), widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(forms.Form):
    """The draft of a vedtak. The legal basis and the appeal information follow from the track and the service (the
    national table of provisions); the caseworker writes what the law asks of the reasons."""

    outcome = forms.ChoiceField(label=_("Utfall"), choices=Outcome.choices)
    applied_for = forms.CharField(label=_("Dette er søkt om"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Hentet fra søknaden; rett det om søknaden er presisert senere."))
    service_type = forms.ChoiceField(label=_("Tjeneste"), choices=[("", "–"), *WantedService.choices], required=False)
    scope_amount = forms.IntegerField(label=_("Omfang (antall)"), required=False, min_value=1, max_value=744)
    scope_unit = forms.ChoiceField(label=_("Enhet"), choices=[("", "–"), *[(u, label) for u, label in Unit.choices if u in SCOPE_UNITS]],
                                   required=False)
    scope_period = forms.ChoiceField(label=_("Per"), choices=ScopePeriod.choices, initial=ScopePeriod.MONTH)
    period_from = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    criterion = forms.CharField(label=_("Vilkåret"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("For eksempel: «Kommunen skal tilby avlastning til den som har særlig tyngende omsorgsarbeid.»"))
    facts = forms.CharField(label=_("Faktiske forhold kommunen legger til grunn"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=_("Begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    best_interests = forms.CharField(label=_("Vurdering av barnets beste (Grunnloven § 104)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    child_views = forms.CharField(label=_("Barnets egne synspunkter"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    child_views_weight = forms.CharField(label=_("Hvordan barnets synspunkter er vektlagt"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    plan_answer = forms.CharField(label=_("Svar om individuell plan og koordinator"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Påkrevd når søkeren har bedt om individuell plan eller koordinator."))


class DecisionConfirmForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Hvordan vedtaket sendes"), choices=DecisionDelivery.choices, initial=DecisionDelivery.DIGITAL,
        help_text=_("Digitalt: søkeren får e-post om at vedtaket er fattet, og klagefristen regnes fra i dag. "
                    "Brev: registrer datoen brevet kom fram; klagefristen regnes fra den."),
    )


class PaperDeliveryForm(forms.Form):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    delivered_on = forms.DateField(label=_("Brevet kom fram"), widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Klagefristen regnes fra denne datoen."))


class LateAppealForm(forms.Form):
    appeal = forms.IntegerField(widget=forms.HiddenInput)
    consider = forms.TypedChoiceField(
        label=_("Skal klagen behandles?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Ja, klagen behandles selv om den kom for sent")),
                 ("no", _("Nei, klagen avvises fordi den kom for sent (søkeren kan klage på det)"))],
    )
    reasons = forms.CharField(
        label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Forvaltningsloven § 31: kan søkeren ikke lastes for at klagen kom for sent, eller er det særlige "
                    "grunner til at den bør prøves? Søkeren leser begrunnelsen på statussiden."),
    )


class AppealHandleForm(forms.Form):
    """The draft of the kommune's answer to an appeal; it is previewed and made on its own page."""

    appeal = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Kommunens vurdering"), widget=forms.RadioSelect, choices=[
        ("reverse", _("Omgjør vedtaket (helt eller delvis): saken åpnes for et nytt vedtak")),
        ("forward", _("Opprettholder vedtaket: klagen sendes til klageinstansen")),
    ])
    note = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Står i svaret til klageren og i oversendelsesbrevet."))


class AppealRegisterForm(forms.Form):
    """An appeal that came by post or was given orally: the caseworker registers it with the day it came in."""

    decision = forms.IntegerField(widget=forms.HiddenInput)
    lodged_by = forms.CharField(label=_("Hvem klager"), max_length=200)
    received_on = forms.DateField(label=_("Klagen kom inn"), widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Avgjør om klagen kom innen fristen."))
    text = forms.CharField(label=_("Hva klagen gjelder"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Med klagerens egne ord; skriv ned en muntlig klage."))
    attachment = forms.FileField(label=_("Klagen som fil (valgfritt)"), required=False,
                                 help_text=_("PDF, JPG eller PNG, høyst 10 MB."))


class MunicipalityChoiceForm(forms.Form):
    """Which of the caseworker's kommuner a new case belongs to (chosen for them when they have one)."""

    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=None, empty_label=None)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor er du inhabil?"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Forvaltningsloven § 6: for eksempel slektskap, nært vennskap eller andre forhold som svekker tilliten."),
    )


class LinkRevokeForm(forms.Form):
    """«Trekk tilbake lenken og send ny»: the version the page was shown with makes a second post of the same form a
    no-op (one click, one e-mail)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label=_("Jeg vil trekke tilbake lenkene til saken"),
        help_text=_("Alle lenker søkeren har fått (og kalenderlenken) slutter å virke med en gang. Søkeren får en ny lenke "
                    "på e-post til adressen i saken."),
        error_messages={"required": _("Kryss av for å bekrefte at lenkene skal trekkes tilbake.")},
    )


# --- Placements: from a need to a child in an approved home ----------------------------------------------------------


class NeedSummaryForm(forms.Form):
    needs_summary = forms.CharField(
        label=_("Kort om behovet"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Det hjemmet må vite for å ta imot barnet, med vanlige ord. Ingen diagnose."),
    )


class ProposeForm(forms.Form):
    home = forms.IntegerField(widget=forms.HiddenInput)


class ProposalWithdrawForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    withdraw_reason = forms.CharField(label=_("Hvorfor trekkes forslaget?"), max_length=300)


class FirstMeetingForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(label=_("Første møte"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    help_text=_("Barnet, foreldrene, hjemmet og saksbehandleren møtes før første opphold."))
    first_meeting_place = forms.CharField(label=_("Sted"), max_length=200)


class PlacementForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    start_date = forms.DateField(label=_("Startdato"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(label=_("Planlagt siste dag"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Tomt: til vedtakets periode slutter."))
    schedule_kind = forms.ChoiceField(label=_("Fast ordning"), choices=ScheduleKind.choices,
                                      help_text=_("En helg er fredag kl. 17 til søndag kl. 17. Første helg i måneden er helgen med "
                                                  "månedens første lørdag."))
    weekday = forms.TypedChoiceField(label=_("Ukedag"), required=False, coerce=int, empty_value=None, choices=[("", "–"), *WEEKDAYS],
                                     help_text=_("Bare for fast ukedag."))
    starts_at_time = forms.TimeField(label=_("Fra klokken"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at_time = forms.TimeField(label=_("Til klokken"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    skip_public_holidays = forms.BooleanField(label=_("Hopp over datoer som berører en helligdag"), required=False)
    shared_with_family = forms.CharField(
        label=_("Det foreldrene får vite om hjemmet"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bare det kommunen velger å dele, for eksempel bydel eller at det er dyr i huset. Står i meldingen til "
                    "foreldrene og på statussiden."),
    )


class CancelDateForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Datoen som avlyses (dagen oppholdet begynner)"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Årsak"), max_length=300, required=False)


class ExtraDateForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(label=_("Begynner"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Slutter"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Årsak"), max_length=300, required=False)


class EndPlacementForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Siste dag"), widget=forms.DateInput(attrs={"type": "date"}))
    end_reason = forms.CharField(label=_("Årsak til avslutning"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    follow_up = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Gjennomført"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Hva kom fram"), widget=forms.Textarea(attrs={"rows": 3}))
    child_views = forms.CharField(label=_("Barnets egne synspunkter"), widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Hva barnet selv sier om tiltaket, eller hvorfor barnet ikke er spurt."))


class HomeAvailabilityForm(forms.Form):
    """When an approved home can take a child."""

    weekends_of_month = forms.TypedMultipleChoiceField(
        label=_("Helger i måneden"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        choices=[(n, _("%(n)s. helg") % {"n": n}) for n in range(1, 6)],
        help_text=_("Helg 1 er helgen med månedens første lørdag."),
    )
    weekdays = forms.TypedMultipleChoiceField(label=_("Ukedager"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
                                              choices=WEEKDAYS, help_text=_("For støttekontakt og avlastning per time."))
    hours_from = forms.TimeField(label=_("Fra klokken"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    hours_to = forms.TimeField(label=_("Til klokken"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    holidays_available = forms.BooleanField(label=_("Kan ta imot i ferier"), required=False)


class HomeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect, choices=[
        ("active", _("Aktiv: kan få nye barn")), ("paused", _("Pause: får ingen nye barn nå")),
        ("ended", _("Avsluttet: hjemmet er ikke lenger godkjent (kan ikke angres)")),
    ])
    reason = forms.CharField(label=_("Årsak"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Påkrevd ved pause og avslutning."))


class SiblingsForm(forms.Form):
    """Siblings granted together are placed together: the caseworker picks the other children's needs."""

    siblings = forms.ModelMultipleChoiceField(
        label=_("Søsken som skal plasseres sammen med barnet"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("Bare søsken med innvilget vedtak om samme tjeneste, som ikke er foreslått eller plassert ennå."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["siblings"].queryset = candidates
        self.fields["siblings"].label_from_instance = lambda n: f"{n.decision.case.reference}: {n.decision.case.child_name}"
