"""Reads of the public side of any application."""

from django.http import Http404

from applications.models import VolunteerApplication
from besokshjem.core.tokens import read_token


def application_by_token(*, token: str, purpose: str, model=VolunteerApplication):
    """The application a signed link points to; 404 for a wrong or tampered token."""
    key = read_token(token=token, purpose=purpose)
    if key is None:
        raise Http404
    try:
        return model.objects.select_related("municipality").get(access_key=key)
    except model.DoesNotExist:
        raise Http404 from None
