"""factory-boy factories. All people, addresses and e-mails are fictional (example.no)."""

from datetime import date

import factory

from applications.models import VolunteerApplication
from besokshjem.accounts.models import User
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.models import Role
from besokshjem.tenancy.services import membership_grant, municipality_create


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


def make_caseworker(municipality, email=None, role=Role.CASEWORKER):
    user = UserFactory(email=email or f"saksbehandler@{municipality.slug}.example.no")
    membership_grant(user=user, municipality=municipality, role=role)
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
    from besokshjem.core.national_id import check_digits

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
