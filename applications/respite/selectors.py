"""Reads of parents' avlastning cases: scoped lists, deadlines per case, the letter and «tomme vedtak»."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from applications.models import Appeal, AppealStatus, InterimReply, RespiteApplication, RespiteStatus
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.selectors import municipalities_for

from .deadlines import (
    MONTH_PASSED,
    PROMISE_PASSED,
    appeal_deadline,
    appeal_is_late,
    days_left,
    decision_deadline,
    decision_deadline_near,
    decision_due,
    dismissal_appeal_deadline,
    interim_reply_after_the_month,
    interim_reply_due,
    local_date,
)

OPEN = (RespiteStatus.SUBMITTED, RespiteStatus.IN_REVIEW)


def _latest_promise():
    """The date the latest foreløpig svar of a case said a decision could be expected."""
    return Subquery(InterimReply.objects.filter(application=OuterRef("pk")).order_by("-sent_at", "-pk").values("expected_decision_date")[:1])


def with_deadlines(queryset) -> QuerySet[RespiteApplication]:
    """Annotate each case with `promised_date`: what its latest foreløpig svar promised (None: none sent)."""
    return queryset.annotate(promised_date=_latest_promise())


def respite_applications_visible_to(*, user) -> QuerySet[RespiteApplication]:
    """Submitted avlastning cases in the caseworker's kommuner, each annotated with its latest promised date."""
    return with_deadlines(
        RespiteApplication.objects.filter(municipality__in=municipalities_for(user=user, track=LegalTrack.HEALTH_CARE))
        .exclude(status=RespiteStatus.DRAFT)
        .select_related("municipality", "assigned_to")
    )


def documents_welcome(application, *, appeals: list[Appeal] | None = None) -> bool:
    """Whether the parent may send the kommune a document from the status page: while the case is open, and while an
    appeal waits for the kommune (a late legeerklæring, new information for the appeal). `appeals`: the case's appeals
    when the caller has them already (appeals_of)."""
    if application.status in OPEN:
        return True
    if appeals is not None:
        return any(a.status == AppealStatus.LODGED for a in appeals)
    return Appeal.objects.filter(decision__application=application, status=AppealStatus.LODGED).exists()


def appeals_of(application) -> list[Appeal]:
    """Every appeal on the parent's case, oldest first, each with its vedtak (an appeal on a vedtak the kommune has since
    reversed too: the parent sees what became of it)."""
    return list(Appeal.objects.filter(decision__application=application).select_related("decision").order_by("lodged_at", "pk"))


def promised_date_of(application):
    """The latest promised date: from the selector's annotation, or (a single case without it) asked once."""
    if hasattr(application, "promised_date"):
        return application.promised_date
    return application.interim_replies.order_by("-sent_at", "-pk").values_list("expected_decision_date", flat=True).first()


def respite_case_flags(application, today=None, near_days: int | None = None) -> dict:
    """The deadlines of one case as the caseworker needs them, each as a date with the days left or over.

    - `deadline`: one month from receipt (forvaltningsloven § 11 a); `promised`: what the latest foreløpig svar promised;
      `due_date`: the date the parent has been told to expect a decision by (the promise, else the deadline);
    - `days_left` (0 on the day itself) or `days_over` (from the day after), never both, never negative;
    - `interim_due`: why a (new) foreløpig svar is due and since when, for an open case (None: none due);
    - `near`: no foreløpig svar and the deadline within `near_days` days (the reminder rule's lead time).
    """
    today = today or timezone.localdate()
    received = application.submitted_at
    deadline = decision_deadline(received)
    promised = promised_date_of(application)
    is_open = application.status in OPEN
    due_date = decision_due(received=received, promised=promised)
    remaining = days_left(due_date, today)
    interim_due = interim_reply_due(received=received, promised=promised, today=today) if is_open else None
    return {
        "deadline": deadline,
        "promised": promised,
        "due_date": due_date,
        "days_left": remaining if remaining >= 0 else None,
        "days_over": -remaining if remaining < 0 else None,
        "interim_due": interim_due,
        "needs_interim_reply": interim_due is not None,
        "month_passed": interim_due is not None and interim_due.why == MONTH_PASSED,
        "promise_passed": interim_due is not None and interim_due.why == PROMISE_PASSED,
        "near": bool(is_open and near_days is not None and interim_due is None
                     and decision_deadline_near(received=received, promised=promised, today=today, days=near_days)),
    }


def interim_replies_of(application) -> list[dict]:
    """Each foreløpig svar with whether it went out after the month (which decides what it says)."""
    return [{"reply": reply, "after_the_month": interim_reply_after_the_month(received=application.submitted_at, sent=reply.sent_at)}
            for reply in application.interim_replies.all()]


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


def respite_promise_passed(queryset, *, today=None) -> QuerySet[RespiteApplication]:
    """Open cases whose latest foreløpig svar promised a decision by a date that has passed (reads `promised_date`)."""
    return queryset.filter(status__in=OPEN, promised_date__lt=today or timezone.localdate())


def respite_deadline_passed(queryset, *, today=None) -> QuerySet[RespiteApplication]:
    """Open cases whose date for a decision has passed: the month with no foreløpig svar, or the promised date
    (reads `promised_date`)."""
    today = today or timezone.localdate()
    return respite_promise_passed(queryset, today=today) | respite_overdue(queryset, today=today)


def respite_deadline_within(queryset, *, days: int, today=None) -> QuerySet[RespiteApplication]:
    """Open cases whose date for a decision (the promised date, else one month from receipt) is from today to `days`
    days on, as one query plus one for the cases received on the edge.

    One month is 28 to 31 days, so a case with no foreløpig svar has its deadline in the window only if it was received
    from 31 days before today to 28 days before the window's end; those few are asked of the one deadline function."""
    today = today or timezone.localdate()
    end = today + timedelta(days=days)
    open_cases = queryset.filter(status__in=OPEN)
    edge = open_cases.exclude(Exists(InterimReply.objects.filter(application=OuterRef("pk")))).filter(
        submitted_at__date__gte=today - timedelta(days=31), submitted_at__date__lte=end - timedelta(days=28))
    in_window = [pk for pk, received in edge.values_list("pk", "submitted_at") if today <= decision_deadline(received) <= end]
    return open_cases.filter(Q(promised_date__gte=today, promised_date__lte=end) | Q(pk__in=in_window))


def appeal_deadline_of(decision):
    """The last day to appeal the vedtak, counted from the day it reached the party; None while it has not."""
    if decision.notified_at is None:
        return None
    return appeal_deadline(decision.notified_at, decision.appeal_weeks)


def appeal_lodged_late(decision, *, lodged=None) -> bool:
    """Whether an appeal lodged now (or at `lodged`) on this vedtak comes after its deadline."""
    return appeal_is_late(deadline=appeal_deadline_of(decision), lodged=lodged or timezone.now())


def dismissal_appeal_deadline_of(appeal):
    """The last day to appeal the refusal to consider a late appeal (None unless it was refused)."""
    if appeal.status != AppealStatus.DISMISSED or appeal.late_decided_at is None:
        return None
    return dismissal_appeal_deadline(appeal.late_decided_at)


def appeals_waiting(*, user, today=None) -> list[dict]:
    """Appeals in the caseworker's kommuner that wait for the kommune, on both tracks: lodged and not yet answered,
    oldest first.

    A late one first waits for the decision whether to consider it (forvaltningsloven § 31). Each row has the case and
    its page, the day it was lodged, the days it has waited, and for a late one the deadline it missed. One query.
    """
    today = today or timezone.localdate()
    appeals = (
        Appeal.objects.filter(
            Q(decision__application__municipality__in=municipalities_for(user=user, track=LegalTrack.HEALTH_CARE))
            | Q(decision__child_welfare_case__municipality__in=municipalities_for(user=user, track=LegalTrack.CHILD_WELFARE)),
            status=AppealStatus.LODGED,
        )
        .select_related("decision__application__municipality", "decision__child_welfare_case__municipality")
        .order_by("lodged_at", "pk")
    )
    rows = []
    for appeal in appeals:
        lodged = local_date(appeal.lodged_at)
        case = appeal.decision.case
        page = "caseworker:respite_case" if appeal.decision.application_id else "caseworker:child_welfare_case"
        rows.append({
            "appeal": appeal, "case": case, "url": reverse(page, args=[case.pk]), "lodged": lodged, "days": (today - lodged).days,
            "late": appeal.late, "awaits_late_decision": appeal.awaits_late_decision, "drafted": appeal.answer_drafted,
            "missed_deadline": appeal_deadline_of(appeal.decision) if appeal.late else None,
        })
    return rows
