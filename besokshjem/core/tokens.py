"""Unguessable signed links for applicants: the URL carries a random key, the case's link version and their signature,
no personal data.

A token is `<key as 32 hex>.<link version>:<signature>`, for example `3f2a…9c.2:Xk4…` (about 80 URL-safe characters).
Each purpose signs with its own salt, so a token made for one purpose is no token for another. The version is the
case's `link_version` when the token was made: the caseworker revokes every link of a case by raising it, and a
token with an older version opens nothing. Tokens made before versions existed (`<32 hex>:<signature>`) read as
version 1, so links already sent keep working until the first revocation.

Whether a valid token's link is still open (its lifetime) is the domain's rule: applications/links.py.
"""

import uuid
from typing import NamedTuple

from django.core import signing

STATUS = "status"
RESUME = "resume"
CO_PARTY = "co_party"  # the other guardian with parental responsibility: their own letters, not the applicant's page

_SEPARATOR = "."


class LinkToken(NamedTuple):
    key: uuid.UUID
    version: int


def _signer(purpose: str) -> signing.Signer:
    return signing.Signer(salt=f"besokshjem.link.{purpose}")


def make_token(*, key: uuid.UUID, version: int, purpose: str) -> str:
    return _signer(purpose).sign(f"{key.hex}{_SEPARATOR}{int(version)}")


def case_token(case, *, purpose: str) -> str:
    """The token of a case's link for a purpose, at the case's current link version (any object with `access_key` and
    `link_version`)."""
    return make_token(key=case.access_key, version=case.link_version, purpose=purpose)


def read_token(*, token: str, purpose: str) -> LinkToken | None:
    """The key and link version in a token, or None when the token is malformed, tampered with or made for another
    purpose."""
    try:
        value = _signer(purpose).unsign(token)
    except (signing.BadSignature, TypeError):
        return None
    key, separator, version = value.partition(_SEPARATOR)
    if separator and not (version.isascii() and version.isdigit()):
        return None
    number = int(version) if separator else 1
    if len(key) != 32 or number < 1:
        return None
    try:
        return LinkToken(uuid.UUID(hex=key), number)
    except ValueError:
        return None
