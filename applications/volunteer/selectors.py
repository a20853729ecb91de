"""Reads of volunteer applications, scoped to the caseworker's kommuner."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from applications.models import ApplicationStatus, Meeting, VolunteerApplication
from besokshjem.core.letters import Addressee, Letter, letter_pdf, signer_of
from besokshjem.tenancy.selectors import municipalities_for

# What the approval checklist reads: prefetch these and a case's checklist costs no further queries.
CHECKLIST_PREFETCH = (
    Prefetch("meetings", queryset=Meeting.objects.select_related("caseworker")), "police_certificates", "declaration_signatures",
    "agreements__parties", "household_members", "purpose_confirmations", "municipality__home_type_settings",
)


def applications_visible_to(*, user) -> QuerySet[VolunteerApplication]:
    """Submitted applications in the caseworker's own kommuner (drafts are the applicant's own)."""
    return (
        VolunteerApplication.objects.filter(municipality__in=municipalities_for(user=user))
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("municipality", "assigned_to")
    )


def purpose_confirmation_pdf(*, confirmation) -> bytes:
    """The formålsbekreftelse as an official letter to the person, who takes it to the police (always in Norwegian)."""
    application = confirmation.application
    letter = Letter(
        municipality=application.municipality, reference=application.reference, date=timezone.localdate(confirmation.issued_at),
        title="Formålsbekreftelse", addressee=Addressee(confirmation.person_name), signer=signer_of(confirmation.issued_by),
    )
    return letter_pdf(template="pdf/purpose_confirmation.html", letter=letter,
                      context={"confirmation": confirmation, "application": application})
