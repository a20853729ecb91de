"""Unguessable signed links for applicants: the URL carries a random key and its signature, no personal data."""

import uuid

from django.core import signing

STATUS = "status"
RESUME = "resume"
CO_PARTY = "co_party"  # the other guardian with parental responsibility: their own letters, not the applicant's page


def make_token(*, key: uuid.UUID, purpose: str) -> str:
    return signing.Signer(salt=f"besokshjem.link.{purpose}").sign(key.hex)


def read_token(*, token: str, purpose: str) -> uuid.UUID | None:
    """The key in a token, or None when the token is malformed or tampered with."""
    try:
        value = signing.Signer(salt=f"besokshjem.link.{purpose}").unsign(token)
        return uuid.UUID(hex=value)
    except (signing.BadSignature, ValueError):
        return None
