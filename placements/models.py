"""Approved homes and their agreements. Placements, matching and follow-ups come later."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.choices import AgreementKind, HomeType, LegalTrack
from besokshjem.tenancy.models import Municipality


class PlacementAction(models.TextChoices):
    """Audit actions on agreements and approved homes."""

    AGREEMENT_GENERATED = "agreement_generated", _("Avtale laget")
    AGREEMENT_SIGNED_BY_APPLICANT = "agreement_signed_by_applicant", _("Avtale signert av søker")
    AGREEMENT_SIGNED_BY_MUNICIPALITY = "agreement_signed_by_municipality", _("Avtale signert av kommunen")
    HOME_STATUS_CHANGED = "home_status_changed", _("Hjemmets status endret")


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
        return f"{self.municipality} – {self.get_agreement_kind_display()} ({self.get_legal_track_display()}) fra {self.valid_from}"

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
    name = models.CharField(_("navn"), max_length=200)
    signed_name = models.CharField(_("signatur (navn skrevet inn)"), max_length=200, blank=True)
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
    name = models.CharField(_("navn"), max_length=300)
    home_types = models.JSONField(_("typer oppdrag"), default=list)
    capacity = models.PositiveSmallIntegerField(_("antall barn om gangen"), default=1)
    age_min = models.PositiveSmallIntegerField(_("alder fra"))
    age_max = models.PositiveSmallIntegerField(_("alder til"))
    sibling_pair = models.BooleanField(_("kan ta søskenpar"), default=False)
    frequency = models.CharField(_("omfang"), max_length=200, blank=True)
    area = models.CharField(_("område"), max_length=100, blank=True, help_text=_("Poststed eller bydel, for matching."))
    status = models.CharField(_("status"), max_length=20, choices=HomeStatus.choices, default=HomeStatus.ACTIVE)
    status_reason = models.TextField(_("årsak til status"), blank=True)
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
        ]

    def __str__(self):
        return self.name

    def get_home_types_display(self) -> str:
        labels = dict(HomeType.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.home_types)
