from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import label_for


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    CLAIMED = "claimed", _("Sendes nå")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")
    OBSOLETE = "obsolete", _("Ikke lenger aktuell")


class Message(models.Model):
    """One e-mail to one recipient, written in the transaction that caused it and sent by a worker.

    No body is stored: the e-mail is rendered at send time from its kind's templates, so links with tokens are
    never at rest here.
    """

    kind = models.CharField(_("type"), max_length=60, db_index=True)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("gjelder (type)"))
    object_id = models.PositiveBigIntegerField(_("gjelder (id)"))
    target = GenericForeignKey("content_type", "object_id")
    recipient = models.EmailField(_("mottaker"))
    language = models.CharField(_("språk"), max_length=5, default="nb")
    dedupe_key = models.CharField(
        _("engangsnøkkel"), max_length=200, blank=True,
        help_text=_("Samme type og nøkkel gir bare én e-post, for eksempel én kvittering per søknad."),
    )
    due_on = models.DateField(
        _("forfaller"), null=True, blank=True, help_text=_("For påminnelser: dagen hendelsen gjelder.")
    )
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    send_after = models.DateTimeField(
        _("send etter"), help_text=_("Neste forsøk; flyttes fram med økende ventetid ved midlertidige feil.")
    )
    claimed_until = models.DateTimeField(_("låst til"), null=True, blank=True)
    claim_token = models.UUIDField(_("låsenøkkel"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    queued_at = models.DateTimeField(
        _("sist lagt i kø"), null=True, blank=True, help_text=_("Sist e-posten ble gitt til køen for sending.")
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-poster")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="outbox_message_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "send_after"], name="outbox_due_idx"),
            models.Index(fields=["status", "claimed_until"], name="outbox_lease_idx"),
            # A case page's «sent to whom, when»: the e-mails about its objects (a scan of the outbox without it).
            models.Index(fields=["content_type", "object_id"], name="outbox_target_idx"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def kind_label(self):
        return label_for(self.kind)

    @property
    def message_id(self) -> str:
        """Stable per row, so a duplicate (the one window documented in services.py) is recognisable."""
        return f"<outbox-{self.pk}-{self.kind}@besokshjem>"
