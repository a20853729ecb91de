"""The admin site, which also hosts the caseworker workspace: every staff user gives a second factor first."""

from functools import update_wrapper
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.urls import path, reverse

from . import views
from .selectors import needs_second_factor


class TwoFactorAdminSite(admin.AdminSite):
    """Password, then the authenticator app: a staff user who has not given the second factor in this session is
    sent to verify it (or to enrol, the first time) before any admin or workspace page opens.

    Where the kommune's identity provider is configured (OpenID Connect), the login page also offers «Logg inn med
    kommunens innlogging»; a session logged in that way has given its second factor at the provider.
    """

    login_template = "accounts/login.html"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if needs_second_factor(request=request):
                if request.path == reverse("admin:logout", current_app=self.name):
                    return view(request, *args, **kwargs)  # logging out needs no second factor (LogoutView checks CSRF)
                return views.redirect_to_second_factor(request, next_url=request.get_full_path())
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def login(self, request, extra_context=None):
        if request.method == "GET" and needs_second_factor(request=request):
            return views.redirect_to_second_factor(request, next_url=request.GET.get("next", ""))
        if settings.OIDC_ENABLED:
            next_url = request.GET.get("next", "")
            start = reverse("admin:oidc_login", current_app=self.name)
            extra_context = {**(extra_context or {}),
                             "delegated_login_url": f"{start}?{urlencode({'next': next_url})}" if next_url else start}
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            path("tofaktor/", views.verify, {"site": self}, name="otp_verify"),
            path("tofaktor/aktiver/", views.enrol, {"site": self}, name="otp_enrol"),
            path("oidc/login/", views.DelegatedLoginStartView.as_view(), name="oidc_login"),
            path("oidc/callback/", views.DelegatedLoginCallbackView.as_view(), name="oidc_callback"),
            path("tofaktor/nullstill/<int:municipality_pk>/<int:user_pk>/", self.admin_view(views.reset), {"site": self},
                 name="otp_reset"),
            *super().get_urls(),
        ]
