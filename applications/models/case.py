"""What every kind of application shares: the public case fields and the per-kommune reference series."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.models import Municipality

DRAFT = "draft"  # the first status of every kind of application


class CaseAction(models.TextChoices):
    """Audit actions every kind of application shares."""

    SUBMITTED = "submitted", _("Søknaden ble sendt inn")
    WITHDRAWN = "withdrawn", _("Søkeren trakk søknaden")
    STATUS_CHANGED = "status_changed", _("Status endret")
    ASSIGNED = "assigned", _("Tildelt saksbehandler")
    DISQUALIFIED = "disqualified", _("Saksbehandler erklærte seg inhabil")
    LINK_REVOKED = "link_revoked", _("Lenkene til saken trukket tilbake og ny lenke sendt")


class Case(models.Model):
    """The fields both a volunteer's and a parent's application carry, from draft to closed.

    Each concrete case adds its own `municipality`, `status`, `assigned_to` and `submitted_at` (their related names,
    labels and status choices differ per kind).
    """

    reference = models.CharField(
        _("saksnummer"), max_length=20, blank=True, help_text=_("Tildeles når søknaden sendes inn.")
    )
    access_key = models.UUIDField(_("tilgangsnøkkel"), default=uuid.uuid4, unique=True, editable=False)
    client_nonce = models.UUIDField(
        _("skjema-ID"), unique=True, null=True, blank=True, editable=False,
        help_text=_("Hindrer at et dobbeltklikk på første steg lager to utkast."),
    )
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES, default="nb")
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    resume_link_sent_at = models.DateTimeField(_("lenke for å fortsette sendt"), null=True, blank=True)
    link_version = models.PositiveIntegerField(
        _("lenkeversjon"), default=1, editable=False,
        help_text=_("Øker når saksbehandleren trekker tilbake søkerens lenker; eldre lenker virker ikke lenger."),
    )
    archived_at = models.DateTimeField(
        _("overlevert til arkivet"), null=True, blank=True,
        help_text=_("Når saken ble overlevert til kommunens arkiv. Først da kan den slettes her etter bevaringsreglene."),
    )
    anonymised_at = models.DateTimeField(
        _("anonymisert"), null=True, blank=True, editable=False,
        help_text=_("Personopplysningene er fjernet etter kommunens regler for sletting; tallene er beholdt."),
    )
    draft_answers = models.JSONField(
        _("ulagrede svar"), default=dict, blank=True, editable=False,
        help_text=_("Svar fra et steg som ikke var gyldig da søkeren gikk tilbake; vises igjen på steget."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.reference or _("Utkast %(id)s") % {"id": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT


class ReferenceSequence(models.Model):
    """The last reference number handed out per kommune and year (BGO-2026-00042)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("kommune"))
    year = models.PositiveSmallIntegerField(_("år"))
    last_number = models.PositiveIntegerField(_("siste nummer"), default=0)

    class Meta:
        verbose_name = _("saksnummerserie")
        verbose_name_plural = _("saksnummerserier")
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="reference_sequence_unique")]

    def __str__(self):
        return f"{self.municipality_id}/{self.year}: {self.last_number}"


class Disqualification(models.Model):
    """A caseworker has declared themselves disqualified (inhabil, forvaltningsloven § 6) in a case: they may no longer
    prepare or make decisions in it, and the case goes to someone else."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("type sak"))
    object_id = models.PositiveBigIntegerField(_("sak-id"))
    case = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saksbehandler"))
    reason = models.TextField(_("grunn"), help_text=_("Hvorfor du er inhabil, for eksempel slektskap eller nær venn av en part."))
    declared_at = models.DateTimeField(_("erklært"), auto_now_add=True)

    class Meta:
        verbose_name = _("inhabilitet")
        verbose_name_plural = _("inhabilitet")
        ordering = ["declared_at"]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="disqualification_once_per_case")]

    def __str__(self):
        return f"{self.user} – {self.declared_at:%Y-%m-%d}"
