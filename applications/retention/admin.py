"""The kommune's rules for sletting in the admin: its admins edit them, caseworkers read them; a dry-run report shows
what the next run would delete or anonymise (counts and case references per rule; nothing changes)."""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import RetentionRules
from besokshjem.tenancy.admin_scoping import KommuneFilter
from besokshjem.tenancy.selectors import municipalities_administered_by, municipalities_for
from placements.admin import MunicipalityAdminEditable

from .selectors import retention_rules_for
from .services import retention_run


@admin.register(RetentionRules)
class RetentionRulesAdmin(MunicipalityAdminEditable):
    list_display = ["municipality", "draft_days", "volunteer_closed_months", "respite_closed_years", "report_link"]
    list_filter = [("municipality", KommuneFilter)]
    search_fields = ["municipality__name"]
    fields = ["municipality", "draft_days", "volunteer_closed_months", "respite_closed_years", "report_link"]
    readonly_fields = ["report_link"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "municipality"] if obj is not None else self.readonly_fields

    def changelist_view(self, request, extra_context=None):
        """Each of the user's kommuner has a row to open: made with the defaults the first time."""
        for municipality in municipalities_for(user=request.user):
            retention_rules_for(municipality=municipality)
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("prøvekjøring"))
    def report_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("admin:applications_retentionrules_report", args=[obj.pk]),
                           _("Vis hva som ville blitt slettet nå"))

    def get_urls(self):
        return [
            path("<int:pk>/provekjoring/", self.admin_site.admin_view(self.report_view), name="applications_retentionrules_report"),
            *super().get_urls(),
        ]

    def report_view(self, request, pk):
        """The dry run for the kommune's admin (404 for anyone else): what each rule would do now; nothing changes."""
        rules = get_object_or_404(RetentionRules.objects.select_related("municipality"), pk=pk)
        if not municipalities_administered_by(user=request.user).filter(pk=rules.municipality_id).exists():
            raise Http404
        plan = retention_run(municipality=rules.municipality, dry_run=True)
        return render(request, "admin/applications/retention_report.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": rules,
            "title": _("Prøvekjøring av sletting: %(kommune)s") % {"kommune": rules.municipality.name}, "plan": plan,
        })
