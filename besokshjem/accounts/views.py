"""The second factor's pages on the admin site: verify at login, enrol the first time, and a kommune admin's reset;
and the login delegated to the kommune's identity provider (OpenID Connect), whose multi-factor login stands in for it.

Verify and enrol are open to a logged-in staff user who has not given the second factor yet; the reset page is an
admin view (second factor given) scoped to the kommuner the administrator administers (another kommune's user: 404).
The delegated login's two pages exist only where the deployment configured a provider (else 404).
"""

import logging
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from besokshjem.tenancy.selectors import municipalities_administered_by

from . import services
from .choices import DelegatedLoginRefusal
from .forms import CodeForm, EnrolCodeForm
from .middleware import DELEGATED_SECOND_FACTOR_SESSION_KEY
from .models import User
from .oidc import REFUSAL_ATTRIBUTE
from .selectors import confirmed_totp_device, has_second_factor

logger = logging.getLogger(__name__)

NEXT = "next"


def _safe_next(request, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("admin:index")


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({NEXT: next_url})}" if next_url else url


def redirect_to_second_factor(request, *, next_url: str) -> HttpResponseRedirect:
    """To the code page, or to enrolment for a user who has no authenticator app yet."""
    name = "admin:otp_verify" if has_second_factor(user=request.user) else "admin:otp_enrol"
    return HttpResponseRedirect(_with_next(reverse(name), next_url))


def _pending_staff(request):
    """None for a user who may use these pages; else where to send them."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return HttpResponseRedirect(_with_next(reverse("admin:login"), request.get_full_path()))
    if user.is_verified():
        return HttpResponseRedirect(_safe_next(request, request.GET.get(NEXT, "")))
    return None


def _context(request, site, **extra):
    return {**site.each_context(request), "next": _safe_next(request, request.GET.get(NEXT, "")), **extra}


def _complete_login(request, device):
    request.session.cycle_key()  # a new session id for the more privileged session
    django_otp.login(request, device)


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def verify(request, site):
    if (elsewhere := _pending_staff(request)) is not None:
        return elsewhere
    if not has_second_factor(user=request.user):
        return HttpResponseRedirect(_with_next(reverse("admin:otp_enrol"), request.GET.get(NEXT, "")))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = services.second_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            _complete_login(request, device)
            return HttpResponseRedirect(_safe_next(request, request.GET.get(NEXT, "")))
        form.add_error("token", _("Koden er feil eller for gammel. Prøv den nye koden appen viser, eller en gjenopprettingskode."))
    return render(request, "accounts/otp_verify.html", _context(request, site, form=form, title=_("Tofaktorinnlogging")))


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def enrol(request, site):
    if (elsewhere := _pending_staff(request)) is not None:
        return elsewhere
    if confirmed_totp_device(user=request.user) is not None:
        return HttpResponseRedirect(_with_next(reverse("admin:otp_verify"), request.GET.get(NEXT, "")))
    device = services.second_factor_start(user=request.user)
    form = EnrolCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = services.second_factor_confirm(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            _complete_login(request, device)
            return render(request, "accounts/otp_recovery_codes.html",
                          _context(request, site, codes=codes, title=_("Gjenopprettingskoder")))
    secret = b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_enrol.html", _context(
        request, site, form=form, title=_("Slå på tofaktorinnlogging"),
        qr_data_uri=segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    ))


@require_http_methods(["GET", "POST"])
def reset(request, site, municipality_pk: int, user_pk: int):
    """A kommune administrator confirms and resets a caseworker's second factor."""
    municipality = get_object_or_404(municipalities_administered_by(user=request.user), pk=municipality_pk)
    person = get_object_or_404(User, pk=user_pk, is_superuser=False, memberships__municipality=municipality)
    change_url = reverse("admin:tenancy_municipality_change", args=[municipality.pk])
    if request.method == "POST":
        services.second_factor_reset(user=person, municipality=municipality, by=request.user)
        messages.success(request, _("Tofaktorinnloggingen til %(person)s er nullstilt. Ved neste innlogging setter "
                                    "vedkommende opp appen på nytt.") % {"person": person})
        return HttpResponseRedirect(change_url)
    return render(request, "accounts/otp_reset_confirm.html", _context(
        request, site, person=person, municipality=municipality, change_url=change_url,
        enrolled=has_second_factor(user=person), title=_("Nullstill tofaktorinnlogging")))


class PasswordSetView(PasswordResetConfirmView):
    """A new member chooses a password from the invitation's link (Django's password-reset token: it works once, until
    a password is set, and for PASSWORD_RESET_TIMEOUT). They are not logged in here: they log in at the admin, where
    they set up the second factor."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("password_set_done")
    title = gettext_lazy("Velg passord")


def password_set_done(request):
    return render(request, "accounts/password_set_done.html", {"login_url": reverse("admin:login")})


@method_decorator(never_cache, name="dispatch")
class DelegatedLoginStartView(OIDCAuthenticationRequestView):
    """«Logg inn med kommunens innlogging»: to the provider with a fresh state, nonce and PKCE challenge, kept in this
    session (mozilla-django-oidc); `next` is kept if it is a page of this site."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


@method_decorator(never_cache, name="dispatch")
class DelegatedLoginCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code. The state must be one this session started and not yet
    used (each is used once); DelegatedLoginBackend checks the ID token and the multi-factor login. Success opens the
    admin with the second factor given; a refusal goes back to the login page saying why."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            logger.warning("Delegated login refused (failed): the callback's state was not started by this session "
                           "or is already used")
            return self.login_failure()

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or reverse("admin:index")

    def login_success(self):
        response = super().login_success()
        self.request.session[DELEGATED_SECOND_FACTOR_SESSION_KEY] = self.user.pk
        self.request.session.cycle_key()  # a new session id for the more privileged session
        return response

    def login_failure(self):
        reason = getattr(self.request, REFUSAL_ATTRIBUTE, DelegatedLoginRefusal.FAILED)
        messages.error(self.request, reason.label)
        return HttpResponseRedirect(reverse("admin:login"))
