"""Applicant links: which case a token opens, how long each link stays open, and the caseworker's revocation.

The token itself (purpose, key, link version, signature) is besokshjem/core/tokens.py. Here is the domain's part, in
one place:

- **RESUME** (continue a draft): open while the case is a draft; a deleted draft opens nothing. Once submitted, the
  link shows only the receipt (intake/views.py) and lives as long as the case's status link.
- **STATUS**, a volunteer's case: open while the case is open; while the approved home is in force (active or on a
  pause: it has not ended) or one of its placements is planned or running. Otherwise it ends
  `STATUS_LINK_DAYS_AFTER_CLOSE` days after the latest of: the case was closed, a placement of the home ended.
- **STATUS**, a parent's case, and **CO_PARTY** (the other guardian's page): open while the case is open; while a
  placement for the child's need is planned or running; while an appeal awaits the kommune; while a vedtak has not
  yet reached the parent (the appeal deadline has not begun). Otherwise it ends at the latest of:
  `STATUS_LINK_DAYS_AFTER_CLOSE` days after the case was closed, a placement ended or an appeal was answered; and
  `LATE_APPEAL_GRACE_DAYS` days after the appeal deadline of the vedtak in force (or of a refusal to consider a late
  appeal), since the kommune may still consider a late appeal (forvaltningsloven § 31).
- **Revocation**: the caseworker raises the case's `link_version`; every token made before (of every purpose) opens
  nothing from then on, and the applicant gets a new status link by e-mail. A link sent that way works for at least
  `STATUS_LINK_DAYS_AFTER_CLOSE` days, also on a case whose link had ended (the page of an ended link tells the
  applicant to ask the kommune for a new one).

Whatever the reason a link opens nothing (bad, of another purpose, revoked, ended), the answer is the same 404 page
(`LinkUnavailable`), which names no kommune and no case.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.intake import emails as intake_emails
from applications.models import Appeal, AppealStatus, CaseAction, RespiteApplication, VolunteerApplication
from applications.respite import emails as respite_emails
from applications.respite.deadlines import dismissal_appeal_deadline
from applications.respite.selectors import appeal_deadline_of
from besokshjem.audit.models import AuditEntry
from besokshjem.audit.services import audit_record
from besokshjem.core.private_links import LinkUnavailable
from besokshjem.core.tokens import CO_PARTY, RESUME, read_token
from besokshjem.tenancy.choices import LegalTrack
from besokshjem.tenancy.services import require_member
from placements.feeds import feed_revoke
from placements.models import ACTIVE_PLACEMENT, ApprovedHome, CalendarFeed, HomeStatus, Placement

#: Which unit may revoke a case's links (None: any caseworker of the kommune).
TRACK = {VolunteerApplication: None, RespiteApplication: LegalTrack.HEALTH_CARE}


# --- Lifetime --------------------------------------------------------------------------------------------------------


def _day_end(day: date) -> datetime:
    """The moment a day is over in Norway: the start of the next day, Oslo time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), timezone.get_default_timezone())


def _after(moment: datetime | date | None, days: int) -> datetime | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = _day_end(moment)
    return moment + timedelta(days=days)


def _volunteer_ends(case) -> list[datetime] | None:
    """When a volunteer's closed case's link ends (the latest counts); None while the home is in force or a placement
    of it runs. An ended home's link lasts as long after the day it ended (its last time sheets, its letters)."""
    home = ApprovedHome.objects.filter(application=case).only("status", "ended_at").first()
    if home is not None and home.status != HomeStatus.ENDED:
        return None
    placements = list(Placement.objects.filter(home__application=case).values_list("status", "ended_on"))
    if any(status in ACTIVE_PLACEMENT for status, _ended in placements):
        return None
    days = settings.STATUS_LINK_DAYS_AFTER_CLOSE
    return [_after(ended, days) for _status, ended in placements] + [_after(home.ended_at if home else None, days)]


def _respite_ends(case) -> list[datetime] | None:
    """When a parent's closed case's link ends (the latest counts); None while a placement runs for the child's need,
    an appeal awaits the kommune or a vedtak has not yet reached the parent."""
    placements = list(Placement.objects.filter(need__decision__application=case).values_list("status", "ended_on"))
    if any(status in ACTIVE_PLACEMENT for status, _ended in placements):
        return None
    decision = case.decisions.filter(reversed_at__isnull=True).first()
    if decision is not None and decision.notified_at is None:
        return None
    appeals = list(Appeal.objects.filter(decision__application=case))
    if any(a.status == AppealStatus.LODGED for a in appeals):
        return None
    days, grace = settings.STATUS_LINK_DAYS_AFTER_CLOSE, settings.LATE_APPEAL_GRACE_DAYS
    ends = [_after(ended, days) for _status, ended in placements]
    ends += [_after(a.handled_at or a.late_decided_at, days) for a in appeals]
    if decision is not None:
        ends.append(_after(appeal_deadline_of(decision), grace))
    ends += [_after(dismissal_appeal_deadline(a.late_decided_at), grace) for a in appeals
             if a.status == AppealStatus.DISMISSED and a.late_decided_at]
    return ends


def _last_revoked(case) -> datetime | None:
    """When the caseworker last revoked the case's links and sent a new one (from the audit trail)."""
    return (AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk,
                                      action=CaseAction.LINK_REVOKED)
            .order_by("-created_at").values_list("created_at", flat=True).first())


def link_open_until(case) -> datetime | None:
    """The moment the links of a submitted case end (they may have passed), or None while they have no end in sight.
    Every purpose of a submitted case shares this lifetime (a resume link shows the receipt until then)."""
    if case.closed_at is None:
        return None
    ends = _respite_ends(case) if isinstance(case, RespiteApplication) else _volunteer_ends(case)
    if ends is None:
        return None
    days = settings.STATUS_LINK_DAYS_AFTER_CLOSE
    return max(e for e in [_after(case.closed_at, days), _after(_last_revoked(case), days), *ends] if e is not None)


def link_is_open(case, purpose: str, now: datetime | None = None) -> bool:
    """Whether the case's link of this purpose still opens the case (the rule is in this module's docstring)."""
    if case.is_draft:
        return purpose == RESUME
    if purpose == CO_PARTY and not isinstance(case, RespiteApplication):
        return False
    until = link_open_until(case)
    return until is None or (now or timezone.now()) < until


def case_by_token(*, token: str, purpose: str, model=VolunteerApplication):
    """The case a link of this purpose opens now; `LinkUnavailable` (a 404) for a bad, revoked or ended link."""
    read = read_token(token=token, purpose=purpose)
    if read is None:
        raise LinkUnavailable
    case = model.objects.select_related("municipality").filter(access_key=read.key, link_version=read.version).first()
    if case is None or not link_is_open(case, purpose):
        raise LinkUnavailable
    return case


# --- Revocation ------------------------------------------------------------------------------------------------------


def _feeds_of(case):
    """The calendar feeds shown on the case's status page (their URLs were as visible as the link)."""
    owner = Q(home__application_id=case.pk) if isinstance(case, VolunteerApplication) else Q(need__decision__application_id=case.pk)
    return CalendarFeed.objects.filter(owner, revoked_at__isnull=True)


@transaction.atomic
def link_revoke(*, case, by, seen_version: int | None = None):
    """Revoke every link of the case (status, resume, the other guardian's) and send the applicant a new status link.

    `seen_version` is the link version the caseworker's form was shown with: posting the same form again (a double
    click, a reload) finds the version already raised and changes nothing, so one click sends one e-mail. The calendar
    feeds shown on the status page are revoked too; the new status page shows new ones.
    """
    model = type(case)
    case = model.objects.select_for_update().select_related("municipality").get(pk=case.pk)
    require_member(user=by, municipality=case.municipality, track=TRACK[model])
    if seen_version is not None and seen_version != case.link_version:
        return case
    if case.is_draft:
        raise ValidationError(_("Et utkast har ingen lenke til saken."), code="draft")
    if not case.email:
        raise ValidationError(_("Søkeren har ingen e-postadresse i saken, så en ny lenke kan ikke sendes. Legg inn "
                                "e-postadressen først."), code="no_email")
    model.objects.filter(pk=case.pk).update(link_version=F("link_version") + 1)
    case.refresh_from_db(fields=["link_version"])
    audit_record(target=case, municipality=case.municipality, action=CaseAction.LINK_REVOKED, actor=by,
                 note=f"v{case.link_version}")
    for feed in _feeds_of(case):
        feed_revoke(feed=feed, by=by)
    intake_emails.link_renewed_write(case=case)
    if isinstance(case, RespiteApplication) and case.decisions.exists():
        respite_emails.co_party_link_renewed_write(application=case)
    return case
