from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountAction(models.TextChoices):
    """Audit actions on a person's login."""

    SECOND_FACTOR_RESET = "second_factor_reset", _("Tofaktorinnloggingen ble nullstilt")


class DelegatedLoginRefusal(models.TextChoices):
    """Why a login through the kommune's identity provider (OpenID Connect) was refused; the label is what the login
    page says."""

    NO_MULTI_FACTOR = "no_multi_factor", _(
        "Innloggingen hos kommunen ble gjort uten tofaktorinnlogging. Logg inn på nytt med tofaktorinnlogging "
        "(for eksempel BankID eller autentiseringsappen), eller logg inn med passord og kode."
    )
    NO_ACCOUNT = "no_account", _(
        "Du er logget inn hos kommunen, men har ingen aktiv tilgang til saksbehandling i Besøkshjem med denne "
        "e-postadressen. Kontakt kommuneadministratoren."
    )
    FAILED = "failed", _("Innloggingen via kommunens innlogging mislyktes. Prøv igjen.")
