from datetime import date

from django.db.models import QuerySet

from besokshjem.core.pdf import render_pdf
from besokshjem.tenancy.selectors import municipalities_for

from .models import Agreement, ApprovedHome, RateTable


def rate_table_in_force(*, municipality, agreement_kind: str, on: date) -> RateTable | None:
    return (
        RateTable.objects.filter(municipality=municipality, agreement_kind=agreement_kind, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


def current_agreement(*, application) -> Agreement | None:
    return application.agreements.filter(superseded_at__isnull=True).first()


def approved_homes_visible_to(*, user) -> QuerySet[ApprovedHome]:
    return ApprovedHome.objects.filter(municipality__in=municipalities_for(user=user)).select_related("municipality")


def format_ore(ore: int | None) -> str:
    """12345 øre -> 'kr 123,45' (Norwegian style)."""
    if ore is None:
        return "–"
    kroner, rest = divmod(int(ore), 100)
    return f"kr {kroner:,}".replace(",", "\u00a0") + f",{rest:02d}"


def agreement_pdf(*, agreement) -> bytes:
    return render_pdf(template="pdf/agreement.html", context={"agreement": agreement, "municipality": agreement.municipality})
