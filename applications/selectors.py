"""Reads of volunteer applications."""

from django.db.models import QuerySet
from django.http import Http404

from besokshjem.core.tokens import read_token
from besokshjem.tenancy.selectors import municipalities_for

from .models import VolunteerApplication


def application_by_token(*, token: str, purpose: str) -> VolunteerApplication:
    """The application a signed link points to; 404 for a wrong or tampered token."""
    key = read_token(token=token, purpose=purpose)
    if key is None:
        raise Http404
    try:
        return VolunteerApplication.objects.select_related("municipality").get(access_key=key)
    except VolunteerApplication.DoesNotExist:
        raise Http404 from None


def applications_visible_to(*, user) -> QuerySet[VolunteerApplication]:
    """Submitted applications in the caseworker's own kommuner (drafts are the applicant's own)."""
    return (
        VolunteerApplication.objects.filter(municipality__in=municipalities_for(user=user))
        .exclude(status="draft")
        .select_related("municipality", "assigned_to")
    )


def purpose_confirmation_pdf(*, confirmation) -> bytes:
    from besokshjem.core.pdf import render_pdf

    return render_pdf(
        template="pdf/purpose_confirmation.html",
        context={"confirmation": confirmation, "application": confirmation.application, "municipality": confirmation.application.municipality},
    )
