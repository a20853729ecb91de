"""Caseworker login delegated to the kommune's identity provider over OpenID Connect (issue #13): the provider's
multi-factor login stands in for the local TOTP; everything else about the ID token is checked as well.

The provider is real: django-oauth-toolkit in its OIDC mode, a Django project of its own in a process of its own
(tests/security/oidc_provider), one per test worker. The portal under test is driven with the test client; its
backend exchanges the code at the provider's token endpoint and fetches its JWKS over HTTP. A test makes the provider
misbehave for one user only (a wrong issuer, another audience, another session's nonce, an expired token).
"""

import logging
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from besokshjem.accounts.choices import DelegatedLoginRefusal
from besokshjem.accounts.middleware import DELEGATED_SECOND_FACTOR_SESSION_KEY
from besokshjem.accounts.models import User

from ..factories import make_caseworker
from ..second_factor import confirmed_device
from .oidc_provider.harness import CALLBACK_PATH, Provider

pytestmark = pytest.mark.django_db

BACKEND = "besokshjem.accounts.oidc.DelegatedLoginBackend"
LOGIN = "/admin/login/"
WORKSPACE = "/admin/arbeidsflate/"
MFA = {"amr": ["pwd", "mfa"]}


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    """The OpenID Connect provider, started once per test worker on a free loopback port and always stopped."""
    instance = Provider(tmp_path_factory.mktemp("oidc-provider"))
    try:
        yield instance.start()
    finally:
        instance.stop()


@pytest.fixture
def oidc(settings, provider):
    """The portal configured for the provider, as the deployment's OIDC_* variables would (override_settings)."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.discovery["token_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = provider.discovery["jwks_uri"]
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return provider


def start_login(client, next_url=WORKSPACE) -> str:
    """The button on the login page: the portal sends the browser to the provider's authorization endpoint."""
    response = client.get(reverse("admin:oidc_login"), {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    assert parts.netloc == "testserver" and parts.path == CALLBACK_PATH, location
    return f"{parts.path}?{parts.query}"


def provider_login(client, provider, *, claims, override=None) -> str:
    """Log in at the provider as a person with these claims; the callback the provider sends the browser to."""
    username, password = provider.add_user(claims=claims, override=override)
    return callback_path(provider.log_in(start_login(client), username, password))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_refused(client, response, reason=DelegatedLoginRefusal.FAILED):
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert messages_of(response) == [str(reason.label)]
    assert "_auth_user_id" not in client.session
    assert client.get(WORKSPACE)["Location"].startswith(LOGIN)


# --- a multi-factor login at the provider -----------------------------------------------------------------------------

def test_a_multi_factor_login_at_the_provider_opens_the_workspace_without_a_local_code(client, oidc, bergen_caseworker):
    confirmed_device(bergen_caseworker)  # an authenticator app, which is not asked for

    response = client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, "email_verified": True, **MFA}))

    assert response.status_code == 302 and response["Location"] == WORKSPACE
    assert client.session["_auth_user_id"] == str(bergen_caseworker.pk)
    assert client.session[DELEGATED_SECOND_FACTOR_SESSION_KEY] == bergen_caseworker.pk
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(WORKSPACE).status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:otp_verify"))["Location"] == reverse("admin:index")  # nothing left to verify


def test_the_provider_may_write_the_address_in_another_case(client, oidc, bergen_caseworker):
    response = client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email.upper(), **MFA}))

    assert response.status_code == 302 and client.get(WORKSPACE).status_code == 200


@pytest.mark.parametrize(("claims", "accepted"), [
    ({"acr": "idporten-loa-high", "amr": ["BankID"]}, True),  # ID-porten, high: BankID, Buypass, Commfides
    ({"amr": ["pwd", "mfa"]}, True),  # RFC 8176, Entra ID (v1.0 tokens)
    ({"amr": "mfa"}, True),  # a single value instead of a list
    ({"acr": "idporten-loa-substantial", "amr": ["Minid-PIN"]}, False),  # not by default (OIDC_MFA_ACR)
    ({"amr": ["pwd"]}, False),
    ({"acr": "1"}, False),
    ({}, False),
])
def test_only_a_multi_factor_login_is_accepted(client, oidc, bergen_caseworker, claims, accepted):
    response = client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, **claims}))

    if accepted:
        assert response["Location"] == WORKSPACE and client.get(WORKSPACE).status_code == 200
    else:
        assert_refused(client, response, DelegatedLoginRefusal.NO_MULTI_FACTOR)


def test_the_accepted_levels_are_the_deployments_choice(client, oidc, bergen_caseworker, settings):
    settings.OIDC_MFA_ACR = ["idporten-loa-substantial", "idporten-loa-high"]

    response = client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, "acr": "idporten-loa-substantial"}))

    assert response["Location"] == WORKSPACE


def test_a_login_without_multi_factor_says_why_on_the_login_page(client, oidc, bergen_caseworker):
    response = client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, "amr": ["pwd"]}), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Innloggingen hos kommunen ble gjort uten tofaktorinnlogging." in html
    assert "Logg inn med kommunens innlogging" in html


# --- the ID token is checked, not only its signature ------------------------------------------------------------------

def test_a_token_from_another_issuer_is_refused(client, oidc, bergen_caseworker):
    callback = provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA},
                              override={"iss": oidc.issuer + "/en-annen"})

    assert_refused(client, client.get(callback))


def test_a_token_for_another_audience_is_refused(client, oidc, bergen_caseworker):
    callback = provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA},
                              override={"aud": "en-annen-tjeneste"})

    assert_refused(client, client.get(callback))


def test_a_token_for_several_audiences_issued_to_another_party_is_refused(client, oidc, bergen_caseworker):
    callback = provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA},
                              override={"aud": [oidc.client_id, "en-annen-tjeneste"], "azp": "en-annen-tjeneste"})

    assert_refused(client, client.get(callback))


def test_an_expired_token_is_refused(client, oidc, bergen_caseworker):
    now = int(time.time())
    callback = provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA},
                              override={"exp": now - 600, "iat": now - 900})

    assert_refused(client, client.get(callback))


def test_a_token_with_another_sessions_nonce_is_refused(client, oidc, bergen_caseworker):
    """An ID token minted for another browser's login (its nonce) does not log this session in."""
    other = type(client)()
    other_nonce = parse_qs(urlsplit(start_login(other)).query)["nonce"][0]

    callback = provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA}, override={"nonce": other_nonce})

    assert_refused(client, client.get(callback))


def test_a_callback_is_used_once_and_only_by_the_session_that_started_it(client, oidc, bergen_caseworker):
    callback = provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA})
    assert client.get(callback)["Location"] == WORKSPACE

    elsewhere = type(client)()
    assert_refused(elsewhere, elsewhere.get(callback))

    client.post(reverse("admin:logout"))
    assert_refused(client, client.get(callback))


def test_a_callback_the_session_never_asked_for_is_refused(client, oidc, bergen_caseworker):
    start_login(client)

    assert_refused(client, client.get(CALLBACK_PATH, {"code": "gjettet", "state": "gjettet"}))


def test_a_callback_with_a_code_the_provider_never_issued_is_refused(client, oidc, bergen_caseworker):
    state = parse_qs(urlsplit(start_login(client)).query)["state"][0]

    assert_refused(client, client.get(CALLBACK_PATH, {"code": "gjettet", "state": state}))


# --- only an existing, active staff user ------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["unknown", "inactive", "not_staff", "unverified_address", "no_address"])
def test_only_an_existing_active_staff_user_with_a_verified_address_is_let_in(client, oidc, bergen, who):
    person = make_caseworker(bergen, email="kari@bergen.example.no")
    claims = {"email": person.email, "email_verified": True, **MFA}
    if who == "unknown":
        claims["email"] = "ukjent@bergen.example.no"
    elif who == "inactive":
        User.objects.filter(pk=person.pk).update(is_active=False)
    elif who == "not_staff":
        User.objects.filter(pk=person.pk).update(is_staff=False)
    elif who == "unverified_address":
        claims["email_verified"] = False
    else:
        del claims["email"]
    users_before = User.objects.count()

    response = client.get(provider_login(client, oidc, claims=claims))

    assert_refused(client, response, DelegatedLoginRefusal.NO_ACCOUNT)
    assert User.objects.count() == users_before  # no user is ever created


def test_no_address_name_or_token_reaches_the_log(client, oidc, bergen, caplog):
    caplog.set_level(logging.DEBUG)
    callback = provider_login(client, oidc, claims={"email": "ukjent.person@bergen.example.no", "name": "Ukjent Person", **MFA})

    client.get(callback)

    logged = caplog.text
    assert "Delegated login refused (no_account)" in logged
    assert "ukjent.person" not in logged and "Ukjent Person" not in logged
    assert "eyJ" not in logged  # no JWT
    assert parse_qs(urlsplit(callback).query)["code"][0] not in logged


# --- beside the password login ----------------------------------------------------------------------------------------

def test_the_button_is_there_only_when_a_provider_is_configured(client, db, settings, provider):
    page = client.get(LOGIN, {"next": WORKSPACE}).content.decode()
    assert "Logg inn med kommunens innlogging" not in page
    assert client.get(reverse("admin:oidc_login")).status_code == 404
    assert client.get(CALLBACK_PATH, {"code": "x", "state": "y"}).status_code == 404

    settings.OIDC_ENABLED = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.discovery["authorization_endpoint"]
    settings.OIDC_RP_CLIENT_ID = provider.client_id

    page = client.get(LOGIN, {"next": WORKSPACE}).content.decode()
    assert "Logg inn med kommunens innlogging" in page
    assert 'href="/admin/oidc/login/?next=%2Fadmin%2Farbeidsflate%2F"' in page


def test_a_password_login_still_needs_the_local_code(client, oidc, bergen_caseworker):
    confirmed_device(bergen_caseworker)

    response = client.post(LOGIN, {"username": bergen_caseworker.email, "password": "test-passord-123", "next": "/admin/"})

    assert response.status_code == 302
    assert client.get(WORKSPACE)["Location"].startswith(reverse("admin:otp_verify"))


def test_a_delegated_login_counts_only_for_the_user_it_logged_in(client, oidc, bergen, bergen_caseworker):
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    confirmed_device(colleague)
    client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA}))
    client.post(reverse("admin:logout"))

    client.post(LOGIN, {"username": colleague.email, "password": "test-passord-123", "next": "/admin/"})

    assert DELEGATED_SECOND_FACTOR_SESSION_KEY not in client.session
    assert client.get(WORKSPACE)["Location"].startswith(reverse("admin:otp_verify"))


def test_the_idle_timeout_ends_a_delegated_session_too(client, oidc, bergen_caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA}))
        assert client.get(WORKSPACE).status_code == 200
        clock.move_to(start + timedelta(minutes=31))

        response = client.get(WORKSPACE)

    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session and DELEGATED_SECOND_FACTOR_SESSION_KEY not in client.session


def test_refused_delegated_logins_lock_the_address_out(client, oidc, bergen_caseworker, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(5):
        client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, "amr": ["pwd"]}))

    response = client.get(provider_login(client, oidc, claims={"email": bergen_caseworker.email, **MFA}))

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
