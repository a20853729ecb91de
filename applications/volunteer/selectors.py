"""Reads of volunteer applications, scoped to the caseworker's kommuner."""

from datetime import datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from applications.models import ApplicationStatus, Meeting, MeetingStatus, VolunteerApplication
from besokshjem.core.calendar import is_working_day
from besokshjem.core.letters import Addressee, Letter, letter_pdf, signer_of
from besokshjem.core.prefetch import listed
from besokshjem.tenancy.selectors import municipalities_for
from placements.models import Agreement

# What the approval checklist reads: prefetch these and a case's checklist costs no further queries.
CHECKLIST_PREFETCH = (
    Prefetch("meetings", queryset=Meeting.objects.select_related("caseworker")), "police_certificates", "declaration_signatures",
    "agreements__parties", "household_members", "purpose_confirmations", "municipality__home_type_settings",
)
#: The same rows for a page of many cases (the lists, the dashboard), as plain lists the checklist reads through
#: `rows()`: a prefetch into the managers cost three times the SQL it stands for at 50 rows (besokshjem.core.prefetch).
CHECKLIST_PREFETCH_LISTED = (
    listed("meetings", Meeting.objects.select_related("caseworker")), listed("police_certificates"),
    listed("declaration_signatures"), listed("agreements", Agreement.objects.prefetch_related(listed("parties"))),
    listed("household_members"), listed("purpose_confirmations"), listed("municipality__home_type_settings"),
)


def applications_visible_to(*, user) -> QuerySet[VolunteerApplication]:
    """Submitted applications in the caseworker's own kommuner (drafts are the applicant's own)."""
    return (
        VolunteerApplication.objects.filter(municipality__in=municipalities_for(user=user))
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("municipality", "assigned_to")
    )


#: The times of day a meeting is offered by default (Europe/Oslo), and how far ahead a free one is looked for.
SLOT_TIMES = (time(10), time(13))
SLOT_SEARCH_DAYS = 60


def next_free_slot(*, caseworker_id, now: datetime | None = None, minutes: int = 60) -> datetime | None:
    """The default time offered for a new interview or home visit: the first working day after today (no weekend or
    public holiday) at 10:00, else 13:00, that does not overlap a meeting this caseworker has scheduled, on any case.
    One query. None when the next SLOT_SEARCH_DAYS days are full (the caseworker picks a time)."""
    now = now or timezone.now()
    first = timezone.localdate(now) + timedelta(days=1)
    taken = [(m.starts_at, m.starts_at + timedelta(minutes=m.duration_minutes)) for m in Meeting.objects.filter(
        caseworker_id=caseworker_id, status=MeetingStatus.SCHEDULED, starts_at__gte=now).only("starts_at", "duration_minutes")]
    for offset in range(SLOT_SEARCH_DAYS):
        day = first + timedelta(days=offset)
        if not is_working_day(day):
            continue
        for at in SLOT_TIMES:
            start = timezone.make_aware(datetime.combine(day, at))
            end = start + timedelta(minutes=minutes)
            if not any(s < end and start < e for s, e in taken):
                return start
    return None


def purpose_confirmation_pdf(*, confirmation) -> bytes:
    """The formålsbekreftelse as an official letter to the person, who takes it to the police (always in Norwegian)."""
    application = confirmation.application
    letter = Letter(
        municipality=application.municipality, reference=application.reference, date=timezone.localdate(confirmation.issued_at),
        title="Formålsbekreftelse", addressee=Addressee(confirmation.person_name), signer=signer_of(confirmation.issued_by),
    )
    return letter_pdf(template="pdf/purpose_confirmation.html", letter=letter,
                      context={"confirmation": confirmation, "application": application})
