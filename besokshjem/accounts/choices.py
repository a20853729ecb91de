from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountAction(models.TextChoices):
    """Audit actions on a person's login."""

    SECOND_FACTOR_RESET = "second_factor_reset", _("Tofaktorinnloggingen ble nullstilt")
