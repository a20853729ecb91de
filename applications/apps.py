from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Søknader")

    def ready(self):
        # Register the wizards (volunteer and respite) so views, tasks and e-mails can find them by kind.
        from . import respite_steps, steps  # noqa: F401
