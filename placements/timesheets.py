"""Time sheets and the payroll they feed (issue #12, item 8).

Each month of a placement has one time sheet (`TimeSheet.month` is the month's first day). Its dates are the
placement's dates that start on a day of that month in Oslo (a weekend from Friday 31 January belongs to January), as
the schedule gives them: cancelled dates left out, extra dates in. While the sheet is open its dates follow the
schedule; the home then confirms which of them it actually had the child (unticking those that did not happen), the
kilometres driven and a note, and types its name: who and when is recorded. A confirmed sheet may be corrected and
confirmed again until the caseworker approves it. Only approved sheets feed payroll.

How a held date is paid (every amount in øre, as integers, never float; every division rounded half up, explicitly):

- **Rates**: the kommune's `RateTable` in force on the day the date *starts* (Oslo), for the agreement kind the home
  works under in the placement's role (`agreement_kind_for`) and the need's legal track — the rule of
  `selectors.rate_table_in_force`, read for many dates at once. A month in which the rates change is paid with the
  old rates before the change and the new ones from it. Kilometres are paid at the km rate in force on the last day
  of the month.
- **Døgn** (besøkshjem and avlastningshjem: the services that keep the child overnight): the time that really passes
  (UTC, so a weekend over the change to summer time is 47 hours and over the change back 49), divided by 24 hours and
  rounded to the nearest whole døgn, half up, and at least 1. Friday 17:00 to Sunday 17:00 is 2 døgn all year round;
  36 hours is 2 døgn, 35 hours 1.
- **Minutes** (hours): the time that really passes, in whole minutes (seconds dropped). Pay by the hour is
  `hourly rate × minutes / 60`, rounded half up to whole øre, per date.
- **Pay**: a stay under an oppdragsavtale earns `fee_per_day_ore` per døgn (once per stay, whatever the number of
  children); under an arbeidsavtale the hourly pay for the minutes of the stay. A støttekontakt and miljøterapeutisk
  avlastning per time earn the hourly rate for the minutes.
- **Expenses** (stays only): per døgn and per child, by the child's age on the day the stay starts — 0–10 (until the
  11th birthday) or over 10 — as in KS SGS 1030. A sibling group placed together counts each sibling's own age.
- **Kilometres**: `km × km_rate_ore`.

Placements never imports applications: the sheet, its entries and the rates are all placements' own.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.tenancy.choices import DEFAULT_AGREEMENT_KIND, AgreementKind, LegalTrack
from besokshjem.tenancy.selectors import home_type_setting
from besokshjem.tenancy.services import require_member

from .homes import placement_reference
from .matching import age_on
from .models import (
    HOME_TYPE_FOR_SERVICE,
    ApprovedHome,
    Need,
    Placement,
    PlacementAction,
    PlacementStatus,
    RateTable,
    ServiceType,
    TimeSheet,
    TimeSheetEntry,
    TimeSheetStatus,
)
from .schedules import OSLO, occurrences

#: The most kilometres a home may report for one month.
MAX_KILOMETRES = 10_000
#: How many months back a home's page asks for time sheets (last month and the ones before it).
MONTHS_BACK = 3
#: The services paid by the døgn (the child stays overnight); the others are paid by the hour.
STAY_SERVICES = {ServiceType.VISITING, ServiceType.RESPITE_HOME}
#: The oldest age (in whole years) of the lower expense band, «0–10 år».
YOUNGER_BAND_MAX_AGE = 10
DAY_MINUTES = 24 * 60


# --- Months ----------------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return month_start(month) + relativedelta(months=1) - timedelta(days=1)


def previous_month(today: date | None = None) -> date:
    return month_start(today or timezone.localdate()) - relativedelta(months=1)


def parse_month(value: str) -> date | None:
    """«2027-03» -> 1 March 2027; None for anything else."""
    try:
        return datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        return None


def _months(first: date, last: date) -> list[date]:
    found, month = [], month_start(first)
    while month <= last:
        found.append(month)
        month += relativedelta(months=1)
    return found


def _oslo_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=OSLO)


# --- Units and money -------------------------------------------------------------------------------------------------


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, a half rounded up; both non-negative integers."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("divide_half_up takes a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


def elapsed_minutes(starts_at: datetime, ends_at: datetime) -> int:
    """Whole minutes that really pass (UTC), seconds dropped: 47 hours for a weekend over the change to summer time."""
    return int((ends_at.astimezone(UTC) - starts_at.astimezone(UTC)).total_seconds()) // 60


def stay_days(minutes: int) -> int:
    """Døgn in a stay of `minutes`: the nearest whole number of 24 hours, a half rounded up, at least 1."""
    return max(1, divide_half_up(minutes, DAY_MINUTES))


def pay_for_minutes(*, hourly_ore: int, minutes: int) -> int:
    """Pay by the hour for `minutes`, in whole øre rounded half up."""
    return divide_half_up(hourly_ore * minutes, 60)


def kroner(ore: int) -> str:
    """123450 øre -> «1234,50»: kroner with a decimal comma and no thousands separator, so that a Norwegian
    spreadsheet reads it as a number."""
    sign = "-" if ore < 0 else ""
    whole, rest = divmod(abs(int(ore)), 100)
    return f"{sign}{whole},{rest:02d}"


def hours_display(minutes: int) -> str:
    """Minutes as hours with two decimals and a decimal comma, rounded half up: 2820 -> «47,00», 20 -> «0,33»."""
    hundredths = divide_half_up(minutes * 100, 60)
    return f"{hundredths // 100},{hundredths % 100:02d}"


# --- The sheet of a month ---------------------------------------------------------------------------------------------


def _follow_schedule(sheet: TimeSheet, placement: Placement) -> None:
    """An open sheet's dates are the schedule's: add the dates it lacks, drop planned dates no longer in it (cancelled).
    The home's ticks on the dates that stay are kept."""
    wanted = {o.starts_at.astimezone(UTC): o for o in occurrences(placement, sheet.month, month_end(sheet.month))}
    entries = list(sheet.entries.all())
    have = {e.starts_at.astimezone(UTC) for e in entries}
    stale = [e.pk for e in entries if e.planned and e.starts_at.astimezone(UTC) not in wanted]
    if stale:
        TimeSheetEntry.objects.filter(pk__in=stale).delete()
    new = [TimeSheetEntry(time_sheet=sheet, starts_at=o.starts_at, ends_at=o.ends_at, planned=True, held=True)
           for key, o in wanted.items() if key not in have]
    for entry in new:
        entry.full_clean()
    TimeSheetEntry.objects.bulk_create(new)


@transaction.atomic
def time_sheet_for(*, placement: Placement, month: date) -> TimeSheet:
    """The placement's time sheet for `month` (its first day), made when first asked for and filled with the dates
    from the schedule (planned and held). Idempotent; while the sheet is open its dates follow the schedule. Only for
    a month that has begun."""
    if month.day != 1:
        raise ValueError("month must be the first day of a month")
    if month > month_start(timezone.localdate()):
        raise ValidationError(_("En timeliste kan lages når måneden har begynt."), code="future_month")
    sheet, _created = TimeSheet.objects.get_or_create(placement=placement, month=month)
    sheet = TimeSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status == TimeSheetStatus.OPEN:
        _follow_schedule(sheet, placement)
    return sheet


def _locked(time_sheet: TimeSheet) -> TimeSheet:
    return TimeSheet.objects.select_for_update(of=("self",)).select_related("placement__need__municipality").get(pk=time_sheet.pk)


@transaction.atomic
def time_sheet_confirm(
    *, time_sheet: TimeSheet, held_entry_ids, kilometres: int | None, note: str, confirmed_by_name: str,
) -> TimeSheet:
    """The home confirms the month once it is over: the dates in `held_entry_ids` happened, the others did not; the
    kilometres driven, a note, and the name of the one who confirms (recorded with the time). A confirmed sheet may be
    corrected and confirmed again until the kommune has approved it."""
    sheet = _locked(time_sheet)
    if sheet.status == TimeSheetStatus.APPROVED:
        raise ValidationError(_("Timelisten er godkjent av kommunen og kan ikke endres."), code="approved")
    if timezone.localdate() <= month_end(sheet.month):
        raise ValidationError(_("Timelisten kan bekreftes når måneden er omme."), code="month_not_over")
    entries = list(sheet.entries.all())
    held = {int(pk) for pk in held_entry_ids}
    name = " ".join((confirmed_by_name or "").split())
    errors = {}
    if held - {e.pk for e in entries}:
        errors["held"] = ValidationError(_("En av datoene hører ikke til denne timelisten."), code="unknown_entry")
    if kilometres is None or isinstance(kilometres, bool) or not 0 <= kilometres <= MAX_KILOMETRES:
        errors["kilometres"] = ValidationError(
            _("Oppgi kilometer som et helt tall fra 0 til %(max)s.") % {"max": f"{MAX_KILOMETRES:,}".replace(",", " ")},
            code="kilometres_out_of_range",
        )
    if not name:
        errors["confirmed_by_name"] = ValidationError(_("Skriv fullt navn på den som bekrefter timelisten."), code="required")
    if errors:
        raise ValidationError(errors)
    TimeSheetEntry.objects.filter(time_sheet=sheet, pk__in=held).update(held=True)
    TimeSheetEntry.objects.filter(time_sheet=sheet).exclude(pk__in=held).update(held=False)
    previous = sheet.status
    sheet.status = TimeSheetStatus.CONFIRMED
    sheet.kilometres, sheet.home_note = kilometres, (note or "").strip()
    sheet.confirmed_by_name, sheet.confirmed_at = name, timezone.now()
    sheet.full_clean()
    sheet.save(update_fields=["status", "kilometres", "home_note", "confirmed_by_name", "confirmed_at"])
    audit_record(target=sheet, municipality=sheet.placement.need.municipality, action=PlacementAction.TIME_SHEET_CONFIRMED,
                 actor_label=APPLICANT, from_status=previous, to_status=sheet.status,
                 note=f"{name}: {len(held)} av {len(entries)} datoer, {kilometres} km")
    return sheet


@transaction.atomic
def time_sheet_approve(*, time_sheet: TimeSheet, by) -> TimeSheet:
    """The caseworker approves a sheet the home has confirmed; from then on it feeds payroll. Refused while the
    kommune has no rates for one of its dates (the amounts must be computable)."""
    sheet = _locked(time_sheet)
    municipality = sheet.placement.need.municipality
    require_member(user=by, municipality=municipality, track=sheet.placement.need.track)
    if sheet.status != TimeSheetStatus.CONFIRMED:
        raise ValidationError(_("Bare en timeliste som hjemmet har bekreftet, kan godkjennes."), code="not_confirmed")
    time_sheet_lines(_with_context(TimeSheet.objects.filter(pk=sheet.pk)))  # raises when the rates are missing
    previous = sheet.status
    sheet.status, sheet.approved_at, sheet.approved_by = TimeSheetStatus.APPROVED, timezone.now(), by
    sheet.full_clean()
    sheet.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(target=sheet, municipality=municipality, action=PlacementAction.TIME_SHEET_APPROVED, actor=by,
                 from_status=previous, to_status=sheet.status)
    return sheet


@transaction.atomic
def time_sheet_reopen(*, time_sheet: TimeSheet, by, reason: str) -> TimeSheet:
    """The caseworker takes back an approval, with a reason: the sheet is confirmed again (not approved), so the home
    can correct it and the caseworker approve it anew. It leaves payroll until then."""
    sheet = _locked(time_sheet)
    municipality = sheet.placement.need.municipality
    require_member(user=by, municipality=municipality, track=sheet.placement.need.track)
    if sheet.status != TimeSheetStatus.APPROVED:
        raise ValidationError(_("Bare en godkjent timeliste kan åpnes igjen."), code="not_approved")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Oppgi årsak.")}, code="reason_required")
    previous = sheet.status
    sheet.status, sheet.approved_at, sheet.approved_by = TimeSheetStatus.CONFIRMED, None, None
    sheet.full_clean()
    sheet.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(target=sheet, municipality=municipality, action=PlacementAction.TIME_SHEET_REOPENED, actor=by,
                 from_status=previous, to_status=sheet.status, note=reason.strip())
    return sheet


# --- What a home is asked to confirm ----------------------------------------------------------------------------------


def home_time_sheets(*, home: ApprovedHome) -> list[TimeSheet]:
    """The sheets an approved home is asked to confirm, oldest first: for each of its placements, every month from
    the one of its first date, at most the last MONTHS_BACK months up to last month, not yet approved. The sheets are
    made here when first asked for (and follow the schedule while open)."""
    last = previous_month()
    first = last - relativedelta(months=MONTHS_BACK - 1)
    placements = (home.placements.filter(first_date_at__lt=_oslo_midnight(last + relativedelta(months=1)))
                  .exclude(status=PlacementStatus.ENDED, ended_on__lt=first).prefetch_related("exceptions"))
    for placement in placements:
        since = max(first, month_start(timezone.localtime(placement.first_date_at, OSLO).date()))
        for month in _months(since, last):
            if placement.last_day is not None and month > placement.last_day:
                break
            time_sheet_for(placement=placement, month=month)
    return list(
        TimeSheet.objects.filter(placement__home=home, month__gte=first, month__lte=last).exclude(status=TimeSheetStatus.APPROVED)
        .select_related("placement").prefetch_related("entries").order_by("month", "placement__start_date", "placement_id")
    )


def home_open_time_sheet(*, home: ApprovedHome, pk: int) -> TimeSheet | None:
    """One of the home's own sheets it may still confirm (None for another home's, or an approved one)."""
    return (TimeSheet.objects.filter(pk=pk, placement__home=home).exclude(status=TimeSheetStatus.APPROVED)
            .select_related("placement").prefetch_related("entries").first())


# --- Amounts ----------------------------------------------------------------------------------------------------------


def agreement_kind_for(placement: Placement) -> str:
    """The kind of agreement the home works under in the placement's role: its current agreement for that home type
    (a couple's arbeidsavtaler are of one kind), else the kommune's setting for the home type, else the default.

    Reads `placement.home.application.agreements.all()` and `placement.need.municipality.home_type_settings.all()`
    (prefetch them for many placements)."""
    home_type = HOME_TYPE_FOR_SERVICE.get(placement.need.service_type)
    for agreement in placement.home.application.agreements.all():
        if agreement.superseded_at is None and agreement.home_type == home_type:
            return agreement.kind
    setting = home_type_setting(municipality=placement.need.municipality, home_type=home_type)
    return setting.agreement_kind if setting is not None else DEFAULT_AGREEMENT_KIND[home_type]


class RateBook:
    """The rate tables of some kommuner, to find the one in force on many dates with one query: the same rule as
    `selectors.rate_table_in_force` (the latest `valid_from` on or before the day)."""

    def __init__(self, *, municipality_ids, until: date):
        self._tables = defaultdict(list)
        for table in RateTable.objects.filter(municipality_id__in=set(municipality_ids), valid_from__lte=until).order_by("-valid_from"):
            self._tables[(table.municipality_id, table.agreement_kind, table.legal_track)].append(table)

    def in_force(self, *, municipality_id: int, agreement_kind: str, legal_track: str, on: date) -> RateTable:
        for table in self._tables[(municipality_id, agreement_kind, legal_track)]:
            if table.valid_from <= on:
                return table
        raise ValidationError(
            _("Kommunen har ingen satser for %(kind)s etter %(track)s som gjelder %(date)s. Legg inn satser først.") % {
                "kind": AgreementKind(agreement_kind).label.lower(), "track": LegalTrack(legal_track).label, "date": on.strftime("%d.%m.%Y"),
            },
            code="no_rates",
        )


def _required(table: RateTable, name: str, what: str) -> int:
    value = getattr(table, name)
    if value is None:
        raise ValidationError(
            _("Satsene fra %(date)s (%(table)s) mangler %(what)s. Legg dem inn først.") % {
                "date": table.valid_from.strftime("%d.%m.%Y"), "table": table.get_agreement_kind_display(), "what": what,
            },
            code="rates_incomplete",
        )
    return value


@dataclass(frozen=True)
class EntryAmount:
    """What one held date earns, with the rates in force on the day it starts."""

    entry: TimeSheetEntry
    rate: RateTable
    days: int
    minutes: int
    pay_ore: int
    expenses_ore: int


@dataclass(frozen=True)
class PayrollLine:
    """A month's pay for one placement of one home: its held dates, kilometres and what they earn, in øre."""

    time_sheet: TimeSheet
    placement: Placement
    home: ApprovedHome
    reference: str
    month: date
    agreement_kind: str
    by_the_day: bool
    entries: tuple[EntryAmount, ...]
    kilometres: int
    km_ore: int

    @property
    def days(self) -> int:
        return sum(e.days for e in self.entries)

    @property
    def minutes(self) -> int:
        return sum(e.minutes for e in self.entries)

    @property
    def pay_ore(self) -> int:
        return sum(e.pay_ore for e in self.entries)

    @property
    def expenses_ore(self) -> int:
        return sum(e.expenses_ore for e in self.entries)

    @property
    def total_ore(self) -> int:
        return self.pay_ore + self.expenses_ore + self.km_ore

    @property
    def hours(self) -> str:
        return hours_display(self.minutes)

    def get_agreement_kind_display(self) -> str:
        return str(AgreementKind(self.agreement_kind).label)


def _entry_amount(entry: TimeSheetEntry, *, rate: RateTable, by_the_day: bool, kind: str, birth_dates: list[date]) -> EntryAmount:
    minutes = elapsed_minutes(entry.starts_at, entry.ends_at)
    day = timezone.localtime(entry.starts_at, OSLO).date()
    if not by_the_day:
        pay = pay_for_minutes(hourly_ore=_required(rate, "hourly_pay_ore", _("timesats")), minutes=minutes)
        return EntryAmount(entry=entry, rate=rate, days=0, minutes=minutes, pay_ore=pay, expenses_ore=0)
    days = stay_days(minutes)
    if kind == AgreementKind.ASSIGNMENT:
        pay = days * _required(rate, "fee_per_day_ore", _("godtgjøring per døgn"))
    else:
        pay = pay_for_minutes(hourly_ore=_required(rate, "hourly_pay_ore", _("timelønn")), minutes=minutes)
    expenses = 0
    for born in birth_dates:
        young = age_on(born, day) <= YOUNGER_BAND_MAX_AGE
        band = ("expenses_0_10_ore", _("utgiftsdekning for barn 0–10 år")) if young else ("expenses_over_10_ore", _("utgiftsdekning for barn over 10 år"))
        expenses += days * _required(rate, *band)
    return EntryAmount(entry=entry, rate=rate, days=days, minutes=minutes, pay_ore=pay, expenses_ore=expenses)


def _with_context(sheets):
    """Sheets with what their amounts are computed from, in a fixed number of queries."""
    return (sheets.select_related("placement__need__municipality", "placement__home__application", "approved_by")
            .prefetch_related("entries", "placement__home__application__agreements", "placement__need__municipality__home_type_settings"))


def _birth_dates(placements) -> dict[int, list[date]]:
    """{placement id: the birth dates of the children it holds}: a sibling group placed together is each sibling's."""
    groups = {p.need.sibling_group for p in placements if p.need.sibling_group is not None}
    siblings = defaultdict(list)
    for group, born in Need.objects.filter(sibling_group__in=groups).order_by("pk").values_list("sibling_group", "child_birth_date"):
        siblings[group].append(born)
    return {p.pk: siblings.get(p.need.sibling_group) or [p.need.child_birth_date] for p in placements}


def _line(sheet: TimeSheet, *, rates: RateBook, birth_dates: list[date]) -> PayrollLine:
    placement = sheet.placement
    need = placement.need
    kind = agreement_kind_for(placement)
    by_the_day = need.service_type in STAY_SERVICES

    def rate_on(day: date) -> RateTable:
        return rates.in_force(municipality_id=need.municipality_id, agreement_kind=kind, legal_track=need.track, on=day)

    entries = tuple(
        _entry_amount(e, rate=rate_on(timezone.localtime(e.starts_at, OSLO).date()), by_the_day=by_the_day, kind=kind,
                      birth_dates=birth_dates)
        for e in sorted(sheet.entries.all(), key=lambda e: e.starts_at) if e.held
    )
    km_ore = sheet.kilometres * rate_on(month_end(sheet.month)).km_rate_ore if sheet.kilometres else 0
    return PayrollLine(time_sheet=sheet, placement=placement, home=placement.home, reference=placement_reference(placement),
                       month=sheet.month, agreement_kind=kind, by_the_day=by_the_day, entries=entries,
                       kilometres=sheet.kilometres, km_ore=km_ore)


def _compute(sheets: list[TimeSheet]) -> list[PayrollLine | ValidationError]:
    """Each sheet's line, or the ValidationError that says which rates are missing; one query for the rates and one
    for siblings, however many sheets."""
    if not sheets:
        return []
    placements = [s.placement for s in sheets]
    rates = RateBook(municipality_ids=[p.need.municipality_id for p in placements], until=max(month_end(s.month) for s in sheets))
    born = _birth_dates(placements)
    found = []
    for sheet in sheets:
        try:
            found.append(_line(sheet, rates=rates, birth_dates=born[sheet.placement.pk]))
        except ValidationError as exc:
            found.append(exc)
    return found


def time_sheet_lines(sheets) -> list[PayrollLine]:
    """What each sheet's held dates and kilometres earn (see the module's docstring), whatever the sheet's status.
    `sheets`: sheets loaded with `_with_context`. Raises ValidationError (code «no_rates» or «rates_incomplete») when
    the kommune has no complete rates for one of the dates."""
    found = _compute(list(sheets))
    for item in found:
        if isinstance(item, ValidationError):
            raise item
    return found


def payroll_lines(*, municipality, month: date, visible: Q | None = None) -> list[PayrollLine]:
    """The kommune's payroll for a month: one line per approved time sheet (per home and placement), by home name.
    Confirmed sheets the caseworker has not approved are not in it; `visible` narrows it to a caseworker's units."""
    sheets = _with_context(TimeSheet.objects.filter(visible or Q(), placement__need__municipality=municipality, month=month_start(month),
                                                    status=TimeSheetStatus.APPROVED))
    return sorted(time_sheet_lines(sheets), key=lambda line: (line.home.name.casefold(), line.placement.pk))


PAYROLL_CSV_HEADER = [
    gettext_lazy("Hjem"), gettext_lazy("Tiltak"), gettext_lazy("Måned"), gettext_lazy("Avtaletype"), gettext_lazy("Døgn"),
    gettext_lazy("Timer"), gettext_lazy("Godtgjøring eller lønn (kr)"), gettext_lazy("Utgiftsdekning (kr)"),
    gettext_lazy("Kilometer"), gettext_lazy("Kilometergodtgjøring (kr)"), gettext_lazy("Sum (kr)"),
]


def payroll_csv_rows(*, municipality, month: date, visible: Q | None = None) -> list[list[str]]:
    """The payroll lines as CSV rows under PAYROLL_CSV_HEADER, money as kroner with a decimal comma («1234,50»), hours
    with two decimals. Write them with `besokshjem.core.csv_export.csv_response`, which escapes formula cells."""
    return [
        [line.home.name, line.reference, f"{line.month:%Y-%m}", line.get_agreement_kind_display(), str(line.days), line.hours,
         kroner(line.pay_ore), kroner(line.expenses_ore), str(line.kilometres), kroner(line.km_ore), kroner(line.total_ore)]
        for line in payroll_lines(municipality=municipality, month=month, visible=visible)
    ]


# --- The caseworker's month -------------------------------------------------------------------------------------------


@dataclass
class SheetRow:
    """A placement in the month, with its sheet (None: the home has not opened it) and what it earns (None while
    unconfirmed, or `error` when the rates are missing)."""

    placement: Placement
    reference: str
    sheet: TimeSheet | None
    line: PayrollLine | None = None
    error: str = ""


def month_overview(*, municipalities, month: date, visible: Q | None = None) -> list[SheetRow]:
    """Every placement of the kommuner with dates in the month or a sheet for it, by home name, each with its sheet and
    the amounts of a confirmed or approved one. A fixed number of queries, however many rows."""
    month = month_start(month)
    end = month_end(month)
    in_month = (Q(first_date_at__lt=_oslo_midnight(end + timedelta(days=1))) & (Q(ended_on__isnull=True) | Q(ended_on__gte=month))
                & (Q(planned_end__isnull=True) | Q(planned_end__gte=month)))
    sheets = TimeSheet.objects.filter(month=month).select_related("approved_by").prefetch_related("entries")
    placements = list(
        Placement.objects.filter(visible or Q(), Q(need__municipality__in=municipalities) & (in_month | Q(time_sheets__month=month)))
        .distinct()
        .select_related("need__municipality", "home__application")
        .prefetch_related(Prefetch("time_sheets", queryset=sheets, to_attr="month_sheets"), "home__application__agreements",
                          "need__municipality__home_type_settings")
    )
    rows = [SheetRow(placement=p, reference=placement_reference(p), sheet=p.month_sheets[0] if p.month_sheets else None) for p in placements]
    counted = [r for r in rows if r.sheet is not None and r.sheet.status != TimeSheetStatus.OPEN]
    for row in counted:
        row.sheet.placement = row.placement
    for row, found in zip(counted, _compute([r.sheet for r in counted]), strict=True):
        if isinstance(found, ValidationError):
            row.error = " ".join(found.messages)
        else:
            row.line = found
    return sorted(rows, key=lambda r: (r.placement.home.name.casefold(), r.placement.pk))


def time_sheets_visible_to(*, municipalities, visible: Q | None = None):
    """The sheets of the kommuner (a caseworker's): another kommune's sheet is not among them; `visible` narrows them to
    the caseworker's units' legal tracks."""
    return TimeSheet.objects.filter(visible or Q(), placement__need__municipality__in=municipalities)
