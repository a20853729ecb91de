from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalReference(models.Model):
    """A provision of national law the portal cites, from the date it applies.

    The law is national, so this is one table for the whole portal, not a per-kommune setting: when a new
    forvaltningslov enters into force, its paragraphs are new rows with their valid-from date, and letters dated from
    then cite them. Rows are checked against Lovdata-derived sources (`source`).
    """

    key = models.CharField(_("nøkkel"), max_length=80, help_text=_("Hva henvisningen brukes til, for eksempel «appeal.barnevern»."))
    citation = models.CharField(_("henvisning"), max_length=300, help_text=_("Slik den skrives i brev, for eksempel «forvaltningsloven § 29»."))
    valid_from = models.DateField(_("gjelder fra"))
    weeks = models.PositiveSmallIntegerField(_("frist i uker"), null=True, blank=True, help_text=_("For frister, for eksempel klagefrist."))
    source = models.URLField(_("kilde"), blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        verbose_name = _("lovhenvisning")
        verbose_name_plural = _("lovhenvisninger")
        ordering = ["key", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="legal_reference_once_per_date")]

    def __str__(self):
        return f"{self.key}: {self.citation} ({self.valid_from:%d.%m.%Y})"
