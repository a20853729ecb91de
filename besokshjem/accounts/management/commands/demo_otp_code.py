"""The code a demo user's authenticator app would show now. Only with DEBUG (the demo; never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from besokshjem.accounts.models import User
from besokshjem.accounts.selectors import confirmed_totp_device


class Command(BaseCommand):
    help = "Prints the current second-factor code of a demo user (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("Bare for demoen: krever DEBUG=true.")
        user = User.objects.filter(email=email.lower()).first()
        device = confirmed_totp_device(user=user) if user else None
        if device is None:
            raise CommandError(f"{email} har ingen autentiseringsapp.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
