from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from besokshjem.core.letters import Letter, letter_pdf
from besokshjem.core.prefetch import rows
from besokshjem.tenancy.choices import AgreementKind, HomeType
from besokshjem.tenancy.selectors import home_type_setting, municipalities_for, on_visible_tracks

from .models import (
    ACTIVE_PLACEMENT,
    Agreement,
    ApprovedHome,
    EmploymentTerms,
    Need,
    Placement,
    PlacementSettings,
    PlacementStatus,
    RateTable,
    TariffMinimum,
)
from .schedules import Occurrence, occurrences


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
        (a for a in rows(application, "agreements") if a.superseded_at is None),
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


# --- Needs, capacity and delivery ------------------------------------------------------------------------------------


def needs_visible_to(*, user) -> QuerySet[Need]:
    return Need.objects.filter(on_visible_tracks(user=user)).select_related("municipality")


def placements_visible_to(*, user) -> QuerySet[Placement]:
    return Placement.objects.filter(
        on_visible_tracks(user=user, municipality_field="need__municipality", track_field="need__track")
    ).select_related("need", "home")


def sibling_needs(need: Need) -> list[Need]:
    """The need and its siblings granted together (just the need when it has none), in a stable order."""
    if need.sibling_group is None:
        return [need]
    return list(Need.objects.filter(sibling_group=need.sibling_group).order_by("pk"))


def holding_a_place(start: date, end: date | None) -> Q:
    """Placements that may hold a place in a home on a day from `start` to `end` (None: open-ended): planned or running,
    or ended on a day in the period. Count them with `children_at_peak`."""
    q = (Q(status__in=ACTIVE_PLACEMENT) | Q(status=PlacementStatus.ENDED, ended_on__gte=start)) & (
        Q(planned_end__isnull=True) | Q(planned_end__gte=start)
    )
    return q & Q(start_date__lte=end) if end else q


def children_at_peak(placements, start: date, end: date | None) -> int:
    """The most children the placements hold on one and the same day from `start` to `end`; each holds its places
    from its start date to its last day (planned or ended), whatever its dates within that period."""
    changes = []
    for p in placements:
        begins = max(p.start_date, start)
        last = min((d for d in (p.last_day, end) if d is not None), default=None)
        if last is not None and last < begins:
            continue
        changes.append((begins, p.children))
        if last is not None:
            changes.append((last + timedelta(days=1), -p.children))
    peak = held = 0
    for _day, change in sorted(changes):  # on the same day, places freed (negative) come before places taken
        held += change
        peak = max(peak, held)
    return peak


def placement_dates(placement: Placement, start: date, end: date) -> list[Occurrence]:
    """The placement's dates that start on a day from `start` to `end`: aware Europe/Oslo datetimes, extra dates
    marked, cancelled ones (and public holidays, when the placement skips them) left out."""
    return occurrences(placement, start, end)


def _delivered_at(now: datetime) -> Case:
    """When the need was delivered: the first date of its (or its sibling group's) placements, if that has passed.

    Two subqueries rather than one with an OR: a need without siblings reads its own placements by the need's index;
    only a sibling's need joins on the group. (The OR made PostgreSQL scan every placement for every need: 18 s for
    the waiting list of 12,000 needs, docs/benchmarks.md.)"""
    def first(**served):
        return Subquery(Placement.objects.filter(first_date_at__lte=now, **served).order_by("first_date_at").values("first_date_at")[:1])

    return Case(When(sibling_group__isnull=True, then=first(need=OuterRef("pk"))),
                default=first(need__sibling_group=OuterRef("sibling_group")))


def needs_with_delivery(queryset: QuerySet[Need], *, now: datetime | None = None) -> QuerySet[Need]:
    """The needs annotated with `delivered_at`: None while the need waits."""
    return queryset.annotate(delivered_at=_delivered_at(now or timezone.now()))


def need_delivered_at(*, need: Need, now: datetime | None = None) -> datetime | None:
    """A need (and its decision) is delivered exactly when the first date of a placement for it has started: then
    that moment, else None."""
    return needs_with_delivery(Need.objects.filter(pk=need.pk), now=now).values_list("delivered_at", flat=True).first()


def decisions_delivered(*, decision_ids, now: datetime | None = None) -> dict[int, datetime]:
    """{decision id: when it was delivered} for those of the decisions whose need has been delivered."""
    needs = needs_with_delivery(Need.objects.filter(decision_id__in=decision_ids), now=now).filter(delivered_at__isnull=False)
    return dict(needs.values_list("decision_id", "delivered_at"))


def waiting_needs(*, municipality, now: datetime | None = None) -> QuerySet[Need]:
    """The kommune's granted needs no placement has delivered yet (the waiting list), oldest first. A need whose
    decision has been reversed is not waiting: the new decision has a need of its own."""
    needs = Need.objects.filter(municipality=municipality, decision__reversed_at__isnull=True)
    return needs_with_delivery(needs, now=now).filter(delivered_at__isnull=True).order_by("created_at", "pk")


def placement_settings_for(*, municipality) -> PlacementSettings:
    """The kommune's placement settings, or the defaults (unsaved) when it has none."""
    found = PlacementSettings.objects.filter(municipality=municipality).first()
    return found or PlacementSettings(municipality=municipality)


def serving_need(need: Need, prefix: str = "") -> Q:
    """Rows (placements, or proposals) for the need — a sibling group's placement is stored on one of the siblings, and
    serves them all."""
    q = Q(**{f"{prefix}need": need})
    return q | Q(**{f"{prefix}need__sibling_group": need.sibling_group}) if need.sibling_group else q
