"""What each retention rule finds in one kommune, and a kommune's rules (made with the defaults on demand)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from applications.models import (
    AppealStatus,
    ApplicationStatus,
    Decision,
    DecisionStatus,
    Outcome,
    PoliceCertificate,
    RespiteApplication,
    RespiteStatus,
    RetentionRules,
    VolunteerApplication,
)
from applications.respite.deadlines import appeal_deadline
from placements.models import ACTIVE_PLACEMENT, HomeStatus

from . import rules as due

DRAFT = ApplicationStatus.DRAFT
#: A volunteer's case that ended without a home: anonymised after the kommune's period.
VOLUNTEER_ENDED = [ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
#: A parent's case that is closed (decided or withdrawn); reopened by an appeal, it is open again.
RESPITE_CLOSED = [RespiteStatus.DECIDED, RespiteStatus.WITHDRAWN]


def retention_rules_for(*, municipality) -> RetentionRules:
    """The kommune's rules: its row, made with the defaults the first time."""
    rules, _created = RetentionRules.objects.get_or_create(municipality=municipality)
    return rules


def drafts_due(*, municipality, rules, now) -> tuple[QuerySet, QuerySet]:
    """Unsent drafts of both kinds started before the cutoff."""
    cutoff = due.drafts_cutoff(rules, now)
    return (
        VolunteerApplication.objects.filter(municipality=municipality, status=DRAFT, created_at__lt=cutoff),
        RespiteApplication.objects.filter(municipality=municipality, status=RespiteStatus.DRAFT, created_at__lt=cutoff),
    )


def volunteer_closed_due(*, municipality, rules, now) -> QuerySet[VolunteerApplication]:
    """Withdrawn and rejected volunteer applications closed before the cutoff and not yet anonymised."""
    return VolunteerApplication.objects.filter(
        municipality=municipality, status__in=VOLUNTEER_ENDED, closed_at__lt=due.volunteer_closed_cutoff(rules, now),
        anonymised_at__isnull=True,
    ).order_by("closed_at", "pk")


def _in_force(today) -> Exists:
    """A confirmed, granted, not reversed vedtak whose period has not ended: the case still has effect."""
    return Exists(Decision.all_objects.filter(
        Q(period_to__isnull=True) | Q(period_to__gte=today), application=OuterRef("pk"), status=DecisionStatus.CONFIRMED,
        outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED], reversed_at__isnull=True,
    ))


def respite_closed_due(*, municipality, rules, now) -> list[RespiteApplication]:
    """Closed parents' cases past the archive plan's period that are handed over to the archive — never one with a
    placement planned or running, an appeal not yet handled, an appeal window still open or a vedtak still in force."""
    today = timezone.localdate(now)
    candidates = (
        RespiteApplication.objects.filter(
            municipality=municipality, status__in=RESPITE_CLOSED, closed_at__lt=due.respite_closed_cutoff(rules, now),
            archived_at__isnull=False,
        )
        .exclude(decisions__need__placements__status__in=ACTIVE_PLACEMENT)
        .exclude(decisions__appeals__status=AppealStatus.LODGED)
        .exclude(_in_force(today))
        .distinct()
        .order_by("closed_at", "pk")
    )
    candidates = list(candidates)
    notified = Decision.all_objects.filter(application__in=candidates, notified_at__isnull=False).values_list(
        "application_id", "notified_at", "appeal_weeks")
    window_open = {pk for pk, at, weeks in notified if appeal_deadline(at, weeks) >= today}
    return [case for case in candidates if case.pk not in window_open]


def attest_copies_due(*, municipality) -> QuerySet[PoliceCertificate]:
    """Kept attest copies no longer needed (politiregisterforskriften § 37-2): the application was rejected or
    withdrawn, or the home it became has ended. The services delete them at once; this catches any left behind."""
    return PoliceCertificate.objects.filter(application__municipality=municipality).exclude(copy="").filter(
        Q(application__status__in=VOLUNTEER_ENDED) | Q(application__approved_home__status=HomeStatus.ENDED)
    ).select_related("application").order_by("pk")
