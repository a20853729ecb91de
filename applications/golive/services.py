"""Importing a kommune's approved homes, running decisions and waiting list when it goes live.

Every row is read and checked first; a row with problems is rejected with its line number and every reason, and the
others are stored, each in a savepoint of its own, so one row the services refuse (a home that would be overbooked)
cannot take the others with it. A dry run does exactly the same in a transaction that is rolled back at the end: its
report is what the real run would do, and nothing is stored. A row whose `ekstern_id` the kommune has imported before is
skipped («finnes fra før»), so importing the same file twice changes nothing.

What an imported row becomes is what the portal would have made of the same case, through the same services where
there is one: a home is an approved volunteer application with its ApprovedHome; a decision is a confirmed vedtak in a
parent's application (helse- og omsorg) or in a barnevern case, its Need (`need_from_decision`) and, for a running one,
its Placement (`placement_create`, which still refuses to overbook a home). The consents a public form asks for are not
set: an imported case never went through the form, and the database allows that only for a row with an import key.
Nothing is sent to anybody.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.decisions.law import citations
from applications.intake.services import next_reference
from applications.models import (
    ApplicationStatus,
    ChildWelfareCase,
    ChildWelfareStatus,
    Decision,
    DecisionDelivery,
    DecisionStatus,
    Guardian,
    Outcome,
    RespiteApplication,
    RespiteStatus,
    VolunteerApplication,
    WantedService,
)
from besokshjem.audit.services import audit_record
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.models import Municipality
from besokshjem.tenancy.selectors import municipalities_administered_by
from besokshjem.tenancy.services import require_member
from placements import services as placement_services
from placements.models import ApprovedHome

from . import formats
from .choices import GoLiveAction
from .report import DECISIONS, HOMES, ImportReport
from .tables import Cells, FileRejected, read_table

OSLO = ZoneInfo("Europe/Oslo")
#: What an imported vedtak says where a vedtak made in the portal has the caseworker's reasons: stored in Norwegian.
FROM_PREVIOUS_SYSTEM = gettext_lazy("Vedtaket er fattet i kommunens tidligere fagsystem og importert. Begrunnelsen står i "
                                    "vedtaket der.")
BEST_INTERESTS = gettext_lazy("Vedtaket er fattet i kommunens tidligere fagsystem og importert. Vurderingen av barnets beste "
                              "står i vedtaket der.")
CHILD_VIEWS = gettext_lazy("Vedtaket er fattet i kommunens tidligere fagsystem og importert. Barnets synspunkter står i "
                           "vedtaket der.")


def require_importer(*, user, municipality: Municipality) -> None:
    """Only the kommune's own administrator (or a superuser) brings a kommune's data in."""
    require_member(user=user, municipality=municipality)
    if not municipalities_administered_by(user=user).filter(pk=municipality.pk).exists():
        raise ValidationError(_("Bare kommunens administrator kan importere data."), code="not_admin")


def _at_noon(day: date) -> datetime:
    """A date of the old system as a moment: noon in Oslo, clear of any change of day in UTC."""
    return datetime.combine(day, time(12), tzinfo=OSLO)


def _split_name(name: str) -> tuple[str, str]:
    first, _space, last = name.rpartition(" ")
    return (first, last) if first else (name, "")


def _reference(municipality: Municipality) -> str:
    """The portal's own reference, from the kommune's series of the year the case comes into the portal."""
    return next_reference(municipality=municipality, year=timezone.localdate().year)


# --- Homes -----------------------------------------------------------------------------------------------------------


def _store_home(*, municipality: Municipality, row: formats.HomeRow, line: int, by) -> ApprovedHome:
    approved_at = _at_noon(row.approved_on)
    first_name, last_name = _split_name(row.name)
    application = VolunteerApplication(
        municipality=municipality, status=ApplicationStatus.APPROVED, reference=_reference(municipality), import_key=row.key,
        submitted_at=approved_at, closed_at=approved_at, home_types=row.roles, first_name=first_name, last_name=last_name,
        email=row.email, phone=row.phone, post_town=row.area, age_min=row.age_min, age_max=row.age_max,
        sibling_pair="yes" if row.sibling_pair else "no",
    )
    application.full_clean()
    application.save()
    home = ApprovedHome(
        municipality=municipality, application=application, name=row.name, home_types=row.roles, capacity=row.capacity,
        age_min=row.age_min, age_max=row.age_max, sibling_pair=row.sibling_pair, area=row.area,
        weekends_of_month=row.weekends_of_month, weekdays=row.weekdays, hours_from=row.hours_from, hours_to=row.hours_to,
        approved_at=approved_at, approved_by=by,
    )
    home.full_clean()
    home.save()
    audit_record(target=application, municipality=municipality, action=GoLiveAction.IMPORTED, actor=by,
                 to_status=ApplicationStatus.APPROVED, note=_("hjem, linje %(line)s") % {"line": line})
    return home


def _import_homes(*, municipality: Municipality, file, by, report: ImportReport) -> None:
    existing = set(VolunteerApplication.objects.filter(municipality=municipality).exclude(import_key="")
                   .values_list("import_key", flat=True))
    _run(report=report, file=file, columns=formats.HOME_COLUMNS, parse=formats.home_row, existing=existing,
         store=lambda row, line: _store_home(municipality=municipality, row=row, line=line, by=by))


# --- Decisions -------------------------------------------------------------------------------------------------------


def _decided_in(*, municipality: Municipality, row: formats.DecisionRow, by):
    """The case the vedtak is made in: a parent's application (helse- og omsorg) or a barnevern case with its guardian."""
    decided_at = _at_noon(row.decided_on)
    if row.track == LegalTrack.HEALTH_CARE:
        case = RespiteApplication(
            municipality=municipality, status=RespiteStatus.DECIDED, reference=_reference(municipality), import_key=row.key,
            submitted_at=decided_at, closed_at=decided_at, child_first_name=row.child_first_name,
            child_last_name=row.child_last_name, child_birth_date=row.child_birth_date, guardian_name=row.guardian_name,
            guardian_email=row.guardian_email, guardian_post_town=row.area, guardian_has_parental_responsibility=True,
            services_wanted=[row.service_type],
        )
        case.full_clean()
        case.save()
        return case
    case = ChildWelfareCase(
        municipality=municipality, status=ChildWelfareStatus.DECIDED, reference=_reference(municipality), import_key=row.key,
        child_first_name=row.child_first_name, child_last_name=row.child_last_name, child_birth_date=row.child_birth_date,
        child_post_town=row.area, created_by=by,
    )
    case.full_clean()
    case.save()
    guardian = Guardian(case=case, name=row.guardian_name, email=row.guardian_email, has_parental_responsibility=True)
    guardian.full_clean()
    guardian.save()
    return case


def _store_decision(*, municipality: Municipality, row: formats.DecisionRow, line: int, by, homes: dict[str, ApprovedHome]):
    try:
        cited = citations(row.track, row.service_type, row.decided_on)
    except LookupError:
        raise ValidationError(_("Lovtabellen har ingen hjemmel for dette sporet på «vedtaksdato». Vedtak etter en eldre lov kan "
                                "ikke importeres før hjemmelen er lagt inn."), code="no_legal_basis") from None
    case = _decided_in(municipality=municipality, row=row, by=by)
    decided_at = _at_noon(row.decided_on)
    with translation.override("nb"):
        texts = {"reasons": str(FROM_PREVIOUS_SYSTEM), "best_interests": str(BEST_INTERESTS), "child_views": str(CHILD_VIEWS),
                 "applied_for": str(WantedService(row.service_type).label)}
    decision = Decision(
        **({"application": case} if row.track == LegalTrack.HEALTH_CARE else {"child_welfare_case": case}),
        status=DecisionStatus.CONFIRMED, track=row.track, outcome=Outcome.GRANTED, service_type=row.service_type,
        scope_amount=row.scope_amount, scope_unit=row.scope_unit, scope_period=row.scope_period, period_from=row.period_from,
        period_to=row.period_to, legal_basis=cited["basis"].citation, appeal_weeks=cited["appeal"].weeks,
        appeal_body=municipality.appeal_authority, decided_at=decided_at, decided_by=by, delivery=DecisionDelivery.PAPER,
        notified_at=decided_at, **texts,
    )
    decision.full_clean()
    decision.save()
    audit_record(target=case, municipality=municipality, action=GoLiveAction.IMPORTED, actor=by, to_status=case.status,
                 note=_("vedtak, linje %(line)s") % {"line": line})
    need = placement_services.need_from_decision(decision=decision, by=by)
    if row.placement is not None:
        p = row.placement
        placement_services.placement_create(
            need=need, home=homes[p.home_key], start_date=p.start_date, schedule_kind=p.schedule_kind, weekday=p.weekday,
            starts_at_time=p.starts_at_time, ends_at_time=p.ends_at_time, by=by,
        )
    return case


def _import_decisions(*, municipality: Municipality, file, by, report: ImportReport) -> None:
    existing = {
        *RespiteApplication.objects.filter(municipality=municipality).exclude(import_key="").values_list("import_key", flat=True),
        *ChildWelfareCase.objects.filter(municipality=municipality).exclude(import_key="").values_list("import_key", flat=True),
    }
    homes = {home.application.import_key: home for home in ApprovedHome.objects.filter(municipality=municipality)
             .exclude(application__import_key="").select_related("application")}

    def parse(cells: Cells, *, today: date):
        row = formats.decision_row(cells, today=today)
        if row is not None and row.placement is not None and row.placement.home_key not in homes:
            cells.error(_("«hjem_ekstern_id» viser ikke til et hjem kommunen har importert."))
            return None
        return row

    _run(report=report, file=file, columns=formats.DECISION_COLUMNS, parse=parse, existing=existing,
         store=lambda row, line: _store_decision(municipality=municipality, row=row, line=line, by=by, homes=homes))


# --- One file, row by row --------------------------------------------------------------------------------------------


def _key_of(cells: Cells) -> str:
    """The row's ekstern_id as it is stored (spaces as in Cells.text), also when the row has other problems."""
    return " ".join(cells.raw("ekstern_id").split())


def _run(*, report: ImportReport, file, columns: dict[str, bool], parse, existing: set[str], store) -> None:
    """Check every row, then store each good one in its own savepoint; fill in the report."""
    try:
        records = read_table(file, columns=columns)
    except FileRejected as exc:
        report.file_errors.extend(exc.messages)
        return
    today = timezone.localdate()
    checked = []
    for record in records:
        cells = Cells(record)
        checked.append((record.line, cells, parse(cells, today=today)))
    lines_of: dict[str, list[int]] = {}
    for line, cells, _row in checked:
        if _key_of(cells):
            lines_of.setdefault(_key_of(cells), []).append(line)
    for line, cells, row in checked:
        others = [other for other in lines_of.get(_key_of(cells), []) if other != line]
        if others:
            cells.error(_("«ekstern_id» er brukt på flere rader i filen (også linje %(lines)s).") % {"lines": ", ".join(map(str, others))})
        if cells.errors:
            report.reject(line, cells.errors)
        elif row.key in existing:
            report.skip(line)
        else:
            try:
                with transaction.atomic():
                    store(row, line)
            except ValidationError as exc:
                report.reject(line, exc.messages)
            except IntegrityError:  # a rule only the database checks; full_clean() has checked the others
                report.reject(line, [_("Raden kunne ikke lagres: den bryter en regel i databasen.")])
            else:
                existing.add(row.key)
                report.stored(line)


IMPORTERS = {HOMES: _import_homes, DECISIONS: _import_decisions}


def import_files(*, municipality: Municipality, by, files: list[tuple[str, object]], dry_run: bool) -> list[ImportReport]:
    """Import files in order (`(HOMES, file)` before `(DECISIONS, file)`, so that decisions may place children in homes
    of the same import), all in one transaction; a dry run rolls it back, so nothing is stored and nothing is audited.

    The kommune's row is locked for the whole import: two imports for one kommune run one after the other."""
    require_importer(user=by, municipality=municipality)
    reports = []
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        for kind, file in files:
            report = ImportReport(kind=kind, dry_run=dry_run)
            IMPORTERS[kind](municipality=municipality, file=file, by=by, report=report)
            reports.append(report)
        if dry_run:
            transaction.set_rollback(True)
    return reports


def import_homes(*, municipality: Municipality, file, by, dry_run: bool) -> ImportReport:
    """Import approved homes from hjem.csv (see formats.HOME_COLUMNS)."""
    return import_files(municipality=municipality, by=by, files=[(HOMES, file)], dry_run=dry_run)[0]


def import_decisions(*, municipality: Municipality, file, by, dry_run: bool) -> ImportReport:
    """Import running decisions and the waiting list from vedtak.csv (see formats.DECISION_COLUMNS)."""
    return import_files(municipality=municipality, by=by, files=[(DECISIONS, file)], dry_run=dry_run)[0]
