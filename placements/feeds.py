"""Private, revocable calendar feeds (iCalendar, RFC 5545) of coming dates: one for a home (all its planned or running
placements and first meetings) and one for the family of a need.

The feed's URL carries a random key and nothing else; revoking the key ends the feed, and a new one can be made. What
a feed says is what a calendar on a shared phone may show: the placement's reference, the kommune and the times —
never the child's name, the case, a diagnosis or a place (that a child has a measure is itself confidential).
Cancelled dates are simply absent, so a subscribed calendar drops them at its next refresh.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event, Timezone, vDuration

from besokshjem.audit.services import APPLICANT, audit_record

from .homes import placement_reference
from .models import ACTIVE_PLACEMENT, ApprovedHome, CalendarFeed, Need, Placement, PlacementAction, Proposal, ProposalStatus
from .schedules import OSLO
from .selectors import placement_dates, serving_need

#: The product's name, as the calendar is called: «Besøkshjem – Bergen».
CALENDAR_NAME = "Besøkshjem"
PRODID = "-//Besokshjem//besokshjem.example.no//NO"
#: Which dates a feed holds: from a month back (so a date just past is still there) to a year ahead.
PAST = timedelta(days=30)
AHEAD = timedelta(days=365)
#: How often a client is asked to fetch the feed again.
REFRESH = timedelta(hours=6)
FIRST_MEETING_LENGTH = timedelta(hours=1)
FIRST_MEETING = _("Første møte")


# --- Services --------------------------------------------------------------------------------------------------------


def _active(**owner) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(revoked_at__isnull=True, **owner).order_by("-created_at", "-pk").first()


def _create(*, municipality_id: int, **owner) -> CalendarFeed:
    feed = CalendarFeed(municipality_id=municipality_id, key=uuid.uuid4(), **owner)
    feed.full_clean()
    feed.save()
    return feed


@transaction.atomic
def feed_for_home(*, home: ApprovedHome) -> CalendarFeed:
    """The home's feed in force, made (with a random key) when it has none. The home's row is locked while looking
    again, so two requests at once make one feed."""
    feed = _active(home=home)
    if feed is None:
        ApprovedHome.objects.select_for_update().get(pk=home.pk)
        feed = _active(home=home) or _create(municipality_id=home.municipality_id, home=home)
    return feed


@transaction.atomic
def feed_for_need(*, need: Need) -> CalendarFeed:
    """The family's feed for a need, made (with a random key) when it has none; the need's row is locked likewise."""
    feed = _active(need=need)
    if feed is None:
        Need.objects.select_for_update().get(pk=need.pk)
        feed = _active(need=need) or _create(municipality_id=need.municipality_id, need=need)
    return feed


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed, by=None) -> CalendarFeed:
    """End the feed: its URL gives 404 from now on. Without `by` the home or the parent did it on their status page
    (audited as the applicant). Revoking a revoked feed changes nothing."""
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.revoked_at is not None:
        return feed
    feed.revoked_at = timezone.now()
    feed.full_clean()
    feed.save(update_fields=["revoked_at"])
    who = {"actor": by} if by is not None else {"actor_label": APPLICANT}
    audit_record(target=feed, municipality=feed.municipality, action=PlacementAction.FEED_REVOKED, note="hjem" if feed.home_id else "familie",
                 **who)
    return feed


@transaction.atomic
def feed_renew(*, feed: CalendarFeed, by=None) -> CalendarFeed:
    """A new link for the same home or family: the feed is revoked and a new key made. A feed already revoked (a
    second click) gives the one in force instead of making yet another."""
    feed = feed_revoke(feed=feed, by=by)
    if feed.home_id:
        return feed_for_home(home=feed.home)
    return feed_for_need(need=feed.need)


# --- Selectors -------------------------------------------------------------------------------------------------------


def feed_by_key(key: uuid.UUID) -> CalendarFeed | None:
    """The feed a URL's key names; None for an unknown or revoked key."""
    return CalendarFeed.objects.filter(key=key, revoked_at__isnull=True).select_related("municipality", "home", "need").first()


def home_feed(*, pk: int, application_id: int) -> CalendarFeed | None:
    """The feed with that id if it is the feed of the home approved on that application, revoked or not; else None."""
    return CalendarFeed.objects.filter(pk=pk, home__application_id=application_id).select_related("municipality", "home").first()


def family_feed(*, pk: int, decision_id: int) -> CalendarFeed | None:
    """The feed with that id if it is the family's feed of that vedtak's need, revoked or not; else None."""
    return CalendarFeed.objects.filter(pk=pk, need__decision_id=decision_id).select_related("municipality", "need").first()


def _window(now: datetime) -> tuple[date, date]:
    today = timezone.localdate(now, OSLO)
    return today - PAST, today + AHEAD


def _owner(feed: CalendarFeed) -> Q:
    """The home's rows, or the family's: its need's and (for siblings placed together) the group's."""
    return Q(home_id=feed.home_id) if feed.home_id else serving_need(feed.need)


def _placements(feed: CalendarFeed):
    return Placement.objects.filter(_owner(feed), status__in=ACTIVE_PLACEMENT).prefetch_related("exceptions").order_by("start_date", "pk")


def _first_meetings(feed: CalendarFeed, start: date, end: date):
    """Meetings of proposals the home has said yes to (a withdrawn or declined one has no meeting any more)."""
    since = datetime.combine(start, time(), OSLO)
    until = datetime.combine(end + timedelta(days=1), time(), OSLO)
    return Proposal.objects.filter(_owner(feed), status=ProposalStatus.ACCEPTED, first_meeting_at__gte=since, first_meeting_at__lt=until).order_by(
        "first_meeting_at", "pk")


def _event(*, uid: str, summary: str, starts: datetime, ends: datetime, stamp: datetime) -> Event:
    """An event with the times and a summary, and nothing else: no description, no location, no attendees."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts.astimezone(OSLO))  # written as TZID=Europe/Oslo wall time, defined by the VTIMEZONE
    event.add("dtend", ends.astimezone(OSLO))
    event.add("summary", summary)
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    return event


def feed_ics(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """The feed as an iCalendar file: one event per date of the home's (or the need's) planned or running placements
    from 30 days ago to 365 days ahead, and the first meetings in that time. Times are Europe/Oslo wall times (17:00 is
    17:00 in winter and in summer), with the zone defined in the file for the window's dates.

    Each event's UID is stable (the placement and when the date starts), so a client updates rather than duplicates;
    a cancelled date is left out. The summary is only «T-12 – Bergen» or «Første møte – Bergen»."""
    now = now or timezone.now()
    start, end = _window(now)
    kommune = feed.municipality.name
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{CALENDAR_NAME} – {kommune}"
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-timezone", "Europe/Oslo")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    # The zone, from tzdata, for the window (and the days a date may run past it); also makes an empty feed valid.
    calendar.add_component(Timezone.from_tzid("Europe/Oslo", first_date=start - timedelta(days=1), last_date=end + timedelta(days=32)))
    seen = set()
    for placement in _placements(feed):
        summary = f"{placement_reference(placement)} – {kommune}"
        for occurrence in placement_dates(placement, start, end):
            uid = f"placement-{placement.pk}-{occurrence.starts_at.astimezone(OSLO):%Y%m%dT%H%M}@besokshjem"
            if uid in seen:  # an extra date at the very time of a regular one
                continue
            seen.add(uid)
            calendar.add_component(_event(uid=uid, summary=summary, starts=occurrence.starts_at, ends=occurrence.ends_at, stamp=now))
    for proposal in _first_meetings(feed, start, end):
        calendar.add_component(_event(
            uid=f"feed-first-meeting-{proposal.pk}@besokshjem", summary=f"{FIRST_MEETING} – {kommune}",
            starts=proposal.first_meeting_at, ends=proposal.first_meeting_at + FIRST_MEETING_LENGTH, stamp=now,
        ))
    return calendar.to_ical()
