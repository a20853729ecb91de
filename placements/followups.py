"""Follow-up of a placement: close at the start, then at the kommune's interval, and an annual evaluation.

The next follow-up and the next evaluation are rows that fall due; recording one (with notes and the child's own views)
makes the next: the first follow-up `first_follow_up_days` after the placement's first date, then every
`follow_up_months` months after the last one held; the evaluation a year after the start, then a year after the last.
An ended placement has nothing more due.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from besokshjem.audit.services import audit_record
from besokshjem.tenancy.services import require_member

from .models import ACTIVE_PLACEMENT, FollowUp, FollowUpKind, Placement, PlacementAction
from .selectors import placement_settings_for

EVALUATION_MONTHS = 12


def _first_day(placement: Placement) -> date:
    return timezone.localdate(placement.first_date_at) if placement.first_date_at else placement.start_date


@transaction.atomic
def follow_ups_start(*, placement: Placement) -> list[FollowUp]:
    """The first follow-up and the first annual evaluation of a new placement (idempotent)."""
    settings = placement_settings_for(municipality=placement.need.municipality)
    made = []
    for kind, due in ((FollowUpKind.FOLLOW_UP, _first_day(placement) + timedelta(days=settings.first_follow_up_days)),
                      (FollowUpKind.EVALUATION, placement.start_date + relativedelta(months=EVALUATION_MONTHS))):
        if not placement.follow_ups.filter(kind=kind, held_on__isnull=True).exists():
            made.append(FollowUp.objects.create(placement=placement, kind=kind, due_on=due))
    return made


@transaction.atomic
def follow_up_record(*, follow_up: FollowUp, held_on: date, notes: str, child_views: str, by) -> FollowUp:
    """Record a follow-up or evaluation as held, with notes and the child's own views; the next one falls due."""
    follow_up = FollowUp.objects.select_for_update(of=("self",)).select_related("placement__need__municipality").get(pk=follow_up.pk)
    placement = follow_up.placement
    municipality = placement.need.municipality
    require_member(user=by, municipality=municipality, track=placement.need.track)
    if follow_up.held_on is not None:
        raise ValidationError(_("Oppfølgingen er allerede registrert."), code="held")
    errors = {}
    if held_on is None:
        errors["held_on"] = _("Oppgi datoen oppfølgingen ble gjennomført.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("Datoen kan ikke være etter i dag.")
    if not notes.strip():
        errors["notes"] = _("Skriv hva som kom fram.")
    if not child_views.strip():
        errors["child_views"] = _("Skriv hva barnet selv mener, eller hvorfor barnet ikke er spurt.")
    if errors:
        raise ValidationError(errors)
    follow_up.held_on, follow_up.notes, follow_up.child_views = held_on, notes.strip(), child_views.strip()
    follow_up.recorded_by, follow_up.recorded_at = by, timezone.now()
    follow_up.full_clean()
    follow_up.save()
    audit_record(target=placement, municipality=municipality, action=PlacementAction.FOLLOW_UP_RECORDED, actor=by,
                 note=f"{follow_up.kind} {held_on.isoformat()}")
    if placement.status in ACTIVE_PLACEMENT:
        months = placement_settings_for(municipality=municipality).follow_up_months
        step = relativedelta(months=months if follow_up.kind == FollowUpKind.FOLLOW_UP else EVALUATION_MONTHS)
        next_due = held_on + step
        if placement.last_day is None or next_due <= placement.last_day:
            FollowUp.objects.get_or_create(placement=placement, kind=follow_up.kind, due_on=next_due)
    return follow_up


def follow_ups_due(*, municipalities, until: date, visible: Q | None = None) -> QuerySet[FollowUp]:
    """Follow-ups and evaluations of running or planned placements not yet held and due by `until`, soonest first
    (`visible` narrows them to what a caseworker may see)."""
    return (FollowUp.objects.filter(visible or Q(), placement__need__municipality__in=municipalities, placement__status__in=ACTIVE_PLACEMENT,
                                    held_on__isnull=True, due_on__lte=until)
            .select_related("placement__need__decision__application", "placement__need__decision__child_welfare_case",
                            "placement__home").order_by("due_on", "pk"))
