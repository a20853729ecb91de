"""Reads of the public side of any application."""

from applications.links import case_by_token
from applications.models import VolunteerApplication


def application_by_token(*, token: str, purpose: str, model=VolunteerApplication):
    """The application a signed link points to while the link is open; 404 for a wrong, tampered, revoked or ended
    link (the rule: applications/links.py)."""
    return case_by_token(token=token, purpose=purpose, model=model)
