"""What the caseworker's dashboard reads: my cases and their next step, what is overdue, counts per stage; on parents'
cases every deadline with its date and the days left or over, and the appeals that wait (late ones first)."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, Meeting, MeetingStatus
from applications.respite.reminders import deadline_near_days
from applications.respite.selectors import (
    OPEN as RESPITE_OPEN,
)
from applications.respite.selectors import (
    appeals_waiting,
    respite_applications_visible_to,
    respite_case_flags,
)
from applications.volunteer import checklist as rules
from applications.volunteer.selectors import CHECKLIST_PREFETCH_LISTED, applications_visible_to
from besokshjem.tenancy.selectors import municipalities_for, on_visible_tracks
from placements.followups import follow_ups_due
from placements.waiting import waiting_needs_of, waiting_of

WAITING_DAYS = 7
#: Rows of each list on the dashboard, the most pressing first; the rest are counted (each list links to its full page).
DASHBOARD_ROWS = 25


def _capped(queryset, totals: dict, name: str) -> list:
    """The first DASHBOARD_ROWS rows of the list, its full size in `totals` (a COUNT, not every row)."""
    totals[name] = queryset.count()  # always asked, so the page costs the same number of queries however many rows
    return list(queryset[:DASHBOARD_ROWS])


def _first(rows: list, totals: dict, name: str) -> list:
    totals[name] = len(rows)
    return rows[:DASHBOARD_ROWS]


OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
#: What a line on the dashboard shows of a volunteer's application.
LISTED_COLUMNS = ("reference", "status", "submitted_at", "municipality__name")


def dashboard_for(*, user) -> dict:
    """The caseworker's workspace: my open cases with their next step, overdue steps, counts per stage."""
    visible = applications_visible_to(user=user)
    text = rules.current_declaration_text()
    totals = {}
    mine = _capped(visible.filter(assigned_to=user, status__in=OPEN).prefetch_related(*CHECKLIST_PREFETCH_LISTED).order_by("submitted_at"),
                   totals, "my_cases")
    my_cases = []
    for application in mine:
        result = rules.checklist(application, text=text) if application.status == ApplicationStatus.IN_REVIEW else None
        my_cases.append({
            "application": application,
            "next_step": rules.next_step(application, result),
            "summary": result.summary() if result else "",
        })
    now = timezone.now()
    overdue_meetings = _capped(
        Meeting.objects.filter(application__in=visible, status=MeetingStatus.SCHEDULED, starts_at__lt=now)
        .select_related("application").only("kind", "starts_at", "application__reference").order_by("starts_at"),
        totals, "overdue_meetings",
    )
    listed = visible.select_related(None).select_related("municipality").only(*LISTED_COLUMNS)  # a line each: no answers read
    waiting = _capped(
        listed.filter(status=ApplicationStatus.SUBMITTED, submitted_at__lt=now - timedelta(days=WAITING_DAYS)).order_by("submitted_at"),
        totals, "waiting",
    )
    unsigned = _capped(
        listed.filter(
            status=ApplicationStatus.IN_REVIEW,
            agreements__superseded_at__isnull=True,
            agreements__applicant_signed_at__isnull=False,
            agreements__caseworker_signed_at__isnull=True,
        ).distinct().order_by("submitted_at"),
        totals, "unsigned_agreements",
    )
    unassigned = _capped(listed.filter(status__in=OPEN, assigned_to__isnull=True).order_by("submitted_at"), totals, "unassigned")
    counts = {}  # COUNT(*): the kommune's index alone answers it
    for row in visible.values("municipality__name", "status").annotate(n=Count("*")).order_by("municipality__name"):
        counts.setdefault(row["municipality__name"], {})[row["status"]] = row["n"]
    stages = [(s, ApplicationStatus(s).label) for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]
    today = timezone.localdate()
    # Every open case is read for its deadline flags, so only the columns the flags and the list need (Oslo: hundreds).
    respite_open = list(respite_applications_visible_to(user=user).filter(status__in=RESPITE_OPEN).select_related(None)
                        .select_related("municipality").only("pk", "reference", "status", "submitted_at", "municipality__name",
                                                             "municipality__reminder_days").order_by("submitted_at"))
    respite_rows = [{"application": a, **respite_case_flags(a, today, near_days=deadline_near_days(a.municipality))} for a in respite_open]
    appeals = appeals_waiting(user=user, today=today)
    due = follow_ups_due(municipalities=municipalities_for(user=user), until=today + timedelta(days=14), visible=on_visible_tracks(
        user=user, municipality_field="placement__need__municipality", track_field="placement__need__track"))
    return {
        "totals": totals,
        "rows_shown": DASHBOARD_ROWS,
        "respite_cases": _first(respite_rows, totals, "respite_cases"),
        # Past one month with neither a decision nor a foreløpig svar (forvaltningsloven § 11 a).
        "respite_overdue": _first([r for r in respite_rows if r["month_passed"]], totals, "respite_overdue"),
        # A foreløpig svar promised a date that has passed without a decision: a new one is due.
        "respite_promise_passed": _first([r for r in respite_rows if r["promise_passed"]], totals, "respite_promise_passed"),
        # No foreløpig svar yet and the month ends within the reminder's lead time.
        "respite_due_soon": _first([r for r in respite_rows if r["near"]], totals, "respite_due_soon"),
        "late_appeals": [r for r in appeals if r["awaits_late_decision"]],
        "appeals_waiting": [r for r in appeals if not r["awaits_late_decision"]],
        "awaiting_delivery": awaiting_delivery(user=user, totals=totals),
        # Follow-ups and annual evaluations of placements due within two weeks (or overdue), soonest first.
        "follow_ups_due": [{"follow_up": f, "days": (f.due_on - today).days, "days_over": max(0, (today - f.due_on).days),
                            "url": reverse("caseworker:need", args=[f.placement.need_id])}
                           for f in _capped(due, totals, "follow_ups_due")],
        "my_cases": my_cases,
        "overdue_meetings": overdue_meetings,
        "waiting": waiting,
        "waiting_days": WAITING_DAYS,
        "unsigned_agreements": unsigned,
        "unassigned": unassigned,
        "counts": [(name, [by_status.get(s, 0) for s, _label in stages]) for name, by_status in counts.items()],
        "stages": stages,
    }


def awaiting_delivery(*, user, totals: dict | None = None) -> list[dict]:
    """The first DASHBOARD_ROWS granted vedtak no placement has delivered yet («tomme vedtak»), on both tracks, longest
    waiting first: each with its case page and the days it has waited (from the later of the decision and the period's
    start); their number in `totals`."""
    today = timezone.localdate()
    needs = waiting_needs_of(municipalities_for(user=user), visible=on_visible_tracks(user=user))
    rows = []
    for need in _capped(needs, {} if totals is None else totals, "awaiting_delivery"):
        waiting = waiting_of(need, today)
        decision = need.decision
        if decision.application_id:
            url = reverse("caseworker:respite_case", args=[decision.application_id])
        else:
            url = reverse("caseworker:child_welfare_case", args=[decision.child_welfare_case_id])
        rows.append({"need": need, "since": waiting.since, "days": waiting.days, "url": url,
                     "need_url": reverse("caseworker:need", args=[need.pk])})
    return rows
