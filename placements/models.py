"""Approved homes and their agreements. Placements, matching and follow-ups come later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.choices import AgreementKind, HomeType
from besokshjem.tenancy.models import Municipality


class PlacementAction(models.TextChoices):
    """Audit actions on agreements and approved homes."""

    AGREEMENT_GENERATED = "agreement_generated", _("Avtale laget")
    AGREEMENT_SIGNED_BY_APPLICANT = "agreement_signed_by_applicant", _("Avtale signert av søker")
    AGREEMENT_SIGNED_BY_MUNICIPALITY = "agreement_signed_by_municipality", _("Avtale signert av kommunen")
    HOME_STATUS_CHANGED = "home_status_changed", _("Hjemmets status endret")


class RateTable(models.Model):
    """A kommune's rates for one kind of agreement from a date: øre as integers, never float.

    Arbeidsavtale (avlastere, KS særavtale SGS 1030): hourly pay and expenses per døgn by the child's age.
    Oppdragsavtale (KS veiledende satser): fee per døgn, expenses per døgn, km allowance.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="rate_tables", verbose_name=_("kommune"))
    agreement_kind = models.CharField(_("avtaletype"), max_length=20, choices=AgreementKind.choices)
    valid_from = models.DateField(_("gjelder fra"))
    hourly_pay_ore = models.PositiveIntegerField(_("timelønn (øre)"), null=True, blank=True, help_text=_("Arbeidsavtale."))
    fee_per_day_ore = models.PositiveIntegerField(_("godtgjøring per døgn (øre)"), null=True, blank=True, help_text=_("Oppdragsavtale."))
    expenses_0_5_ore = models.PositiveIntegerField(_("utgifter per døgn, barn 0–5 år (øre)"))
    expenses_6_11_ore = models.PositiveIntegerField(_("utgifter per døgn, barn 6–11 år (øre)"))
    expenses_12_18_ore = models.PositiveIntegerField(_("utgifter per døgn, barn 12–18 år (øre)"))
    km_rate_ore = models.PositiveIntegerField(_("kilometergodtgjøring (øre per km)"))
    source = models.CharField(_("kilde"), max_length=200, blank=True, help_text=_("For eksempel «KS SGS 1030, 2026»."))

    class Meta:
        verbose_name = _("satser")
        verbose_name_plural = _("satser")
        ordering = ["municipality", "agreement_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "agreement_kind", "valid_from"], name="rate_table_unique"),
            models.CheckConstraint(
                condition=~models.Q(agreement_kind="employment") | models.Q(hourly_pay_ore__isnull=False),
                name="rate_table_employment_has_hourly_pay",
            ),
            models.CheckConstraint(
                condition=~models.Q(agreement_kind="assignment") | models.Q(fee_per_day_ore__isnull=False),
                name="rate_table_assignment_has_fee",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.get_agreement_kind_display()} fra {self.valid_from}"


class Agreement(models.Model):
    """The arbeidsavtale or oppdragsavtale, generated from the kommune's settings and rates, signed by both sides."""

    application = models.ForeignKey(
        "applications.VolunteerApplication", on_delete=models.PROTECT, related_name="agreements", verbose_name=_("søknad")
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune"))
    kind = models.CharField(_("avtaletype"), max_length=20, choices=AgreementKind.choices)
    home_type = models.CharField(_("type oppdrag"), max_length=20)
    frequency = models.CharField(_("forventet omfang"), max_length=200)
    rates = models.JSONField(_("satser (øre)"), help_text=_("Satsene slik de var da avtalen ble laget."))
    rates_valid_from = models.DateField(_("satser gjelder fra"))
    body = models.TextField(_("avtaletekst"))
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laget av"))
    applicant_signed_name = models.CharField(_("søkers signatur (navn)"), max_length=200, blank=True)
    applicant_signed_at = models.DateTimeField(_("signert av søker"), null=True, blank=True)
    caseworker_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signert for kommunen av"),
    )
    caseworker_signed_at = models.DateTimeField(_("signert av kommunen"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("erstattet"), null=True, blank=True)

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(superseded_at__isnull=True), name="agreement_one_current_per_application"
            ),
            models.CheckConstraint(
                condition=models.Q(applicant_signed_at__isnull=True) | ~models.Q(applicant_signed_name=""),
                name="agreement_applicant_signature_has_name",
            ),
            models.CheckConstraint(
                condition=models.Q(caseworker_signed_at__isnull=True) | models.Q(caseworker_signed_by__isnull=False),
                name="agreement_caseworker_signature_has_signer",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.application}"

    @property
    def fully_signed(self) -> bool:
        return bool(self.applicant_signed_at and self.caseworker_signed_at)


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
