from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    CLAIMED = "claimed", _("Sendes nå")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")
    OBSOLETE = "obsolete", _("Ikke lenger aktuell")


class Reminder(models.Model):
    """One due event for one recipient: sent at most once (the unique constraint), never lost (a claim is a lease)."""

    kind = models.CharField(_("type"), max_length=60, db_index=True)
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("type sak"))
    object_id = models.PositiveBigIntegerField(_("sak-id"))
    target = GenericForeignKey("content_type", "object_id")
    due_on = models.DateField(_("forfaller"), help_text=_("Dagen hendelsen gjelder; en ny frist gir en ny påminnelse."))
    recipient = models.EmailField(_("mottaker"))
    language = models.CharField(_("språk"), max_length=5, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    send_after = models.DateTimeField(_("send etter"), help_text=_("Neste forsøk; flyttes fram med backoff ved midlertidige feil."))
    claimed_until = models.DateTimeField(_("låst til"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "due_on", "recipient"], name="reminder_once_per_due_event"
            ),
        ]
        indexes = [models.Index(fields=["status", "send_after"], name="reminder_due_idx")]

    def __str__(self):
        return f"{self.kind} {self.due_on} → {self.recipient}"

    @property
    def message_id(self) -> str:
        """Stable per reminder, so a duplicate (the one window documented in the README) is recognisable."""
        return f"<reminder-{self.pk}-{self.kind}-{self.due_on:%Y%m%d}@besokshjem>"
