"""The two CSV formats a kommune imports when it goes live, and what a valid row of each is (docs/going-live.md says
the same for people; a test holds the two together).

- hjem.csv: the kommune's approved homes (besøkshjem, avlastningshjem, støttekontakter).
- vedtak.csv: granted, running decisions, each either waiting for a home (the waiting list) or with the placement
  that delivers it (the placement columns filled in).

Each row has the kommune's own key for the record (`ekstern_id`): a second import of the same file skips the rows
already imported.
"""

from dataclasses import dataclass
from datetime import date, time

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from applications.models import ScopePeriod, WantedService
from besokshjem.tenancy.choices import HomeType, LegalTrack
from placements.models import ScheduleKind
from placements.units import Unit

from .tables import Cells, fold

#: Column -> required. The order is the order of the documentation and the example files.
HOME_COLUMNS = {
    "ekstern_id": True, "navn": True, "e_post": True, "telefon": False, "roller": True, "kapasitet": True, "alder_fra": True,
    "alder_til": True, "søskenpar": True, "område": True, "helger": False, "ukedager": False, "fra_klokken": False,
    "til_klokken": False, "godkjent_dato": True,
}
PLACEMENT_COLUMNS = ("hjem_ekstern_id", "tiltak_start", "fast_ordning", "ukedag", "fra_klokken", "til_klokken")
DECISION_COLUMNS = {
    "ekstern_id": True, "spor": True, "barnets_fornavn": True, "barnets_etternavn": True, "barnets_fodselsdato": True,
    "foresatt_navn": True, "foresatt_e_post": False, "tjeneste": True, "omfang_antall": True, "omfang_enhet": True, "per": True,
    "fra_dato": True, "til_dato": False, "vedtaksdato": True, "område": False, **dict.fromkeys(PLACEMENT_COLUMNS, False),
}

KEY_LENGTH = 100  # VolunteerApplication.import_key and the others
MAX_CAPACITY = 10
MAX_SCOPE = 99
ADULT = 18


def _allowed(pairs: dict[str, str]) -> dict[str, str]:
    """Spelling -> value, by the folded spelling (so «Besøkshjem» and «besokshjem» are both «besøkshjem»)."""
    return {fold(spelling): value for spelling, value in pairs.items()}


ROLES = {"besøkshjem": HomeType.VISITING, "avlastningshjem": HomeType.RESPITE, "støttekontakt": HomeType.SUPPORT_CONTACT}
YES_NO = {"ja": True, "nei": False}
TRACKS = {"helse_og_omsorg": LegalTrack.HEALTH_CARE, "barnevern": LegalTrack.CHILD_WELFARE}
SERVICES = {
    "besøkshjem": WantedService.VISITING, "avlastningshjem": WantedService.RESPITE_HOME, "avlastning_time": WantedService.HOURLY,
    "støttekontakt": WantedService.SUPPORT_CONTACT,
}
UNITS = {"helg": Unit.WEEKEND, "døgn": Unit.DAY, "time": Unit.HOUR}
UNIT_PLURALS = {"helger": Unit.WEEKEND, "timer": Unit.HOUR}
PERIODS = {"måned": ScopePeriod.MONTH, "uke": ScopePeriod.WEEK}
SCHEDULES = {kind.value: kind.value for kind in ScheduleKind}
WEEKDAYS = {"mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6}
#: The units a service's scope is counted in: a home by weekends or days (døgn), hourly respite and a støttekontakt by hours.
UNITS_FOR_SERVICE = {
    WantedService.VISITING: {Unit.WEEKEND, Unit.DAY}, WantedService.RESPITE_HOME: {Unit.WEEKEND, Unit.DAY},
    WantedService.HOURLY: {Unit.HOUR}, WantedService.SUPPORT_CONTACT: {Unit.HOUR},
}


@dataclass(frozen=True)
class HomeRow:
    key: str
    name: str
    email: str
    phone: str
    roles: list[str]
    capacity: int
    age_min: int
    age_max: int
    sibling_pair: bool
    area: str
    weekends_of_month: list[int]
    weekdays: list[int]
    hours_from: time | None
    hours_to: time | None
    approved_on: date


@dataclass(frozen=True)
class PlacementColumns:
    home_key: str
    start_date: date
    schedule_kind: str
    weekday: int | None
    starts_at_time: time | None
    ends_at_time: time | None


@dataclass(frozen=True)
class DecisionRow:
    key: str
    track: str
    child_first_name: str
    child_last_name: str
    child_birth_date: date
    guardian_name: str
    guardian_email: str
    service_type: str
    scope_amount: int
    scope_unit: str
    scope_period: str
    period_from: date
    period_to: date | None
    decided_on: date
    area: str
    placement: PlacementColumns | None


def _key(cells: Cells) -> str:
    key = cells.text("ekstern_id", max_length=KEY_LENGTH, required=True)
    if len(key) == 11 and key.isascii() and key.isdigit():
        cells.error(_("«ekstern_id» ser ut som et fødselsnummer. Bruk kommunens egen nøkkel, ikke fødselsnummeret."))
    return key


def _not_future(cells: Cells, name: str, day: date | None, today: date) -> None:
    if day is not None and day > today:
        cells.error(_("«%(column)s» kan ikke være etter i dag.") % {"column": name})


def home_row(cells: Cells, *, today: date) -> HomeRow | None:
    """The row as a home, or None when it has errors (in `cells.errors`)."""
    key = _key(cells)
    name = cells.text("navn", max_length=200, required=True)
    email = cells.email("e_post", required=True)
    phone = cells.phone("telefon")
    roles = cells.choices("roller", _allowed(ROLES), list(ROLES), required=True)
    capacity = cells.integer("kapasitet", 1, MAX_CAPACITY, required=True)
    age_min = cells.integer("alder_fra", 0, ADULT, required=True)
    age_max = cells.integer("alder_til", 0, ADULT, required=True)
    sibling_pair = cells.choice("søskenpar", _allowed(YES_NO), list(YES_NO), required=True)
    area = cells.text("område", max_length=100, required=True)
    weekends = cells.numbers("helger", 1, 5)
    weekdays = cells.numbers("ukedager", 0, 6)
    hours_from, hours_to = cells.clock("fra_klokken"), cells.clock("til_klokken")
    approved_on = cells.day("godkjent_dato", required=True)
    if age_min is not None and age_max is not None and age_min > age_max:
        cells.error(_("«alder_fra» kan ikke være høyere enn «alder_til»."))
    if sibling_pair is True and capacity is not None and capacity < 2:
        cells.error(_("Et hjem som tar søskenpar («søskenpar» ja), må ha «kapasitet» minst 2."))
    if cells.given("fra_klokken", "til_klokken") != cells.given("ukedager") or cells.given("fra_klokken") != cells.given("til_klokken"):
        cells.error(_("«ukedager», «fra_klokken» og «til_klokken» hører sammen: fyll ut alle tre eller ingen."))
    elif hours_from is not None and hours_to is not None and hours_from >= hours_to:
        cells.error(_("«til_klokken» må være etter «fra_klokken»."))
    _not_future(cells, "godkjent_dato", approved_on, today)
    if cells.errors:
        return None
    return HomeRow(
        key=key, name=name, email=email, phone=phone, roles=roles, capacity=capacity, age_min=age_min, age_max=age_max,
        sibling_pair=sibling_pair, area=area, weekends_of_month=weekends, weekdays=weekdays, hours_from=hours_from,
        hours_to=hours_to, approved_on=approved_on,
    )


def _placement(cells: Cells, *, period_from: date | None, period_to: date | None) -> PlacementColumns | None:
    """The placement columns of a running decision; None for a row on the waiting list (all of them empty)."""
    if not cells.given(*PLACEMENT_COLUMNS):
        return None
    home_key = cells.text("hjem_ekstern_id", max_length=KEY_LENGTH, required=True)
    start = cells.day("tiltak_start", required=True)
    kind = cells.choice("fast_ordning", SCHEDULES, list(SCHEDULES), required=True)
    weekly = kind == ScheduleKind.WEEKLY
    weekday = cells.choice("ukedag", {**_allowed(WEEKDAYS), **{str(n): n for n in range(7)}}, ["0–6", *WEEKDAYS], required=weekly)
    starts, ends = cells.clock("fra_klokken"), cells.clock("til_klokken")
    if weekly:
        for column, value in (("fra_klokken", starts), ("til_klokken", ends)):
            if value is None and not cells.raw(column):
                cells.error(_("«%(column)s» mangler (fast_ordning weekly).") % {"column": column})
        if starts is not None and ends is not None and starts >= ends:
            cells.error(_("«til_klokken» må være etter «fra_klokken»."))
    elif kind and cells.given("ukedag", "fra_klokken", "til_klokken"):
        cells.error(_("«ukedag», «fra_klokken» og «til_klokken» gjelder bare fast_ordning weekly; en helg er fredag 17:00 til søndag 17:00."))
    if start is not None and period_from is not None and (start < period_from or (period_to is not None and start > period_to)):
        cells.error(_("«tiltak_start» må ligge i vedtakets periode (fra «fra_dato» til «til_dato»)."))
    if cells.errors:
        return None
    return PlacementColumns(home_key=home_key, start_date=start, schedule_kind=kind, weekday=weekday if weekly else None,
                            starts_at_time=starts if weekly else None, ends_at_time=ends if weekly else None)


def decision_row(cells: Cells, *, today: date) -> DecisionRow | None:
    """The row as a granted, running decision (with its placement, if any), or None when it has errors."""
    key = _key(cells)
    track = cells.choice("spor", _allowed(TRACKS), list(TRACKS), required=True)
    first_name = cells.text("barnets_fornavn", max_length=100, required=True)
    last_name = cells.text("barnets_etternavn", max_length=100, required=True)
    born = cells.day("barnets_fodselsdato", required=True)
    guardian_name = cells.text("foresatt_navn", max_length=200, required=True)
    guardian_email = cells.email("foresatt_e_post")
    service = cells.choice("tjeneste", _allowed(SERVICES), list(SERVICES), required=True)
    amount = cells.integer("omfang_antall", 1, MAX_SCOPE, required=True)
    unit = cells.choice("omfang_enhet", _allowed({**UNITS, **UNIT_PLURALS}), list(UNITS), required=True)
    period = cells.choice("per", _allowed(PERIODS), list(PERIODS), required=True)
    period_from, period_to = cells.day("fra_dato", required=True), cells.day("til_dato")
    decided_on = cells.day("vedtaksdato", required=True)
    area = cells.text("område", max_length=100)
    _not_future(cells, "barnets_fodselsdato", born, today)
    _not_future(cells, "vedtaksdato", decided_on, today)
    if born is not None and period_from is not None and born <= today and relativedelta(period_from, born).years >= ADULT:
        cells.error(_("Barnet er 18 år eller eldre på «fra_dato»."))
    if service and unit and unit not in UNITS_FOR_SERVICE[service]:
        cells.error(_("«omfang_enhet» passer ikke til «tjeneste»: besøkshjem og avlastningshjem regnes i helg eller døgn, "
                      "avlastning_time og støttekontakt i time."))
    if period_from is not None and period_to is not None and period_to < period_from:
        cells.error(_("«til_dato» kan ikke være før «fra_dato»."))
    elif period_to is not None and period_to < today:
        cells.error(_("Vedtaket er utløpt («til_dato» er passert): bare løpende vedtak og ventelisten importeres."))
    placement = _placement(cells, period_from=period_from, period_to=period_to)
    if cells.errors:
        return None
    return DecisionRow(
        key=key, track=track, child_first_name=first_name, child_last_name=last_name, child_birth_date=born,
        guardian_name=guardian_name, guardian_email=guardian_email, service_type=service, scope_amount=amount, scope_unit=unit,
        scope_period=period, period_from=period_from, period_to=period_to, decided_on=decided_on, area=area, placement=placement,
    )
