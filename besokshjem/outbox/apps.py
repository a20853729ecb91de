from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "besokshjem.outbox"
    label = "outbox"
    verbose_name = _("Utgående e-post")
