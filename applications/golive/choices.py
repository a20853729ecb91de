"""The audit action of the going-live import (registered with the audit app in ApplicationsConfig.ready())."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GoLiveAction(models.TextChoices):
    IMPORTED = "imported_from_previous_system", _("Importert fra tidligere fagsystem")
