"""Personas and helpers of the going-live import: each kommune's administrator, a frozen clock (mid-June 2026), CSV
files built from rows, and a count of every table an import may write to. All data is fictional (example.no)."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.models import ChildWelfareCase, Decision, Guardian, ReferenceSequence, RespiteApplication, VolunteerApplication
from besokshjem.audit.models import AuditEntry
from besokshjem.outbox.models import Message
from besokshjem.tenancy.models import Role
from placements.models import ApprovedHome, FollowUp, Need, Placement

from ..factories import make_caseworker

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 6, 15, 10, tzinfo=OSLO)

HOME_HEADER = ("ekstern_id;navn;e_post;telefon;roller;kapasitet;alder_fra;alder_til;søskenpar;område;helger;ukedager;"
               "fra_klokken;til_klokken;godkjent_dato")
DECISION_HEADER = ("ekstern_id;spor;barnets_fornavn;barnets_etternavn;barnets_fodselsdato;foresatt_navn;foresatt_e_post;tjeneste;"
                   "omfang_antall;omfang_enhet;per;fra_dato;til_dato;vedtaksdato;område;hjem_ekstern_id;tiltak_start;fast_ordning;"
                   "ukedag;fra_klokken;til_klokken")
TABLES = (VolunteerApplication, ApprovedHome, RespiteApplication, ChildWelfareCase, Guardian, Need, Placement, FollowUp,
          AuditEntry, ReferenceSequence, Message)


@pytest.fixture(autouse=True)
def june_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bergen_admin(bergen):
    return make_caseworker(bergen, email="kommuneadmin@bergen.example.no", role=Role.ADMIN)


@pytest.fixture
def lillestrom_admin(lillestrom):
    return make_caseworker(lillestrom, email="kommuneadmin@lillestrom.example.no", role=Role.ADMIN)


def csv_file(header: str, *rows: str, bom: bool = False) -> io.BytesIO:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return io.BytesIO(("\ufeff" if bom else "").encode() + text.encode())


def home(key="H-1", *, name="Kari Eksempelsen", email="kari.eksempelsen@example.no", phone="+4741000001", roles="besøkshjem",
         capacity="1", age_from="6", age_to="12", siblings="nei", area="Fana", weekends="1", weekdays="", hours_from="",
         hours_to="", approved="2025-03-01") -> str:
    return ";".join([key, name, email, phone, roles, capacity, age_from, age_to, siblings, area, weekends, weekdays, hours_from,
                     hours_to, approved])


def decision(key="V-1", *, track="helse_og_omsorg", first="Lise", last="Eksempelsen", born="2016-05-04", guardian="Mona Eksempelsen",
             guardian_email="mona.eksempelsen@example.no", service="besøkshjem", amount="1", unit="helg", per="måned",
             period_from="2026-01-01", period_to="2027-12-31", decided="2025-12-10", area="Fana", home_key="", start="",
             schedule="", weekday="", hours_from="", hours_to="") -> str:
    return ";".join([key, track, first, last, born, guardian, guardian_email, service, amount, unit, per, period_from, period_to,
                     decided, area, home_key, start, schedule, weekday, hours_from, hours_to])


def homes_file(*rows: str, **kwargs) -> io.BytesIO:
    return csv_file(HOME_HEADER, *rows, **kwargs)


def decisions_file(*rows: str, **kwargs) -> io.BytesIO:
    return csv_file(DECISION_HEADER, *rows, **kwargs)


def counts() -> dict[str, int]:
    """Rows in every table an import may write to (decisions with the drafts, which the default manager hides)."""
    return {model.__name__: model.objects.count() for model in TABLES} | {"Decision": Decision.all_objects.count()}
