import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from besokshjem.core.storage import private_storage
from besokshjem.tenancy.models import Municipality

from .case import Case

# ---------------------------------------------------------------------------------------------
# Parents' applications for avlastning, the vedtak, interim replies and appeals (issue: parents).
# ---------------------------------------------------------------------------------------------


class RespiteStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Mottatt")
    IN_REVIEW = "in_review", _("Under behandling")
    DECIDED = "decided", _("Vedtak fattet")
    WITHDRAWN = "withdrawn", _("Trukket")


class WantedService(models.TextChoices):
    VISITING = "visiting", _("Besøkshjem")
    RESPITE_HOME = "respite_home", _("Avlastningshjem")
    HOURLY = "hourly", _("Miljøterapeutisk avlastning per time")
    SUPPORT_CONTACT = "support_contact", _("Støttekontakt")
    INSTITUTION = "institution", _("Avlastningsbolig eller institusjon")


class InfoSource(models.TextChoices):
    SCHOOL = "school", _("Skole eller barnehage")
    HEALTH = "health", _("Helsetjenester (fastlege, helsestasjon, spesialisthelsetjenesten)")
    PPT = "ppt", _("PP-tjenesten")
    OTHER = "other", _("Andre kommunale tjenester")


class RespiteAction(models.TextChoices):
    """Audit actions on a parent's case (the actions both kinds share are CaseAction)."""

    INTERIM_REPLY_SENT = "interim_reply_sent", _("Foreløpig svar sendt")
    DECIDED = "decided", _("Vedtak fattet")
    DECISION_DELIVERED = "decision_delivered", _("Vedtaket levert")
    APPEAL_LODGED = "appeal_lodged", _("Klage mottatt")
    APPEAL_REVERSED = "appeal_reversed", _("Klage: vedtaket omgjort")
    APPEAL_FORWARDED = "appeal_forwarded", _("Klage: sendt til Statsforvalteren")


class RespiteApplication(Case):
    """A parent's (foresatt's) application for avlastning for a child with heavy care needs."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="respite_applications", verbose_name=_("kommune")
    )
    status = models.CharField(_("status"), max_length=20, choices=RespiteStatus.choices, default=RespiteStatus.DRAFT, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_respite_applications", verbose_name=_("saksbehandler"),
    )
    submitted_at = models.DateTimeField(
        _("mottatt"), null=True, blank=True, db_index=True, help_text=_("Fristen for vedtak (én måned) regnes fra denne datoen.")
    )

    # Barnet
    child_first_name = models.CharField(_("barnets fornavn"), max_length=100, blank=True)
    child_last_name = models.CharField(_("barnets etternavn"), max_length=100, blank=True)
    child_birth_date = models.DateField(_("barnets fødselsdato"), null=True, blank=True)
    child_national_id = models.CharField(_("barnets fødselsnummer"), max_length=11, blank=True)
    child_needs = models.TextField(_("barnets behov, med dine ord"), blank=True)

    # Foresatte (kontaktperson er foresatt 1)
    guardian_name = models.CharField(_("navn"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("e-post"), blank=True)
    guardian_phone = PhoneNumberField(_("telefon"), region="NO", blank=True)
    guardian_address = models.CharField(_("adresse"), max_length=200, blank=True)
    guardian_postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    guardian_post_town = models.CharField(_("poststed"), max_length=100, blank=True)
    guardian_relation = models.CharField(_("relasjon til barnet"), max_length=100, blank=True)
    guardian_has_parental_responsibility = models.BooleanField(_("har foreldreansvar"), null=True, blank=True)
    second_guardian = models.BooleanField(_("to foresatte"), default=False)
    second_guardian_name = models.CharField(_("navn på foresatt 2"), max_length=200, blank=True)
    second_guardian_email = models.EmailField(_("e-post til foresatt 2"), blank=True)
    second_guardian_phone = PhoneNumberField(_("telefon til foresatt 2"), region="NO", blank=True)
    second_guardian_has_parental_responsibility = models.BooleanField(_("foresatt 2 har foreldreansvar"), null=True, blank=True)

    # Omsorgsbelastning
    care_hours_per_month = models.PositiveSmallIntegerField(_("timer omsorgsarbeid per måned"), null=True, blank=True)
    physically_demanding = models.BooleanField(_("fysisk belastende"), null=True, blank=True)
    physically_demanding_details = models.TextField(_("utdyping, fysisk"), blank=True)
    psychologically_demanding = models.BooleanField(_("psykisk belastende"), null=True, blank=True)
    psychologically_demanding_details = models.TextField(_("utdyping, psykisk"), blank=True)
    night_care = models.BooleanField(_("omsorg om natten eller avbrutt søvn"), null=True, blank=True)
    night_care_details = models.TextField(_("utdyping, natt"), blank=True)

    # Tjenester
    services_received = models.TextField(_("tjenester dere har i dag"), blank=True)
    services_wanted = models.JSONField(_("tjenester dere søker"), default=list, blank=True)
    weekends_per_month = models.PositiveSmallIntegerField(_("helger per måned"), null=True, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(_("timer per måned"), null=True, blank=True)
    home_wishes = models.TextField(_("ønsker for hjemmet eller tilbudet"), blank=True)

    # Plan, koordinator og samtykke
    individual_plan_wanted = models.BooleanField(_("ønsker individuell plan"), null=True, blank=True)
    coordinator_wanted = models.BooleanField(_("ønsker koordinator"), null=True, blank=True)
    consent_obtain_info = models.BooleanField(_("samtykke til å innhente opplysninger"), null=True, blank=True)
    consent_sources = models.JSONField(_("fra hvem"), default=list, blank=True)
    confirm_true = models.BooleanField(_("bekrefter at opplysningene er riktige"), default=False)

    class Meta:
        verbose_name = _("søknad om avlastning")
        verbose_name_plural = _("søknader om avlastning")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], condition=~models.Q(reference=""), name="respite_application_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | (~models.Q(reference="") & models.Q(submitted_at__isnull=False, confirm_true=True)),
                name="respite_application_submitted_complete",
            ),
        ]

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()

    @property
    def email(self) -> str:
        return self.guardian_email

    def get_services_wanted_display(self) -> str:
        labels = dict(WantedService.choices)
        return ", ".join(str(labels.get(v, v)) for v in self.services_wanted)

    def get_consent_sources_display(self) -> str:
        labels = dict(InfoSource.choices)
        return ", ".join(str(labels.get(v, v)) for v in self.consent_sources)


def attachment_path(instance, filename):
    return f"respite/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A document the parent attached (e.g. a doctor's statement). Stored privately; served only through access checks."""

    application = models.ForeignKey(
        RespiteApplication, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("søknad")
    )
    file = models.FileField(_("fil"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=50, help_text=_("Avgjort ut fra innholdet, ikke navnet."))
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class InterimReply(models.Model):
    """Foreløpig svar (forvaltningsloven § 11 a): why the case takes longer, and when to expect a decision."""

    application = models.ForeignKey(
        RespiteApplication, on_delete=models.CASCADE, related_name="interim_replies", verbose_name=_("søknad")
    )
    reason = models.TextField(_("grunn"))
    expected_decision_date = models.DateField(_("forventet dato for vedtak"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt av"))

    class Meta:
        verbose_name = _("foreløpig svar")
        verbose_name_plural = _("foreløpige svar")
        ordering = ["sent_at"]

    def __str__(self):
        return f"{self.application} – {self.expected_decision_date}"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Innvilget")
    PARTLY_GRANTED = "partly_granted", _("Delvis innvilget")
    REJECTED = "rejected", _("Avslag")


class Decision(models.Model):
    """The vedtak on a parent's application: in writing, with reasons, the child's best interests and appeal information."""

    application = models.ForeignKey(
        RespiteApplication, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("søknad")
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices)
    service_type = models.CharField(_("tjeneste"), max_length=20, choices=WantedService.choices, blank=True)
    scope = models.CharField(_("omfang"), max_length=200, blank=True, help_text=_("For eksempel «2 helger per måned» eller «20 timer per måned»."))
    period_from = models.DateField(_("fra dato"), null=True, blank=True)
    period_to = models.DateField(_("til dato"), null=True, blank=True)
    reasons = models.TextField(_("begrunnelse"))
    legal_basis = models.CharField(_("hjemmel"), max_length=300)
    best_interests = models.TextField(_("vurdering av barnets beste"), help_text=_("Grunnloven § 104."))
    child_views = models.TextField(_("barnets egne synspunkter"), help_text=_("Hva barnet mener, eller hvorfor barnet ikke er hørt."))
    appeal_weeks = models.PositiveSmallIntegerField(_("klagefrist (uker)"))
    appeal_body = models.CharField(_("klageinstans"), max_length=200)
    decided_at = models.DateTimeField(_("vedtatt"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vedtatt av"))
    delivered_at = models.DateTimeField(
        _("tjenesten startet"), null=True, blank=True, help_text=_("Tomt for et innvilget vedtak som ikke er levert («tomt vedtak»).")
    )
    reversed_at = models.DateTimeField(_("omgjort"), null=True, blank=True)

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="rejected") | (~models.Q(service_type="") & ~models.Q(scope="") & models.Q(period_from__isnull=False)),
                name="decision_granted_has_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__isnull=True) | models.Q(period_from__isnull=True) | models.Q(period_to__gte=models.F("period_from")),
                name="decision_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.get_outcome_display()}"

    @property
    def is_granted(self) -> bool:
        return self.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


class AppealStatus(models.TextChoices):
    LODGED = "lodged", _("Mottatt")
    REVERSED = "reversed", _("Omgjort av kommunen")
    FORWARDED = "forwarded", _("Sendt til Statsforvalteren")


class Appeal(models.Model):
    """A klage on a vedtak: lodged with the kommune, which reverses it or forwards it to Statsforvalteren."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("vedtak"))
    text = models.TextField(_("klagen"))
    attachment = models.FileField(_("vedlegg"), upload_to="appeals/", storage=private_storage, blank=True)
    attachment_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    lodged_at = models.DateTimeField(_("mottatt"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.LODGED)
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("behandlet av")
    )
    handling_note = models.TextField(_("vurdering"), blank=True)

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["lodged_at"]

    def __str__(self):
        return f"{self.decision} – {self.get_status_display()}"
