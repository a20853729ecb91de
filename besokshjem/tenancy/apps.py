from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "besokshjem.tenancy"
    label = "tenancy"
    verbose_name = _("Kommuner")

    def ready(self):
        """Register the invitation e-mail with the outbox and the member actions with the audit log."""
        from besokshjem.audit.registry import register_actions, register_terms
        from besokshjem.outbox.registry import register as register_kinds

        from . import emails
        from .choices import AgreementKind, AttestType, HomeType, MemberAction

        register_kinds(*emails.KINDS)
        register_actions(MemberAction)
        register_terms(HomeType, AttestType, AgreementKind)
