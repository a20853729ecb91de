"""Which provision applies on a date."""

from datetime import date

from django.utils import timezone

from .models import LegalReference


def reference(key: str, *, on: date | None = None) -> LegalReference:
    """The row in force on `on` (today by default): the latest valid_from on or before it."""
    on = on or timezone.localdate()
    found = LegalReference.objects.filter(key=key, valid_from__lte=on).order_by("-valid_from").first()
    if found is None:
        raise LookupError(f"No legal reference {key!r} in force on {on:%Y-%m-%d}")
    return found


def cite(key: str, *, on: date | None = None) -> str:
    return reference(key, on=on).citation


def references(keys, *, on: date | None = None) -> dict[str, LegalReference]:
    """Several keys in one query, for a letter that cites many provisions."""
    on = on or timezone.localdate()
    found: dict[str, LegalReference] = {}
    for row in LegalReference.objects.filter(key__in=list(keys), valid_from__lte=on).order_by("key", "-valid_from"):
        found.setdefault(row.key, row)
    missing = set(keys) - set(found)
    if missing:
        raise LookupError(f"No legal reference in force on {on:%Y-%m-%d} for {sorted(missing)}")
    return found
