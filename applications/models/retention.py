"""A kommune's rules for how long the portal keeps what it stores (docs/retention.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.models import Municipality

#: The defaults of a kommune without its own row (docs/retention.md says where the figures come from).
DEFAULT_DRAFT_DAYS = 30
DEFAULT_VOLUNTEER_CLOSED_MONTHS = 12
DEFAULT_RESPITE_CLOSED_YEARS = 10


class RetentionAction(models.TextChoices):
    """Audit actions of retention: a run (counts per rule, no personal data) and a case handed over to the archive."""

    RUN = "retention_run", _("Sletting etter bevaringsreglene kjørt")
    ARCHIVED = "case_archived", _("Saken er overlevert til arkivet")
    ANONYMISED = "case_anonymised", _("Personopplysningene i saken er fjernet")


class RetentionRules(models.Model):
    """How long a kommune keeps drafts, closed volunteer applications, closed parents' cases and kept attest copies.
    One row per kommune, made with the defaults the first time it is needed (`retention_rules_for`)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="retention_rules", verbose_name=_("kommune"),
    )
    draft_days = models.PositiveSmallIntegerField(
        _("utkast slettes etter (dager)"), default=DEFAULT_DRAFT_DAYS, validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("Et utkast som aldri ble sendt inn, slettes med vedlegg så mange dager etter at det ble påbegynt. Høyst "
                    "så lenge som personvernerklæringen og påminnelsen til søkeren lover (30 dager som standard)."),
    )
    volunteer_closed_months = models.PositiveSmallIntegerField(
        _("trukne og avslåtte søknader fra hjem anonymiseres etter (måneder)"), default=DEFAULT_VOLUNTEER_CLOSED_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Regnet fra datoen saken ble avsluttet. Navn, kontaktopplysninger, fødselsdatoer, fritekst og "
                    "husstand fjernes; status, datoer og saksnummer beholdes for statistikk."),
    )
    respite_closed_years = models.PositiveSmallIntegerField(
        _("avsluttede saker om avlastning slettes etter (år)"), default=DEFAULT_RESPITE_CLOSED_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Oppbevaringstiden i kommunens arkivplan (bevarings- og kassasjonsplan), regnet fra datoen saken ble "
                    "avsluttet. En sak slettes bare når den også er merket «overlevert til arkivet»."),
    )

    class Meta:
        verbose_name = _("regler for sletting")
        verbose_name_plural = _("regler for sletting")

    def __str__(self):
        return str(self.municipality)

    def clean(self):
        # The privacy notice and the reminder a week before deletion promise DRAFT_RETENTION_DAYS at most.
        if self.draft_days is not None and self.draft_days > settings.DRAFT_RETENTION_DAYS:
            raise ValidationError({"draft_days": _("Høyst %(days)s dager: så lenge lover personvernerklæringen.")
                                   % {"days": settings.DRAFT_RETENTION_DAYS}})

    @property
    def reference(self) -> str:
        """What the audit trail and the access log show for a retention run."""
        return f"{self.municipality.slug}-sletting"
