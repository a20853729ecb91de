"""Filters of the caseworker's lists that both kinds of application share. None asks the database for its choices."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class AssignedFilter(admin.SimpleListFilter):
    """«Tildelt meg» / «Ikke tildelt»: the caseworker's own cases, or those nobody has taken."""

    title = _("tildelt")
    parameter_name = "tildelt"

    def lookups(self, request, model_admin):
        return [("me", _("Tildelt meg")), ("none", _("Ikke tildelt"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset
