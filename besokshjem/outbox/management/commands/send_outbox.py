from django.core.management.base import BaseCommand

from besokshjem.outbox import services


class Command(BaseCommand):
    help = "Send every due outbox e-mail in this process (without a broker, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args, batch_size, limit, **options):
        result = services.send_due(batch_size=batch_size, limit=limit)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
