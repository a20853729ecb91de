"""The caseworker's dashboard (the case pages are volunteer_case.py and respite_case.py)."""

from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _

from besokshjem.tenancy.selectors import user_is_municipality_admin

from .selectors import dashboard_for


def dashboard(request):
    context = {**admin.site.each_context(request), "title": _("Min arbeidsflate"), **dashboard_for(user=request.user),
               "is_municipality_admin": user_is_municipality_admin(user=request.user)}
    return render(request, "admin/applications/dashboard.html", context)
