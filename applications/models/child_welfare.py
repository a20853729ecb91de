"""A barnevern case the caseworker registers for a child (these do not come through the public form): the child, the
people with parental responsibility, and the hjelpetiltak decided for the child (a Decision on the barnevern track)."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Municipality

#: A child who has turned 15 (and understands the case) is a party in a barnevern case and gets the decision.
CHILD_PARTY_AGE = 15


class ChildWelfareStatus(models.TextChoices):
    OPEN = "open", _("Under behandling")
    DECIDED = "decided", _("Vedtak fattet")
    CLOSED = "closed", _("Avsluttet")


class ChildWelfareAction(models.TextChoices):
    REGISTERED = "child_welfare_registered", _("Barnevernssak registrert")
    DECISION_DRAFTED = "child_welfare_decision_drafted", _("Utkast til vedtak om hjelpetiltak skrevet")
    DECISION_SECOND_CHECKED = "child_welfare_decision_checked", _("Utkast til vedtak om hjelpetiltak kontrollert")
    DECIDED = "child_welfare_decided", _("Vedtak om hjelpetiltak fattet")


class ChildWelfareCase(models.Model):
    """Barnevernssak: a child for whom the barneverntjeneste considers a hjelpetiltak (besøkshjem, avlastning,
    støttekontakt) under barnevernsloven."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="child_welfare_cases", verbose_name=_("kommune"))
    reference = models.CharField(_("saksnummer"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=ChildWelfareStatus.choices, default=ChildWelfareStatus.OPEN)
    child_first_name = models.CharField(_("barnets fornavn"), max_length=100)
    child_last_name = models.CharField(_("barnets etternavn"), max_length=100)
    child_birth_date = models.DateField(_("barnets fødselsdato"))
    child_address = models.CharField(_("barnets adresse"), max_length=200, blank=True)
    child_postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    child_post_town = models.CharField(_("poststed"), max_length=100, blank=True)
    child_address_confidential = models.BooleanField(
        _("barnets adresse er fortrolig"), default=False, help_text=_("En fortrolig adresse skrives aldri i et brev."),
    )
    background = models.TextField(_("bakgrunn for saken"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_child_welfare_cases",
        verbose_name=_("saksbehandler"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av"))
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    import_key = models.CharField(
        _("nøkkel i tidligere fagsystem"), max_length=100, blank=True,
        help_text=_("Kommunens egen nøkkel for et vedtak som ble importert da kommunen tok i bruk portalen. Tomt: registrert her."),
    )

    class Meta:
        verbose_name = _("barnevernssak")
        verbose_name_plural = _("barnevernssaker")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="child_welfare_reference_unique"),
            models.UniqueConstraint(
                fields=["municipality", "import_key"], condition=~models.Q(import_key=""), name="child_welfare_import_key_unique"
            ),
        ]

    def __str__(self):
        return self.reference

    #: The unit that handles it (tjenstlig behov): the barneverntjeneste alone.
    legal_track = LegalTrack.CHILD_WELFARE

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()

    def child_is_party_on(self, day) -> bool:
        return self.child_birth_date + relativedelta(years=CHILD_PARTY_AGE) <= day


class Guardian(models.Model):
    """A parent or other person with parental responsibility (or without: recorded, but not a party)."""

    case = models.ForeignKey(ChildWelfareCase, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("sak"))
    name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("relasjon til barnet"), max_length=100, blank=True)
    has_parental_responsibility = models.BooleanField(_("har foreldreansvar"), default=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    post_town = models.CharField(_("poststed"), max_length=100, blank=True)
    address_confidential = models.BooleanField(
        _("fortrolig adresse"), default=False, help_text=_("Fortrolig eller strengt fortrolig: adressen skrives aldri i et brev."),
    )

    class Meta:
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")
        ordering = ["pk"]

    def __str__(self):
        return self.name
