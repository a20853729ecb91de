from django.contrib import admin

from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(MunicipalityScopedAdmin):
    """Read-only: nobody edits or deletes audit entries."""

    list_display = ["created_at", "municipality", "actor_label", "action", "from_status", "to_status", "object_id"]
    list_filter = ["municipality", "action"]
    search_fields = ["actor_label", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["municipality"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
