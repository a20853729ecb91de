from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "besokshjem.accounts"
    label = "accounts"
    verbose_name = _("Brukere")

    def ready(self):
        from besokshjem.audit.registry import register_actions

        from .choices import AccountAction

        register_actions(AccountAction)
