from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.admin_scoping import KommuneFilter, MunicipalityScopedAdmin
from besokshjem.tenancy.tracks import visible_targets

from . import services
from .models import Message, MessageStatus


@admin.register(Message)
class MessageAdmin(MunicipalityScopedAdmin):
    """What the portal sent, when, and whether it was delivered: metadata only (no body is stored).
    Failed e-mails can be sent again."""

    list_display = ["kind_label", "municipality", "due_on", "recipient", "status", "attempts", "queued_at", "sent_at", "last_error"]
    list_filter = ["status", "kind", ("municipality", KommuneFilter)]
    search_fields = ["recipient", "kind"]
    list_select_related = ["municipality"]
    exclude = ["claim_token"]
    actions = ["retry_failed"]

    def get_queryset(self, request):
        """The kommune's e-mails, about a parent's or a barnevern case only for its unit (tjenstlig behov)."""
        return super().get_queryset(request).filter(visible_targets(user=request.user))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    @admin.display(description=_("type"), ordering="kind")
    def kind_label(self, obj):
        return obj.kind_label

    @admin.action(description=_("Prøv valgte feilede e-poster på nytt"))
    def retry_failed(self, request, queryset):
        queued = sum(services.retry(message=message) for message in queryset.filter(status=MessageStatus.FAILED))
        self.message_user(request, _("%(n)s e-poster er lagt i kø for sending.") % {"n": queued}, messages.SUCCESS)
