from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.admin_scoping import MunicipalityScopedAdmin

from . import services
from .models import Reminder, ReminderStatus


@admin.register(Reminder)
class ReminderAdmin(MunicipalityScopedAdmin):
    """Which reminders went out, when, and whether they were delivered; failed ones can be tried again."""

    list_display = ["kind", "municipality", "object_id", "due_on", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["recipient", "kind"]
    date_hierarchy = "due_on"
    list_select_related = ["municipality"]
    actions = ["retry_failed"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Prøv valgte feilede påminnelser på nytt"))
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=ReminderStatus.FAILED))
        for reminder in failed:
            services.retry(reminder=reminder)
        self.message_user(request, _("%(n)s påminnelser sendes på nytt.") % {"n": len(failed)}, messages.SUCCESS)
