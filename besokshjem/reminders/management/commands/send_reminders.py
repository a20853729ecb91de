from django.core.management.base import BaseCommand

from besokshjem.reminders import services


class Command(BaseCommand):
    help = "Plan every due reminder and send the outbox in this process (the same sweep the Celery beat runs); for cron."

    def handle(self, *args, **options):
        result = services.sweep(send_inline=True)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
