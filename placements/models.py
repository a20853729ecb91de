"""Approved homes and their agreements; needs from granted decisions, proposals and placements with their schedules.

Follow-ups, time sheets and the waiting list's pages come later, on top of these."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from besokshjem.core.names import FULL_NAME_MAX_LENGTH, TWO_NAMES_MAX_LENGTH
from besokshjem.tenancy.choices import AgreementKind, HomeType, LegalTrack
from besokshjem.tenancy.models import Municipality

from .units import Unit, quantity


class PlacementAction(models.TextChoices):
    """Audit actions on agreements and approved homes."""

    AGREEMENT_GENERATED = "agreement_generated", _("Avtale laget")
    AGREEMENT_SIGNED_BY_APPLICANT = "agreement_signed_by_applicant", _("Avtale signert av søker")
    AGREEMENT_SIGNED_BY_MUNICIPALITY = "agreement_signed_by_municipality", _("Avtale signert av kommunen")
    HOME_STATUS_CHANGED = "home_status_changed", _("Hjemmets status endret")
    HOME_AVAILABILITY_CHANGED = "home_availability_changed", _("Hjemmets tilgjengelighet endret")
    HOME_DETAILS_CHANGED = "home_details_changed", _("Hjemmets opplysninger endret")
    NEED_CREATED = "need_created", _("Behov registrert fra vedtak")
    NEED_DESCRIBED = "need_described", _("Beskrivelsen av behovet endret")
    SIBLINGS_GROUPED = "siblings_grouped", _("Søsken skal plasseres sammen")
    PROPOSAL_MADE = "proposal_made", _("Hjem foreslått")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Hjemmet takket ja")
    PROPOSAL_DECLINED = "proposal_declined", _("Hjemmet takket nei")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("Forslaget trukket tilbake")
    FIRST_MEETING_SCHEDULED = "first_meeting_scheduled", _("Første møte avtalt")
    PLACEMENT_CREATED = "placement_created", _("Tiltak opprettet")
    PLACEMENT_DATE_CANCELLED = "placement_date_cancelled", _("Dato avlyst")
    PLACEMENT_DATE_ADDED = "placement_date_added", _("Ekstra dato lagt til")
    PLACEMENT_STARTED = "placement_started", _("Tiltaket er i gang")
    PLACEMENT_ENDED = "placement_ended", _("Tiltaket avsluttet")
    FOLLOW_UP_RECORDED = "follow_up_recorded", _("Oppfølging registrert")
    FEED_REVOKED = "calendar_feed_revoked", _("Kalenderlenke trukket tilbake")
    TIME_SHEET_CONFIRMED = "time_sheet_confirmed", _("Timeliste bekreftet av hjemmet")
    TIME_SHEET_APPROVED = "time_sheet_approved", _("Timeliste godkjent")
    TIME_SHEET_REOPENED = "time_sheet_reopened", _("Godkjent timeliste åpnet igjen")


class TariffMinimum(models.Model):
    """The minimum pay and expenses of KS' særavtale SGS 1030 Avlastere for one legal track from a date.

    National, not per kommune: superusers enter each new agreement's figures. A kommune's rates for an arbeidsavtale
    may be higher, never lower.
    """

    legal_track = models.CharField(_("lovgrunnlag"), max_length=20, choices=LegalTrack.choices)
    valid_from = models.DateField(_("gjelder fra"))
    hourly_pay_ore = models.PositiveIntegerField(_("minste timelønn (øre)"))
    expenses_0_10_ore = models.PositiveIntegerField(_("utgiftsdekning per døgn, barn 0–10 år (øre)"))
    expenses_over_10_ore = models.PositiveIntegerField(_("utgiftsdekning per døgn, barn over 10 år (øre)"))
    source = models.CharField(_("kilde"), max_length=300, help_text=_("Hvor satsene er hentet fra, for eksempel KS' nettside."))

    class Meta:
        verbose_name = _("minstesats i SGS 1030")
        verbose_name_plural = _("minstesatser i SGS 1030")
        ordering = ["legal_track", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["legal_track", "valid_from"], name="tariff_minimum_unique")]

    def __str__(self):
        return f"SGS 1030 – {self.get_legal_track_display()} fra {self.valid_from}"

    @classmethod
    def in_force(cls, *, legal_track: str, on) -> "TariffMinimum | None":
        return cls.objects.filter(legal_track=legal_track, valid_from__lte=on).order_by("-valid_from").first()


class RateTable(models.Model):
    """A kommune's rates for one kind of agreement on one legal track from a date: øre as integers, never float.

    Arbeidsavtale (avlastere, KS særavtale SGS 1030): hourly pay and expenses per døgn by the child's age (0–10, over
    10), at least the særavtale's minimum for the legal track. Oppdragsavtale: a fee per døgn for a home, or per hour for
    a støttekontakt, expenses per døgn for a home; km allowance for both.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="rate_tables", verbose_name=_("kommune"))
    agreement_kind = models.CharField(_("avtaletype"), max_length=20, choices=AgreementKind.choices)
    legal_track = models.CharField(_("lovgrunnlag"), max_length=20, choices=LegalTrack.choices)
    valid_from = models.DateField(_("gjelder fra"))
    hourly_pay_ore = models.PositiveIntegerField(
        _("timelønn eller timesats (øre)"), null=True, blank=True,
        help_text=_("Arbeidsavtale: timelønn. Oppdragsavtale: godtgjøring per time for støttekontakt."),
    )
    fee_per_day_ore = models.PositiveIntegerField(
        _("godtgjøring per døgn (øre)"), null=True, blank=True, help_text=_("Oppdragsavtale for besøkshjem og avlastningshjem."),
    )
    expenses_0_10_ore = models.PositiveIntegerField(_("utgiftsdekning per døgn, barn 0–10 år (øre)"), null=True, blank=True)
    expenses_over_10_ore = models.PositiveIntegerField(_("utgiftsdekning per døgn, barn over 10 år (øre)"), null=True, blank=True)
    km_rate_ore = models.PositiveIntegerField(_("kilometergodtgjøring (øre per km)"))
    source = models.CharField(_("kilde"), max_length=200, blank=True, help_text=_("For eksempel «KS SGS 1030, 2026»."))

    class Meta:
        verbose_name = _("satser")
        verbose_name_plural = _("satser")
        ordering = ["municipality", "agreement_kind", "legal_track", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "agreement_kind", "legal_track", "valid_from"], name="rate_table_unique"),
            models.CheckConstraint(
                condition=~models.Q(agreement_kind="employment")
                | models.Q(hourly_pay_ore__isnull=False, expenses_0_10_ore__isnull=False, expenses_over_10_ore__isnull=False),
                name="rate_table_employment_has_pay_and_expenses",
            ),
            models.CheckConstraint(
                condition=~models.Q(agreement_kind="assignment") | models.Q(fee_per_day_ore__isnull=False) | models.Q(hourly_pay_ore__isnull=False),
                name="rate_table_assignment_has_a_fee",
            ),
        ]

    def __str__(self):
        return gettext("%(municipality)s – %(kind)s (%(track)s) fra %(date)s") % {
            "municipality": self.municipality, "kind": self.get_agreement_kind_display(), "track": self.get_legal_track_display(),
            "date": date_format(self.valid_from, "DATE_FORMAT")}

    def clean(self):
        """An arbeidsavtale pays at least SGS 1030's minimum for the legal track on the day the rates apply from."""
        if self.agreement_kind != AgreementKind.EMPLOYMENT or not (self.legal_track and self.valid_from):
            return
        minimum = TariffMinimum.in_force(legal_track=self.legal_track, on=self.valid_from)
        if minimum is None:
            return
        errors = {}
        for name in ("hourly_pay_ore", "expenses_0_10_ore", "expenses_over_10_ore"):
            value, floor = getattr(self, name), getattr(minimum, name)
            if value is not None and value < floor:
                errors[name] = _("Lavere enn minstesatsen i SGS 1030 (%(floor)s øre fra %(date)s).") % {
                    "floor": floor, "date": minimum.valid_from.strftime("%d.%m.%Y"),
                }
        if errors:
            raise ValidationError(errors)


class PensionScheme(models.TextChoices):
    KLP = "klp", _("KLP (Kommunal Landspensjonskasse)")
    SPK = "spk", _("Statens pensjonskasse (SPK)")
    OWN_FUND = "own_fund", _("Kommunens egen pensjonskasse")
    OTHER = "other", _("Annen ordning")


class EmploymentTerms(models.Model):
    """What a kommune's arbeidsavtaler with avlastere say besides the rates (arbeidsmiljøloven § 14-6).

    A kommune without a row gets the defaults (see `placements.selectors.employment_terms_for`).
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="employment_terms", verbose_name=_("kommune")
    )
    pension_scheme = models.CharField(_("pensjonsordning"), max_length=20, choices=PensionScheme.choices, default=PensionScheme.KLP)
    pension_scheme_name = models.CharField(
        _("navn på pensjonsordningen"), max_length=200, blank=True,
        help_text=_("Bare for egen pensjonskasse eller annen ordning, for eksempel «Bergen kommunale pensjonskasse»."),
    )
    pay_day = models.PositiveSmallIntegerField(
        _("lønnsdag"), default=12, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Dagen i måneden lønnen utbetales, for arbeid i måneden før."),
    )
    holiday_pay_percent = models.DecimalField(
        _("feriepenger (prosent)"), max_digits=4, decimal_places=1, default=Decimal("12.0"),
        validators=[MinValueValidator(Decimal("10.2"))],
        help_text=_("Ferieloven: 10,2 %. Med fem ukers ferie etter tariffavtale: 12 %."),
    )
    notice_months = models.PositiveSmallIntegerField(
        _("oppsigelsesfrist (måneder)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Arbeidsmiljøloven § 15-3: minst én måned."),
    )
    trial_months = models.PositiveSmallIntegerField(
        _("prøvetid (måneder)"), default=0, validators=[MaxValueValidator(6)],
        help_text=_("0: ingen prøvetid. Arbeidsmiljøloven § 15-6: høyst seks måneder."),
    )

    class Meta:
        verbose_name = _("vilkår i arbeidsavtaler")
        verbose_name_plural = _("vilkår i arbeidsavtaler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pension_scheme__in=["klp", "spk"]) | ~models.Q(pension_scheme_name=""),
                name="employment_terms_other_pension_is_named",
            ),
        ]

    def __str__(self):
        return str(self.municipality)

    @property
    def pension_display(self) -> str:
        return self.pension_scheme_name or str(self.get_pension_scheme_display())


class Agreement(models.Model):
    """The arbeidsavtale or oppdragsavtale for one role (home type), made from the kommune's settings and rates.

    An arbeidsavtale is personal: one per employee (`person_key`). An oppdragsavtale may name a couple; every person
    it names signs (AgreementParty), and the kommune signs.
    """

    application = models.ForeignKey(
        "applications.VolunteerApplication", on_delete=models.PROTECT, related_name="agreements", verbose_name=_("søknad")
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune"))
    kind = models.CharField(_("avtaletype"), max_length=20, choices=AgreementKind.choices)
    home_type = models.CharField(_("type oppdrag"), max_length=20, choices=HomeType.choices)
    legal_track = models.CharField(_("lovgrunnlag"), max_length=20, choices=LegalTrack.choices)
    person_key = models.CharField(
        _("arbeidstaker"), max_length=40, blank=True,
        help_text=_("Arbeidsavtale: hvem av søkerne den gjelder («applicant» eller «partner»). Tomt for oppdragsavtale."),
    )
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("sluttdato"), null=True, blank=True, help_text=_("Tomt: avtalen gjelder til den sies opp."))
    temporary_reason = models.CharField(
        _("grunnlag for midlertidig ansettelse"), max_length=300, blank=True,
        help_text=_("Arbeidsmiljøloven § 14-9, for en midlertidig arbeidsavtale."),
    )
    frequency = models.CharField(_("forventet omfang"), max_length=200)
    rates = models.JSONField(_("satser (øre)"), help_text=_("Satsene slik de var da avtalen ble laget."))
    rates_valid_from = models.DateField(_("satser gjelder fra"))
    terms = models.JSONField(_("vilkår"), default=dict, blank=True, help_text=_("Kommunens vilkår slik de var da avtalen ble laget."))
    body = models.TextField(_("avtaletekst"))
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laget av"))
    applicant_signed_at = models.DateTimeField(
        _("signert av søkerne"), null=True, blank=True, help_text=_("Da den siste av søkerne som er part i avtalen, signerte."),
    )
    caseworker_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signert for kommunen av"),
    )
    caseworker_signed_at = models.DateTimeField(_("signert av kommunen"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("erstattet"), null=True, blank=True)

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "home_type", "person_key"], condition=models.Q(superseded_at__isnull=True),
                name="agreement_one_current_per_role_and_person",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="assignment", person_key="") | (models.Q(kind="employment") & ~models.Q(person_key="")),
                name="agreement_employment_is_personal",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(kind="assignment") | ~models.Q(temporary_reason=""),
                name="agreement_temporary_employment_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(caseworker_signed_at__isnull=True) | models.Q(caseworker_signed_by__isnull=False),
                name="agreement_caseworker_signature_has_signer",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_home_type_display()}) – {self.application}"

    @property
    def fully_signed(self) -> bool:
        return bool(self.applicant_signed_at and self.caseworker_signed_at)


class AgreementParty(models.Model):
    """A person an agreement names on the volunteer's side, and their signature (the name typed, and when)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("avtale"))
    person_key = models.CharField(_("person"), max_length=40)
    name = models.CharField(_("navn"), max_length=FULL_NAME_MAX_LENGTH)
    signed_name = models.CharField(_("signatur (navn skrevet inn)"), max_length=FULL_NAME_MAX_LENGTH, blank=True)
    signed_at = models.DateTimeField(_("signert"), null=True, blank=True)

    class Meta:
        verbose_name = _("part i avtale")
        verbose_name_plural = _("parter i avtale")
        ordering = ["agreement", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person_key"], name="agreement_party_unique"),
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True) | ~models.Q(signed_name=""), name="agreement_party_signature_has_name"
            ),
        ]

    def __str__(self):
        return self.name


def _distinct_ints(values, low: int, high: int) -> bool:
    return (isinstance(values, list) and len(set(values)) == len(values)
            and all(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in values))


class HomeStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    PAUSED = "paused", _("Pause")
    ENDED = "ended", _("Avsluttet")


class ApprovedHome(models.Model):
    """A home the kommune has approved: it can be matched with a child."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="approved_homes", verbose_name=_("kommune"))
    application = models.OneToOneField(
        "applications.VolunteerApplication", on_delete=models.PROTECT, related_name="approved_home", verbose_name=_("søknad")
    )
    name = models.CharField(_("navn"), max_length=TWO_NAMES_MAX_LENGTH)
    home_types = models.JSONField(_("typer oppdrag"), default=list)
    capacity = models.PositiveSmallIntegerField(_("antall barn om gangen"), default=1)
    age_min = models.PositiveSmallIntegerField(_("alder fra"))
    age_max = models.PositiveSmallIntegerField(_("alder til"))
    sibling_pair = models.BooleanField(_("kan ta søskenpar"), default=False)
    frequency = models.CharField(_("omfang"), max_length=200, blank=True)
    area = models.CharField(_("område"), max_length=100, blank=True, help_text=_("Poststed eller bydel, for matching."))
    weekends_of_month = models.JSONField(
        _("helger i måneden"), default=list, blank=True,
        help_text=_("Hvilke helger i måneden hjemmet kan ta imot barn, som tall fra 1 til 5: helg 1 er helgen med "
                    "månedens første lørdag."),
    )
    weekdays = models.JSONField(
        _("ukedager"), default=list, blank=True,
        help_text=_("Dager hjemmet eller støttekontakten kan på dagtid, som tall fra 0 (mandag) til 6 (søndag)."),
    )
    hours_from = models.TimeField(_("fra klokken"), null=True, blank=True, help_text=_("På ukedagene over."))
    hours_to = models.TimeField(_("til klokken"), null=True, blank=True)
    holidays_available = models.BooleanField(_("kan ta imot i ferier"), default=False)
    has_car = models.BooleanField(_("disponerer bil"), default=False)
    has_pets = models.BooleanField(_("dyr i hjemmet"), default=False)
    own_bedroom = models.BooleanField(_("eget soverom til barnet"), default=False, help_text=_("Trengs når barnet overnatter."))
    status = models.CharField(_("status"), max_length=20, choices=HomeStatus.choices, default=HomeStatus.ACTIVE)
    status_reason = models.TextField(_("årsak til status"), blank=True)
    ended_at = models.DateTimeField(
        _("avsluttet"), null=True, blank=True, editable=False,
        help_text=_("Da hjemmet ble avsluttet. Lenken til hjemmets statusside virker en fast tid etter dette."),
    )
    approved_at = models.DateTimeField(_("godkjent"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("godkjent av"))

    class Meta:
        verbose_name = _("godkjent hjem")
        verbose_name_plural = _("godkjente hjem")
        ordering = ["-approved_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(age_min__lte=models.F("age_max")), name="approved_home_age_band_ordered"),
            models.CheckConstraint(
                condition=models.Q(status="active") | ~models.Q(status_reason=""), name="approved_home_pause_or_end_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_from__isnull=True, hours_to__isnull=True)
                | models.Q(hours_from__isnull=False, hours_to__isnull=False, hours_from__lt=models.F("hours_to")),
                name="approved_home_hours_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not _distinct_ints(self.weekends_of_month, 1, 5):
            errors["weekends_of_month"] = ValidationError(_("Oppgi helgene som ulike tall fra 1 til 5."), code="invalid")
        if not _distinct_ints(self.weekdays, 0, 6):
            errors["weekdays"] = ValidationError(_("Oppgi ukedagene som ulike tall fra 0 (mandag) til 6 (søndag)."), code="invalid")
        if (self.hours_from is None) != (self.hours_to is None) or (self.hours_from is not None and self.hours_from >= self.hours_to):
            errors["hours_to"] = ValidationError(_("Oppgi både fra og til klokken, og til etter fra."), code="invalid")
        if errors:
            raise ValidationError(errors)

    @property
    def weekly_minutes(self) -> int:
        """Minutes a week the home offers on its weekdays (støttekontakt, avlastning by the hour)."""
        if self.hours_from is None or self.hours_to is None:
            return 0
        day = (self.hours_to.hour * 60 + self.hours_to.minute) - (self.hours_from.hour * 60 + self.hours_from.minute)
        return day * len(self.weekdays)

    def get_home_types_display(self) -> str:
        labels = dict(HomeType.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.home_types)


# --- Needs, proposals and placements ---------------------------------------------------------------------------------


class ServiceType(models.TextChoices):
    """The services a parent applies for and a vedtak grants, and a need copies (applications uses these choices as
    `WantedService`: one list, defined here because placements never imports applications)."""

    VISITING = "visiting", _("Besøkshjem")
    RESPITE_HOME = "respite_home", _("Avlastningshjem")
    HOURLY = "hourly", _("Miljøterapeutisk avlastning per time")
    SUPPORT_CONTACT = "support_contact", _("Støttekontakt")
    INSTITUTION = "institution", _("Avlastningsbolig eller institusjon")


#: The kind of approved home that gives each service. An institution is no approved home: nothing is suggested for it.
HOME_TYPE_FOR_SERVICE = {
    ServiceType.VISITING: HomeType.VISITING,
    ServiceType.RESPITE_HOME: HomeType.RESPITE,
    ServiceType.HOURLY: HomeType.RESPITE,
    ServiceType.SUPPORT_CONTACT: HomeType.SUPPORT_CONTACT,
}


class ScopePeriod(models.TextChoices):
    MONTH = "month", _("per måned")
    WEEK = "week", _("per uke")


class Need(models.Model):
    """What a child needs, from a granted vedtak on either track: the service, its scope and period, and what matching
    must know of the child (the birth date for the age band, the area). One need per decision.

    Siblings granted together share a `sibling_group` and are placed together, in one placement that counts as as
    many children as the group has.
    """

    decision = models.OneToOneField(
        "applications.Decision", on_delete=models.PROTECT, related_name="need", verbose_name=_("vedtak")
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="needs", verbose_name=_("kommune"))
    service_type = models.CharField(_("tjeneste"), max_length=20, choices=ServiceType.choices)
    scope_amount = models.PositiveSmallIntegerField(_("omfang (antall)"))
    scope_unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices)
    scope_period = models.CharField(_("per"), max_length=10, choices=ScopePeriod.choices, default=ScopePeriod.MONTH)
    period_from = models.DateField(_("fra dato"))
    period_to = models.DateField(_("til dato"), null=True, blank=True)
    track = models.CharField(_("lovgrunnlag"), max_length=20, choices=LegalTrack.choices)
    child_birth_date = models.DateField(_("barnets fødselsdato"), help_text=_("For hjemmenes aldersgrenser."))
    area = models.CharField(_("område"), max_length=100, blank=True, help_text=_("Poststed eller bydel, for matching."))
    needs_summary = models.CharField(
        _("kort om behovet"), max_length=300, blank=True,
        help_text=_("Det hjemmet må vite for å ta imot barnet, med vanlige ord. Ingen diagnose."),
    )
    sibling_group = models.UUIDField(
        _("søskengruppe"), null=True, blank=True, db_index=True, help_text=_("Søsken som er innvilget sammen, plasseres sammen."),
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av"))

    class Meta:
        verbose_name = _("behov")
        verbose_name_plural = _("behov")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(scope_amount__gte=1), name="need_scope_positive"),
            models.CheckConstraint(
                condition=models.Q(period_to__isnull=True) | models.Q(period_to__gte=models.F("period_from")), name="need_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.get_service_type_display()}, {self.scope_display}"

    @property
    def legal_track(self) -> str:
        """The law the need is under: the unit for it handles it and signs its e-mails (besokshjem.core.emails)."""
        return self.track

    @property
    def scope_display(self) -> str:
        """«2 helger per måned», «4 timer per uke»."""
        return f"{quantity(self.scope_amount, self.scope_unit)} {ScopePeriod(self.scope_period).label}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Foreslått")
    ACCEPTED = "accepted", _("Takket ja")
    DECLINED = "declined", _("Takket nei")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")


OPEN_PROPOSAL = [ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED]


class Proposal(models.Model):
    """A home proposed for a need (for a sibling group: for all of them). The home answers yes, or no with a reason;
    the caseworker can withdraw it. After a yes, the first meeting of the family and the home is set up."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("behov"))
    home = models.ForeignKey(ApprovedHome, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("hjem"))
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    proposed_at = models.DateTimeField(_("foreslått"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("foreslått av"))
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    decline_reason = models.TextField(_("hvorfor hjemmet takket nei"), blank=True)
    withdraw_reason = models.TextField(_("hvorfor forslaget ble trukket"), blank=True)
    first_meeting_at = models.DateTimeField(_("første møte"), null=True, blank=True, help_text=_("Barnet, familien og hjemmet møtes."))
    first_meeting_place = models.CharField(_("sted for første møte"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("forslag om hjem")
        verbose_name_plural = _("forslag om hjem")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "home"], condition=models.Q(status__in=["proposed", "accepted"]), name="proposal_one_open_per_need_and_home"
            ),
            models.CheckConstraint(condition=~models.Q(status="declined") | ~models.Q(decline_reason=""), name="proposal_decline_has_reason"),
            models.CheckConstraint(
                condition=models.Q(status="proposed", answered_at__isnull=True)
                | models.Q(status__in=["accepted", "declined"], answered_at__isnull=False) | models.Q(status="withdrawn"),
                name="proposal_answer_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.home} – {self.get_status_display()}"

    @property
    def legal_track(self) -> str:
        return self.need.track

    @property
    def municipality_id(self) -> int:
        """The need's kommune (the access log asks each object it records for its kommune)."""
        return self.need.municipality_id


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    RUNNING = "running", _("I gang")
    ENDED = "ended", _("Avsluttet")


ACTIVE_PLACEMENT = [PlacementStatus.PLANNED, PlacementStatus.RUNNING]


#: The days of the week as Python numbers them (date.weekday(): 0 is Monday), named as the pages show them.
WEEKDAYS = [(0, _("mandag")), (1, _("tirsdag")), (2, _("onsdag")), (3, _("torsdag")), (4, _("fredag")), (5, _("lørdag")), (6, _("søndag"))]


class ScheduleKind(models.TextChoices):
    """The rules a placement's dates follow, in Europe/Oslo wall time: 17:00 is 17:00 in winter and in summer time.

    - FIRST_WEEKEND: the weekend whose Saturday is the month's first Saturday (RRULE `FREQ=MONTHLY;BYDAY=1SA`), from
      Friday 17:00 to Sunday 17:00. When the 1st is a Saturday, the weekend starts on the last day of the month before.
    - SECOND_WEEKEND, THIRD_WEEKEND, FOURTH_WEEKEND: the same with the month's second, third and fourth Saturday
      (`BYDAY=2SA`, `3SA`, `4SA`). A fifth Saturday is none of them.
    - EVERY_OTHER_WEEKEND: every second weekend (`FREQ=WEEKLY;INTERVAL=2;BYDAY=SA`), Friday 17:00 to Sunday 17:00, the
      first being the first weekend that starts on or after the placement's start date.
    - WEEKLY: one weekday every week, from one time to another the same day, e.g. every Wednesday 15:00–19:00
      (`FREQ=WEEKLY;BYDAY=WE`).

    Every rule starts on the placement's start date and stops after its last day (planned or ended): a date belongs
    to the placement when it starts on one of its days.
    """

    FIRST_WEEKEND = "first_weekend", _("Første helg i måneden")
    SECOND_WEEKEND = "second_weekend", _("Andre helg i måneden")
    THIRD_WEEKEND = "third_weekend", _("Tredje helg i måneden")
    FOURTH_WEEKEND = "fourth_weekend", _("Fjerde helg i måneden")
    EVERY_OTHER_WEEKEND = "every_other_weekend", _("Annenhver helg")
    WEEKLY = "weekly", _("Fast ukedag")


class Placement(models.Model):
    """A child (or a sibling group) placed with an approved home on a schedule: tiltaket.

    The dates follow `schedule_rule` (an RFC 5545 RRULE) from the start date, each starting `day_offset` days from the
    rule's day at `starts_at_time` and lasting `duration`, in Oslo wall time; less cancelled dates and, when
    `skip_public_holidays`, every date that touches a Norwegian public holiday; plus extra dates
    (PlacementException). `first_date_at` is the first of them, kept up to date by the services: the need is
    delivered once it has passed.
    """

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="placements", verbose_name=_("behov"))
    home = models.ForeignKey(ApprovedHome, on_delete=models.PROTECT, related_name="placements", verbose_name=_("hjem"))
    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="placement", verbose_name=_("forslag"),
    )
    children = models.PositiveSmallIntegerField(_("antall barn"), default=1, help_text=_("En søskengruppe teller med antall barn."))
    status = models.CharField(_("status"), max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED)
    start_date = models.DateField(_("startdato"))
    planned_end = models.DateField(_("planlagt siste dag"), null=True, blank=True)
    ended_on = models.DateField(_("siste dag"), null=True, blank=True, help_text=_("Datoer som begynner etter denne dagen, holdes ikke."))
    end_reason = models.TextField(_("årsak til avslutning"), blank=True)
    schedule_kind = models.CharField(_("fast ordning"), max_length=30, choices=ScheduleKind.choices)
    schedule_rule = models.CharField(_("regel (RRULE)"), max_length=200, help_text=_("RFC 5545, i norsk tid."))
    day_offset = models.SmallIntegerField(
        _("dager fra regelens dag"), default=0, help_text=_("-1 for en helg: regelen gir lørdagen, oppholdet begynner fredag."),
    )
    starts_at_time = models.TimeField(_("begynner klokken"))
    duration = models.DurationField(_("varighet"), help_text=_("I norsk tid: fredag 17:00 til søndag 17:00 er to døgn også når klokken stilles."))
    skip_public_holidays = models.BooleanField(
        _("hopp over helligdager"), default=False, help_text=_("Et opphold som berører en helligdag eller 1. og 17. mai, holdes ikke."),
    )
    shared_with_family = models.TextField(
        _("det familien får vite om hjemmet"), blank=True,
        help_text=_("Det kommunen velger å fortelle foreldrene om hjemmet, for eksempel bydel eller at det er dyr i huset. "
                    "Står i meldingen om at et hjem er funnet og på statussiden."),
    )
    first_date_at = models.DateTimeField(
        _("første dato"), null=True, blank=True, db_index=True, help_text=_("Vedtaket er levert når denne har vært."),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av"))

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["-start_date", "-pk"]
        # When a need was delivered: its placements' first dates, read in order (the waiting list, per need).
        indexes = [models.Index(fields=["need", "first_date_at"], name="placement_need_first_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["need"], condition=models.Q(status__in=["planned", "running"]), name="placement_one_active_per_need"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True) | models.Q(planned_end__gte=models.F("start_date")),
                name="placement_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended") | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="placement_ended_has_day_and_reason",
            ),
            models.CheckConstraint(condition=models.Q(children__gte=1), name="placement_has_children"),
            models.CheckConstraint(condition=models.Q(duration__gt=dt.timedelta(0)), name="placement_duration_positive"),
        ]

    def __str__(self):
        return f"{self.home} – {self.get_schedule_kind_display()} fra {self.start_date:%d.%m.%Y}"

    @property
    def legal_track(self) -> str:
        return self.need.track

    @property
    def municipality_id(self) -> int:
        """The need's kommune (the access log asks each object it records for its kommune)."""
        return self.need.municipality_id

    @property
    def last_day(self):
        """The last day a date may start on: the day it ended, or the planned end; None while open-ended."""
        days = [d for d in (self.planned_end, self.ended_on) if d is not None]
        return min(days) if days else None


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Avlyst")
    EXTRA = "extra", _("Ekstra")


class PlacementException(models.Model):
    """A change to a placement's dates: one of the rule's dates cancelled (the day it starts), or an extra date."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="exceptions", verbose_name=_("tiltak"))
    kind = models.CharField(_("type"), max_length=20, choices=ExceptionKind.choices)
    date = models.DateField(_("avlyst dato"), null=True, blank=True, help_text=_("Dagen den avlyste datoen skulle begynne."))
    starts_at = models.DateTimeField(_("begynner"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    reason = models.CharField(_("årsak"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av"))

    class Meta:
        verbose_name = _("endring i datoer")
        verbose_name_plural = _("endringer i datoer")
        ordering = ["placement", "date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="cancelled", date__isnull=False, starts_at__isnull=True, ends_at__isnull=True)
                | models.Q(kind="extra", date__isnull=True, starts_at__isnull=False, ends_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="placement_exception_shape",
            ),
            models.UniqueConstraint(fields=["placement", "date"], name="placement_exception_cancelled_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.date or self.starts_at}"


# --- Follow-up, time sheets and calendar feeds ---------------------------------------------------------------------


class PlacementSettings(models.Model):
    """A kommune's rhythm for placements: when the first follow-up is due after the start, how often after that, and
    how long a granted vedtak may wait before the caseworkers and the kommune's admins are reminded. Without a row,
    the defaults apply (`placements.selectors.placement_settings_for`)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="placement_settings", verbose_name=_("kommune"),
    )
    first_follow_up_days = models.PositiveSmallIntegerField(
        _("første oppfølging (dager etter start)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Tett oppfølging i starten: den første oppfølgingen skal være så mange dager etter første dato."),
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("oppfølging deretter (måneder)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    waiting_limit_days = models.PositiveSmallIntegerField(
        _("varsle når et innvilget vedtak har ventet (dager)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("innstillinger for tiltak")
        verbose_name_plural = _("innstillinger for tiltak")

    def __str__(self):
        return str(self.municipality)


class FollowUpKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Oppfølging")
    EVALUATION = "evaluation", _("Årlig evaluering")


class FollowUp(models.Model):
    """A follow-up of a placement (regular contact between the caseworker, the home and the child) or its annual
    evaluation: due on a day, then recorded with notes and the child's own views."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("tiltak"))
    kind = models.CharField(_("type"), max_length=20, choices=FollowUpKind.choices)
    due_on = models.DateField(_("frist"))
    held_on = models.DateField(_("gjennomført"), null=True, blank=True)
    notes = models.TextField(_("notater"), blank=True)
    child_views = models.TextField(_("barnets egne synspunkter"), blank=True, help_text=_("Hva barnet sier om tiltaket."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(_("registrert"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppfølging")
        verbose_name_plural = _("oppfølginger")
        ordering = ["placement", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind", "due_on"], name="follow_up_once_per_due_day"),
            models.CheckConstraint(
                condition=models.Q(held_on__isnull=True) | (~models.Q(notes="") & models.Q(recorded_at__isnull=False)),
                name="follow_up_held_has_notes",
            ),
        ]
        indexes = [
            # The dashboard's follow-ups due: not yet held, by due date.
            models.Index(fields=["due_on"], condition=models.Q(held_on__isnull=True), name="follow_up_open_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on:%d.%m.%Y}"

    @property
    def legal_track(self) -> str:
        return self.placement.need.track


class TimeSheetStatus(models.TextChoices):
    OPEN = "open", _("Ikke bekreftet")
    CONFIRMED = "confirmed", _("Bekreftet av hjemmet")
    APPROVED = "approved", _("Godkjent av kommunen")


class TimeSheet(models.Model):
    """A month of a placement: the dates the home actually had the child (pre-filled from the schedule) and the
    kilometres driven. The home confirms (who and when is recorded); only the caseworker's approval feeds payroll."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="time_sheets", verbose_name=_("tiltak"))
    month = models.DateField(_("måned"), help_text=_("Den første dagen i måneden."))
    status = models.CharField(_("status"), max_length=20, choices=TimeSheetStatus.choices, default=TimeSheetStatus.OPEN)
    kilometres = models.PositiveIntegerField(_("kilometer kjørt"), default=0)
    home_note = models.TextField(_("merknad fra hjemmet"), blank=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    confirmed_by_name = models.CharField(_("bekreftet av"), max_length=FULL_NAME_MAX_LENGTH, blank=True, help_text=_("Navnet hjemmet skrev inn."))
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("godkjent av"),
    )

    class Meta:
        verbose_name = _("timeliste")
        verbose_name_plural = _("timelister")
        ordering = ["-month", "placement"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="time_sheet_one_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="time_sheet_month_first_day"),
            models.CheckConstraint(
                condition=models.Q(status="open")
                | (models.Q(confirmed_at__isnull=False) & ~models.Q(confirmed_by_name="")),
                name="time_sheet_confirmed_by_someone",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_at__isnull=False, approved_by__isnull=False),
                name="time_sheet_approved_by_caseworker",
            ),
        ]

    def __str__(self):
        return f"{self.placement} – {self.month:%m.%Y}"


class TimeSheetEntry(models.Model):
    """One date on a time sheet: from the schedule (`planned`) or added by the home; `held` is unticked for a date
    that did not happen."""

    time_sheet = models.ForeignKey(TimeSheet, on_delete=models.CASCADE, related_name="entries", verbose_name=_("timeliste"))
    starts_at = models.DateTimeField(_("begynte"))
    ends_at = models.DateTimeField(_("sluttet"))
    planned = models.BooleanField(_("etter planen"), default=True)
    held = models.BooleanField(_("gjennomført"), default=True)

    class Meta:
        verbose_name = _("dato på timeliste")
        verbose_name_plural = _("datoer på timeliste")
        ordering = ["time_sheet", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="time_sheet_entry_ordered"),
            models.UniqueConstraint(fields=["time_sheet", "starts_at"], name="time_sheet_entry_once"),
        ]

    def __str__(self):
        return f"{self.starts_at:%d.%m.%Y %H:%M}"


class CalendarFeed(models.Model):
    """A private iCalendar feed of a placement's coming dates: for the home (all its placements) or for the family of
    one need. The URL carries a random key; revoking it ends the feed, and a new one can be made. No child's name and
    no health data in a feed: only a reference and the times."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune"))
    home = models.ForeignKey(ApprovedHome, on_delete=models.CASCADE, null=True, blank=True, related_name="feeds", verbose_name=_("hjem"))
    need = models.ForeignKey(Need, on_delete=models.CASCADE, null=True, blank=True, related_name="feeds", verbose_name=_("behov"))
    key = models.UUIDField(_("nøkkel"), unique=True, editable=False)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(home__isnull=False, need__isnull=True) | models.Q(home__isnull=True, need__isnull=False),
                name="calendar_feed_home_or_family",
            ),
            models.UniqueConstraint(fields=["home"], condition=models.Q(revoked_at__isnull=True, home__isnull=False),
                                    name="calendar_feed_one_active_per_home"),
            models.UniqueConstraint(fields=["need"], condition=models.Q(revoked_at__isnull=True, need__isnull=False),
                                    name="calendar_feed_one_active_per_need"),
        ]

    def __str__(self):
        return str(self.home or self.need)
