"""Caseworker login delegated to the kommune's own identity provider over OpenID Connect (mozilla-django-oidc).

Switched on by the deployment (settings: OIDC_*; README «Innlogging via kommunens identitetsleverandør»). The
authorization code flow with state, nonce and PKCE; the ID token is checked here in full, not only its signature:

- signed with RS256 by a key in the provider's JWKS;
- `iss` is the configured issuer, `aud` holds our client id (and `azp`, if there, is us), `exp`/`iat` are present and
  current (OIDC_CLOCK_SKEW_SECONDS of leeway), `nonce` is the one this browser session sent;
- the login was multi-factor: `amr` names one of OIDC_MFA_AMR, or `acr` is one of OIDC_MFA_ACR;
- `email` names an existing, active staff user (`email_verified`, if sent, is true). No user is ever created.

A login refused for any of these reasons leaves its reason on the request for the login page, and one log line with
the reason only: never an address, a name or a token.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils.crypto import constant_time_compare
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .choices import DelegatedLoginRefusal
from .selectors import staff_user_for_delegated_login

logger = logging.getLogger(__name__)

REFUSAL_ATTRIBUTE = "delegated_login_refusal"
SIGNING_ALGORITHM = "RS256"
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "sub", "nonce"]


class Refused(Exception):  # noqa: N818 - a refusal, not an error of ours
    def __init__(self, reason: DelegatedLoginRefusal, detail: str):
        super().__init__(detail)
        self.reason = reason


def gave_multi_factor(claims: dict) -> bool:
    """The provider says the person logged in with more than one factor: `amr` (a list, or a single value as older
    ID-porten tokens had it) names a multi-factor method, or `acr` is a level that requires one."""
    amr = claims.get("amr")
    methods = {amr} if isinstance(amr, str) else {m for m in amr if isinstance(m, str)} if isinstance(amr, list) else set()
    acr = claims.get("acr")
    return bool(methods & set(settings.OIDC_MFA_AMR)) or (isinstance(acr, str) and acr in settings.OIDC_MFA_ACR)


class DelegatedLoginBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of the kommune's identity provider; only ever an existing, active staff user."""

    def authenticate(self, request, *, nonce, code_verifier):
        # Keyword-only, without defaults: Django asks this backend only for the callback's credentials, never for a
        # password login (and the password backends do nothing with these).
        if request is None or not settings.OIDC_ENABLED:
            return None
        try:
            if not nonce:
                raise Refused(DelegatedLoginRefusal.FAILED, "no nonce in this session for the state")
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except Refused as refusal:
            return self._refuse(request, refusal.reason, str(refusal))
        except jwt.PyJWTError as exc:
            return self._refuse(request, DelegatedLoginRefusal.FAILED, f"ID token refused: {type(exc).__name__}")
        except SuspiciousOperation as exc:
            return self._refuse(request, DelegatedLoginRefusal.FAILED, f"ID token refused: {exc}")
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            # The provider did not answer, refused the code (invalid_grant), or sent something that is not a token.
            return self._refuse(request, DelegatedLoginRefusal.FAILED, f"provider exchange failed: {type(exc).__name__}")

    @staticmethod
    def _refuse(request, reason: DelegatedLoginRefusal, detail: str):
        logger.warning("Delegated login refused (%s): %s", reason.value, detail)
        setattr(request, REFUSAL_ATTRIBUTE, reason)
        return None

    def verify_token(self, token, **kwargs):
        """The ID token's signature and every claim OpenID Connect Core 3.1.3.7 asks a client to check."""
        if not isinstance(token, str) or not token:
            raise Refused(DelegatedLoginRefusal.FAILED, "the token response has no ID token")
        if jwt.get_unverified_header(token).get("alg") != SIGNING_ALGORITHM:
            raise Refused(DelegatedLoginRefusal.FAILED, f"ID token not signed with {SIGNING_ALGORITHM}")
        key = self.retrieve_matching_jwk(token)  # from the provider's JWKS, by the token's kid
        claims = jwt.decode(
            token, key, algorithms=[SIGNING_ALGORITHM],
            audience=self.OIDC_RP_CLIENT_ID, issuer=settings.OIDC_OP_ISSUER, leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
            options={"require": REQUIRED_CLAIMS, "verify_signature": True, "verify_exp": True, "verify_iat": True,
                     "verify_aud": True, "verify_iss": True},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if ("azp" in claims or len(audiences) > 1) and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise Refused(DelegatedLoginRefusal.FAILED, "ID token issued to another party (azp)")
        expected = kwargs.get("nonce")
        if not expected or not isinstance(claims["nonce"], str) or not constant_time_compare(claims["nonce"], expected):
            raise Refused(DelegatedLoginRefusal.FAILED, "ID token nonce is not this session's")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """Every claim comes from the verified ID token (the userinfo endpoint is not signed and not asked)."""
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        if not gave_multi_factor(payload):
            raise Refused(DelegatedLoginRefusal.NO_MULTI_FACTOR, "no multi-factor amr/acr in the ID token")
        email = payload.get("email")
        if not isinstance(email, str) or not email.strip():
            raise Refused(DelegatedLoginRefusal.NO_ACCOUNT, "the ID token has no e-mail claim")
        if "email_verified" in payload and payload["email_verified"] not in (True, "true"):
            raise Refused(DelegatedLoginRefusal.NO_ACCOUNT, "the provider has not verified the e-mail address")
        user = staff_user_for_delegated_login(email=email)
        if user is None:
            raise Refused(DelegatedLoginRefusal.NO_ACCOUNT, "no active staff user has the ID token's e-mail address")
        return user

    def store_tokens(self, access_token, id_token):
        """Tokens are not kept in the session: the portal calls no API with them."""
