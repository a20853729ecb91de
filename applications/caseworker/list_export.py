"""«Last ned som CSV» on the caseworker's lists: the changelist exactly as searched, filtered and sorted, as a file.

Who gets what:
- Only the rows the list itself shows: the caseworker's own kommuner, and for parents' applications only the kommuner
  where the caseworker belongs to the unit for helse og omsorg (the ModelAdmin's `get_queryset`, tjenstlig behov). A
  caseworker with no kommune on the list's legal track gets 403 and no file.
- Only the columns needed to work from the list (data minimisation, GDPR art. 5(1)(c)): the reference, the kommune,
  the status, dates, the caseworker and the names that identify the case. Never a fødselsnummer, a birth date, contact
  details, addresses, health or needs: those are read on the case page, where each read is logged.
  Volunteer applications: Saksnummer, Kommune, Status, Søker om, Mottatt, Saksbehandler, Søker, Partner.
  Parents' applications: Saksnummer, Kommune, Status, Mottatt, Frist for vedtak, Foreløpig svar, Saksbehandler,
  Barnets navn, Foresatt.
- Every export is in the access log (AccessKind.EXPORT): one entry per kommune the list covers (only the one it is
  filtered to, when it is), with the search and the filters it was made with (a superuser's export across all kommuner: one entry without a kommune).
- The file is streamed: the rows are read in chunks (`.iterator()`) as they are sent, so a list of 50,000 cases never
  sits in memory. Every cell is made safe against formulas (besokshjem.core.csv_export).
"""

from collections.abc import Iterable

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus, RespiteStatus
from applications.respite.deadlines import decision_due
from applications.respite.selectors import OPEN as RESPITE_OPEN
from besokshjem.audit.models import AccessKind
from besokshjem.audit.services import access_record_across
from besokshjem.core.csv_export import csv_streaming_response
from besokshjem.tenancy.choices import HomeType
from besokshjem.tenancy.selectors import municipalities_for

#: Rows read from the database at a time.
CHUNK = 2000
#: The kommune filter's parameter (KommuneFilter on «municipality»).
KOMMUNE_FILTER = "municipality__id__exact"


class CsvExportAdmin:
    """A ModelAdmin mixin: `<changelist>/csv/` exports the list as it is filtered. The admin declares `csv_header`,
    `csv_fields` (what `.values()` reads) and `csv_row(values) -> list`, and `csv_filename`."""

    csv_filename = "saker"
    csv_fields: tuple[str, ...] = ()
    change_list_template = "admin/applications/change_list_csv.html"

    def csv_header(self) -> list[str]:
        raise NotImplementedError

    def csv_row(self, values: dict) -> list:
        raise NotImplementedError

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_csv"
        return [path("csv/", self.admin_site.admin_view(self.export_csv_view), name=name), *super().get_urls()]

    def export_csv_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        municipalities = municipalities_for(user=request.user, track=getattr(self, "legal_track", None))
        if not request.user.is_superuser and not municipalities.exists():
            raise PermissionDenied
        try:
            # The plain changelist (its search, filters and sorting), without what an admin adds to the rows of a page.
            changelist = admin.ModelAdmin.get_changelist_instance(self, request)
        except IncorrectLookupParameters:
            return redirect(reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist") + f"?{ERROR_FLAG}=1")
        rows = changelist.queryset.prefetch_related(None).values(*self.csv_fields).iterator(chunk_size=CHUNK)
        chosen = request.GET.get(KOMMUNE_FILTER, "")
        if chosen.isdigit():  # the list filtered to one of the caseworker's kommuner: only that kommune's cases are in it
            municipalities = municipalities.filter(pk=int(chosen))
        access_record_across(request, municipalities=municipalities, what=AccessKind.EXPORT, model=self.model,
                             search_terms=_list_terms(request))
        return csv_streaming_response(self.csv_header(), self._rows(rows),
                                      f"{self.csv_filename}-{timezone.localdate().isoformat()}.csv")

    def _rows(self, rows: Iterable[dict]):
        for values in rows:
            yield self.csv_row(values)


def _list_terms(request) -> str:
    """The search and filters of the exported list, for the access log («q=Kari; status__exact=submitted»)."""
    return "; ".join(f"{key}={','.join(values)}" for key, values in request.GET.lists() if key not in (PAGE_VAR, ERROR_FLAG))


def day(moment) -> str:
    """A date or a moment as the day in Oslo (ISO 8601, which spreadsheets read as a date); empty when there is none."""
    if moment is None:
        return ""
    return (timezone.localdate(moment) if hasattr(moment, "tzinfo") else moment).isoformat()


def caseworker(values: dict) -> str:
    """The assigned caseworker as the user is shown (User.__str__: the name, else the e-mail); empty when nobody is."""
    return values["assigned_to__full_name"] or values["assigned_to__email"] or ""


class VolunteerCsvAdmin(CsvExportAdmin):
    """The volunteer applications' columns (see the module's docstring for why these and no others)."""

    csv_filename = "soknader-besokshjem"
    csv_fields = ("reference", "municipality__name", "status", "home_types", "submitted_at", "assigned_to__full_name",
                  "assigned_to__email", "first_name", "last_name", "partner_first_name", "partner_last_name")

    def csv_header(self) -> list[str]:
        return [_("Saksnummer"), _("Kommune"), _("Status"), _("Søker om"), _("Mottatt"), _("Saksbehandler"), _("Søker"), _("Partner")]

    def csv_row(self, v: dict) -> list:
        types = dict(HomeType.choices)
        return [v["reference"], v["municipality__name"], ApplicationStatus(v["status"]).label,
                ", ".join(str(types.get(t, t)) for t in v["home_types"] or []), day(v["submitted_at"]),
                caseworker(v), f"{v['first_name']} {v['last_name']}".strip(),
                f"{v['partner_first_name']} {v['partner_last_name']}".strip()]


class RespiteCsvAdmin(CsvExportAdmin):
    """The parents' applications' columns: the date a decision is due is the one the list shows (the promised date of the
    latest foreløpig svar, else one month from receipt: `decision_due`, as `respite_case_flags` has it, no query per row)."""

    csv_filename = "soknader-avlastning"
    csv_fields = ("reference", "municipality__name", "status", "submitted_at", "promised_date", "assigned_to__full_name",
                  "assigned_to__email", "child_first_name", "child_last_name", "guardian_name")

    def csv_header(self) -> list[str]:
        return [_("Saksnummer"), _("Kommune"), _("Status"), _("Mottatt"), _("Frist for vedtak"), _("Foreløpig svar sendt"),
                _("Saksbehandler"), _("Barnets navn"), _("Foresatt")]

    def csv_row(self, v: dict) -> list:
        due = decision_due(received=v["submitted_at"], promised=v["promised_date"])
        return [v["reference"], v["municipality__name"], RespiteStatus(v["status"]).label, day(v["submitted_at"]),
                day(due) if v["status"] in RESPITE_OPEN else "", _("Ja") if v["promised_date"] else _("Nei"),
                caseworker(v),
                f"{v['child_first_name']} {v['child_last_name']}".strip(), v["guardian_name"]]
