import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from besokshjem.core.names import FULL_NAME_MAX_LENGTH
from besokshjem.core.storage import private_storage
from besokshjem.tenancy.choices import AttestType, HomeType
from besokshjem.tenancy.models import Municipality

from .case import Case


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Mottatt")
    IN_REVIEW = "in_review", _("Under behandling")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avslått")
    WITHDRAWN = "withdrawn", _("Trukket")


class RespiteHomeMode(models.TextChoices):
    """How a volunteer avlastningshjem offers respite (not the parent's avlastning case, which is RespiteApplication)."""

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


class VolunteerAction(models.TextChoices):
    """Audit actions on a volunteer's case (the actions both kinds share are CaseAction)."""

    INTERVIEW_SCHEDULED = "interview_scheduled", _("Samtale avtalt")
    INTERVIEW_HELD = "interview_held", _("Samtale gjennomført")
    INTERVIEW_CANCELLED = "interview_cancelled", _("Samtale avlyst")
    HOME_VISIT_SCHEDULED = "home_visit_scheduled", _("Hjemmebesøk avtalt")
    HOME_VISIT_HELD = "home_visit_held", _("Hjemmebesøk gjennomført")
    HOME_VISIT_CANCELLED = "home_visit_cancelled", _("Hjemmebesøk avlyst")
    PURPOSE_CONFIRMATION_ISSUED = "purpose_confirmation_issued", _("Formålsbekreftelse laget")
    POLICE_CERTIFICATE_REGISTERED = "police_certificate_registered", _("Politiattest registrert")
    POLICE_CERTIFICATE_ASSESSED = "police_certificate_assessed", _("Merknader på politiattest vurdert")
    HOUSEHOLD_BIRTH_DATE_RECORDED = "household_birth_date_recorded", _("Fødselsdato for husstandsmedlem registrert")
    DECLARATION_REQUESTED = "declaration_requested", _("Bedt om signering av taushetserklæring")
    DECLARATION_SIGNED = "declaration_signed", _("Taushetserklæring signert")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avslått")


class VolunteerApplication(Case):
    """A volunteer's application to become a besøkshjem, avlastningshjem or støttekontakt."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="volunteer_applications", verbose_name=_("kommune")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_volunteer_applications",
        verbose_name=_("saksbehandler"),
    )
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True, db_index=True)
    rejection_reason = models.TextField(
        _("begrunnelse for avslag"), blank=True, help_text=_("Vises for søkeren på statussiden, ikke i e-post.")
    )
    declaration_requested_at = models.DateTimeField(
        _("bedt om signering av taushetserklæring"), null=True, blank=True,
        help_text=_("Søkerne kan signere taushetserklæringen på statussiden først når saksbehandleren har bedt om det."),
    )

    # Oppdrag
    home_types = models.JSONField(_("søker om"), default=list, blank=True)
    respite_home_mode = models.CharField(_("avlastning"), max_length=20, choices=RespiteHomeMode.choices, blank=True)
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

    import_key = models.CharField(
        _("nøkkel i tidligere fagsystem"), max_length=100, blank=True,
        help_text=_("Kommunens egen nøkkel for et hjem som ble importert da kommunen tok i bruk portalen. Tomt: søkt her."),
    )

    class Meta:
        verbose_name = _("søknad om å bli hjem eller støttekontakt")
        verbose_name_plural = _("søknader om å bli hjem eller støttekontakt")
        ordering = ["-submitted_at", "-created_at"]
        # The lists a kommune works from (docs/benchmarks.md): its cases newest first, and a status's queue oldest first.
        indexes = [
            models.Index(fields=["municipality", "-submitted_at", "-created_at"], name="volunteer_app_list_idx"),
            models.Index(fields=["municipality", "status", "submitted_at"], name="volunteer_app_queue_idx"),
            # The dashboard's open cases nobody has taken, oldest first.
            models.Index(fields=["municipality", "submitted_at"], name="volunteer_app_unassigned_idx",
                         condition=models.Q(assigned_to__isnull=True, status__in=["submitted", "in_review"])),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"],
                condition=~models.Q(reference=""),
                name="volunteer_application_reference_unique",
            ),
            models.UniqueConstraint(
                fields=["municipality", "import_key"], condition=~models.Q(import_key=""),
                name="volunteer_application_import_key_unique",
            ),
            # An imported home never went through the public form: it has a reference and a date, not the form's consents.
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    ~models.Q(reference="")
                    & models.Q(submitted_at__isnull=False)
                    & (
                        ~models.Q(import_key="")
                        | (
                            models.Q(consent_health=True, confirm_true=True, privacy_read=True)
                            & models.Q(norwegian_written=True, norwegian_oral=True, commitment_one_year=True)
                        )
                    )
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
            HomeType.RESPITE in self.home_types and self.respite_home_mode in (RespiteHomeMode.OVERNIGHT, RespiteHomeMode.BOTH)
        )


class HouseholdMember(models.Model):
    """Someone else living in the applicant's household."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="household_members", verbose_name=_("søknad")
    )
    name = models.CharField(_("navn"), max_length=200)
    birth_date = models.DateField(_("fødselsdato"))
    birth_date_estimated = models.BooleanField(
        _("bare fødselsåret er kjent"), default=False,
        help_text=_("Søknaden spurte tidligere bare om fødselsår; datoen er da satt til 1. januar det året. Registrer "
                    "riktig dato før det lages formålsbekreftelse."),
    )
    relation = models.CharField(_("relasjon"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("husstandsmedlem")
        verbose_name_plural = _("husstandsmedlemmer")
        ordering = ["birth_date", "pk"]

    def __str__(self):
        return f"{self.name} ({self.birth_display})"

    @property
    def birth_display(self) -> str:
        """The birth date as known: a date, or only the year where the date is an estimate."""
        return str(self.birth_date.year) if self.birth_date_estimated else self.birth_date.strftime("%d.%m.%Y")


# ---------------------------------------------------------------------------------------------
# The caseworker's approval checklist (docs/domain.md: «A volunteer's case»).
# ---------------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    INTERVIEW = "interview", _("Samtale")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Avtalt")
    HELD = "held", _("Gjennomført")
    CANCELLED = "cancelled", _("Avlyst")


# What happened to a meeting, per kind of meeting: the audit action to record.
MEETING_SCHEDULED = {MeetingKind.INTERVIEW: VolunteerAction.INTERVIEW_SCHEDULED, MeetingKind.HOME_VISIT: VolunteerAction.HOME_VISIT_SCHEDULED}
MEETING_HELD = {MeetingKind.INTERVIEW: VolunteerAction.INTERVIEW_HELD, MeetingKind.HOME_VISIT: VolunteerAction.HOME_VISIT_HELD}
MEETING_CANCELLED = {MeetingKind.INTERVIEW: VolunteerAction.INTERVIEW_CANCELLED, MeetingKind.HOME_VISIT: VolunteerAction.HOME_VISIT_CANCELLED}


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
    client_nonce = models.UUIDField(
        _("skjemanøkkel"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Skjemaets engangsnøkkel: et skjema som sendes to ganger, gir én rad og én e-post."),
    )

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
        indexes = [
            # The dashboard's «not yet recorded as held»: scheduled meetings that have begun (a scan of every meeting
            # before; docs/benchmarks.md).
            models.Index(fields=["starts_at"], condition=models.Q(status="scheduled"), name="meeting_scheduled_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class PersonRole(models.TextChoices):
    APPLICANT = "applicant", _("Søker")
    PARTNER = "partner", _("Partner")
    HOUSEHOLD = "household", _("Husstandsmedlem")


# The person keys of a case: «applicant», «partner», and «member:<HouseholdMember id>».
HOUSEHOLD_KEY_PREFIX = "member:"


class PurposeConfirmation(models.Model):
    """The formålsbekreftelse: the kommune's letter the applicant needs to order a politiattest."""

    application = models.ForeignKey(
        VolunteerApplication, on_delete=models.CASCADE, related_name="purpose_confirmations", verbose_name=_("søknad")
    )
    person_key = models.CharField(_("person"), max_length=40, help_text=_("«applicant», «partner» eller «member:<id>»."))
    person_name = models.CharField(_("navn"), max_length=FULL_NAME_MAX_LENGTH)
    person_birth = models.CharField(_("fødselsdato"), max_length=20, help_text=_("Slik den står i bekreftelsen."))
    home_type = models.CharField(
        _("type oppdrag"), max_length=20, choices=HomeType.choices,
        help_text=_("Oppdraget bekreftelsen gjelder. Attesttype og hjemmel følger kommunens innstilling for oppdraget."),
    )
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
        return f"{self.person_name} – {self.get_home_type_display()} – {self.get_attest_type_display()}"

    @property
    def for_household_member(self) -> bool:
        return self.person_key.startswith(HOUSEHOLD_KEY_PREFIX)


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
    person_name = models.CharField(_("navn"), max_length=FULL_NAME_MAX_LENGTH)
    attest_type = models.CharField(_("attesttype"), max_length=30, choices=AttestType.choices)
    issue_date = models.DateField(_("utstedt dato"))
    shown_date = models.DateField(_("vist dato"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kontrollert av")
    )
    outcome = models.CharField(_("resultat"), max_length=20, choices=AttestOutcome.choices)
    note = models.TextField(_("merknad"), blank=True, help_text=_("Hva attesten viser, når den har merknader."))
    assessment = models.TextField(
        _("vurdering av merknadene"), blank=True,
        help_text=_("Saksbehandlerens vurdering av om merknadene er forenlige med oppdraget."),
    )
    assessment_acceptable = models.BooleanField(
        _("merknadene er forenlige med oppdraget"), null=True, blank=True, help_text=_("Tomt: ikke vurdert ennå."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vurdert av"),
    )
    assessed_at = models.DateTimeField(_("vurdert"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=models.Q(assessed_at__isnull=True, assessed_by__isnull=True, assessment_acceptable__isnull=True, assessment="")
                | (
                    models.Q(outcome="remarks", assessed_at__isnull=False, assessed_by__isnull=False, assessment_acceptable__isnull=False)
                    & ~models.Q(assessment="")
                ),
                name="police_certificate_assessment_complete",
            ),
        ]

    def __str__(self):
        return f"{self.person_name} – {self.get_attest_type_display()}"

    @property
    def needs_assessment(self) -> bool:
        return self.outcome == AttestOutcome.REMARKS and self.assessed_at is None

    @property
    def acceptable(self) -> bool:
        """Counts towards approval: no remarks, or remarks the caseworker has assessed as compatible with the role."""
        return self.outcome == AttestOutcome.NO_REMARKS or bool(self.assessed_at and self.assessment_acceptable)


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
    typed_name = models.CharField(_("navn skrevet inn"), max_length=FULL_NAME_MAX_LENGTH)
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
