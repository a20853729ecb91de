from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(r"^\d{4}$", _("Postnummeret må være fire sifre, for eksempel 5015."))


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def validate_adult(birth_date: date) -> None:
    today = timezone.localdate()
    if birth_date > today:
        raise ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."), code="future")
    if age_on(birth_date, today) < 18:
        raise ValidationError(_("Du må ha fylt 18 år for å søke."), code="under_18")
    if age_on(birth_date, today) > 110:
        raise ValidationError(_("Sjekk fødselsdatoen – den ser ikke riktig ut."), code="implausible")


def validate_norwegian_phone(number) -> None:
    if number and getattr(number, "country_code", None) != 47:
        raise ValidationError(
            _("Oppgi et norsk telefonnummer (8 sifre), for eksempel 412 34 567."), code="not_norwegian"
        )
