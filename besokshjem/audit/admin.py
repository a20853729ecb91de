from django.contrib import admin

from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin
from besokshjem.tenancy.selectors import municipalities_administered_by, user_is_municipality_admin

from .models import AccessEntry, AuditEntry


class ReadOnlyLogAdmin(MunicipalityScopedAdmin):
    """A log nobody edits or deletes in the admin: every field read-only."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyLogAdmin):
    """Read-only: nobody edits or deletes audit entries."""

    list_display = ["created_at", "municipality", "actor_label", "action", "from_status", "to_status", "object_id"]
    list_filter = ["municipality", "action"]
    search_fields = ["actor_label", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["municipality"]



@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnlyLogAdmin):
    """The access log: read-only (the database refuses changes anyway); a kommune sees its own entries."""

    list_display = ["created_at", "municipality", "user_email", "what", "reference", "ip_address"]
    list_filter = ["what", ("municipality", admin.RelatedOnlyFieldListFilter)]
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
