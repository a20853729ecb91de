"""How a test sets up a user of the provider, and what its ID tokens say.

`POST /control/users/` (with the control token the harness started the process with) makes a provider user and
records two things for them, in this process's memory:

- `claims`: what the provider says about the person (email, email_verified, amr, acr) — in every ID token;
- `override`: claims put over the ones django-oauth-toolkit and oauthlib set (iss, aud, nonce, exp, iat) — how a test
  makes the provider misbehave for this one user, to see the portal refuse it.
"""

import json

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponseForbidden, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.oauth2_validators import OAuth2Validator

SCENARIOS: dict[str, dict] = {}


@csrf_exempt
@require_POST
def users(request):
    if not constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {settings.CONTROL_TOKEN}"):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    User.objects.create_user(username=data["username"], password=data["password"])
    SCENARIOS[data["username"]] = {"claims": data.get("claims", {}), "override": data.get("override", {})}
    return JsonResponse({"created": data["username"]}, status=201)


class ScenarioValidator(OAuth2Validator):
    """django-oauth-toolkit's validator, with each user's claims (not filtered by scope) and overrides."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(SCENARIOS.get(request.user.username, {}).get("claims", {}))

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        claims.update(SCENARIOS.get(request.user.username, {}).get("override", {}))
        return claims, expiration_time
