"""The waiting list in the caseworker workspace: every granted vedtak not yet delivered, longest waiting first, the
figures a kommune reports (as a page and a CSV), and the recruitment need derived from it."""

from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from besokshjem.audit.models import AccessKind
from besokshjem.audit.services import access_record_across
from besokshjem.core.csv_export import csv_response
from besokshjem.tenancy.selectors import municipalities_for, on_visible_tracks
from placements.models import Need
from placements.waiting import recruitment_need, waiting_figures, waiting_list

from .need_page import case_url


def _rows(request):
    return waiting_list(municipalities=municipalities_for(user=request.user), visible=on_visible_tracks(user=request.user))


def page(request):
    rows = _rows(request)
    access_record_across(request, municipalities=municipalities_for(user=request.user), what=AccessKind.LIST, model=Need)
    return render(request, "admin/placements/waiting_list.html", {
        **admin.site.each_context(request), "title": _("Venteliste: innvilget, ikke levert"),
        "rows": [{"waiting": w, "case": w.need.decision.case, "case_url": case_url(w.need.decision)} for w in rows],
        "figures": waiting_figures(rows), "recruitment": recruitment_need(rows),
    })


def figures_csv(request):
    """The figures a kommune reports, per service and track, with the waiting list under them (no names)."""
    rows = _rows(request)
    access_record_across(request, municipalities=municipalities_for(user=request.user), what=AccessKind.EXPORT)
    figures = waiting_figures(rows)
    header = [_("Gruppe"), _("Venter"), _("Median ventetid (dager)"), _("Lengste ventetid (dager)")]
    lines = [[f.label, f.waiting, f.median_days if f.median_days is not None else "", f.longest_days if f.longest_days is not None else ""]
             for f in [figures["total"], *figures["groups"]]]
    lines.append([])
    lines.append([_("Saksnummer"), _("Kommune"), _("Tjeneste"), _("Omfang"), _("Lovgrunnlag"), _("Område"), _("Venter fra"), _("Dager")])
    for w in rows:
        lines.append([w.need.decision.case.reference, w.need.municipality.name, w.need.get_service_type_display(), w.need.scope_display,
                      w.need.get_track_display(), w.need.area, w.since.isoformat(), w.days])
    return csv_response(header, lines, f"venteliste-{timezone.localdate().isoformat()}.csv")
