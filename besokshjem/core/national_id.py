"""Fødselsnummer validation with python-stdnum; synthetic (Tenor) numbers only where a setting allows them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer


def _tenor_to_real_shape(number: str) -> str:
    """Tenor test identities add 80 to the month; shift it back so the checksum and date can be checked."""
    month = int(number[2:4])
    if month > 80:
        return number[:2] + f"{month - 80:02d}" + number[4:]
    return number


def check_digits(first_nine: str) -> str:
    """The two mod-11 control digits of a fødselsnummer (python-stdnum's own functions)."""
    first = fodselsnummer.calc_check_digit1(first_nine)
    return first + fodselsnummer.calc_check_digit2(first_nine + first)


def is_synthetic(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and int(number[2:4]) > 80


def validate_national_id(value: str) -> str:
    number = "".join(value.split())
    if not number.isdigit() or len(number) != 11:
        raise ValidationError(_("Et fødselsnummer har 11 sifre."), code="length")
    if is_synthetic(number):
        if not settings.ALLOW_SYNTHETIC_NATIONAL_IDS:
            raise ValidationError(_("Fødselsnummeret er ikke gyldig."), code="synthetic")
        # The checksum digits of a Tenor number are computed over the number as issued (month + 80).
        if check_digits(number[:9]) != number[9:]:
            raise ValidationError(_("Fødselsnummeret er ikke gyldig. Sjekk at alle sifrene er riktige."), code="checksum")
        try:
            fodselsnummer.get_birth_date(_tenor_to_real_shape(number))
        except StdnumError as exc:
            raise ValidationError(_("Fødselsnummeret er ikke gyldig."), code="date") from exc
        return number
    try:
        return fodselsnummer.validate(number)
    except StdnumError as exc:
        raise ValidationError(_("Fødselsnummeret er ikke gyldig. Sjekk at alle sifrene er riktige."), code="checksum") from exc


def birth_date_of(number: str):
    return fodselsnummer.get_birth_date(_tenor_to_real_shape(number) if is_synthetic(number) else number)
