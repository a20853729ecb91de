import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from besokshjem.core.storage import private_storage
from besokshjem.tenancy.choices import AttestType, HomeType
from besokshjem.tenancy.models import Municipality


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Mottatt")
    IN_REVIEW = "in_review", _("Under behandling")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avslått")
    WITHDRAWN = "withdrawn", _("Trukket")


class RespiteMode(models.TextChoices):
    OVERNIGHT = "overnight", _("Med overnatting (døgnavlastning)")
    HOURLY = "hourly", _("Bare på dagtid (timebasert)")
    BOTH = "both", _("Begge deler")


class HousingType(models.TextChoices):
    DETACHED = "detached", _("Enebolig")
    SEMI_DETACHED = "semi_detached", _("Rekkehus eller tomannsbolig")
    APARTMENT = "apartment", _("Leilighet")
    FARM = "farm", _("Gårdsbruk")
    OTHER = "other", _("Annet")


class HousingTenure(models.TextChoices):
    OWN = "own", _("Eier")
    RENT = "rent", _("Leier")


class HealthRating(models.TextChoices):
    GOOD = "good", _("God")
    SOME_CHALLENGES = "some", _("Noen utfordringer")
    POOR = "poor", _("Svekket")


class OtherAssignment(models.TextChoices):
    SUPPORT_CONTACT = "support_contact", _("Støttekontakt")
    FOSTER_HOME = "foster_home", _("Fosterhjem")
    RESPITE_CARER = "respite_carer", _("Avlaster")
    SUPERVISOR = "supervisor", _("Tilsynsfører")
    OTHER = "other", _("Annet oppdrag eller arbeid for kommunen")


class Relation(models.TextChoices):
    PARTNER = "partner", _("Ektefelle, samboer eller partner")
    CHILD = "child", _("Barn")
    OTHER_ADULT = "other_adult", _("Annen voksen")
    OTHER_CHILD = "other_child", _("Annet barn (for eksempel fosterbarn)")


class SiblingPair(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nei")
    MAYBE = "maybe", _("Kanskje")


class VolunteerApplication(models.Model):
    """A volunteer's application to become a besøkshjem, avlastningshjem or støttekontakt."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="volunteer_applications", verbose_name=_("kommune")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    reference = models.CharField(
        _("saksnummer"), max_length=20, blank=True, help_text=_("Tildeles når søknaden sendes inn.")
    )
    access_key = models.UUIDField(_("tilgangsnøkkel"), default=uuid.uuid4, unique=True, editable=False)
    client_nonce = models.UUIDField(
        _("skjema-ID"), unique=True, null=True, blank=True, editable=False,
        help_text=_("Hindrer at et dobbeltklikk på første steg lager to utkast."),
    )
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES, default="nb")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_volunteer_applications",
        verbose_name=_("saksbehandler"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("begrunnelse for avslag"), blank=True, help_text=_("Vises for søkeren på statussiden, ikke i e-post.")
    )
    resume_link_sent_at = models.DateTimeField(_("lenke for å fortsette sendt"), null=True, blank=True)
    draft_answers = models.JSONField(
        _("ulagrede svar"), default=dict, blank=True, editable=False,
        help_text=_("Svar fra et steg som ikke var gyldig da søkeren gikk tilbake; vises igjen på steget."),
    )

    # Oppdrag
    home_types = models.JSONField(_("søker om"), default=list, blank=True)
    respite_mode = models.CharField(_("avlastning"), max_length=20, choices=RespiteMode.choices, blank=True)
    applying_together = models.BooleanField(_("søker sammen med partner"), default=False)

    # Søker
    first_name = models.CharField(_("fornavn"), max_length=100, blank=True)
    last_name = models.CharField(_("etternavn"), max_length=100, blank=True)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    email = models.EmailField(_("e-post"), blank=True, db_index=True)
    phone = PhoneNumberField(_("telefon"), region="NO", blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    post_town = models.CharField(_("poststed"), max_length=100, blank=True)
    home_municipality = models.CharField(_("bostedskommune"), max_length=100, blank=True)
    partner_first_name = models.CharField(_("partners fornavn"), max_length=100, blank=True)
    partner_last_name = models.CharField(_("partners etternavn"), max_length=100, blank=True)
    partner_birth_date = models.DateField(_("partners fødselsdato"), null=True, blank=True)
    partner_email = models.EmailField(_("partners e-post"), blank=True)
    partner_phone = PhoneNumberField(_("partners telefon"), region="NO", blank=True)

    # Boligforhold
    housing_type = models.CharField(_("boligtype"), max_length=20, choices=HousingType.choices, blank=True)
    housing_tenure = models.CharField(_("eie eller leie"), max_length=10, choices=HousingTenure.choices, blank=True)
    rooms = models.PositiveSmallIntegerField(_("antall rom"), null=True, blank=True)
    child_bedroom = models.BooleanField(_("eget soverom til barnet"), null=True, blank=True)
    pets = models.BooleanField(_("dyr i hjemmet"), null=True, blank=True)
    pets_details = models.CharField(_("hvilke dyr"), max_length=200, blank=True)
    smoking = models.BooleanField(_("røyking i hjemmet"), null=True, blank=True)
    distance_notes = models.TextField(_("avstand til skole, barnehage og aktiviteter"), blank=True)

    # Helse (særlige kategorier: behandles på uttrykkelig samtykke, GDPR art. 9 nr. 2 bokstav a)
    physical_health = models.CharField(_("fysisk helse"), max_length=10, choices=HealthRating.choices, blank=True)
    mental_health = models.CharField(_("psykisk helse"), max_length=10, choices=HealthRating.choices, blank=True)
    substance_use = models.BooleanField(_("rusproblemer i husstanden"), null=True, blank=True)
    major_crises = models.BooleanField(_("store livskriser siste tre år"), null=True, blank=True)
    health_details = models.TextField(_("utdyping om helse"), blank=True)

    # Andre oppdrag
    other_assignments = models.JSONField(_("andre oppdrag for kommunen"), default=list, blank=True)
    other_assignments_details = models.TextField(_("utdyping om andre oppdrag"), blank=True)

    # Om dere
    interests = models.TextField(_("interesser"), blank=True)
    personal_qualities = models.TextField(_("personlige egenskaper"), blank=True)
    disability_thoughts = models.TextField(_("tanker om barn med funksjonsnedsettelse"), blank=True)
    motivation = models.TextField(_("motivasjon"), blank=True)

    # Ønsker
    age_min = models.PositiveSmallIntegerField(_("barnets alder fra"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("barnets alder til"), null=True, blank=True)
    sibling_pair = models.CharField(_("søskenpar"), max_length=10, choices=SiblingPair.choices, blank=True)
    frequency_per_month = models.PositiveSmallIntegerField(
        _("helger eller døgn per måned"), null=True, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("timer per uke"), null=True, blank=True)
    availability = models.TextField(_("når dere kan"), blank=True)
    holidays = models.BooleanField(_("kan også i ferier"), null=True, blank=True)

    # Praktisk
    has_driving_licence = models.BooleanField(_("førerkort"), null=True, blank=True)
    has_car = models.BooleanField(_("disponerer bil"), null=True, blank=True)
    norwegian_written = models.BooleanField(_("behersker norsk skriftlig"), default=False)
    norwegian_oral = models.BooleanField(_("behersker norsk muntlig"), default=False)
    commitment_one_year = models.BooleanField(_("kan binde seg for minst ett år"), default=False)

    # Samtykker og bekreftelser
    consent_health = models.BooleanField(_("samtykke til behandling av helseopplysninger"), default=False)
    confirm_true = models.BooleanField(_("bekrefter at opplysningene er riktige"), default=False)
    privacy_read = models.BooleanField(_("har lest personvernerklæringen"), default=False)
    politiattest_acknowledged = models.BooleanField(_("kjent med krav om politiattest"), default=False)

    class Meta:
        verbose_name = _("søknad om å bli hjem eller støttekontakt")
        verbose_name_plural = _("søknader om å bli hjem eller støttekontakt")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"],
                condition=~models.Q(reference=""),
                name="volunteer_application_reference_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    ~models.Q(reference="")
                    & models.Q(submitted_at__isnull=False)
                    & models.Q(consent_health=True, confirm_true=True, privacy_read=True)
                    & models.Q(norwegian_written=True, norwegian_oral=True, commitment_one_year=True)
                ),
                name="volunteer_application_submitted_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="volunteer_application_age_band_ordered",
            ),
        ]

    def __str__(self):
        return self.reference or _("Utkast %(id)s") % {"id": self.pk}

    @property
    def applicant_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def partner_name(self) -> str:
        return f"{self.partner_first_name} {self.partner_last_name}".strip()

    def get_home_types_display(self) -> str:
        labels = dict(HomeType.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.home_types)

    def get_other_assignments_display(self) -> str:
        labels = dict(OtherAssignment.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.other_assignments)

    @property
    def hosts_children(self) -> bool:
        """Besøkshjem and avlastningshjem take the child home; a støttekontakt does not."""
        return bool({HomeType.VISITING, HomeType.RESPITE} & set(self.home_types))

    @property
    def offers_overnight(self) -> bool:
        return HomeType.VISITING in self.home_types or (
            HomeType.RESPITE in self.home_types and self.respite_mode in (RespiteMode.OVERNIGHT, RespiteMode.BOTH)
        )

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class HouseholdMember(models.Model):
    """Someone else living in the applicant's household."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="household_members", verbose_name=_("søknad")
    )
    name = models.CharField(_("navn"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))
    relation = models.CharField(_("relasjon"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("husstandsmedlem")
        verbose_name_plural = _("husstandsmedlemmer")
        ordering = ["birth_year", "pk"]

    def __str__(self):
        return f"{self.name} ({self.birth_year})"


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


# ---------------------------------------------------------------------------------------------
# The caseworker's approval checklist (design.md: "Approval of a volunteer home").
# ---------------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    INTERVIEW = "interview", _("Samtale")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Avtalt")
    HELD = "held", _("Gjennomført")
    CANCELLED = "cancelled", _("Avlyst")


class Meeting(models.Model):
    """An interview (samtale) or a home visit (hjemmebesøk) with the applicant(s)."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("søknad")
    )
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    starts_at = models.DateTimeField(_("tidspunkt"))
    duration_minutes = models.PositiveSmallIntegerField(_("varighet (minutter)"), default=60)
    place = models.CharField(
        _("sted"), max_length=200, blank=True, help_text=_("Adresse eller rom. Ved hjemmebesøk: søkerens adresse.")
    )
    is_video = models.BooleanField(_("på video"), default=False)
    video_link = models.URLField(_("videolenke"), blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saksbehandler")
    )
    held_at = models.DateTimeField(_("gjennomført"), null=True, blank=True)
    notes = models.TextField(_("referat"), blank=True)
    # Structured note of a home visit
    bedroom_for_child = models.BooleanField(_("eget soverom til barnet"), null=True, blank=True)
    safety_notes = models.TextField(_("sikkerhet i hjemmet"), blank=True)
    impression = models.TextField(_("helhetsinntrykk"), blank=True)
    invited_at = models.DateTimeField(_("invitasjon sendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("samtale eller hjemmebesøk")
        verbose_name_plural = _("samtaler og hjemmebesøk")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="held") | (models.Q(held_at__isnull=False) & ~models.Q(notes="")),
                name="meeting_held_has_time_and_notes",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class PersonRole(models.TextChoices):
    APPLICANT = "applicant", _("Søker")
    PARTNER = "partner", _("Partner")
    HOUSEHOLD = "household", _("Husstandsmedlem")


class PurposeConfirmation(models.Model):
    """The formålsbekreftelse: the kommune's letter the applicant needs to order a politiattest."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="purpose_confirmations", verbose_name=_("søknad")
    )
    person_key = models.CharField(_("person"), max_length=40, help_text=_("«applicant», «partner» eller «member:<id>»."))
    person_name = models.CharField(_("navn"), max_length=200)
    person_birth = models.CharField(_("fødselsdato eller -år"), max_length=20)
    role = models.CharField(_("oppdraget"), max_length=100)
    attest_type = models.CharField(_("attesttype"), max_length=30, choices=AttestType.choices)
    legal_basis = models.CharField(_("hjemmel"), max_length=300)
    tasks = models.TextField(_("oppgaver"))
    place = models.CharField(_("sted for oppdraget"), max_length=200)
    issued_at = models.DateTimeField(_("utstedt"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("utstedt av")
    )

    class Meta:
        verbose_name = _("formålsbekreftelse")
        verbose_name_plural = _("formålsbekreftelser")
        ordering = ["issued_at"]

    def __str__(self):
        return f"{self.person_name} – {self.get_attest_type_display()}"


class AttestOutcome(models.TextChoices):
    NO_REMARKS = "no_remarks", _("Ingen merknader")
    REMARKS = "remarks", _("Merknader")


def attest_copy_path(instance, filename):
    return f"attests/{instance.application_id}/{uuid.uuid4().hex}.pdf"


class PoliceCertificate(models.Model):
    """That a valid politiattest was seen: by default no copy is kept (the person keeps the attest)."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="police_certificates", verbose_name=_("søknad")
    )
    person_key = models.CharField(_("person"), max_length=40)
    person_name = models.CharField(_("navn"), max_length=200)
    attest_type = models.CharField(_("attesttype"), max_length=30, choices=AttestType.choices)
    issue_date = models.DateField(_("utstedt dato"))
    shown_date = models.DateField(_("vist dato"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kontrollert av")
    )
    outcome = models.CharField(_("resultat"), max_length=20, choices=AttestOutcome.choices)
    note = models.TextField(_("merknad"), blank=True)
    copy = models.FileField(
        _("kopi"), upload_to=attest_copy_path, blank=True, storage=private_storage,
        help_text=_("Bare når kommunen tar kopi. Slettes når oppdraget avsluttes."),
    )
    copy_deleted_at = models.DateTimeField(_("kopi slettet"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("politiattest")
        verbose_name_plural = _("politiattester")
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person_key", "attest_type"], name="police_certificate_unique"),
            models.CheckConstraint(condition=models.Q(issue_date__lte=models.F("shown_date")), name="police_certificate_issued_before_shown"),
            models.CheckConstraint(
                condition=~models.Q(outcome="remarks") | ~models.Q(note=""), name="police_certificate_remarks_have_note"
            ),
        ]

    def __str__(self):
        return f"{self.person_name} – {self.get_attest_type_display()}"


class DeclarationText(models.Model):
    """A version of the taushetserklæring. A new version needs new signatures."""

    version = models.PositiveIntegerField(_("versjon"), unique=True)
    title = models.CharField(_("tittel"), max_length=200)
    body = models.TextField(_("tekst"))
    valid_from = models.DateTimeField(_("gjelder fra"))

    class Meta:
        verbose_name = _("tekst til taushetserklæring")
        verbose_name_plural = _("tekster til taushetserklæring")
        ordering = ["-version"]

    def __str__(self):
        return f"{self.title} v{self.version}"


class DeclarationSignature(models.Model):
    """A signed taushetserklæring: who (typed full name), when, and which version of the text."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="declaration_signatures", verbose_name=_("søknad")
    )
    person_key = models.CharField(_("person"), max_length=40)
    typed_name = models.CharField(_("navn skrevet inn"), max_length=200)
    text = models.ForeignKey(DeclarationText, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("tekstversjon"))
    signed_at = models.DateTimeField(_("signert"), auto_now_add=True)

    class Meta:
        verbose_name = _("signert taushetserklæring")
        verbose_name_plural = _("signerte taushetserklæringer")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person_key", "text"], name="declaration_signature_unique")
        ]

    def __str__(self):
        return f"{self.typed_name} (v{self.text.version})"


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


class RespiteApplication(models.Model):
    """A parent's (foresatt's) application for avlastning for a child with heavy care needs."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="respite_applications", verbose_name=_("kommune")
    )
    status = models.CharField(_("status"), max_length=20, choices=RespiteStatus.choices, default=RespiteStatus.DRAFT, db_index=True)
    reference = models.CharField(_("saksnummer"), max_length=20, blank=True)
    access_key = models.UUIDField(_("tilgangsnøkkel"), default=uuid.uuid4, unique=True, editable=False)
    client_nonce = models.UUIDField(_("skjema-ID"), unique=True, null=True, blank=True, editable=False)
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES, default="nb")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_respite_applications", verbose_name=_("saksbehandler"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    submitted_at = models.DateTimeField(
        _("mottatt"), null=True, blank=True, db_index=True, help_text=_("Fristen for vedtak (én måned) regnes fra denne datoen.")
    )
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    resume_link_sent_at = models.DateTimeField(_("lenke for å fortsette sendt"), null=True, blank=True)
    draft_answers = models.JSONField(_("ulagrede svar"), default=dict, blank=True, editable=False)

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

    def __str__(self):
        return self.reference or _("Utkast %(id)s") % {"id": self.pk}

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()

    @property
    def is_draft(self) -> bool:
        return self.status == RespiteStatus.DRAFT

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
