import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from besokshjem.core.storage import private_storage
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Municipality
from placements.models import ScopePeriod
from placements.models import ServiceType as WantedService  # the services a parent applies for and a vedtak grants
from placements.units import Unit, quantity

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


class InfoSource(models.TextChoices):
    SCHOOL = "school", _("Skole eller barnehage")
    HEALTH = "health", _("Helsetjenester (fastlege, helsestasjon, spesialisthelsetjenesten)")
    PPT = "ppt", _("PP-tjenesten")
    OTHER = "other", _("Andre kommunale tjenester")


class RespiteAction(models.TextChoices):
    """Audit actions on a parent's case (the actions both kinds share are CaseAction)."""

    INTERIM_REPLY_SENT = "interim_reply_sent", _("Foreløpig svar sendt")
    DECIDED = "decided", _("Vedtak fattet")
    DECISION_DELIVERED = "decision_delivered", _("Vedtaket levert")  # before delivery was derived from placements
    DECISION_DRAFTED = "decision_drafted", _("Utkast til vedtak skrevet")
    DECISION_SECOND_CHECKED = "decision_second_checked", _("Utkast til vedtak kontrollert")
    DECISION_READ = "decision_read", _("Vedtaket åpnet av søkeren")
    DOCUMENT_SENT = "document_sent", _("Dokument sendt av søkeren etter innsending")


class DecisionAction(models.TextChoices):
    """Audit actions on a vedtak and its appeals, the same on both legal tracks."""

    DECISION_PAPER_DELIVERY_RECORDED = "decision_paper_delivery_recorded", _("Vedtaket kom fram som brev (dato registrert)")
    APPEAL_LODGED = "appeal_lodged", _("Klage mottatt")
    APPEAL_REGISTERED = "appeal_registered", _("Klage mottatt per brev eller muntlig, registrert av saksbehandler")
    APPEAL_LODGED_LATE = "appeal_lodged_late", _("Klage mottatt etter klagefristen")
    APPEAL_LATE_CONSIDERED = "appeal_late_considered", _("Klage etter fristen: skal behandles")
    APPEAL_LATE_DISMISSED = "appeal_late_dismissed", _("Klage etter fristen: avvist")
    APPEAL_ANSWER_DRAFTED = "appeal_answer_drafted", _("Utkast til svar på klage skrevet")
    APPEAL_ANSWER_CHECKED = "appeal_answer_checked", _("Utkast til svar på klage kontrollert")
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

    import_key = models.CharField(
        _("nøkkel i tidligere fagsystem"), max_length=100, blank=True,
        help_text=_("Kommunens egen nøkkel for et vedtak som ble importert da kommunen tok i bruk portalen. Tomt: søkt her."),
    )

    class Meta:
        verbose_name = _("søknad om avlastning")
        verbose_name_plural = _("søknader om avlastning")
        ordering = ["-submitted_at", "-created_at"]
        # The lists a kommune works from (docs/benchmarks.md): its cases newest first, and a status's queue oldest first.
        indexes = [
            models.Index(fields=["municipality", "-submitted_at", "-created_at"], name="respite_app_list_idx"),
            models.Index(fields=["municipality", "status", "submitted_at"], name="respite_app_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], condition=~models.Q(reference=""), name="respite_application_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "import_key"], condition=~models.Q(import_key=""), name="respite_application_import_key_unique"
            ),
            # An imported case never went through the public form: it has a reference and a date, not the form's confirmation.
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (~models.Q(reference="") & models.Q(submitted_at__isnull=False) & (models.Q(confirm_true=True) | ~models.Q(import_key=""))),
                name="respite_application_submitted_complete",
            ),
        ]

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()

    @property
    def email(self) -> str:
        return self.guardian_email

    #: The unit that handles it (tjenstlig behov): the forvaltningsenhet for helse og omsorg.
    legal_track = LegalTrack.HEALTH_CARE

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
    description = models.CharField(
        _("hva dokumentet er"), max_length=200, blank=True,
        help_text=_("Søkerens egne ord om et dokument sendt etter at søknaden var sendt inn, for eksempel «legeerklæring»."),
    )
    client_nonce = models.UUIDField(
        _("skjemanøkkel"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Skjemaets engangsnøkkel: et skjema som sendes to ganger, gir ett dokument."),
    )

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def sent_after_submission(self) -> bool:
        """Sent from the status page after the application was sent (not attached on the form)."""
        submitted = self.application.submitted_at
        return bool(submitted and self.uploaded_at and self.uploaded_at > submitted)


class InterimReply(models.Model):
    """Foreløpig svar (forvaltningsloven § 11 a): why the case takes longer, and when to expect a decision."""

    application = models.ForeignKey(
        RespiteApplication, on_delete=models.CASCADE, related_name="interim_replies", verbose_name=_("søknad")
    )
    reason = models.TextField(_("grunn"))
    expected_decision_date = models.DateField(_("forventet dato for vedtak"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt av"))
    client_nonce = models.UUIDField(
        _("skjemanøkkel"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Skjemaets engangsnøkkel: et skjema som sendes to ganger, gir én rad og én e-post."),
    )

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


class DecisionDelivery(models.TextChoices):
    """How the vedtak reaches the party; the appeal deadline runs from when it did."""

    DIGITAL = "digital", _("Digitalt (statussiden og e-postvarsel)")
    PAPER = "paper", _("Brev i posten")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    CONFIRMED = "confirmed", _("Vedtatt")


class ConfirmedDecisionManager(models.Manager):
    """Confirmed decisions only: a draft is seen by nobody but the caseworkers, who ask for it (Decision.all_objects)."""

    def get_queryset(self):
        return super().get_queryset().filter(status=DecisionStatus.CONFIRMED)


class AllDecisionsManager(models.Manager):
    """Every decision, drafts too: for the services and the caseworker's pages."""


class Decision(models.Model):
    """The vedtak on a parent's application: in writing, with reasons, the child's best interests and appeal information.

    Drafted, previewed exactly as the parties get it, then confirmed by someone with authority (after a second check
    where the kommune requires one). A confirmed decision is never edited, only replaced by a new one (`replaces`).
    """

    application = models.ForeignKey(
        RespiteApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("søknad"),
        help_text=_("Helse- og omsorg: vedtaket på en foresatts søknad."),
    )
    child_welfare_case = models.ForeignKey(
        "applications.ChildWelfareCase", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
        verbose_name=_("barnevernssak"), help_text=_("Barnevern: et hjelpetiltak saksbehandleren har registrert for barnet."),
    )
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    track = models.CharField(_("lovgrunnlag"), max_length=20, choices=LegalTrack.choices, default=LegalTrack.HEALTH_CARE)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices)
    service_type = models.CharField(_("tjeneste"), max_length=20, choices=WantedService.choices, blank=True)
    applied_for = models.TextField(_("hva det er søkt om"), blank=True)
    scope_amount = models.PositiveSmallIntegerField(_("omfang (antall)"), null=True, blank=True)
    scope_unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices, blank=True)
    scope_period = models.CharField(_("per"), max_length=10, choices=ScopePeriod.choices, default=ScopePeriod.MONTH)
    period_from = models.DateField(_("fra dato"), null=True, blank=True)
    period_to = models.DateField(_("til dato"), null=True, blank=True)
    criterion = models.TextField(_("vilkåret"), blank=True, help_text=_("Hva loven krever, for eksempel «særlig tyngende omsorgsarbeid»."))
    facts = models.TextField(_("faktiske forhold"), blank=True, help_text=_("Hva kommunen har lagt til grunn om situasjonen."))
    reasons = models.TextField(_("begrunnelse"))
    legal_basis = models.CharField(_("hjemmel"), max_length=300)
    best_interests = models.TextField(_("vurdering av barnets beste"), help_text=_("Grunnloven § 104."))
    child_views = models.TextField(_("barnets egne synspunkter"), help_text=_("Hva barnet mener, eller hvorfor barnet ikke er hørt."))
    child_views_weight = models.TextField(_("hvordan barnets synspunkter er vektlagt"), blank=True)
    plan_answer = models.TextField(
        _("svar om individuell plan og koordinator"), blank=True, help_text=_("Påkrevd når det er bedt om individuell plan eller koordinator."),
    )
    appeal_weeks = models.PositiveSmallIntegerField(_("klagefrist (uker)"))
    appeal_body = models.CharField(_("klageinstans"), max_length=200)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("utkast av"),
    )
    second_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kontrollert av"),
    )
    second_checked_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vedtatt av"),
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("erstatter vedtak"),
        help_text=_("Et nytt vedtak som omgjør et tidligere (helt eller delvis). Begge står i historikken."),
    )
    reversed_at = models.DateTimeField(_("omgjort"), null=True, blank=True)
    delivery = models.CharField(
        _("hvordan vedtaket sendes"), max_length=10, choices=DecisionDelivery.choices, default=DecisionDelivery.DIGITAL,
    )
    notified_at = models.DateTimeField(
        _("kom fram til søkeren"), null=True, blank=True,
        help_text=_("Klagefristen regnes fra denne datoen. Digitalt: da vedtaket ble lagt på statussiden og varselet om "
                    "vedtaket ble sendt. Brev: datoen saksbehandleren registrerer."),
    )
    read_at = models.DateTimeField(
        _("åpnet av søkeren"), null=True, blank=True,
        help_text=_("Første gang søkeren åpnet vedtaksbrevet på statussiden. Flytter ikke klagefristen."),
    )

    objects = ConfirmedDecisionManager()
    all_objects = AllDecisionsManager()

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-decided_at", "-pk"]
        base_manager_name = "all_objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="rejected") | models.Q(status="draft") | (
                    ~models.Q(service_type="") & models.Q(scope_amount__isnull=False) & ~models.Q(scope_unit="")
                    & models.Q(period_from__isnull=False)
                ),
                name="decision_granted_has_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | (models.Q(decided_at__isnull=False) & models.Q(decided_by__isnull=False)),
                name="decision_confirmed_has_decider",
            ),
            models.CheckConstraint(
                condition=(models.Q(application__isnull=False, child_welfare_case__isnull=True, track="health_care")
                           | models.Q(application__isnull=True, child_welfare_case__isnull=False, track="child_welfare")),
                name="decision_one_case_on_its_track",
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__isnull=True) | models.Q(period_from__isnull=True) | models.Q(period_to__gte=models.F("period_from")),
                name="decision_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.case} – {self.get_outcome_display()}"

    @property
    def case(self):
        """The parent's application (helse- og omsorg) or the barnevern case the vedtak is made in."""
        return self.application if self.application_id else self.child_welfare_case

    @property
    def scope_display(self) -> str:
        """The granted scope as a number and its unit: «2 helger per måned», «1 døgn per måned», «4 timer per uke»."""
        if self.scope_amount is None or not self.scope_unit:
            return ""
        return f"{quantity(self.scope_amount, self.scope_unit)} {ScopePeriod(self.scope_period).label}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == DecisionStatus.CONFIRMED

    @property
    def is_granted(self) -> bool:
        return self.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


class AppealStatus(models.TextChoices):
    LODGED = "lodged", _("Mottatt")
    REVERSED = "reversed", _("Omgjort av kommunen")
    FORWARDED = "forwarded", _("Sendt til Statsforvalteren")
    DISMISSED = "dismissed", _("Avvist: kom etter klagefristen")


class Appeal(models.Model):
    """A klage on a vedtak: lodged with the kommune, which reverses it or forwards it to Statsforvalteren."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("vedtak"))
    text = models.TextField(_("klagen"))
    attachment = models.FileField(_("vedlegg"), upload_to="appeals/", storage=private_storage, blank=True)
    attachment_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    attachment_type = models.CharField(
        _("filtype"), max_length=50, blank=True,
        help_text=_("Avgjort ut fra innholdet da filen ble lastet opp, ikke navnet. Filen sendes alltid med denne typen."),
    )
    lodged_at = models.DateTimeField(_("mottatt"), default=timezone.now, help_text=_("Klagefristen er overholdt når klagen kom innen fristen."))
    lodged_by = models.CharField(
        _("klager"), max_length=200, blank=True, help_text=_("Parten som klaget. Tomt: søkeren, på statussiden."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("registrert av"),
        help_text=_("Saksbehandleren som registrerte en klage som kom per brev eller muntlig. Tomt: levert på statussiden."),
    )
    status = models.CharField(_("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.LODGED)
    answer_reverse = models.BooleanField(
        _("utkast: omgjør vedtaket"), null=True, blank=True,
        help_text=_("Utkastet til svar: omgjøre (ja) eller opprettholde og sende til klageinstansen (nei). Tomt: ikke skrevet."),
    )
    answer_drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("utkast av"),
    )
    answer_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kontrollert av"),
    )
    answer_checked_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("behandlet av")
    )
    handling_note = models.TextField(_("vurdering"), blank=True)
    late = models.BooleanField(_("kom etter klagefristen"), default=False)
    late_considered = models.BooleanField(
        _("behandles selv om den kom for sent"), null=True, blank=True,
        help_text=_("Forvaltningsloven § 31. Tomt: ikke avgjort ennå."),
    )
    late_reasons = models.TextField(_("begrunnelse for om klagen behandles"), blank=True)
    late_decided_at = models.DateTimeField(_("avgjort om klagen behandles"), null=True, blank=True)
    late_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("avgjort av"),
    )

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["lodged_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(late=True) | models.Q(late_considered__isnull=True), name="appeal_late_decision_only_when_late"),
            models.CheckConstraint(
                condition=models.Q(late_considered__isnull=True) | (~models.Q(late_reasons="") & models.Q(late_decided_at__isnull=False)),
                name="appeal_late_decision_has_reasons",
            ),
            models.CheckConstraint(condition=~models.Q(status="dismissed") | models.Q(late_considered=False), name="appeal_dismissed_only_when_late"),
        ]

    def __str__(self):
        return f"{self.decision} – {self.get_status_display()}"

    @property
    def answer_drafted(self) -> bool:
        """The kommune's answer is written but not yet made (previewed, second-checked where required)."""
        return self.status == AppealStatus.LODGED and self.answer_reverse is not None

    @property
    def awaits_late_decision(self) -> bool:
        """A late appeal on which the kommune has not yet decided whether to consider it (forvaltningsloven § 31)."""
        return self.late and self.late_considered is None
