from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .choices import AgreementKind, AttestType, HomeType, LegalTrack, default_attest_legal_basis


class Municipality(models.Model):
    """A kommune: the tenant. Every case belongs to exactly one."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=60, unique=True)
    number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunenummeret må være fire sifre."))],
    )
    reference_prefix = models.CharField(
        _("prefiks for saksnummer"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Bruk tre store bokstaver, for eksempel BGO."))],
        help_text=_("Brukes i saksnummeret søkerne får, for eksempel BGO-2026-00042."),
    )
    contact_email = models.EmailField(_("kontakt-e-post"))
    contact_phone = PhoneNumberField(_("kontakttelefon"), region="NO")
    contact_unit = models.CharField(
        _("ansvarlig enhet"), max_length=200, blank=True, help_text=_("For eksempel «Barneverntjenesten».")
    )
    address = models.CharField(_("postadresse"), max_length=200, blank=True)
    child_age_min = models.PositiveSmallIntegerField(
        _("laveste alder på barn"), default=0, validators=[MaxValueValidator(18)]
    )
    child_age_max = models.PositiveSmallIntegerField(
        _("høyeste alder på barn"), default=18, validators=[MaxValueValidator(18)]
    )
    interviews_required = models.PositiveSmallIntegerField(
        _("antall samtaler før godkjenning"), default=2, validators=[MinValueValidator(1)]
    )
    data_protection_officer = models.CharField(
        _("personvernombud (kontakt)"), max_length=200, blank=True, help_text=_("Navn eller e-post til personvernombudet.")
    )
    keeps_attest_copies = models.BooleanField(
        _("tar kopi av politiattester"),
        default=False,
        help_text=_(
            "Som standard registreres bare at en gyldig attest er sett. Tar kommunen kopi, slettes den når "
            "oppdraget avsluttes (politiregisterforskriften § 37-2)."
        ),
    )
    reminder_days = models.JSONField(
        _("ledetid for påminnelser (dager)"), default=dict, blank=True,
        help_text=_("Overstyrer standard antall dager per påminnelse, for eksempel {\"respite_deadline_near\": 7}."),
    )
    appeal_authority = models.CharField(
        _("Statsforvalteren (klageinstans)"), max_length=200, default="Statsforvalteren",
        help_text=_("Navnet på embetet klager sendes til, for eksempel «Statsforvalteren i Vestland». Står i vedtaket."),
    )
    decisions_need_second_check = models.BooleanField(
        _("vedtak krever kontroll"), default=False,
        help_text=_("En annen saksbehandler må kontrollere et vedtak før det fattes («fire øyne»)."),
    )
    is_active = models.BooleanField(_("synlig på portalen"), default=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_age_min__lte=models.F("child_age_max")),
                name="municipality_age_band_ordered",
            )
        ]

    def __str__(self):
        return self.name


class HomeTypeSetting(models.Model):
    """What a kommune does for one home type: whether it recruits, the legal track, the attest, the agreement."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="home_type_settings", verbose_name=_("kommune")
    )
    home_type = models.CharField(_("type oppdrag"), max_length=20, choices=HomeType.choices)
    recruits = models.BooleanField(_("rekrutterer nå"), default=True)
    legal_track = models.CharField(_("lovgrunnlag"), max_length=20, choices=LegalTrack.choices)
    attest_type = models.CharField(
        _("politiattest som kreves"), max_length=30, choices=AttestType.choices
    )
    attest_legal_basis = models.CharField(
        _("hjemmel for politiattest"),
        max_length=300,
        blank=True,
        help_text=_("Står i formålsbekreftelsen. Tomt: standardhjemmelen for lovgrunnlaget og attesttypen."),
    )
    household_attest_required = models.BooleanField(
        _("politiattest for husstandsmedlemmer over 18 år"),
        default=False,
        help_text=_("Krever kommunen ordinær politiattest av alle i husstanden over 18 år?"),
    )
    agreement_kind = models.CharField(_("avtaletype"), max_length=20, choices=AgreementKind.choices)
    intro = models.TextField(
        _("innledning på kommunens side"), blank=True, help_text=_("Vises øverst på siden om denne typen oppdrag.")
    )

    class Meta:
        verbose_name = _("innstilling per type oppdrag")
        verbose_name_plural = _("innstillinger per type oppdrag")
        ordering = ["municipality", "home_type"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "home_type"], name="home_type_setting_unique")
        ]

    def __str__(self):
        return f"{self.municipality} – {self.get_home_type_display()}"

    @property
    def legal_basis_for_attest(self) -> str:
        return self.attest_legal_basis or default_attest_legal_basis(self.legal_track, self.attest_type)


class Unit(models.Model):
    """A unit of the kommune that handles cases on one legal track (tjenstlig behov): the barneverntjeneste sees the
    barnevern cases, the forvaltningsenhet for helse og omsorg the parents' applications under the health and care
    act. A caseworker sees the cases of the units they belong to."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="units", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200, help_text=_("For eksempel «Barneverntjenesten»."))
    legal_track = models.CharField(
        _("saker etter"), max_length=20, choices=LegalTrack.choices,
        help_text=_("Enheten behandler sakene etter denne loven."),
    )

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["municipality", "legal_track"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "legal_track"], name="unit_one_per_track"),
        ]

    def __str__(self):
        return self.name


#: The unit a new kommune gets for each legal track (its administrators may rename them).
DEFAULT_UNIT_NAMES = {
    LegalTrack.HEALTH_CARE: _("Forvaltningsenhet for helse og omsorg"),
    LegalTrack.CHILD_WELFARE: _("Barneverntjenesten"),
}


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Saksbehandler")
    ADMIN = "admin", _("Kommuneadministrator")


class Membership(models.Model):
    """A caseworker or kommune administrator belongs to one or more kommuner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruker")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("kommune")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    units = models.ManyToManyField(
        Unit, related_name="memberships", blank=True, verbose_name=_("enheter"),
        help_text=_("Personen ser sakene til enhetene hen hører til: barnevernssaker bare for barneverntjenesten."),
    )
    may_decide = models.BooleanField(
        _("vedtaksfullmakt"), default=False,
        help_text=_("Kommunen har delegert myndighet til å fatte vedtak til denne personen (for sin enhet)."),
    )

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"
