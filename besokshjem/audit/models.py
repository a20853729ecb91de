from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import registry


def _when(moment) -> str:
    """A log entry's time in the reader's format: «12. januar 2027 14:05»."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


class AuditEntry(models.Model):
    """One decision or change on a case: who, what, when, from which state to which. Append-only."""

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
        help_text=_("Tom når søkeren selv eller systemet utførte handlingen."),
    )
    actor_label = models.CharField(
        _("aktør"), max_length=100, help_text=_("«søker», «system» eller saksbehandlerens e-post.")
    )
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("type sak"))
    object_id = models.PositiveBigIntegerField(_("sak-id"))
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("handling"), max_length=60)
    from_status = models.CharField(_("fra status"), max_length=30, blank=True)
    to_status = models.CharField(_("til status"), max_length=30, blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        verbose_name = _("revisjonslogg")
        verbose_name_plural = _("revisjonslogg")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target_idx")]

    def __str__(self):
        return f"{_when(self.created_at)} {registry.actor_label(self.actor_label)}: {registry.action_label(self.action)}"


class AccessKind(models.TextChoices):
    """What a caseworker opened (Normen: a log of who has read which case)."""

    CASE_PAGE = "case_page", _("Saksside")
    CHANGE_PAGE = "change_page", _("Skjema i administrasjonen")
    NEED_PAGE = "need_page", _("Behov")
    HOME_PAGE = "home_page", _("Hjem")
    PREVIEW = "preview", _("Forhåndsvisning av brev")
    LETTER_PDF = "letter_pdf", _("Brev (PDF)")
    ATTACHMENT = "attachment", _("Vedlegg")
    DOWNLOAD = "download", _("Nedlasting")
    EXPORT = "export", _("Eksport")
    SEARCH = "search", _("Søk")
    LIST = "list", _("Saksliste")


class AccessEntry(models.Model):
    """One read of a case (or an export or a search): who, what, when, from where. Append-only in the database itself
    (a trigger refuses UPDATE and DELETE), and tied to nothing that can be deleted: the user and the case are kept as
    ids and text, so the entry outlives both."""

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user_id = models.PositiveBigIntegerField(_("bruker-id"))
    user_email = models.CharField(_("e-post"), max_length=254)
    user_name = models.CharField(_("navn"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kommune"),
        help_text=_("Tom når en superbruker søkte eller eksporterte på tvers av alle kommuner."),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("type sak")
    )
    object_id = models.PositiveBigIntegerField(_("sak-id"), null=True, blank=True)
    reference = models.CharField(_("saksnummer"), max_length=60, blank=True)
    what = models.CharField(_("hva"), max_length=20, choices=AccessKind.choices)
    path = models.CharField(_("adresse"), max_length=500, help_text=_("Adressen som ble åpnet, uten spørring."))
    search_terms = models.CharField(
        _("søkeord"), max_length=200, blank=True, help_text=_("Det saksbehandleren søkte etter (bare ved søk).")
    )
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="access_target_idx")]

    def __str__(self):
        return f"{_when(self.created_at)} {self.user_email}: {self.get_what_display()} {self.reference}"
