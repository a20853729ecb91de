"""factory-boy factories. All people, addresses and e-mails are fictional (example.no).

The factories of a case's parts (Meeting, InterimReply, Decision, Appeal) build rows directly, for tests that need
one as a starting point; a test about writing one calls the service instead (audit entry, outbox row, checks).
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from applications.models import (
    Appeal,
    AppealStatus,
    Decision,
    DecisionStatus,
    InterimReply,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
    RespiteStatus,
    VolunteerApplication,
    WantedService,
)
from besokshjem.accounts.models import User
from besokshjem.core.national_id import check_digits
from besokshjem.legal.selectors import cite
from besokshjem.tenancy.choices import HomeType, LegalTrack
from besokshjem.tenancy.models import Role
from besokshjem.tenancy.services import membership_grant, municipality_create
from placements.models import Need


def make_municipality(name="Bergen", slug="bergen", number="4601", prefix="BGO", **extra):
    return municipality_create(
        name=name,
        slug=slug,
        number=number,
        reference_prefix=prefix,
        contact_email=f"post@{slug}.example.no",
        contact_phone="+4755000000",
        **extra,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"bruker{n}@example.no")
    full_name = factory.Faker("name", locale="no_NO")
    is_staff = True
    password = factory.django.Password("test-passord-123")


def make_caseworker(municipality, email=None, role=Role.CASEWORKER, may_decide=True, tracks=tuple(LegalTrack.values)):
    user = UserFactory(email=email or f"saksbehandler@{municipality.slug}.example.no")
    membership_grant(user=user, municipality=municipality, role=role, may_decide=may_decide, tracks=tracks)
    return user


class VolunteerApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: every step answered, ready to submit."""

    class Meta:
        model = VolunteerApplication

    language = "nb"
    home_types = factory.LazyFunction(lambda: [HomeType.VISITING])
    applying_together = False
    first_name = "Kari"
    last_name = "Testesen"
    birth_date = date(1985, 4, 12)
    email = factory.Sequence(lambda n: f"soker{n}@example.no")
    phone = "+4741234567"
    address = "Eksempelveien 1"
    postcode = "5015"
    post_town = "Bergen"
    home_municipality = "Bergen"
    housing_type = "detached"
    housing_tenure = "own"
    rooms = 5
    child_bedroom = True
    pets = False
    smoking = False
    physical_health = "good"
    mental_health = "good"
    substance_use = False
    major_crises = False
    interests = "Tur og brettspill"
    personal_qualities = "Tålmodig"
    disability_thoughts = "Positiv"
    motivation = "Gi et barn gode helger"
    age_min = 0
    age_max = 18
    sibling_pair = "yes"
    frequency_per_month = 1
    availability = "Helger"
    holidays = True
    has_driving_licence = True
    has_car = True
    norwegian_written = True
    norwegian_oral = True
    commitment_one_year = True
    consent_health = True
    confirm_true = True
    privacy_read = True
    politiattest_acknowledged = True


def synthetic_national_id(day=15, month=8, year2=16, individual="512") -> str:
    """A Tenor-style synthetic fødselsnummer (month + 80) with valid control digits. Never a real person."""
    first_nine = f"{day:02d}{month + 80:02d}{year2:02d}{individual}"
    digits = check_digits(first_nine)
    if len(digits) != 2 or not digits.isdigit():  # this individual number has no valid control digits
        return synthetic_national_id(day, month, year2, f"{int(individual) + 1:03d}")
    return first_nine + digits


class RespiteApplicationFactory(factory.django.DjangoModelFactory):
    """A parent's complete, unsent application for avlastning (fictional child and parents)."""

    class Meta:
        model = "applications.RespiteApplication"

    language = "nb"
    child_first_name = "Lille"
    child_last_name = "Testbarn"
    child_birth_date = date(2016, 8, 15)
    child_needs = "Trenger tett oppfølging hele døgnet."
    guardian_name = "Mona Testforelder"
    guardian_email = factory.Sequence(lambda n: f"forelder{n}@example.no")
    guardian_phone = "+4741234500"
    guardian_address = "Eksempelgata 2"
    guardian_postcode = "5015"
    guardian_post_town = "Bergen"
    guardian_relation = "Mor"
    guardian_has_parental_responsibility = True
    second_guardian = False
    care_hours_per_month = 120
    physically_demanding = True
    physically_demanding_details = "Mange løft hver dag."
    psychologically_demanding = False
    night_care = True
    night_care_details = "Våkner tre ganger hver natt."
    services_received = "Ingen"
    services_wanted = factory.LazyFunction(lambda: ["respite_home"])
    weekends_per_month = 2
    individual_plan_wanted = True
    coordinator_wanted = True
    consent_obtain_info = False
    confirm_true = True


def _case_worker(case):
    """The caseworker on a case, or a new staff user when nobody is assigned."""
    return case.assigned_to or UserFactory()


class MeetingFactory(factory.django.DjangoModelFactory):
    """An interview a week from now. Pass `application=`; `held=True` or `cancelled=True` for the other states."""

    class Meta:
        model = Meeting

    kind = MeetingKind.INTERVIEW
    status = MeetingStatus.SCHEDULED
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    place = "Rådhuset, møterom 2"
    caseworker = factory.LazyAttribute(lambda o: _case_worker(o.application))

    class Params:
        held = factory.Trait(
            status=MeetingStatus.HELD,
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
            held_at=factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1)),
            notes="Gjennomført som planlagt.",
        )
        cancelled = factory.Trait(status=MeetingStatus.CANCELLED)


class InterimReplyFactory(factory.django.DjangoModelFactory):
    """A foreløpig svar sent today, expecting a decision in three weeks. Pass `application=`."""

    class Meta:
        model = InterimReply

    reason = "Vi venter på uttalelse fra skolen."
    expected_decision_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    sent_by = factory.LazyAttribute(lambda o: _case_worker(o.application))


class DecisionFactory(factory.django.DjangoModelFactory):
    """A vedtak made now and delivered digitally (so it has reached the parent now): a grant of two weekends a month, or
    `rejected=True`. Pass `application=`; `notified_at=None` for a paper letter whose arrival is not yet recorded.

    Like the decision service, it closes an open case (status decided); `close_case=False` leaves the case as it is.
    """

    class Meta:
        model = Decision
        skip_postgeneration_save = True

    status = DecisionStatus.CONFIRMED
    outcome = Outcome.GRANTED
    service_type = WantedService.RESPITE_HOME
    scope_amount = 2
    scope_unit = "weekend"
    period_from = factory.LazyFunction(timezone.localdate)
    facts = "Barnet trenger tilsyn hele døgnet, og foreldrene får lite sammenhengende søvn."
    reasons = "Omsorgsarbeidet er særlig tyngende, særlig om natten."
    best_interests = "Barnet trives med faste rammer; avlastningshjem gir forutsigbarhet."
    child_views = "Barnet har sagt at det gleder seg til å bli kjent med en ny familie."
    child_views_weight = "Barnets ønske om faste helger er lagt vekt på."
    legal_basis = factory.LazyFunction(lambda: cite("basis.health_care.respite"))
    appeal_weeks = 4
    appeal_body = factory.LazyAttribute(lambda o: o.application.municipality.appeal_authority)
    decided_at = factory.LazyFunction(timezone.now)
    decided_by = factory.LazyAttribute(lambda o: _case_worker(o.application))
    # Delivered digitally, as the decision service does: it has reached the parent when it is made.
    notified_at = factory.LazyAttribute(lambda o: o.decided_at)

    class Params:
        rejected = factory.Trait(outcome=Outcome.REJECTED, service_type="", scope_amount=None, scope_unit="", period_from=None)

    @factory.post_generation
    def need(decision, create, extracted, **kwargs):
        """A granted vedtak is a need on the waiting list, as the decision service makes it (`need=False`: none)."""
        if create and extracted is not False and decision.is_confirmed and decision.is_granted:
            case = decision.case
            Need.objects.create(
                decision=decision, municipality=case.municipality, service_type=decision.service_type,
                scope_amount=decision.scope_amount, scope_unit=decision.scope_unit, scope_period=decision.scope_period,
                period_from=decision.period_from, period_to=decision.period_to, track=decision.track,
                child_birth_date=case.child_birth_date, area=getattr(case, "guardian_post_town", ""), created_by=decision.decided_by,
            )

    @factory.post_generation
    def close_case(decision, create, extracted, **kwargs):
        application = decision.application
        if not create or extracted is False or application.status not in (RespiteStatus.SUBMITTED, RespiteStatus.IN_REVIEW):
            return
        application.status, application.closed_at = RespiteStatus.DECIDED, decision.decided_at
        application.save(update_fields=["status", "closed_at"])


class AppealFactory(factory.django.DjangoModelFactory):
    """A klage lodged now and not yet handled; `forwarded=True` for one the kommune upheld. Pass `decision=`."""

    class Meta:
        model = Appeal

    text = "Vi mener barnet trenger avlastning også i ferier."
    status = AppealStatus.LODGED

    class Params:
        forwarded = factory.Trait(
            status=AppealStatus.FORWARDED,
            handled_at=factory.LazyFunction(timezone.now),
            handled_by=factory.LazyAttribute(lambda o: o.decision.decided_by),
            handling_note="Vedtaket opprettholdes.",
        )
