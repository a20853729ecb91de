from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(r"^\d{4}$", _("Postnummeret må være fire sifre, for eksempel 5015."))


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


UNDER_18 = _("Du kan søke når du har fylt 18 år.")


def validate_adult(birth_date: date, under_18=UNDER_18) -> None:
    """`under_18`: what to say to someone too young (the applicant by default; the field's help text already says the
    rule, so the message says what to do)."""
    today = timezone.localdate()
    if birth_date > today:
        raise ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."), code="future")
    if age_on(birth_date, today) < 18:
        raise ValidationError(under_18, code="under_18")
    if age_on(birth_date, today) > 110:
        raise ValidationError(_("Sjekk fødselsdatoen – den ser ikke riktig ut."), code="implausible")


def validate_norwegian_phone(number) -> None:
    """A valid number from another country. (A number that is not valid at all gets the field's own message only.)"""
    if number and number.is_valid() and number.country_code != 47:
        raise ValidationError(
            _("Oppgi et norsk telefonnummer (8 sifre), for eksempel 412 34 567."), code="not_norwegian"
        )
