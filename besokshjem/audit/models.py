from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action}"
