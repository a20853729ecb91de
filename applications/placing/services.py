"""Placing a child, as the workspace and the home's page do it: each step is the placements service and, in the same
transaction, the e-mail it causes (placements itself knows no applicant's link or address)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from placements import services as placements

from . import emails


@transaction.atomic
def propose(*, need, home, by):
    """Propose a home; the home is asked on its status page."""
    proposal = placements.placement_propose(need=need, home=home, by=by)
    emails.proposal_notice_write(proposal=proposal)
    return proposal


@transaction.atomic
def schedule_first_meeting(*, proposal, starts_at, place: str, by):
    """The first meeting of the child, the parents, the home and the caseworker: an invitation with a calendar file to
    the home and to the guardians with parental responsibility."""
    proposal = placements.proposal_schedule_first_meeting(proposal=proposal, starts_at=starts_at, place=place, by=by)
    emails.first_meeting_write(proposal=proposal)
    return proposal


@transaction.atomic
def place(*, need, proposal, by, **schedule):
    """The placement from an accepted proposal, once the child, the parents and the home have met (a gradual start:
    the first meeting comes before the first stay); the family is told a home is found, with what the kommune shares."""
    if proposal.first_meeting_at is None:
        raise ValidationError(_("Avtal første møte mellom barnet, foreldrene og hjemmet før tiltaket registreres."), code="no_first_meeting")
    placement = placements.placement_create(need=need, home=proposal.home, proposal=proposal, by=by, **schedule)
    if placement.first_date_at <= proposal.first_meeting_at:
        raise ValidationError({"start_date": _("Første opphold må komme etter første møte.")}, code="before_first_meeting")
    emails.home_found_write(placement=placement)
    return placement
