"""Barnevern cases in the caseworker workspace: the list, registration of a child, and the case page."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.child_welfare import services
from applications.child_welfare.forms import ChildWelfareCaseForm, GuardianFormSet
from applications.child_welfare.selectors import child_welfare_cases_visible_to
from applications.decisions.parties import child_welfare_parties
from besokshjem.audit.selectors import audit_entries_for
from besokshjem.core.forms import add_service_errors
from besokshjem.tenancy.selectors import municipalities_for

from .forms import MunicipalityChoiceForm


def case_list(request):
    cases = list(child_welfare_cases_visible_to(user=request.user).order_by("-created_at")[:200])
    return render(request, "admin/applications/child_welfare_list.html",
                  {**admin.site.each_context(request), "title": _("Barnevernssaker"), "cases": cases})


@require_http_methods(["GET", "POST"])
def register(request):
    municipalities = municipalities_for(user=request.user)
    where = MunicipalityChoiceForm(request.POST or None, municipalities=municipalities, prefix="where")
    form = ChildWelfareCaseForm(request.POST or None)
    guardians = GuardianFormSet(request.POST or None, prefix="guardian")
    if request.method == "POST" and where.is_valid() and form.is_valid() and guardians.is_valid():
        try:
            case = services.child_welfare_case_register(
                municipality=where.cleaned_data["municipality"], by=request.user, **form.cleaned_data,
                guardians=[g.cleaned_data for g in guardians if g.cleaned_data],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saken %(ref)s er registrert.") % {"ref": case.reference})
            return redirect(reverse("caseworker:child_welfare_case", args=[case.pk]))
    return render(request, "admin/applications/child_welfare_register.html", {
        **admin.site.each_context(request), "title": _("Registrer barnevernssak"), "where": where, "form": form, "guardians": guardians,
    }, status=400 if request.method == "POST" else 200)


def case(request, pk):
    case = get_object_or_404(child_welfare_cases_visible_to(user=request.user), pk=pk)
    today = timezone.localdate()
    return render(request, "admin/applications/child_welfare_case.html", {
        **admin.site.each_context(request), "title": _("Barnevernssak: %(ref)s") % {"ref": case.reference}, "case": case,
        "parties": child_welfare_parties(case, today), "entries": audit_entries_for(target=case),
    })
