"""Time sheets in the caseworker workspace: a month of the kommune's placements, each with the home's confirmation
(who and when), the dates held, the kilometres and what they earn; «Godkjenn» for a confirmed sheet, «Åpne igjen» for
an approved one (each an Action: form + service), and the month's payroll as CSV (approved sheets only).

Everything is scoped to the caseworker's kommuner: another kommune's sheet is a 404 on every action, and its rows are
not on the page nor in the CSV.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from besokshjem.audit.models import AccessKind
from besokshjem.audit.services import access_record
from besokshjem.core.csv_export import csv_response
from besokshjem.tenancy.selectors import municipalities_for, on_visible_tracks
from placements.models import TimeSheetStatus
from placements.selectors import format_ore
from placements.timesheets import (
    PAYROLL_CSV_HEADER,
    month_overview,
    parse_month,
    payroll_csv_rows,
    previous_month,
    time_sheet_approve,
    time_sheet_reopen,
    time_sheets_visible_to,
)

from .actions import Action, dispatch


class TimeSheetApproveForm(forms.Form):
    time_sheet = forms.IntegerField(widget=forms.HiddenInput)


class TimeSheetReopenForm(forms.Form):
    time_sheet = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Hvorfor åpnes timelisten igjen?"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _month(request):
    """The month asked for (`?month=2027-03`), last month by default."""
    return parse_month(request.GET.get("month", "")) or previous_month()


def _url(month) -> str:
    return f"{reverse('caseworker:time_sheets')}?month={month:%Y-%m}"


def _sheet(request, pk):
    """One of the caseworker's kommuner's sheets; another kommune's is a 404."""
    visible = on_visible_tracks(user=request.user, municipality_field="placement__need__municipality", track_field="placement__need__track")
    return get_object_or_404(time_sheets_visible_to(municipalities=municipalities_for(user=request.user), visible=visible), pk=pk)


def _money(line) -> dict:
    """The line's amounts as the page shows them («kr 1 234,50»)."""
    if line is None:
        return {}
    return {"pay": format_ore(line.pay_ore), "expenses": format_ore(line.expenses_ore), "km": format_ore(line.km_ore),
            "total": format_ore(line.total_ore)}


def render_page(request, month, bound=None, status=200):
    bound = bound or {}
    reopen = bound.get("reopen")
    municipalities = list(municipalities_for(user=request.user))
    rows = [{
        "row": row,
        "money": _money(row.line),
        "reopen_form": reopen if reopen is not None and row.sheet and reopen.data.get("time_sheet") == str(row.sheet.pk)
        else TimeSheetReopenForm(initial={"time_sheet": row.sheet.pk if row.sheet else None},
                                 auto_id=f"id_reopen_{row.sheet.pk if row.sheet else 0}_%s"),
    } for row in month_overview(municipalities=municipalities, month=month, visible=on_visible_tracks(user=request.user, municipality_field="need__municipality", track_field="need__track"))]
    context = {
        **admin.site.each_context(request),
        "title": _("Timelister for %(month)s") % {"month": f"{month:%m.%Y}"},
        "month": month, "month_value": f"{month:%Y-%m}", "rows": rows, "municipalities": municipalities,
        "approved_total": format_ore(sum(r["row"].line.total_ore for r in rows
                                         if r["row"].line and r["row"].sheet.status == TimeSheetStatus.APPROVED)),
    }
    return render(request, "admin/placements/time_sheets.html", context, status=status)


ACTIONS = {
    "approve": Action(
        form=lambda r, m: TimeSheetApproveForm(r.POST),
        run=lambda r, m, data: time_sheet_approve(time_sheet=_sheet(r, data["time_sheet"]), by=r.user),
        done=gettext_lazy("Timelisten er godkjent og kommer med i lønnsgrunnlaget."),
        refused=gettext_lazy("Timelisten ble ikke godkjent: %(errors)s"),
    ),
    "reopen": Action(
        form=lambda r, m: TimeSheetReopenForm(r.POST, auto_id=f"id_reopen_{r.POST.get('time_sheet')}_%s"), slot="reopen",
        run=lambda r, m, data: time_sheet_reopen(time_sheet=_sheet(r, data["time_sheet"]), by=r.user, reason=data["reason"]),
        done=gettext_lazy("Timelisten er åpnet igjen og er ikke med i lønnsgrunnlaget før den er godkjent på nytt."),
    ),
}


@require_http_methods(["GET", "POST"])
def page(request):
    month = _month(request)
    if request.method == "GET":
        return render_page(request, month)
    return dispatch(request, month, actions=ACTIONS, render_page=render_page, url=_url(month))


def payroll_csv(request):
    """The month's payroll of one of the caseworker's kommuner (`?kommune=<slug>`; not needed with only one): approved
    sheets only, computed with the rates in force on each date."""
    month = _month(request)
    municipalities = municipalities_for(user=request.user)
    slug = request.GET.get("kommune", "")
    if not slug and municipalities.count() == 1:
        municipality = municipalities.get()
    else:
        municipality = get_object_or_404(municipalities, slug=slug)
    try:
        rows = payroll_csv_rows(municipality=municipality, month=month, visible=on_visible_tracks(
            user=request.user, municipality_field="placement__need__municipality", track_field="placement__need__track"))
    except ValidationError as exc:
        messages.error(request, _("Lønnsgrunnlaget kan ikke lages: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect(_url(month))
    access_record(request, target=municipality, what=AccessKind.EXPORT)
    return csv_response(PAYROLL_CSV_HEADER, rows, f"lonnsgrunnlag-{municipality.slug}-{month:%Y-%m}.csv")
