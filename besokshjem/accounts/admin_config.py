from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    """django.contrib.admin (label `admin`) with a site that asks every staff user for a second factor.

    In its own module: Django would find two default AppConfigs in besokshjem.accounts.apps."""

    default_site = "besokshjem.accounts.admin_site.TwoFactorAdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin module
        from axes.models import AccessFailureLog, AccessLog
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # A device's page would show its secret key to every superuser: devices are made only by enrolment and
        # removed only by the audited reset. Axes keeps no access logs here (AXES_DISABLE_ACCESS_LOG); its lockouts
        # (AccessAttempt) stay in the admin, where a superuser can lift one.
        for model in (TOTPDevice, StaticDevice, AccessLog, AccessFailureLog):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
