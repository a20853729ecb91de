"""E-mails on the way from a need to a placement: the home is asked (proposal), the first meeting (with a calendar file,
to the home and the family), and the family told that a home is found. No child's name and no health data in any of
them — that a child has a measure is itself confidential — only the kommune, times, places, and a link to a page the
recipient already has. Each is one outbox row written in the transaction that caused it, rendered when it is sent."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event, vText

from applications.decisions.letters import parties_of
from applications.intake.emails import municipality_reply_to, status_url
from besokshjem.outbox.registry import Kind
from besokshjem.outbox.services import message_write
from placements.homes import placement_reference
from placements.models import ProposalStatus

#: How long a first meeting is taken to last in the calendar file.
FIRST_MEETING_LENGTH = timedelta(hours=1)


def first_meeting_ics(proposal) -> bytes:
    """The first meeting as an iCalendar (RFC 5545) event; the summary says what and where, not who."""
    calendar = Calendar()
    calendar.add("prodid", "-//Besokshjem//besokshjem.example.no//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"first-meeting-{proposal.pk}@besokshjem")
    event.add("dtstamp", timezone.now())
    event.add("sequence", int(timezone.now().timestamp()))  # a later invitation (a moved meeting) replaces the earlier one
    starts = timezone.localtime(proposal.first_meeting_at)  # in Oslo time, as the invitation says it
    event.add("dtstart", starts)
    event.add("dtend", starts + FIRST_MEETING_LENGTH)
    event.add("summary", f"{_('Første møte')} – {proposal.need.municipality.name}")
    event["location"] = vText(proposal.first_meeting_place)
    event.add("description", f"F-{proposal.pk}")
    calendar.add_component(event)
    return calendar.to_ical()


def _home_context(proposal) -> dict:
    home = proposal.home
    return {"proposal": proposal, "municipality": home.municipality, "status_url": status_url(home.application), "for_home": True,
            "legal_track": proposal.need.track}


def _family_url(decision) -> str:
    return status_url(decision.application) if decision.application_id else ""


def _family_meeting_context(proposal) -> dict:
    return {"proposal": proposal, "municipality": proposal.need.municipality, "status_url": _family_url(proposal.need.decision),
            "legal_track": proposal.need.track}


def _home_found_context(placement) -> dict:
    return {"placement": placement, "reference": placement_reference(placement), "municipality": placement.need.municipality,
            "status_url": _family_url(placement.need.decision), "legal_track": placement.need.track}


def _meeting_ics(proposal) -> list[tuple[str, bytes, str]]:
    return [(f"forste-mote-{proposal.pk}.ics", first_meeting_ics(proposal), "text/calendar; method=PUBLISH; charset=utf-8")]


def _still_open(proposals) -> set:
    return {p.pk for p in proposals if p.status in (ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED)}


def _reply_to(obj) -> list[str]:
    return municipality_reply_to(obj.need)


KINDS = [
    Kind(name="proposal_made", label=_("Forespørsel til hjemmet om et barn"), template="proposal_made", context=_home_context,
         still_due=_still_open, reply_to=_reply_to, select_related=("home__application", "need__municipality")),
    Kind(name="first_meeting_home", label=_("Invitasjon til første møte (hjemmet)"), template="first_meeting", context=_home_context,
         attachments=_meeting_ics, still_due=_still_open, reply_to=_reply_to, select_related=("home__application", "need__municipality")),
    Kind(name="first_meeting_family", label=_("Invitasjon til første møte (familien)"), template="first_meeting",
         context=_family_meeting_context, attachments=_meeting_ics, still_due=_still_open, reply_to=_reply_to,
         select_related=("need__municipality", "need__decision__application")),
    Kind(name="home_found", label=_("Melding til familien om at et hjem er funnet"), template="home_found", context=_home_found_context,
         reply_to=_reply_to, select_related=("need__municipality", "need__decision__application")),
]


def _family(need) -> list:
    """The parties of the vedtak with an e-mail address: the guardians with parental responsibility (never the child)."""
    return [p for p in parties_of(need.decision, timezone.localdate()) if p.email and p.key != "child"]


def proposal_notice_write(*, proposal) -> None:
    home = proposal.home.application
    message_write(kind="proposal_made", target=proposal, recipient=home.email, language=home.language,
                  municipality=proposal.need.municipality, dedupe_key=f"proposal_made:{proposal.pk}")


def first_meeting_write(*, proposal) -> None:
    """The invitation to the home and to the family; a moved meeting is a new invitation (the calendar file replaces
    the old one)."""
    stamp = proposal.first_meeting_at.isoformat()
    home = proposal.home.application
    message_write(kind="first_meeting_home", target=proposal, recipient=home.email, language=home.language,
                  municipality=proposal.need.municipality, dedupe_key=f"first_meeting_home:{proposal.pk}:{stamp}")
    for party in _family(proposal.need):
        message_write(kind="first_meeting_family", target=proposal, recipient=party.email, language=party.language,
                      municipality=proposal.need.municipality, dedupe_key=f"first_meeting_family:{proposal.pk}:{party.email.lower()}:{stamp}")


def home_found_write(*, placement) -> None:
    for party in _family(placement.need):
        message_write(kind="home_found", target=placement, recipient=party.email, language=party.language,
                      municipality=placement.need.municipality, dedupe_key=f"home_found:{placement.pk}:{party.email.lower()}")
