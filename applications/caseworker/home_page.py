"""An approved home in the caseworker workspace: its roles, capacity, age band and practical facts, when it can take a
child (availability), its status (active, paused or ended, with a reason) and its placements and proposals."""

from django.contrib import admin
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.volunteer import services as volunteer
from besokshjem.audit.models import AccessKind
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.audit.services import access_record
from placements import services as placements
from placements.homes import placement_reference
from placements.selectors import approved_homes_visible_to

from .actions import Action, dispatch
from .forms import HomeAvailabilityForm, HomeStatusForm


def _home(request, pk):
    return get_object_or_404(approved_homes_visible_to(user=request.user).select_related("application", "municipality"), pk=pk)


def _url(home) -> str:
    return reverse("caseworker:home", args=[home.pk])


def render_home(request, home, bound=None, status=200):
    bound = bound or {}
    placements_ = list(home.placements.select_related("need__decision").order_by("-start_date"))
    return render(request, "admin/placements/home.html", {
        **admin.site.each_context(request), "title": _("Hjem: %(name)s") % {"name": home.name}, "home": home,
        "case_url": reverse("caseworker:case", args=[home.application_id]),
        "placements": [{"placement": p, "reference": placement_reference(p), "need_url": reverse("caseworker:need", args=[p.need_id])}
                       for p in placements_],
        "proposals": list(home.proposals.select_related("need").order_by("-proposed_at")[:20]),
        "availability_form": bound.get("availability") or HomeAvailabilityForm(initial={
            "weekends_of_month": home.weekends_of_month, "weekdays": home.weekdays, "hours_from": home.hours_from,
            "hours_to": home.hours_to, "holidays_available": home.holidays_available}),
        "status_form": bound.get("status") or HomeStatusForm(initial={"status": home.status}),
        "entries": audit_entries_for(target=home),
    }, status=status)


ACTIONS = {
    "availability": Action(
        form=lambda r, h: HomeAvailabilityForm(r.POST), slot="availability",
        run=lambda r, h, data: placements.approved_home_set_availability(home=h, by=r.user, **data),
        done=gettext_lazy("Når hjemmet kan ta imot barn, er lagret."),
    ),
    "status": Action(
        form=lambda r, h: HomeStatusForm(r.POST), slot="status",
        run=lambda r, h, data: volunteer.home_set_status(home=h, status=data["status"], reason=data["reason"], by=r.user),
        done=gettext_lazy("Hjemmets status er endret."),
    ),
}


@require_http_methods(["GET", "POST"])
def home(request, pk):
    home = _home(request, pk)
    if request.method == "GET":
        access_record(request, target=home, what=AccessKind.HOME_PAGE)
        return render_home(request, home)
    return dispatch(request, home, actions=ACTIONS, render_page=render_home, url=_url(home))
