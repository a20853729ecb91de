"""Reads of volunteer applications."""

from django.db.models import QuerySet
from django.http import Http404

from besokshjem.core.tokens import read_token
from besokshjem.tenancy.selectors import municipalities_for

from .models import VolunteerApplication


def application_by_token(*, token: str, purpose: str, model=VolunteerApplication):
    """The application a signed link points to; 404 for a wrong or tampered token."""
    key = read_token(token=token, purpose=purpose)
    if key is None:
        raise Http404
    try:
        return model.objects.select_related("municipality").get(access_key=key)
    except model.DoesNotExist:
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


CHECKLIST_PREFETCH = (
    "meetings", "police_certificates", "declaration_signatures", "agreements", "household_members",
    "municipality__home_type_settings",
)

WAITING_DAYS = 7


def dashboard_for(*, user) -> dict:
    """The caseworker's workspace: my open cases with their next step, overdue steps, counts per stage."""
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from . import checklist as rules
    from .models import ApplicationStatus, Meeting, MeetingStatus

    visible = applications_visible_to(user=user)
    open_statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW]
    mine = list(
        visible.filter(assigned_to=user, status__in=open_statuses).prefetch_related(*CHECKLIST_PREFETCH).order_by("submitted_at")
    )
    my_cases = [
        {"application": a, "next_step": rules.next_step(a), "summary": rules.checklist(a).summary() if a.status == "in_review" else ""}
        for a in mine
    ]
    now = timezone.now()
    overdue_meetings = list(
        Meeting.objects.filter(application__in=visible, status=MeetingStatus.SCHEDULED, starts_at__lt=now)
        .select_related("application", "caseworker")
        .order_by("starts_at")
    )
    waiting = list(
        visible.filter(status=ApplicationStatus.SUBMITTED, submitted_at__lt=now - timedelta(days=WAITING_DAYS)).order_by("submitted_at")
    )
    unsigned = list(
        visible.filter(
            status=ApplicationStatus.IN_REVIEW,
            agreements__superseded_at__isnull=True,
            agreements__applicant_signed_at__isnull=False,
            agreements__caseworker_signed_at__isnull=True,
        ).distinct()
    )
    unassigned = list(visible.filter(status__in=open_statuses, assigned_to__isnull=True).order_by("submitted_at"))
    counts = {}
    for row in visible.values("municipality__name", "status").annotate(n=Count("id")).order_by("municipality__name"):
        counts.setdefault(row["municipality__name"], {})[row["status"]] = row["n"]
    stages = [(s, ApplicationStatus(s).label) for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]
    respite_open = list(
        respite_applications_visible_to(user=user).filter(status__in=["submitted", "in_review"]).prefetch_related("interim_replies")
        .order_by("submitted_at")
    )
    respite_rows = [{"application": a, **respite_case_flags(a)} for a in respite_open]
    return {
        "respite_cases": respite_rows,
        "respite_overdue": [r for r in respite_rows if r["needs_interim_reply"]],
        "awaiting_delivery": awaiting_delivery(user=user),
        "my_cases": my_cases,
        "overdue_meetings": overdue_meetings,
        "waiting": waiting,
        "waiting_days": WAITING_DAYS,
        "unsigned_agreements": unsigned,
        "unassigned": unassigned,
        "counts": [(name, [by_status.get(s, 0) for s, _label in stages]) for name, by_status in counts.items()],
        "stages": stages,
    }


def decision_letter_pdf(*, decision) -> bytes:
    from besokshjem.core.pdf import render_pdf

    application = decision.application
    return render_pdf(
        template="pdf/decision_letter.html",
        context={"decision": decision, "application": application, "municipality": application.municipality,
                 "appeal_deadline": appeal_deadline_of(decision)},
        language=application.language,
    )


def appeal_deadline_of(decision):
    from .deadlines import appeal_deadline

    return appeal_deadline(decision.decided_at, decision.appeal_weeks)


def respite_applications_visible_to(*, user):
    from .models import RespiteApplication

    return (
        RespiteApplication.objects.filter(municipality__in=municipalities_for(user=user))
        .exclude(status="draft")
        .select_related("municipality", "assigned_to")
    )


def respite_case_flags(application, today=None) -> dict:
    """Deadline, days left, and whether the case is past one month with neither a decision nor an interim reply."""
    from .deadlines import days_left, decision_deadline, needs_interim_reply

    deadline = decision_deadline(application.submitted_at)
    decided = application.status in ("decided", "withdrawn")
    interim = bool(getattr(application, "interim_count", None) or application.interim_replies.exists())
    return {
        "deadline": deadline,
        "days_left": days_left(deadline, today),
        "needs_interim_reply": needs_interim_reply(received=application.submitted_at, decided=decided, interim_sent=interim, today=today),
    }


def awaiting_delivery(*, user):
    """Granted vedtak no placement has delivered yet («tomme vedtak»), oldest first, with days waiting."""
    from django.utils import timezone

    from .models import Decision

    decisions = (
        Decision.objects.filter(
            application__municipality__in=municipalities_for(user=user),
            outcome__in=["granted", "partly_granted"], delivered_at__isnull=True, reversed_at__isnull=True,
        )
        .select_related("application__municipality")
        .order_by("decided_at")
    )
    today = timezone.localdate()
    return [(d, (today - timezone.localdate(d.decided_at)).days) for d in decisions]
