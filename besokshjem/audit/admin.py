from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.admin_scoping import KommuneFilter, MunicipalityScopedAdmin
from besokshjem.tenancy.selectors import municipalities_administered_by, user_is_municipality_admin
from besokshjem.tenancy.tracks import visible_targets

from . import registry
from .models import AccessEntry, AuditEntry


class ReadOnlyLogAdmin(MunicipalityScopedAdmin):
    """A log nobody edits or deletes in the admin: every field read-only."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionFilter(admin.SimpleListFilter):
    """The actions found in the log, by their labels."""

    title = _("handling")
    parameter_name = "action__exact"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((code, registry.action_label(code)) for code in codes), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyLogAdmin):
    """Read-only: nobody edits or deletes audit entries. Actions, statuses and notes are shown by their labels."""

    list_display = ["created_at", "municipality", "actor_display", "action_display", "from_status_display", "to_status_display",
                    "object_id"]
    list_filter = ["municipality", ActionFilter]
    search_fields = ["actor_label", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["municipality"]
    fields = ["created_at", "actor", "actor_display", "municipality", "content_type", "object_id", "action_display",
              "from_status_display", "to_status_display", "note_display"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        """The kommune's entries, about a parent's or a barnevern case only for its unit (tjenstlig behov)."""
        return super().get_queryset(request).filter(visible_targets(user=request.user))

    @admin.display(description=_("aktør"), ordering="actor_label")
    def actor_display(self, entry):
        return registry.actor_label(entry.actor_label)

    @admin.display(description=_("handling"), ordering="action")
    def action_display(self, entry):
        return registry.action_label(entry.action)

    @admin.display(description=_("fra status"), ordering="from_status")
    def from_status_display(self, entry):
        return registry.status_label(entry.from_status)

    @admin.display(description=_("til status"), ordering="to_status")
    def to_status_display(self, entry):
        return registry.status_label(entry.to_status)

    @admin.display(description=_("merknad"))
    def note_display(self, entry):
        return registry.note_label(entry.note)



@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnlyLogAdmin):
    """The access log: read-only (the database refuses changes anyway); a kommune sees its own entries."""

    list_display = ["created_at", "municipality", "user_email", "what", "reference", "ip_address"]
    list_filter = ["what", ("municipality", KommuneFilter)]
    search_fields = ["user_email", "user_name", "reference"]
    date_hierarchy = "created_at"
    list_select_related = ["municipality"]


    def get_queryset(self, request):
        """Only the kommune's admins read its access log (a superuser: all of it, also the entries without a kommune)."""
        qs = super(MunicipalityScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(municipality__in=municipalities_administered_by(user=request.user))

    def has_module_permission(self, request):
        """Listed for the kommune's admins only; another caseworker who finds the address sees an empty log."""
        return user_is_municipality_admin(user=request.user)
