from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from besokshjem.core.letters import Letter, letter_pdf
from besokshjem.tenancy.choices import AgreementKind, HomeType
from besokshjem.tenancy.selectors import home_type_setting, municipalities_for

from .models import Agreement, ApprovedHome, EmploymentTerms, RateTable, TariffMinimum


def rate_table_in_force(*, municipality, agreement_kind: str, legal_track: str, on: date) -> RateTable | None:
    return (
        RateTable.objects.filter(municipality=municipality, agreement_kind=agreement_kind, legal_track=legal_track, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


def tariff_minimum_in_force(*, legal_track: str, on: date) -> TariffMinimum | None:
    return TariffMinimum.in_force(legal_track=legal_track, on=on)


def employment_terms_for(*, municipality) -> EmploymentTerms:
    """The kommune's terms for arbeidsavtaler; the defaults (KLP, pay on the 12th, one month's notice) when it has set none."""
    return EmploymentTerms.objects.filter(municipality=municipality).first() or EmploymentTerms(municipality=municipality)


# --- Which agreements a case needs -----------------------------------------------------------------------------------


def service_givers(application, home_type: str) -> list[tuple[str, str]]:
    """Who gives the service in a role, as (person key, name): the applicant, and the partner when a couple applies
    together for a home. A støttekontakt is one person."""
    people = [("applicant", application.applicant_name)]
    if application.applying_together and home_type != HomeType.SUPPORT_CONTACT:
        people.append(("partner", application.partner_name))
    return people


@dataclass(frozen=True)
class PlannedAgreement:
    """One agreement a case needs: for a role (home type), of the kind the kommune's setting gives it."""

    home_type: str
    kind: str
    legal_track: str
    #: The employee of an arbeidsavtale; "" for an oppdragsavtale (which may name a couple).
    person_key: str
    #: (person key, name) of everyone on the volunteer's side who signs.
    parties: tuple[tuple[str, str], ...]

    def matches(self, agreement) -> bool:
        return (agreement.home_type, agreement.person_key, agreement.kind) == (self.home_type, self.person_key, self.kind)


def agreement_plan(application) -> list[PlannedAgreement]:
    """One agreement per role; an arbeidsavtale is personal, so a role with two employees needs two.

    Reads the kommune's settings from `municipality.home_type_settings` (prefetch it for many cases).
    """
    plan = []
    for home_type in application.home_types:
        setting = home_type_setting(municipality=application.municipality, home_type=home_type)
        if setting is None:
            continue
        givers = service_givers(application, home_type)
        if setting.agreement_kind == AgreementKind.EMPLOYMENT:
            plan += [PlannedAgreement(home_type, setting.agreement_kind, setting.legal_track, key, ((key, name),)) for key, name in givers]
        else:
            plan.append(PlannedAgreement(home_type, setting.agreement_kind, setting.legal_track, "", tuple(givers)))
    return plan


def current_agreements(*, application) -> list[Agreement]:
    """The case's agreements in force (not replaced), with their parties; uses prefetched rows where there are any."""
    return sorted(
        (a for a in application.agreements.all() if a.superseded_at is None),
        key=lambda a: (list(application.home_types).index(a.home_type) if a.home_type in application.home_types else 99, a.person_key, a.pk),
    )


def current_agreement(*, application, pk: int) -> Agreement | None:
    """One of the case's agreements in force, by id (None for another case's or a replaced one)."""
    return application.agreements.filter(pk=pk, superseded_at__isnull=True).prefetch_related("parties").first()


def approved_homes_visible_to(*, user) -> QuerySet[ApprovedHome]:
    return ApprovedHome.objects.filter(municipality__in=municipalities_for(user=user)).select_related("municipality")


def format_ore(ore: int | None) -> str:
    """12345 øre -> 'kr 123,45' (Norwegian style)."""
    if ore is None:
        return "–"
    kroner, rest = divmod(int(ore), 100)
    return f"kr {kroner:,}".replace(",", "\u00a0") + f",{rest:02d}"


def agreement_pdf(*, agreement) -> bytes:
    """The agreement on the official layout (sender, our reference, date, pages); it is signed by the parties below."""
    letter = Letter(municipality=agreement.municipality, reference=agreement.application.reference,
                    date=timezone.localdate(agreement.created_at), title=f"{agreement.get_kind_display()} – {agreement.get_home_type_display()}")
    return letter_pdf(template="pdf/agreement.html", letter=letter,
                      context={"agreement": agreement, "parties": list(agreement.parties.all())})
