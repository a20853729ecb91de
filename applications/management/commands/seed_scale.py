"""Fictional data at the scale of Norway's largest kommune (issue 14): 10 kommuner, 50,000 volunteer applications
with their households, meetings and attests, 20,000 parents' applications with decisions and appeals, 5,000 approved
homes, 10,000 placements with their dates, time sheets and follow-ups, and 100,000 outbox e-mails (`--scale` scales
every count).

Kommuner and their people go through the services (`municipality_create`, `membership_grant`); every other row is
written with bulk_create, one transaction per part, the way the services would have left it: the same fields, the
same references from each kommune's series, every CheckConstraint held. The services themselves are not called per
row: they check, audit and write e-mails one case at a time, which at this size takes hours. No audit entries are
written for the same reason, nor agreements (their text is rendered per case), so an approved home's checklist shows
its agreements missing. Every person, address and e-mail is made up (example.no); every fødselsnummer is a synthetic
one (month + 80). The same `--seed` on the same day gives the same data, except the applicants' access keys: those
stay random (uuid4), since a status link must never be guessable from a seed.
"""

import random
import time as clock
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, Subquery
from django.utils import timezone, translation

from applications.decisions.law import citations
from applications.management.commands.seed_demo import DEMO_PASSWORD, FIRST, LAST, STREETS
from applications.management.commands.seed_demo import MUNICIPALITIES as DEMO_MUNICIPALITIES
from applications.management.commands.seed_demo import Command as SeedDemo
from applications.models import (
    Appeal,
    AppealStatus,
    ApplicationStatus,
    AttestOutcome,
    ChildWelfareCase,
    Decision,
    DecisionDelivery,
    DecisionStatus,
    DeclarationSignature,
    HouseholdMember,
    InterimReply,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
    PersonRole,
    PoliceCertificate,
    PurposeConfirmation,
    ReferenceSequence,
    RespiteApplication,
    RespiteStatus,
    VolunteerApplication,
    WantedService,
)
from applications.respite.selectors import appeal_lodged_late
from applications.respite.services import applied_for_text
from applications.volunteer.checklist import attest_people, current_declaration_text, signers
from applications.volunteer.services import HOUSEHOLD_ROLE, TASKS
from besokshjem.accounts.models import User
from besokshjem.core.national_id import check_digits
from besokshjem.outbox.models import Message, MessageStatus
from besokshjem.reminders.services import dedupe_key as reminder_key
from besokshjem.tenancy.choices import HomeType, LegalTrack
from besokshjem.tenancy.models import Municipality, Role
from besokshjem.tenancy.services import membership_grant, municipality_create
from placements.models import (
    HOME_TYPE_FOR_SERVICE,
    ApprovedHome,
    ExceptionKind,
    FollowUp,
    FollowUpKind,
    HomeStatus,
    Need,
    Placement,
    PlacementException,
    PlacementStatus,
    Proposal,
    ProposalStatus,
    ScheduleKind,
    ScopePeriod,
    TimeSheet,
    TimeSheetEntry,
    TimeSheetStatus,
)
from placements.schedules import OSLO, first_date, occurrences, schedule_for
from placements.selectors import placement_settings_for
from placements.services import role_frequency
from placements.timesheets import month_end, month_start
from placements.units import Unit

#: The counts at --scale 1.0.
FULL = {"volunteer": 50_000, "approved": 5_000, "respite": 20_000, "placements": 10_000, "messages": 100_000}
#: How the volunteer applications that are not approved spread over the workflow (the approved are FULL["approved"]).
VOLUNTEER_SHARES = {
    ApplicationStatus.DRAFT: 8, ApplicationStatus.SUBMITTED: 14, ApplicationStatus.IN_REVIEW: 20,
    ApplicationStatus.REJECTED: 24, ApplicationStatus.WITHDRAWN: 24,
}
RESPITE_SHARES = {
    RespiteStatus.DRAFT: 5, RespiteStatus.SUBMITTED: 7.5, RespiteStatus.IN_REVIEW: 12.5, RespiteStatus.DECIDED: 70,
    RespiteStatus.WITHDRAWN: 5,
}
OUTCOME_SHARES = {Outcome.GRANTED: 72, Outcome.PARTLY_GRANTED: 14, Outcome.REJECTED: 14}
APPEAL_SHARE = 0.05
CHUNK = 5000  # cases generated and written at a time
BATCH = 2000  # rows per INSERT (Django lowers it where SQLite needs fewer)

#: When cases were sent in, by status: (most recent, oldest) in days before now.
VOLUNTEER_WINDOWS = {
    ApplicationStatus.SUBMITTED: (1, 45), ApplicationStatus.IN_REVIEW: (14, 240), ApplicationStatus.APPROVED: (130, 1090),
    ApplicationStatus.REJECTED: (30, 1090), ApplicationStatus.WITHDRAWN: (10, 1090),
}
RESPITE_WINDOWS = {
    RespiteStatus.SUBMITTED: (0.5, 25), RespiteStatus.IN_REVIEW: (7, 120), RespiteStatus.DECIDED: (20, 1095),
    RespiteStatus.WITHDRAWN: (5, 1095),
}

# Ten of the largest kommuner; Bergen and Lillestrøm as seed_demo has them, so both commands agree on them.
_DEMO = {spec["slug"]: spec for spec in DEMO_MUNICIPALITIES}
KOMMUNER = [
    {"name": "Oslo", "slug": "oslo", "number": "0301", "reference_prefix": "OSL", "contact_unit": "Bydel Eksempel, barneverntjenesten",
     "appeal_authority": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus", "decisions_need_second_check": True},
    _DEMO["bergen"] | {"appeal_authority": "Statsforvalteren i Vestland"},
    {"name": "Trondheim", "slug": "trondheim", "number": "5001", "reference_prefix": "TRD", "contact_unit": "Helse og velferd",
     "appeal_authority": "Statsforvalteren i Trøndelag", "decisions_need_second_check": True},
    {"name": "Stavanger", "slug": "stavanger", "number": "1103", "reference_prefix": "SVG", "contact_unit": "Oppvekst og levekår",
     "appeal_authority": "Statsforvalteren i Rogaland"},
    {"name": "Bærum", "slug": "baerum", "number": "3201", "reference_prefix": "BAE", "contact_unit": "Barn og familie",
     "appeal_authority": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus", "household_attest_required": True},
    {"name": "Kristiansand", "slug": "kristiansand", "number": "4204", "reference_prefix": "KRS", "contact_unit": "Oppvekst",
     "appeal_authority": "Statsforvalteren i Agder"},
    {"name": "Drammen", "slug": "drammen", "number": "3301", "reference_prefix": "DRM", "contact_unit": "Barn, familie og helse",
     "appeal_authority": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"},
    {"name": "Asker", "slug": "asker", "number": "3203", "reference_prefix": "ASK", "contact_unit": "Oppvekst",
     "appeal_authority": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"},
    _DEMO["lillestrom"] | {"appeal_authority": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"},
    {"name": "Fredrikstad", "slug": "fredrikstad", "number": "3107", "reference_prefix": "FRE", "contact_unit": "Tildelingskontoret",
     "appeal_authority": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"},
]
PLACES = {
    "oslo": [("0150", "Oslo"), ("0556", "Oslo"), ("0950", "Oslo"), ("1150", "Oslo")],
    "bergen": [("5003", "Bergen"), ("5141", "Fyllingsdalen"), ("5221", "Nesttun"), ("5171", "Loddefjord")],
    "trondheim": [("7010", "Trondheim"), ("7051", "Trondheim"), ("7088", "Heimdal")],
    "stavanger": [("4006", "Stavanger"), ("4022", "Stavanger"), ("4077", "Hundvåg")],
    "baerum": [("1338", "Sandvika"), ("1357", "Bekkestua"), ("1349", "Rykkinn")],
    "kristiansand": [("4608", "Kristiansand S"), ("4633", "Kristiansand S"), ("4640", "Søgne")],
    "drammen": [("3015", "Drammen"), ("3040", "Drammen"), ("3050", "Mjøndalen")],
    "asker": [("1383", "Asker"), ("1394", "Nesbru"), ("3440", "Røyken")],
    "lillestrom": [("2000", "Lillestrøm"), ("2010", "Strømmen"), ("2020", "Skedsmokorset")],
    "fredrikstad": [("1606", "Fredrikstad"), ("1630", "Gamle Fredrikstad"), ("1671", "Kråkerøy")],
}
FIRST_NAMES = FIRST + ["Silje", "Anders", "Tone", "Eirik", "Randi", "Håkon", "Liv", "Vegard", "Åse", "Øystein"]
LAST_NAMES = LAST + ["Vindhaug", "Tjernvik", "Kvernmo-Test", "Lyngheim", "Furuhaug", "Bråtestad-Demo", "Eikemo"]
CHILD_NAMES = ["Emma", "Noah", "Ella", "Oskar", "Olivia", "Jakob", "Sofie", "Filip", "Maja", "Lukas", "Frida", "Isak"]
STREET_NAMES = STREETS + ["Oppdiktet gate", "Prøvestien", "Lekeplassvegen"]
SERVICE_FOR_HOME = {
    HomeType.VISITING: [WantedService.VISITING], HomeType.SUPPORT_CONTACT: [WantedService.SUPPORT_CONTACT],
}
MOBILE_PREFIXES = ["41", "45", "46", "47", "48", "90", "92", "93", "95", "97", "98"]  # numbers phonenumbers accepts
ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-"})


def exact_counts(total: int, shares: dict) -> dict:
    """`total` split by `shares`, the remainders given to the largest fractions: the parts always add up."""
    whole = sum(shares.values())
    raw = {key: total * share / whole for key, share in shares.items()}
    counts = {key: int(value) for key, value in raw.items()}
    for key in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def synthetic_national_id(birth: date, individual: int) -> str:
    """A Tenor-style fødselsnummer (month + 80): no real person can have it. Born 2000–2039: individual 500–999."""
    for number in range(individual, individual + 20):
        first_nine = f"{birth.day:02d}{birth.month + 80:02d}{birth.year % 100:02d}{number:03d}"
        digits = check_digits(first_nine)
        if len(digits) == 2 and digits.isdigit():
            return first_nine + digits
    raise ValueError("no valid control digits")


def email_name(*parts) -> str:
    return ".".join(str(p).lower().translate(ASCII) for p in parts)


@dataclass(slots=True)
class Planned:
    """A case before it is written: its kommune, status and dates, and the reference its kommune's series gives it."""

    kind: str
    status: str
    k: int
    submitted_at: datetime | None
    closed_at: datetime | None = None
    reference: str = ""


@dataclass
class Slot:
    """One child's place in a home: its placements follow one another."""

    home: "HomePlan"
    last_start: date | None = None
    occupant: "Placement | None" = None


@dataclass
class HomePlan:
    home: ApprovedHome
    email: str
    language: str
    approved_on: date
    services: list[str]
    slots: list[Slot] = field(default_factory=list)


def before(expression, days: float):
    """A stored moment `days` earlier, in an UPDATE."""
    return ExpressionWrapper(expression - timedelta(days=days), output_field=DateTimeField())


def after(expression, days: float):
    return ExpressionWrapper(expression + timedelta(days=days), output_field=DateTimeField())


class _WithExceptions:
    """A placement as `placements.schedules` reads it, with the exceptions about to be written beside it."""

    def __init__(self, placement, exceptions):
        self._placement = placement
        self.exceptions = SimpleNamespace(all=lambda: exceptions)

    def __getattr__(self, name):
        return getattr(self._placement, name)


class Command(BaseCommand):
    help = "Seeds fictional data at the scale of Norway's largest kommune (bulk inserts). Not for production."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Share of every count (0.01: 1 %%). Default 1.0.")
        parser.add_argument("--seed", type=int, default=42, help="Seed of the random numbers (same seed, same data). Default 42.")
        parser.add_argument("--force", action="store_true", help="Run even though the database already holds cases.")
        parser.add_argument("--i-know-this-is-not-production", action="store_true", dest="not_production",
                            help="Run with DEBUG off (it writes fictional people into the database).")

    def handle(self, *args, scale, seed, force, not_production, **options):
        if not settings.DEBUG and not not_production:
            raise CommandError("DEBUG er av. Dette skriver fiktive personer inn i databasen: bruk --i-know-this-is-not-production "
                               "hvis databasen ikke er i produksjon.")
        if not 0 < scale <= 10:
            raise CommandError("--scale må være større enn 0 og høyst 10.")
        has_cases = (VolunteerApplication.objects.exists() or RespiteApplication.objects.exists()
                     or ChildWelfareCase.objects.exists())
        if has_cases and not force:
            raise CommandError("Databasen har allerede saker. Bruk --force for å legge til likevel.")
        started = clock.monotonic()
        with translation.override("nb"):
            seeder = Seeder(scale=scale, seed=seed, write=self.stdout.write)
            seeder.run()
        refresh_statistics()
        elapsed = clock.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Ferdig på {elapsed:.1f} s (skala {scale}, frø {seed}). Rader skrevet:"))
        for name, count in seeder.rows.items():
            self.stdout.write(f"  {name:28} {count:>9,}".replace(",", " "))
        self.stdout.write(f"  {'i alt':28} {sum(seeder.rows.values()):>9,}".replace(",", " "))
        self.stdout.write(f"Innlogging: saksbehandler.<kommune>@example.no og kommuneadmin.<kommune>@example.no, passord {DEMO_PASSWORD}; "
                          "tofaktorkode med `manage.py demo_otp_code <e-post>` (bare med DEBUG).")


def refresh_statistics() -> None:
    """Planner statistics for the rows just written. Without them (autovacuum off, or not yet run) PostgreSQL plans a
    kommune's list of 25 as a walk of an index that reads tens of thousands of rows (docs/benchmarks.md)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Seeder:
    def __init__(self, *, scale: float, seed: int, write):
        self.scale, self.rng, self.write = scale, random.Random(seed), write
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.rows = Counter()
        self.mail = []  # (at, kind, kommune index, model, object id, recipient, language, dedupe key, due on)
        self.homes: list[list[HomePlan]] = []
        self.needs: list[tuple] = []  # (need, kommune index, application, decision)
        self.placed: list[tuple] = []  # (placement, need tuple, home plan, exceptions)
        self.first_pks = {}
        self._follow_up_recipients = []  # (follow-up, kommune index, caseworker's e-mail) for the reminders

    def count(self, name: str) -> int:
        return max(0, round(FULL[name] * self.scale))

    def run(self):
        with transaction.atomic():
            self._kommuner()
        self._plan()
        with transaction.atomic():
            self._volunteers()
        with transaction.atomic():
            self._respite()
        with transaction.atomic():
            self._placements()
        with transaction.atomic():
            self._outbox()
            self._sequences()

    def _insert(self, model, objs):
        if objs:
            model.objects.bulk_create(objs, batch_size=BATCH)
            self.rows[model.__name__] += len(objs)
            self.first_pks.setdefault(model, objs[0].pk)
        return objs

    def _fresh(self, model):
        """The rows this run wrote (pks only grow), so --force leaves older rows alone."""
        first = self.first_pks.get(model)
        return model.objects.none() if first is None else model.objects.filter(pk__gte=first)

    # --- Kommuner and their people -------------------------------------------------------------------------------------

    def _kommuner(self):
        password = make_password(DEMO_PASSWORD)  # one hash: hashing is slow on purpose, and every demo login has the same
        caseworkers = max(3, min(10, round(10 * self.scale ** 0.5)))
        self.kommuner, self.workers, self.health_workers, self.deciders = [], [], [], []
        for spec in KOMMUNER:
            spec = {"contact_email": f"besokshjem@{spec['slug']}.example.no", "contact_phone": "+4722000000",
                    "data_protection_officer": f"personvernombud@{spec['slug']}.example.no"} | spec
            municipality = Municipality.objects.filter(slug=spec["slug"]).first() or municipality_create(**spec)
            self.rows["Municipality"] += 1
            people = []
            for n in range(caseworkers + 2):
                role = Role.CASEWORKER if n < caseworkers else Role.ADMIN
                local = "saksbehandler" if role == Role.CASEWORKER else "kommuneadmin"
                number = n if role == Role.CASEWORKER else n - caseworkers
                email = f"{local}{number or ''}.{spec['slug']}@example.no"
                # Two caseworkers work for one unit only: one for helse og omsorg, one for the barneverntjeneste.
                tracks = list(LegalTrack.values)
                if role == Role.CASEWORKER and n == caseworkers - 2:
                    tracks = [LegalTrack.HEALTH_CARE]
                elif role == Role.CASEWORKER and n == caseworkers - 1:
                    tracks = [LegalTrack.CHILD_WELFARE]
                first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n + len(self.kommuner)) % len(LAST_NAMES)]
                user, _created = User.objects.get_or_create(email=email, defaults={
                    "full_name": f"{first} {last}", "title": "rådgiver" if role == Role.CASEWORKER else "fagleder",
                    "password": password})
                may_decide = role == Role.ADMIN or n % 3 != 2
                membership_grant(user=user, municipality=municipality, role=role, may_decide=may_decide, tracks=tracks)
                SeedDemo()._second_factor(user)
                people.append((user, tracks, may_decide))
                self.rows["User"] += 1
            self.kommuner.append(municipality)
            self.workers.append([u for u, _t, _d in people])
            self.health_workers.append([u for u, t, _d in people if LegalTrack.HEALTH_CARE in t])
            self.deciders.append([u for u, t, d in people if LegalTrack.HEALTH_CARE in t and d])
        self.kommuner = list(Municipality.objects.filter(pk__in=[m.pk for m in self.kommuner])
                             .prefetch_related("home_type_settings").order_by("pk"))
        self.kommuner.sort(key=lambda m: [s["slug"] for s in KOMMUNER].index(m.slug))

    # --- The plan: statuses, dates and references ----------------------------------------------------------------------

    def _moment(self, newest_days: float, oldest_days: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(newest_days, oldest_days))

    def _spread(self, total: int, counts: dict, kind: str, windows: dict) -> list[Planned]:
        """Each status's cases dealt over the kommuner in turn, so every kommune gets its share of every status."""
        statuses = [status for status, n in counts.items() for _i in range(n)]
        plans = []
        for i, status in enumerate(statuses):
            window = windows.get(status)
            submitted = self._moment(*window) if window else None
            plans.append(Planned(kind, status, i % len(self.kommuner), submitted))
        return plans

    def _plan(self):
        approved = min(self.count("approved"), self.count("volunteer"))
        counts = {ApplicationStatus.APPROVED: approved, **exact_counts(self.count("volunteer") - approved, VOLUNTEER_SHARES)}
        self.volunteer_plan = self._spread(self.count("volunteer"), counts, "volunteer", VOLUNTEER_WINDOWS)
        self.respite_plan = self._spread(self.count("respite"), exact_counts(self.count("respite"), RESPITE_SHARES), "respite",
                                         RESPITE_WINDOWS)
        closing = {ApplicationStatus.APPROVED: (40, 120), ApplicationStatus.REJECTED: (20, 90), ApplicationStatus.WITHDRAWN: (2, 60),
                   RespiteStatus.DECIDED: (10, 60), RespiteStatus.WITHDRAWN: (2, 30)}
        for plan in self.volunteer_plan + self.respite_plan:
            if plan.status in closing:
                plan.closed_at = min(plan.submitted_at + timedelta(days=self.rng.uniform(*closing[plan.status])),
                                     self.now - timedelta(hours=self.rng.uniform(24, 72)))
        # References: one series per kommune and year for both kinds of case, in the order the cases came in, after
        # whatever the series has handed out already.
        last = {(s.municipality_id, s.year): s.last_number for s in ReferenceSequence.objects.all()}
        series = defaultdict(list)
        for plan in self.volunteer_plan + self.respite_plan:
            if plan.submitted_at is not None:
                series[(plan.k, timezone.localtime(plan.submitted_at).year)].append(plan)
        self.sequences = {}
        for (k, year), plans in series.items():
            municipality = self.kommuner[k]
            start = last.get((municipality.pk, year), 0)
            plans.sort(key=lambda p: p.submitted_at)
            for number, plan in enumerate(plans, start=start + 1):
                plan.reference = f"{municipality.reference_prefix}-{year}-{number:05d}"
            self.sequences[(municipality.pk, year)] = start + len(plans)

    # --- Helpers for people and places ---------------------------------------------------------------------------------

    def _person(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def _birth(self, first_year: int, last_year: int) -> date:
        return date(self.rng.randint(first_year, last_year), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _phone(self) -> str:
        return f"+47{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randint(0, 999_999):06d}"

    def _address(self, k: int):
        postcode, town = self.rng.choice(PLACES[self.kommuner[k].slug])
        return f"{self.rng.choice(STREET_NAMES)} {self.rng.randint(1, 150)}", postcode, town

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=OSLO)

    def _mail(self, at, kind, k, model, pk, recipient, language="nb", dedupe="", due_on=None):
        if at <= self.now and recipient:
            self.mail.append((at, kind, k, model, pk, recipient, language, dedupe, due_on))

    def _reminder(self, at, kind, k, model, pk, recipient, language, due_on):
        content_type = ContentType.objects.get_for_model(model)
        self._mail(at, kind, k, model, pk, recipient, language,
                   reminder_key(kind=kind, content_type_id=content_type.pk, object_id=pk, due_on=due_on, recipient=recipient), due_on)

    # --- Volunteers ----------------------------------------------------------------------------------------------------

    def _volunteers(self):
        self.homes = [[] for _k in self.kommuner]
        self.declaration = current_declaration_text()
        for start in range(0, len(self.volunteer_plan), CHUNK):
            self._volunteer_chunk(start, self.volunteer_plan[start:start + CHUNK])
        self._backdate()
        self.write(f"  frivillige: {self.rows['VolunteerApplication']} søknader, {self.rows['ApprovedHome']} godkjente hjem")

    def _volunteer(self, plan: Planned, index: int) -> VolunteerApplication:
        rng, k = self.rng, plan.k
        municipality = self.kommuner[k]
        main = rng.choices([HomeType.VISITING, HomeType.RESPITE, HomeType.SUPPORT_CONTACT], [40, 30, 30])[0]
        home_types = [main, HomeType.SUPPORT_CONTACT] if main != HomeType.SUPPORT_CONTACT and rng.random() < 0.1 else [main]
        hosting = main != HomeType.SUPPORT_CONTACT
        together = hosting and rng.random() < 0.5
        first, last = self._person()
        address, postcode, town = self._address(k)
        partner_first = rng.choice(FIRST_NAMES) if together else ""
        age_min = rng.choice([municipality.child_age_min, municipality.child_age_min, 3, 6])
        age_max = max(age_min, rng.choice([municipality.child_age_max, municipality.child_age_max, 12, 16]))
        submitted = plan.status != ApplicationStatus.DRAFT
        reviewed = plan.status in (ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
        assigned = rng.choice(self.workers[k]) if reviewed or (plan.status != ApplicationStatus.DRAFT and rng.random() < 0.3) else None
        return VolunteerApplication(
            municipality=municipality, status=plan.status, reference=plan.reference, submitted_at=plan.submitted_at,
            closed_at=plan.closed_at, assigned_to=assigned,
            language="en" if rng.random() < 0.08 else "nb",
            rejection_reason="Søkeren kan ikke binde seg for ett år nå (fiktiv sak)." if plan.status == ApplicationStatus.REJECTED else "",
            home_types=home_types, respite_home_mode=rng.choice(["overnight", "hourly", "both"]) if main == HomeType.RESPITE else "",
            applying_together=together, first_name=first, last_name=last, birth_date=self._birth(1960, 2000),
            email=f"{email_name(first, last, index)}@example.no", phone=self._phone(), address=address, postcode=postcode,
            post_town=town, home_municipality=municipality.name,
            partner_first_name=partner_first, partner_last_name=last if together else "",
            partner_birth_date=self._birth(1960, 2000) if together else None,
            partner_email=f"{email_name(partner_first, last, index, 'partner')}@example.no" if together else "",
            partner_phone=self._phone() if together else "",
            housing_type=rng.choice(["detached", "semi_detached", "apartment", "farm"]), housing_tenure=rng.choice(["own", "own", "rent"]),
            rooms=rng.randint(2, 8), child_bedroom=rng.random() < 0.85 if hosting else None, pets=rng.random() < 0.3,
            smoking=False, distance_notes="Kort vei til skole og idrettshall.",
            physical_health="good", mental_health=rng.choice(["good", "good", "good", "some"]), substance_use=False,
            major_crises=rng.random() < 0.1, interests=rng.choice(["Friluftsliv og matlaging.", "Fotball, ski og brettspill.", "Musikk og turer."]),
            personal_qualities="Rolig, tålmodig og strukturert.", disability_thoughts="Vi ønsker å lære mer.",
            motivation="Vi har tid og plass, og vil gi et barn gode dager.",
            age_min=age_min, age_max=age_max, sibling_pair=rng.choice(["yes", "no", "no", "maybe"]) if hosting else "",
            frequency_per_month=rng.randint(1, 2) if hosting else None,
            hours_per_week=rng.randint(3, 6) if HomeType.SUPPORT_CONTACT in home_types else None,
            availability="Helger og noen ettermiddager.", holidays=rng.random() < 0.4 if hosting else None,
            has_driving_licence=True, has_car=rng.random() < 0.7,
            norwegian_written=submitted or rng.random() < 0.5, norwegian_oral=submitted or rng.random() < 0.5,
            commitment_one_year=submitted or rng.random() < 0.5, consent_health=submitted, confirm_true=submitted,
            privacy_read=submitted, politiattest_acknowledged=submitted,
        )

    def _household(self, application) -> list[HouseholdMember]:
        members = []
        for _i in range(self.rng.choices([0, 1, 2, 3], [35, 30, 25, 10])[0]):
            relation = self.rng.choices(["child", "other_adult", "other_child"], [70, 15, 15])[0]
            adult = relation == "other_adult"
            birth = self._birth(1950, 2003) if adult else self._birth(2006, 2023)
            estimated = application.status != ApplicationStatus.APPROVED and self.rng.random() < 0.1
            members.append(HouseholdMember(
                application=application, name=f"{self.rng.choice(FIRST_NAMES)} {application.last_name}",
                birth_date=date(birth.year, 1, 1) if estimated else birth, birth_date_estimated=estimated, relation=relation,
            ))
        return members

    def _meeting(self, application, kind, starts_at, status, caseworker) -> Meeting:
        home_visit = kind == MeetingKind.HOME_VISIT
        held = status == MeetingStatus.HELD
        video = not home_visit and self.rng.random() < 0.15
        return Meeting(
            application=application, kind=kind, status=status, starts_at=starts_at, duration_minutes=60 if not home_visit else 90,
            place=application.address if home_visit else ("" if video else "Servicetorget, møterom 2"),
            is_video=video, video_link="https://video.example.no/rom/fiktiv" if video else "", caseworker=caseworker,
            held_at=starts_at + timedelta(minutes=60) if held else None,
            notes="Samtalen gikk fint (fiktivt referat)." if held else "",
            bedroom_for_child=True if home_visit and held else None,
            safety_notes="Trygt hjem (fiktivt)." if home_visit and held else "",
            impression="Godt inntrykk (fiktivt)." if home_visit and held else "",
            invited_at=min(starts_at - timedelta(days=10), self.now),
        )

    def _meetings(self, application, plan: Planned) -> list[Meeting]:
        rng, status = self.rng, plan.status
        caseworker = application.assigned_to or rng.choice(self.workers[plan.k])
        start = plan.submitted_at + timedelta(days=rng.uniform(7, 20))

        def day_at(moment):
            return self._at(timezone.localtime(moment).date(), rng.choice([9, 10, 12, 13, 14]))

        meetings = []
        if status == ApplicationStatus.APPROVED:
            kinds = [MeetingKind.INTERVIEW] * application.municipality.interviews_required
            if application.hosts_children:
                kinds.append(MeetingKind.HOME_VISIT)
            span = (plan.closed_at - start) / (len(kinds) + 1)
            for n, kind in enumerate(kinds):
                meetings.append(self._meeting(application, kind, day_at(start + span * n), MeetingStatus.HELD, caseworker))
        elif status == ApplicationStatus.IN_REVIEW:
            held = rng.randint(0, 2)
            moment = start
            for _n in range(held):
                if moment >= self.now - timedelta(days=1):
                    break
                meetings.append(self._meeting(application, MeetingKind.INTERVIEW, day_at(moment), MeetingStatus.HELD, caseworker))
                moment += timedelta(days=rng.uniform(7, 30))
            if rng.random() < 0.6:
                kind = MeetingKind.HOME_VISIT if meetings and application.hosts_children and rng.random() < 0.5 else MeetingKind.INTERVIEW
                ahead = self.now + timedelta(days=rng.uniform(1, 21))
                meetings.append(self._meeting(application, kind, day_at(ahead), MeetingStatus.SCHEDULED, caseworker))
        elif status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN) and plan.closed_at - start > timedelta(days=2):
            if rng.random() < 0.6:
                meetings.append(self._meeting(application, MeetingKind.INTERVIEW, day_at(start), MeetingStatus.HELD, caseworker))
            if rng.random() < 0.3:  # planned when the case closed: the closing cancelled it
                ahead = plan.closed_at + timedelta(days=rng.uniform(2, 10))
                meetings.append(self._meeting(application, MeetingKind.INTERVIEW, day_at(ahead), MeetingStatus.CANCELLED, caseworker))
        return [m for m in meetings if m.status != MeetingStatus.HELD or m.starts_at < self.now]

    def _volunteer_chunk(self, offset: int, plans: list[Planned]):
        apps = [self._volunteer(plan, offset + i) for i, plan in enumerate(plans)]
        self._insert(VolunteerApplication, apps)
        members, meetings = [], []
        for app, plan in zip(apps, plans, strict=True):
            members += self._household(app)
            if plan.status != ApplicationStatus.DRAFT:
                meetings += self._meetings(app, plan)
        self._insert(HouseholdMember, members)
        self._insert(Meeting, meetings)
        for app, plan in zip(apps, plans, strict=True):
            k = plan.k
            if plan.status == ApplicationStatus.DRAFT:
                continue
            self._mail(plan.submitted_at, "volunteer_receipt", k, VolunteerApplication, app.pk, app.email, app.language,
                       f"volunteer_receipt:{app.pk}")
            if plan.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
                self._mail(plan.closed_at, "volunteer_decision", k, VolunteerApplication, app.pk, app.email, app.language,
                           f"volunteer_decision:{app.pk}:{plan.status}")
        for meeting in meetings:
            app = meeting.application
            k = self._k(app)
            self._mail(meeting.invited_at, "meeting_invitation", k, Meeting, meeting.pk, app.email, app.language,
                       f"meeting_invitation:{meeting.pk}")
            if meeting.status == MeetingStatus.CANCELLED:
                self._mail(app.closed_at, "meeting_cancelled", k, Meeting, meeting.pk, app.email, app.language,
                           f"meeting_cancelled:{meeting.pk}")
            else:
                day = timezone.localtime(meeting.starts_at).date()
                self._reminder(meeting.starts_at - timedelta(days=1), "meeting_tomorrow", k, Meeting, meeting.pk, app.email,
                               app.language, day)
        approved = [app.pk for app, plan in zip(apps, plans, strict=True) if plan.status == ApplicationStatus.APPROVED]
        if approved:
            self._approved(approved)

    def _approved(self, pks: list[int]):
        """What approval requires, as the services leave it: formålsbekreftelser, attests, signatures, then the home."""
        rng = self.rng
        apps = (VolunteerApplication.objects.filter(pk__in=pks).select_related("municipality", "assigned_to")
                .prefetch_related("household_members", "purpose_confirmations", "municipality__home_type_settings"))
        confirmations, certificates, signatures, homes = [], [], [], []
        for app in apps:
            k = self._k(app)
            caseworker = app.assigned_to
            issued_on = timezone.localtime(app.closed_at).date() - timedelta(days=30)
            for person in attest_people(app, today=issued_on):
                for role in person.roles:
                    label = HomeType(role.home_type).label.lower()
                    confirmations.append(PurposeConfirmation(
                        application=app, person_key=person.key, person_name=person.name,
                        person_birth=person.birth_date.strftime("%d.%m.%Y"), home_type=role.home_type,
                        role=str(HOUSEHOLD_ROLE) % {"role": label} if person.role == PersonRole.HOUSEHOLD else label,
                        attest_type=role.attest_type, legal_basis=role.legal_basis, tasks=str(TASKS[role.home_type]),
                        place=app.municipality.name, issued_by=caseworker,
                    ))
                for attest_type in person.required:
                    shown = issued_on + timedelta(days=rng.randint(5, 24))
                    remarks = rng.random() < 0.04
                    certificates.append(PoliceCertificate(
                        application=app, person_key=person.key, person_name=person.name, attest_type=attest_type,
                        issue_date=shown - timedelta(days=rng.randint(3, 60)), shown_date=shown, checked_by=caseworker,
                        outcome=AttestOutcome.REMARKS if remarks else AttestOutcome.NO_REMARKS,
                        note="Eldre forhold uten betydning for oppdraget (fiktivt)." if remarks else "",
                        assessment="Forholdet er gammelt og uten betydning for oppdraget (fiktivt)." if remarks else "",
                        assessment_acceptable=True if remarks else None, assessed_by=caseworker if remarks else None,
                        assessed_at=self._at(shown, 14) if remarks else None,
                    ))
            for key, name in signers(app):
                signatures.append(DeclarationSignature(application=app, person_key=key, typed_name=name, text=self.declaration))
            hosting = app.hosts_children
            weekdays = sorted(rng.sample(range(5), rng.randint(1, 3))) if not hosting or app.respite_home_mode == "hourly" else []
            home = ApprovedHome(
                municipality=app.municipality, application=app,
                name=app.applicant_name + (f" og {app.partner_name}" if app.applying_together else ""),
                home_types=list(app.home_types), capacity=2 if app.sibling_pair == "yes" else 1,
                age_min=app.age_min, age_max=app.age_max, sibling_pair=app.sibling_pair == "yes",
                frequency="; ".join(f"{HomeType(t).label}: {role_frequency(app, t)}" for t in app.home_types)
                if len(app.home_types) > 1 else role_frequency(app, app.home_types[0]),
                area=app.post_town, weekends_of_month=sorted(rng.sample(range(1, 5), rng.randint(1, 3))) if hosting else [],
                weekdays=weekdays, hours_from=time(15) if weekdays else None, hours_to=time(19) if weekdays else None,
                holidays_available=bool(app.holidays), has_car=bool(app.has_car), has_pets=bool(app.pets),
                own_bedroom=bool(app.child_bedroom), approved_at=app.closed_at, approved_by=caseworker,
            )
            homes.append(home)
            services = []
            for home_type in app.home_types:
                if home_type == HomeType.RESPITE:
                    services += {"overnight": [WantedService.RESPITE_HOME], "hourly": [WantedService.HOURLY]}.get(
                        app.respite_home_mode, [WantedService.RESPITE_HOME, WantedService.HOURLY])
                else:
                    services += SERVICE_FOR_HOME[home_type]
            plan = HomePlan(home, app.email, app.language, timezone.localtime(app.closed_at).date(), services)
            plan.slots = [Slot(plan) for _n in range(home.capacity)]
            self.homes[k].append(plan)
        self._insert(PurposeConfirmation, confirmations)
        self._insert(PoliceCertificate, certificates)
        self._insert(DeclarationSignature, signatures)
        self._insert(ApprovedHome, homes)
        for confirmation in confirmations:
            app = confirmation.application
            self._mail(app.closed_at - timedelta(days=30), "purpose_confirmation_ready", self._k(app),
                       PurposeConfirmation, confirmation.pk, app.email, app.language, f"purpose_confirmation_ready:{confirmation.pk}")

    def _backdate(self):
        """Fields the database stamps on insert (auto_now_add) are set back to when the services would have written
        them: one UPDATE per table, from the case's own dates."""
        closed = Subquery(VolunteerApplication.objects.filter(pk=OuterRef("application_id")).values("closed_at")[:1])

        self._fresh(VolunteerApplication).filter(submitted_at__isnull=False).update(created_at=before(F("submitted_at"), 1))
        self._fresh(Meeting).filter(starts_at__lt=self.now).update(created_at=before(F("starts_at"), 10))
        self._fresh(PurposeConfirmation).update(issued_at=before(closed, 30))
        self._fresh(PoliceCertificate).update(registered_at=before(closed, 2))
        self._fresh(DeclarationSignature).update(signed_at=before(closed, 3))
        # Asked to sign (issue #15) a day before the first signature.
        self._fresh(VolunteerApplication).filter(pk__in=DeclarationSignature.objects.values("application")).update(
            declaration_requested_at=before(F("closed_at"), 4))

    # --- Parents' applications, vedtak, appeals and needs --------------------------------------------------------------

    def _respite(self):
        self.cited = {}
        decided = [i for i, p in enumerate(self.respite_plan) if p.status == RespiteStatus.DECIDED]
        self.outcomes = iter([o for o, n in exact_counts(len(decided), OUTCOME_SHARES).items() for _i in range(n)])
        self.appealed = set(self.rng.sample(decided, round(APPEAL_SHARE * len(decided))))
        for start in range(0, len(self.respite_plan), CHUNK):
            self._respite_chunk(start, self.respite_plan[start:start + CHUNK])
        submitted = Subquery(RespiteApplication.objects.filter(pk=OuterRef("application_id")).values("submitted_at")[:1])
        self._fresh(RespiteApplication).filter(submitted_at__isnull=False).update(created_at=before(F("submitted_at"), 1))
        self._fresh(InterimReply).update(sent_at=after(submitted, 27))
        self._fresh(Need).update(created_at=Subquery(Decision.all_objects.filter(pk=OuterRef("decision_id")).values("decided_at")[:1]))
        self.write(f"  foreldre: {self.rows['RespiteApplication']} søknader, {self.rows['Decision']} vedtak, {self.rows['Need']} behov")

    def _wanted_service(self, k: int) -> str:
        """What a parent asks for, in proportion to the homes the kommune has (and now and then an institution)."""
        if self.homes[k] and self.rng.random() > 0.03:
            return self.rng.choice(self.rng.choice(self.homes[k]).services)
        return self.rng.choice([WantedService.VISITING, WantedService.RESPITE_HOME, WantedService.SUPPORT_CONTACT,
                                WantedService.INSTITUTION])

    def _respite_application(self, plan: Planned, index: int) -> RespiteApplication:
        rng, k = self.rng, plan.k
        child_birth = self._birth(self.today.year - 17, self.today.year - 2)
        first, last = self._person()
        second = rng.random() < 0.45
        second_first = rng.choice(FIRST_NAMES)
        address, postcode, town = self._address(k)
        service = self._wanted_service(k)
        weekends = service in (WantedService.VISITING, WantedService.RESPITE_HOME)
        consent = rng.random() < 0.7
        submitted = plan.status != RespiteStatus.DRAFT
        assigned = plan.status in (RespiteStatus.IN_REVIEW, RespiteStatus.DECIDED) or (submitted and rng.random() < 0.3)
        physically, psychologically, night = rng.random() < 0.7, rng.random() < 0.6, rng.random() < 0.5
        return RespiteApplication(
            municipality=self.kommuner[k], status=plan.status, reference=plan.reference, submitted_at=plan.submitted_at,
            closed_at=plan.closed_at, assigned_to=rng.choice(self.health_workers[k]) if assigned else None,
            language="en" if rng.random() < 0.06 else "nb",
            child_first_name=rng.choice(CHILD_NAMES), child_last_name=last, child_birth_date=child_birth,
            child_national_id=synthetic_national_id(child_birth, rng.randint(500, 979)),
            child_needs="Trenger tett oppfølging og faste rammer hele døgnet (fiktivt).",
            guardian_name=f"{first} {last}", guardian_email=f"{email_name(first, last, index, 'forelder')}@example.no",
            guardian_phone=self._phone(), guardian_address=address, guardian_postcode=postcode, guardian_post_town=town,
            guardian_relation=rng.choice(["Mor", "Far"]), guardian_has_parental_responsibility=True,
            second_guardian=second, second_guardian_name=f"{second_first} {last}" if second else "",
            second_guardian_email=f"{email_name(second_first, last, index, 'forelder2')}@example.no" if second else "",
            second_guardian_phone=self._phone() if second else "",
            second_guardian_has_parental_responsibility=True if second else None,
            care_hours_per_month=rng.randint(40, 220), physically_demanding=physically,
            physically_demanding_details="Mange løft og stell (fiktivt)." if physically else "",
            psychologically_demanding=psychologically,
            psychologically_demanding_details="Krever tilsyn hele tiden (fiktivt)." if psychologically else "",
            night_care=night, night_care_details="Våkner flere ganger hver natt (fiktivt)." if night else "",
            services_received=rng.choice(["Ingen", "Støttekontakt to timer i uken", "Avlastning én helg i måneden"]),
            services_wanted=[service], weekends_per_month=rng.randint(1, 2) if weekends else None,
            hours_per_month=None if weekends else rng.randint(8, 24), home_wishes="Et rolig hjem, gjerne uten dyr.",
            individual_plan_wanted=rng.random() < 0.4, coordinator_wanted=rng.random() < 0.3, consent_obtain_info=consent,
            consent_sources=rng.sample(["school", "health", "ppt", "other"], rng.randint(1, 3)) if consent else [],
            confirm_true=submitted,
        )

    def _citation(self, service: str, day: date):
        key = (service, day.year, day.month)
        if key not in self.cited:
            self.cited[key] = citations(LegalTrack.HEALTH_CARE, service, day)
        return self.cited[key]

    def _decision(self, app, plan: Planned, outcome: str, *, draft: bool = False) -> Decision:
        rng, k = self.rng, plan.k
        municipality = self.kommuner[k]
        service = app.services_wanted[0]
        granted = outcome != Outcome.REJECTED
        unit, period, low, high = {
            WantedService.VISITING: (Unit.WEEKEND, ScopePeriod.MONTH, 1, 2),
            WantedService.RESPITE_HOME: (Unit.DAY, ScopePeriod.MONTH, 2, 6),
            WantedService.HOURLY: (Unit.HOUR, ScopePeriod.MONTH, 8, 20),
            WantedService.SUPPORT_CONTACT: (Unit.HOUR, ScopePeriod.WEEK, 3, 6),
            WantedService.INSTITUTION: (Unit.DAY, ScopePeriod.MONTH, 2, 8),
        }[service]
        amount = rng.randint(low, high) if outcome == Outcome.GRANTED else max(1, low - 1 + rng.randint(0, 1))
        decided_at = None if draft else plan.closed_at
        day = timezone.localtime(decided_at or self.now).date()
        period_from = day + timedelta(days=rng.randint(0, 14))
        period_to = None if rng.random() < 0.25 else period_from + relativedelta(years=rng.choice([1, 2, 3]), days=-1)
        drafter = app.assigned_to or rng.choice(self.health_workers[k])
        decider = rng.choice(self.deciders[k])
        checker = None
        if municipality.decisions_need_second_check and not draft:
            checker = next((u for u in self.health_workers[k] if u != decider), None)
        cited = self._citation(service, day)
        paper = rng.random() < 0.08
        notified = None if draft else (decided_at if not paper else min(decided_at + timedelta(days=3), self.now))
        wants_plan = app.individual_plan_wanted or app.coordinator_wanted
        return Decision(
            application=app, status=DecisionStatus.DRAFT if draft else DecisionStatus.CONFIRMED, track=LegalTrack.HEALTH_CARE,
            outcome=outcome, service_type=service, applied_for=applied_for_text(app),
            scope_amount=amount if granted else None, scope_unit=unit if granted else "", scope_period=period,
            period_from=period_from if granted else None, period_to=period_to if granted else None,
            criterion="Kommunen skal tilby avlastning til den som har særlig tyngende omsorgsarbeid.",
            facts="Barnet trenger tilsyn hele døgnet, og foreldrene får lite sammenhengende søvn (fiktivt).",
            reasons="Omsorgsarbeidet er særlig tyngende (fiktivt)." if granted else "Behovet dekkes av dagens tjenester (fiktivt).",
            legal_basis=cited["basis"].citation, best_interests="Faste rammer og forutsigbarhet er til barnets beste (fiktivt).",
            child_views="Barnet er spurt og er positivt (fiktivt).", child_views_weight="Barnets ønske om faste dager er lagt vekt på.",
            plan_answer="Kommunen starter arbeidet med individuell plan (fiktivt)." if wants_plan else "",
            appeal_weeks=cited["appeal"].weeks, appeal_body=municipality.appeal_authority, drafted_by=drafter,
            second_checked_by=checker, second_checked_at=decided_at - timedelta(hours=4) if checker else None,
            decided_at=decided_at, decided_by=None if draft else decider,
            delivery=DecisionDelivery.PAPER if paper else DecisionDelivery.DIGITAL, notified_at=notified,
            read_at=notified + timedelta(hours=rng.uniform(1, 72)) if notified and not paper and rng.random() < 0.7
            and notified + timedelta(hours=72) < self.now else None,
        )

    def _appeal(self, decision: Decision, k: int) -> Appeal:
        rng = self.rng
        lodged = min(decision.notified_at + timedelta(days=rng.uniform(1, 40)), self.now - timedelta(hours=1))
        late = appeal_lodged_late(decision, lodged=lodged)
        decider = decision.decided_by
        appeal = Appeal(decision=decision, text="Vi mener behovet er større enn kommunen har lagt til grunn (fiktivt).",
                        lodged_at=lodged, late=late)
        if self.now - lodged < timedelta(days=21):
            return appeal  # waiting for the kommune
        handled = lodged + timedelta(days=rng.uniform(5, 20))
        if late:
            consider = rng.random() < 0.5
            appeal.late_considered, appeal.late_decided_at, appeal.late_decided_by = consider, lodged + timedelta(days=3), decider
            appeal.late_reasons = ("Klagen kom kort tid etter fristen og gjelder barnets beste (fiktivt)." if consider
                                   else "Klagen kom for sent, og det er ikke grunn til å behandle den likevel (fiktivt).")
            if not consider:
                appeal.status, appeal.handled_at, appeal.handled_by = AppealStatus.DISMISSED, appeal.late_decided_at, decider
                return appeal
        appeal.status, appeal.answer_reverse, appeal.answer_drafted_by = AppealStatus.FORWARDED, False, decision.drafted_by
        appeal.handled_at, appeal.handled_by = handled, decider
        appeal.handling_note = "Kommunen opprettholder vedtaket og sender klagen til Statsforvalteren (fiktivt)."
        return appeal

    def _respite_chunk(self, offset: int, plans: list[Planned]):
        rng = self.rng
        apps = self._insert(RespiteApplication, [self._respite_application(plan, offset + i) for i, plan in enumerate(plans)])
        decisions, replies = [], []
        for index, (app, plan) in enumerate(zip(apps, plans, strict=True), start=offset):
            if plan.status == RespiteStatus.DECIDED:
                decisions.append((self._decision(app, plan, next(self.outcomes)), plan, index in self.appealed))
            elif plan.status == RespiteStatus.IN_REVIEW and rng.random() < 0.15:
                decisions.append((self._decision(app, plan, Outcome.GRANTED, draft=True), plan, False))
            took_long = plan.submitted_at and (plan.closed_at or self.now) - plan.submitted_at > timedelta(days=27)
            if took_long and plan.status in (RespiteStatus.IN_REVIEW, RespiteStatus.DECIDED) and rng.random() < 0.8:
                replies.append(InterimReply(
                    application=app, reason="Vi venter på uttalelse fra skolen (fiktivt).", sent_by=app.assigned_to,
                    expected_decision_date=timezone.localtime(plan.submitted_at).date() + timedelta(days=50)))
        self._insert(Decision, [d for d, _p, _a in decisions])
        self._insert(InterimReply, replies)
        appeals = [(self._appeal(d, p.k), p) for d, p, appealed in decisions if appealed]
        self._insert(Appeal, [a for a, _p in appeals])
        needs = []
        for decision, plan, _appealed in decisions:
            app = decision.application
            if decision.status == DecisionStatus.CONFIRMED and decision.is_granted:
                need = Need(decision=decision, municipality=app.municipality, service_type=decision.service_type,
                            scope_amount=decision.scope_amount, scope_unit=decision.scope_unit, scope_period=decision.scope_period,
                            period_from=decision.period_from, period_to=decision.period_to, track=decision.track,
                            child_birth_date=app.child_birth_date, area=app.guardian_post_town,
                            needs_summary="Trenger faste rammer og en rolig voksen (fiktivt)." if rng.random() < 0.6 else "",
                            created_by=decision.decided_by)
                needs.append(need)
                self.needs.append((need, plan.k, app, decision))
        self._insert(Need, needs)
        self._respite_mail(apps, plans, decisions, replies, appeals)

    def _respite_mail(self, apps, plans, decisions, replies, appeals):
        for app, plan in zip(apps, plans, strict=True):
            if plan.submitted_at is None:
                continue
            self._mail(plan.submitted_at, "respite_receipt", plan.k, RespiteApplication, app.pk, app.guardian_email, app.language,
                       f"respite_receipt:{app.pk}")
            if plan.status in (RespiteStatus.SUBMITTED, RespiteStatus.IN_REVIEW):
                deadline = timezone.localtime(plan.submitted_at).date() + relativedelta(months=1)
                recipient = (app.assigned_to or self.health_workers[plan.k][0]).email
                self._reminder(self._at(deadline - timedelta(days=5), 7), "respite_deadline_near", plan.k, RespiteApplication, app.pk,
                               recipient, "nb", deadline)
        for reply in replies:
            app = reply.application
            self._mail(app.submitted_at + timedelta(days=27), "interim_reply_ready", self._k(app), InterimReply, reply.pk,
                       app.guardian_email, app.language, f"interim_reply_ready:{reply.pk}:{app.guardian_email}")
        for decision, plan, _appealed in decisions:
            app = decision.application
            if decision.status != DecisionStatus.CONFIRMED or decision.delivery != DecisionDelivery.DIGITAL:
                continue
            self._mail(decision.decided_at, "decision_ready", plan.k, Decision, decision.pk, app.guardian_email, app.language,
                       f"decision_ready:{decision.pk}:{app.guardian_email}")
            if app.second_guardian_email:
                self._mail(decision.decided_at, "decision_ready_co_party", plan.k, Decision, decision.pk, app.second_guardian_email,
                           app.language, f"decision_ready_co_party:{decision.pk}:{app.second_guardian_email}")
        for appeal, plan in appeals:
            app = appeal.decision.application
            if appeal.status == AppealStatus.LODGED:
                recipient = (app.assigned_to or self.health_workers[plan.k][0]).email
                self._reminder(appeal.lodged_at + timedelta(days=1), "appeal_waiting", plan.k, Appeal, appeal.pk, recipient, "nb",
                               timezone.localtime(appeal.lodged_at).date())
            else:
                kind = "appeal_dismissed" if appeal.status == AppealStatus.DISMISSED else "appeal_answered"
                self._mail(appeal.handled_at, kind, plan.k, Appeal, appeal.pk, app.guardian_email, app.language,
                           f"{kind}:{appeal.pk}:{app.guardian_email}")

    def _k(self, case) -> int:
        return self.kommuner.index(case.municipality)

    # --- Placements, their dates, time sheets and follow-ups -----------------------------------------------------------

    def _placements(self):
        target = self.count("placements")
        candidates = sorted(
            (n for n in self.needs if n[0].service_type in HOME_TYPE_FOR_SERVICE and n[0].period_from <= self.today - timedelta(days=14)),
            key=lambda n: (n[0].period_from, n[0].pk))
        pointers = defaultdict(int)
        for item in candidates:
            if len(self.placed) >= target:
                break
            self._place(item, pointers)
        self._insert(Proposal, [p.proposal for p, *_rest in self.placed])
        self._insert(Placement, [p for p, *_rest in self.placed])
        self._insert(PlacementException, [e for *_rest, exceptions in self.placed for e in exceptions])
        answered = Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("answered_at")[:1])
        self._fresh(Placement).update(created_at=after(answered, 1))
        self._home_statuses()
        self.settings = {}
        for start in range(0, len(self.placed), CHUNK):
            self._placement_rows(self.placed[start:start + CHUNK])
        if len(self.placed) < target:  # only at a small scale: too few homes approved in time for the children's periods
            self.write(f"  {target - len(self.placed)} færre tiltak enn {target}: for få hjem godkjent i tide ved denne skalaen")
        self.write(f"  tiltak: {self.rows['Placement']} tiltak, {self.rows['TimeSheet']} timelister, {self.rows['FollowUp']} oppfølginger")

    def _place(self, item, pointers):
        need, k, app, decision = item
        pool = [slot for home in self.homes[k] if need.service_type in home.services for slot in home.slots]
        if not pool:
            return
        wanted = need.period_from + timedelta(days=self.rng.randint(7, 75))
        key = (k, need.service_type)
        for attempt in range(min(len(pool), 40)):
            slot = pool[(pointers[key] + attempt) % len(pool)]
            occupant = slot.occupant
            start = max(wanted, slot.home.approved_on + timedelta(days=7))
            if slot.last_start is not None:
                start = max(start, slot.last_start + timedelta(days=60))
            if occupant is not None and occupant.status == PlacementStatus.ENDED:
                start = max(start, occupant.ended_on + timedelta(days=1))
            active = occupant is not None and occupant.status != PlacementStatus.ENDED
            if start > self.today + timedelta(days=45) or (active and start > self.today):
                continue
            if need.period_to and start > need.period_to - timedelta(days=60):
                continue
            placed = self._placement(need, slot.home, start, decision, app)
            if placed is None:
                continue
            if active:  # the child before moved on: a move is a new placement, the old one ends
                occupant.status, occupant.ended_on = PlacementStatus.ENDED, start - timedelta(days=1)
                occupant.end_reason = "Familien fikk et annet tilbud (fiktivt)."
            slot.occupant, slot.last_start = placed[0], start
            pointers[key] += attempt + 1
            self.placed.append((placed[0], slot.home, item, placed[1]))
            return

    def _placement(self, need, home: HomePlan, start: date, decision, app):
        rng = self.rng
        if need.service_type in (WantedService.VISITING, WantedService.RESPITE_HOME):
            kind = rng.choice([ScheduleKind.FIRST_WEEKEND, ScheduleKind.SECOND_WEEKEND, ScheduleKind.THIRD_WEEKEND,
                               ScheduleKind.FOURTH_WEEKEND, ScheduleKind.EVERY_OTHER_WEEKEND])
            schedule = schedule_for(kind)
        else:
            kind = ScheduleKind.WEEKLY
            schedule = schedule_for(kind, weekday=rng.choice(home.home.weekdays or [0, 1, 2, 3, 4]),
                                    starts_at_time=time(15), ends_at_time=time(19))
        placement = Placement(
            need=need, home=home.home, children=1, start_date=start, planned_end=need.period_to, schedule_kind=kind,
            schedule_rule=schedule.rule, day_offset=schedule.day_offset, starts_at_time=schedule.starts_at_time,
            duration=schedule.duration, skip_public_holidays=rng.random() < 0.3,
            shared_with_family="Hjemmet bor i samme bydel og har hund (fiktivt)." if rng.random() < 0.5 else "",
            created_by=decision.decided_by,
        )
        horizon = min(d for d in (need.period_to, start + timedelta(days=400)) if d is not None)
        dates = occurrences(_WithExceptions(placement, []), start, horizon)
        if not dates:
            return None
        exceptions = []
        if len(dates) > 3 and rng.random() < 0.15:
            exceptions.append(PlacementException(
                placement=placement, kind=ExceptionKind.CANCELLED, date=rng.choice(dates[2:]).starts_at.date(),
                reason="Hjemmet er bortreist (fiktivt).", created_by=decision.decided_by))
        if rng.random() < 0.05:
            day = dates[0].starts_at.date() + timedelta(days=10)
            if placement.last_day is None or day <= placement.last_day:
                exceptions.append(PlacementException(
                    placement=placement, kind=ExceptionKind.EXTRA, starts_at=self._at(day, 10), ends_at=self._at(day, 16),
                    reason="Ekstra dag i høstferien (fiktivt).", created_by=decision.decided_by))
        placement.first_date_at = first_date(_WithExceptions(placement, exceptions))
        if placement.first_date_at is None:
            return None
        if placement.planned_end and placement.planned_end < self.today:
            placement.status, placement.ended_on = PlacementStatus.ENDED, placement.planned_end
            placement.end_reason = "Vedtaksperioden er over."
        else:
            placement.status = PlacementStatus.RUNNING if placement.first_date_at <= self.now else PlacementStatus.PLANNED
        proposed = min(max(decision.decided_at + timedelta(days=1), self._at(start - timedelta(days=20), 10)), self.now - timedelta(days=3))
        placement.proposal = Proposal(
            need=need, home=home.home, status=ProposalStatus.ACCEPTED, proposed_at=proposed, proposed_by=decision.decided_by,
            answered_at=proposed + timedelta(days=1), first_meeting_at=proposed + timedelta(days=2),
            first_meeting_place="Servicetorget, møterom 1")
        return placement, exceptions

    def _home_statuses(self):
        """Homes without a child now: a few pause or end, with the reason the service asks for."""
        busy = {p.home_id for p, *_rest in self.placed if p.status != PlacementStatus.ENDED}
        idle = [h.home.pk for homes in self.homes for h in homes if h.home.pk not in busy]
        self.rng.shuffle(idle)
        paused, ended = idle[: len(idle) // 20], idle[len(idle) // 20: len(idle) // 20 + len(idle) // 50]
        ApprovedHome.objects.filter(pk__in=paused).update(status=HomeStatus.PAUSED, status_reason="Familien har fått en baby (fiktivt).")
        ApprovedHome.objects.filter(pk__in=ended).update(status=HomeStatus.ENDED, status_reason="Familien har flyttet (fiktivt).")

    def _placement_rows(self, placed):
        rng = self.rng
        this_month = month_start(self.today)
        months = [this_month - relativedelta(months=n) for n in (3, 2, 1, 0)]
        sheets, entries, follow_ups = [], [], []
        for placement, home, (need, k, app, decision), exceptions in placed:
            view = _WithExceptions(placement, exceptions)
            caseworker = decision.decided_by
            for month in months:
                last = placement.last_day
                if placement.status == PlacementStatus.PLANNED or placement.start_date > month_end(month) or (last and last < month):
                    continue
                dates = occurrences(view, month, month_end(month))
                if not dates:
                    continue
                status = (TimeSheetStatus.APPROVED if month < months[2] else
                          TimeSheetStatus.CONFIRMED if month == months[2] and rng.random() < 0.5 else TimeSheetStatus.OPEN)
                confirmed = min(self._at(month_end(month) + timedelta(days=2), 18), self.now - timedelta(hours=1))
                sheet = TimeSheet(
                    placement=placement, month=month, status=status,
                    kilometres=rng.randint(0, 150) if status != TimeSheetStatus.OPEN and home.home.has_car else 0,
                    confirmed_at=confirmed if status != TimeSheetStatus.OPEN else None,
                    confirmed_by_name=home.home.name.split(" og ")[0] if status != TimeSheetStatus.OPEN else "",
                    approved_at=confirmed + timedelta(days=4) if status == TimeSheetStatus.APPROVED else None,
                    approved_by=caseworker if status == TimeSheetStatus.APPROVED else None,
                )
                sheets.append(sheet)
                entries += [TimeSheetEntry(time_sheet=sheet, starts_at=o.starts_at, ends_at=o.ends_at, planned=True,
                                           held=not (status == TimeSheetStatus.APPROVED and rng.random() < 0.04)) for o in dates]
                if status == TimeSheetStatus.OPEN and month == months[2]:
                    self._reminder(self._at(this_month, 8), "time_sheet_unconfirmed", k, Placement, placement.pk, home.email,
                                   home.language, this_month)
            follow_ups += self._follow_ups(placement, k, caseworker)
            self._placement_mail(placement, home, need, k, app)
        self._insert(TimeSheet, sheets)
        self._insert(TimeSheetEntry, entries)
        self._insert(FollowUp, follow_ups)
        for follow_up, k, recipient in self._follow_up_recipients:
            self._reminder(self._at(follow_up.due_on - timedelta(days=7), 7), "follow_up_due", k, FollowUp, follow_up.pk, recipient,
                           "nb", follow_up.due_on)
        self._follow_up_recipients = []

    def _follow_ups(self, placement, k, caseworker) -> list[FollowUp]:
        municipality = self.kommuner[k]
        if municipality.pk not in self.settings:
            self.settings[municipality.pk] = placement_settings_for(municipality=municipality)
        settings_ = self.settings[municipality.pk]
        first_day = timezone.localtime(placement.first_date_at).date()
        rows = []
        for kind, due, step in (
            (FollowUpKind.FOLLOW_UP, first_day + timedelta(days=settings_.first_follow_up_days), relativedelta(months=settings_.follow_up_months)),
            (FollowUpKind.EVALUATION, placement.start_date + relativedelta(months=12), relativedelta(months=12)),
        ):
            while placement.last_day is None or due <= placement.last_day:
                if due <= self.today - timedelta(days=3) and self.rng.random() < 0.9:
                    held = min(due + timedelta(days=self.rng.randint(-3, 5)), self.today)
                    rows.append(FollowUp(placement=placement, kind=kind, due_on=due, held_on=held,
                                         notes="Alt går fint; barnet trives (fiktivt).", child_views="Barnet gleder seg til neste gang.",
                                         recorded_by=caseworker, recorded_at=self._at(held, 15)))
                    due = held + step
                    continue
                if placement.status != PlacementStatus.ENDED:
                    rows.append(FollowUp(placement=placement, kind=kind, due_on=due))
                break
        self._follow_up_recipients += [(row, k, caseworker.email) for row in rows]
        return rows

    def _placement_mail(self, placement, home: HomePlan, need, k, app):
        proposal = placement.proposal
        family = [e for e in (app.guardian_email, app.second_guardian_email) if e]
        self._mail(proposal.proposed_at, "proposal_made", k, Proposal, proposal.pk, home.email, home.language, f"proposal_made:{proposal.pk}")
        stamp = proposal.first_meeting_at.isoformat()
        self._mail(proposal.answered_at, "first_meeting_home", k, Proposal, proposal.pk, home.email, home.language,
                   f"first_meeting_home:{proposal.pk}:{stamp}")
        for email in family:
            self._mail(proposal.answered_at, "first_meeting_family", k, Proposal, proposal.pk, email, app.language,
                       f"first_meeting_family:{proposal.pk}:{email}:{stamp}")
            self._mail(proposal.answered_at + timedelta(days=1), "home_found", k, Placement, placement.pk, email, app.language,
                       f"home_found:{placement.pk}:{email}")
        first = timezone.localtime(placement.first_date_at).date()
        self._reminder(placement.first_date_at - timedelta(days=2), "placement_date_home", k, Placement, placement.pk, home.email,
                       home.language, first)
        self._reminder(placement.first_date_at - timedelta(days=2), "placement_date_family", k, Placement, placement.pk,
                       app.guardian_email, app.language, first)

    # --- The outbox and the reference series ---------------------------------------------------------------------------

    def _outbox(self):
        """The most recent e-mails the cases above would have written: sent, a few failed, the newest still pending."""
        rng = self.rng
        chosen = sorted(self.mail, key=lambda m: m[0], reverse=True)[: self.count("messages")]
        content_types = {model: ContentType.objects.get_for_model(model).pk for model in {m[3] for m in chosen}}
        for start in range(0, len(chosen), CHUNK):
            messages = []
            for at, kind, k, model, pk, recipient, language, dedupe, due_on in chosen[start:start + CHUNK]:
                message = Message(kind=kind, municipality=self.kommuner[k], content_type_id=content_types[model], object_id=pk,
                                  recipient=recipient, language=language, dedupe_key=dedupe, due_on=due_on, send_after=at)
                draw = rng.random()
                if self.now - at < timedelta(minutes=10):
                    message.status = MessageStatus.PENDING  # not handed to the broker yet: the sweep will
                elif self.now - at < timedelta(hours=2) or draw < 0.01:
                    message.status, message.queued_at = MessageStatus.PENDING, at
                    if draw < 0.01:  # a temporary error: back off and try again
                        message.attempts, message.last_error = rng.randint(1, 3), "421 4.7.0 Prøv igjen senere (fiktivt)"
                        message.send_after = self.now + timedelta(minutes=rng.randint(1, 60))
                elif draw < 0.03:
                    message.status, message.queued_at, message.attempts = MessageStatus.FAILED, at, 1
                    message.last_error = "550 5.1.1 Mottakeren finnes ikke (fiktivt)"
                elif draw < 0.04 and due_on is not None:
                    message.status, message.queued_at, message.attempts = MessageStatus.OBSOLETE, at, 1
                else:
                    message.status, message.queued_at, message.attempts = MessageStatus.SENT, at, 1
                    message.sent_at = at + timedelta(seconds=rng.randint(2, 90))
                messages.append(message)
            self._insert(Message, messages)
        self._fresh(Message).update(created_at=F("send_after"))
        self._fresh(Message).filter(attempts__gt=0, status=MessageStatus.PENDING).update(created_at=F("queued_at"))
        self.write(f"  utgående e-post: {self.rows['Message']} av {len(self.mail)} mulige")

    def _sequences(self):
        for (municipality_id, year), last in self.sequences.items():
            ReferenceSequence.objects.update_or_create(municipality_id=municipality_id, year=year, defaults={"last_number": last})
            self.rows["ReferenceSequence"] += 1
