"""Reads of parents' avlastning cases: scoped lists, deadlines per case, the letter and «tomme vedtak»."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from applications.models import Decision, InterimReply, Outcome, RespiteApplication, RespiteStatus
from besokshjem.core.pdf import render_pdf
from besokshjem.tenancy.selectors import municipalities_for

from .deadlines import appeal_deadline, days_left, decision_deadline, needs_interim_reply

OPEN = (RespiteStatus.SUBMITTED, RespiteStatus.IN_REVIEW)


def respite_applications_visible_to(*, user) -> QuerySet[RespiteApplication]:
    """Submitted avlastning cases in the caseworker's kommuner, each annotated with whether a foreløpig svar was sent."""
    return (
        RespiteApplication.objects.filter(municipality__in=municipalities_for(user=user))
        .exclude(status=RespiteStatus.DRAFT)
        .select_related("municipality", "assigned_to")
        .annotate(has_interim_reply=Exists(InterimReply.objects.filter(application=OuterRef("pk"))))
    )


def respite_case_flags(application, today=None) -> dict:
    """Deadline, days left, and whether the case is past one month with neither a decision nor an interim reply.

    Reads `has_interim_reply` from the selector's annotation; without it (a single case), asks the database once.
    """
    deadline = decision_deadline(application.submitted_at)
    interim = getattr(application, "has_interim_reply", None)
    if interim is None:
        interim = application.interim_replies.exists()
    return {
        "deadline": deadline,
        "days_left": days_left(deadline, today),
        "needs_interim_reply": needs_interim_reply(
            received=application.submitted_at, decided=application.status not in OPEN, interim_sent=interim, today=today
        ),
    }


def respite_overdue(queryset, *, today=None) -> QuerySet[RespiteApplication]:
    """Open cases past one month with neither a decision nor a foreløpig svar, as one query.

    A calendar month is 28 to 31 days, so a case received 32 or more days ago is overdue and one received 27 or fewer days
    ago is not; only the few received in between are asked of the one deadline function (month ends, leap years).
    """
    today = today or timezone.localdate()
    candidates = queryset.filter(status__in=OPEN).exclude(Exists(InterimReply.objects.filter(application=OuterRef("pk"))))
    edge = candidates.filter(submitted_at__date__gt=today - timedelta(days=32), submitted_at__date__lt=today - timedelta(days=27))
    on_edge = [pk for pk, received in edge.values_list("pk", "submitted_at") if today > decision_deadline(received)]
    return candidates.filter(Q(submitted_at__date__lte=today - timedelta(days=32)) | Q(pk__in=on_edge))


def decision_letter_pdf(*, decision) -> bytes:
    application = decision.application
    return render_pdf(
        template="pdf/decision_letter.html",
        context={"decision": decision, "application": application, "municipality": application.municipality,
                 "appeal_deadline": appeal_deadline_of(decision)},
        language=application.language,
    )


def appeal_deadline_of(decision):
    return appeal_deadline(decision.decided_at, decision.appeal_weeks)


def awaiting_delivery(*, user) -> list:
    """Granted vedtak no placement has delivered yet («tomme vedtak»), oldest first, with days waiting."""
    decisions = (
        Decision.objects.filter(
            application__municipality__in=municipalities_for(user=user),
            outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED], delivered_at__isnull=True, reversed_at__isnull=True,
        )
        .select_related("application__municipality")
        .order_by("decided_at")
    )
    today = timezone.localdate()
    return [(d, (today - timezone.localdate(d.decided_at)).days) for d in decisions]
