"""Apply the kommuner's retention rules now, or show what they would do (docs/retention.md).

    manage.py retention --dry-run                  # every kommune: counts and references per rule, nothing changed
    manage.py retention --apply --kommune bergen   # one kommune: delete and anonymise what is due

Prints counts and case references per rule, never a name. The nightly beat task does the same as --apply.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from applications.retention.services import retention_run
from besokshjem.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Sletter og anonymiserer etter kommunenes regler for sletting (--apply), eller viser hva som ville skjedd (--dry-run)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Vis hva som ville blitt slettet, men endre ingenting.")
        mode.add_argument("--apply", action="store_true", help="Slett og anonymiser det som er forfalt.")
        parser.add_argument("--kommune", help="Bare denne kommunen (kortnavn, for eksempel «bergen»).")

    def handle(self, *args, dry_run, apply, kommune, **options):
        translation.activate("nb")
        municipalities = Municipality.objects.order_by("name")
        if kommune:
            municipalities = municipalities.filter(slug=kommune)
            if not municipalities.exists():
                raise CommandError(f"Ingen kommune har kortnavnet «{kommune}».")
        for municipality in municipalities:
            plan = retention_run(municipality=municipality, dry_run=dry_run)
            heading = "prøvekjøring, ingenting endret" if dry_run else "utført"
            self.stdout.write(f"{municipality.name} ({heading}):")
            for result in plan.results:
                references = ", ".join(result.references) or "–"
                self.stdout.write(f"  {result.label}: {result.count} saker, {result.files} filer. {references}")
