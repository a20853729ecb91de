"""Caseworker login (issue #13): a second factor on every admin and workspace page, enrolment with recovery codes,
lock-out after repeated failures, the idle timeout, and a kommune administrator's reset of a lost phone."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from besokshjem.accounts.choices import AccountAction
from besokshjem.accounts.models import User
from besokshjem.audit.models import AuditEntry
from besokshjem.tenancy.models import Role
from besokshjem.tenancy.services import membership_grant

from ..factories import make_caseworker
from ..second_factor import confirmed_device, current_code, login_password_only

pytestmark = pytest.mark.django_db

PASSWORD = "test-passord-123"  # tests.factories.UserFactory
LOGIN = "/admin/login/"


def code_of(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def password_login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, "next": "/admin/"}, **extra)


# --- the second factor guards every page ----------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/admin/", "/admin/tenancy/municipality/", "/admin/applications/volunteerapplication/",
                                 "/admin/arbeidsflate/", "/admin/arbeidsflate/venteliste/"])
def test_no_admin_or_workspace_page_opens_without_the_second_factor(client, bergen_caseworker, url):
    confirmed_device(bergen_caseworker)
    login_password_only(client, bergen_caseworker)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:otp_verify")) and "next=" in response["Location"]


def test_a_staff_user_without_an_app_is_sent_to_enrol(client, bergen_caseworker):
    login_password_only(client, bergen_caseworker)

    response = client.get("/admin/arbeidsflate/")

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:otp_enrol"))


def test_password_then_code_opens_the_workspace(client, bergen_caseworker):
    device = confirmed_device(bergen_caseworker)

    response = password_login(client, bergen_caseworker.email)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:otp_verify"))
    response = client.post(response["Location"], {"token": code_of(device)})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/arbeidsflate/").status_code == 200


def test_a_wrong_code_is_refused_at_login(client, bergen_caseworker):
    device = confirmed_device(bergen_caseworker)
    login_password_only(client, bergen_caseworker)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("admin:otp_verify"), {"token": wrong})

    assert response.status_code == 200 and "Koden er feil" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_code_page_sends_a_logged_out_visitor_to_the_login(client, db):
    response = client.get(reverse("admin:otp_verify"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_an_unverified_user_can_log_out(client, bergen_caseworker):
    login_password_only(client, bergen_caseworker)

    client.post(reverse("admin:logout"))

    assert "_auth_user_id" not in client.session


# --- enrolment and recovery codes -----------------------------------------------------------------------------------

def test_enrolment_with_the_right_code_turns_on_the_second_factor_and_shows_ten_recovery_codes(client, bergen_caseworker):
    login_password_only(client, bergen_caseworker)
    page = client.get(reverse("admin:otp_enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code is inline: no outside service sees the secret
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)
    device = TOTPDevice.objects.get(user=bergen_caseworker, confirmed=False)

    response = client.post(reverse("admin:otp_enrol") + "?next=/admin/arbeidsflate/", {"token": code_of(device)})

    assert response.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=bergen_caseworker).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/arbeidsflate/").status_code == 200
    # The codes are shown once: a user who has an app cannot open the enrolment page again.
    assert client.get(reverse("admin:otp_enrol")).status_code == 302


def test_enrolment_with_a_wrong_code_is_refused(client, bergen_caseworker):
    login_password_only(client, bergen_caseworker)
    client.get(reverse("admin:otp_enrol"))
    device = TOTPDevice.objects.get(user=bergen_caseworker, confirmed=False)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("admin:otp_enrol"), {"token": wrong})

    assert response.status_code == 200 and "Koden stemmer ikke" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticToken.objects.filter(device__user=bergen_caseworker).exists()
    assert client.get("/admin/").status_code == 302


def test_an_unverified_session_cannot_enrol_a_second_app(client, bergen_caseworker):
    confirmed_device(bergen_caseworker)
    login_password_only(client, bergen_caseworker)

    response = client.get(reverse("admin:otp_enrol"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:otp_verify"))
    assert TOTPDevice.objects.filter(user=bergen_caseworker).count() == 1


def test_a_recovery_code_works_once(client, bergen_caseworker):
    login_password_only(client, bergen_caseworker)
    client.get(reverse("admin:otp_enrol"))
    device = TOTPDevice.objects.get(user=bergen_caseworker, confirmed=False)
    client.post(reverse("admin:otp_enrol"), {"token": code_of(device)})
    recovery = StaticToken.objects.filter(device__user=bergen_caseworker).first().token
    client.logout()

    login_password_only(client, bergen_caseworker)
    response = client.post(reverse("admin:otp_verify"), {"token": recovery.upper()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    login_password_only(client, bergen_caseworker)
    response = client.post(reverse("admin:otp_verify"), {"token": recovery})
    assert response.status_code == 200 and "Koden er feil" in response.content.decode()
    assert StaticToken.objects.filter(device__user=bergen_caseworker).count() == 9


# --- lock-out -------------------------------------------------------------------------------------------------------

def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client, bergen_caseworker, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert password_login(client, bergen_caseworker.email, "feil-passord").status_code == 200

    locked = password_login(client, bergen_caseworker.email, "feil-passord")
    assert locked.status_code == 429
    assert "Innloggingen er sperret etter 5 mislykkede forsøk. Vent 15 minutter og prøv igjen." in locked.content.decode()

    right = password_login(client, bergen_caseworker.email)
    assert right.status_code == 429 and "_auth_user_id" not in client.session


def test_the_lock_counts_the_account_however_the_address_is_written_and_lifts_after_the_cool_off(client, bergen_caseworker):
    for attempt in range(5):
        password_login(client, bergen_caseworker.email.upper() if attempt % 2 else bergen_caseworker.email, "feil-passord")
    assert AccessAttempt.objects.filter(username=bergen_caseworker.email).exists()

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = password_login(client, bergen_caseworker.email)

    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_an_address_is_locked_after_five_failures_across_accounts(client, bergen_caseworker):
    for n in range(5):
        password_login(client, f"gjetning{n}@example.no", "feil-passord")

    response = password_login(client, bergen_caseworker.email)

    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(client, bergen_caseworker, settings):
    """Behind one proxy (TRUSTED_PROXY_COUNT=1) every request comes from the proxy's address: the lock-out counts the
    client's address the proxy appended, not the proxy, and not a hop the client wrote itself."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        password_login(client, f"gjetning{n}@example.no", "feil-passord",
                       HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7", REMOTE_ADDR="10.0.0.2")

    other_client = password_login(client, bergen_caseworker.email, HTTP_X_FORWARDED_FOR="198.51.100.8", REMOTE_ADDR="10.0.0.2")
    assert other_client.status_code == 302  # the proxy's own address is not locked
    client.logout()
    same_client = password_login(client, bergen_caseworker.email, HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.2")
    assert same_client.status_code == 429


# --- idle timeout ---------------------------------------------------------------------------------------------------

def test_a_caseworker_idle_for_thirty_minutes_is_logged_out_and_told_why(client, bergen_caseworker, settings):
    assert settings.SESSION_IDLE_MINUTES == 30 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(bergen_caseworker)
        assert client.get("/admin/arbeidsflate/").status_code == 200
        clock.move_to(start + timedelta(minutes=29))
        assert client.get("/admin/arbeidsflate/").status_code == 200  # activity: the clock starts again
        clock.move_to(start + timedelta(minutes=29 + 30))
        assert client.get("/admin/arbeidsflate/").status_code == 200  # exactly 30 minutes idle: still in
        clock.move_to(start + timedelta(minutes=29 + 60, seconds=1))

        response = client.get("/admin/arbeidsflate/", follow=True)

    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert "Du ble logget ut fordi du ikke har vært aktiv på 30 minutter." in response.content.decode()


# --- a kommune administrator resets a lost phone --------------------------------------------------------------------

@pytest.fixture
def bergen_admin(bergen):
    return make_caseworker(bergen, email="kommuneadmin@bergen.example.no", role=Role.ADMIN)


def test_a_kommune_admin_resets_a_caseworkers_second_factor_and_it_is_audited(client, bergen, bergen_admin, bergen_caseworker):
    confirmed_device(bergen_caseworker)
    client.force_login(bergen_admin)
    url = reverse("admin:otp_reset", args=[bergen.pk, bergen_caseworker.pk])
    change_page = client.get(reverse("admin:tenancy_municipality_change", args=[bergen.pk])).content.decode()
    assert url in change_page

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=bergen_caseworker).exists()
    entry = AuditEntry.objects.get(action=AccountAction.SECOND_FACTOR_RESET)
    assert entry.actor == bergen_admin and entry.municipality == bergen and entry.object_id == bergen_caseworker.pk
    # At the next login the caseworker enrols again.
    other = type(client)()
    login_password_only(other, bergen_caseworker)
    assert other.get("/admin/")["Location"].startswith(reverse("admin:otp_enrol"))


def test_a_kommune_admin_cannot_reset_another_kommunes_caseworker(client, bergen, lillestrom, bergen_admin, lillestrom_caseworker):
    device = confirmed_device(lillestrom_caseworker)
    client.force_login(bergen_admin)

    assert client.post(reverse("admin:otp_reset", args=[lillestrom.pk, lillestrom_caseworker.pk])).status_code == 404
    assert client.post(reverse("admin:otp_reset", args=[bergen.pk, lillestrom_caseworker.pk])).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not AuditEntry.objects.filter(action=AccountAction.SECOND_FACTOR_RESET).exists()


def test_a_caseworker_cannot_reset_a_colleague_and_nobody_resets_a_superuser(client, bergen, bergen_admin, bergen_caseworker):
    colleague = make_caseworker(bergen, email="kollega@bergen.example.no")
    confirmed_device(colleague)
    client.force_login(bergen_caseworker)
    assert client.post(reverse("admin:otp_reset", args=[bergen.pk, colleague.pk])).status_code == 404

    superuser = User.objects.create_superuser(email="superbruker@example.no", password=PASSWORD)
    membership_grant(user=superuser, municipality=bergen)
    confirmed_device(superuser)
    client.force_login(bergen_admin)
    assert client.post(reverse("admin:otp_reset", args=[bergen.pk, superuser.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=superuser).exists() and TOTPDevice.objects.filter(user=colleague).exists()


def test_the_login_helper_of_the_browser_tests_computes_the_current_code(bergen_caseworker):
    device = confirmed_device(bergen_caseworker)
    assert device.verify_token(current_code(device))
