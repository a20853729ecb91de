"""Import a kommune's approved homes and its running decisions and waiting list from CSV files (docs/going-live.md).

    manage.py import_going_live --kommune bergen --user kommuneadmin.bergen@example.no --homes hjem.csv --dry-run
    manage.py import_going_live --kommune bergen --user kommuneadmin.bergen@example.no --decisions vedtak.csv

Both files may be given at once: the homes are imported first, so the decisions can place children in them (a dry run
of both then shows exactly what importing both would do). Prints, for each file, every row rejected with its line
number and reasons, the rows imported before, and the counts; no value from the files. Exit status 1 when a row (or a
file) was rejected.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from applications.golive.report import DECISIONS, HOMES
from applications.golive.services import import_files
from besokshjem.accounts.models import User
from besokshjem.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Importerer godkjente hjem (--homes) og løpende vedtak og venteliste (--decisions) fra CSV-filer for én kommune."

    def add_arguments(self, parser):
        parser.add_argument("--kommune", required=True, help="Kommunens kortnavn (slug), for eksempel «bergen».")
        parser.add_argument("--user", required=True, help="E-postadressen til kommunens administrator som importerer.")
        parser.add_argument("--homes", metavar="FIL", help="hjem.csv: godkjente hjem.")
        parser.add_argument("--decisions", metavar="FIL", help="vedtak.csv: løpende vedtak og ventelisten.")
        parser.add_argument("--dry-run", action="store_true", help="Sjekk filene og vis rapporten, men lagre ingenting.")

    def handle(self, *args, kommune, user, homes, decisions, dry_run, **options):
        translation.activate("nb")
        if not homes and not decisions:
            raise CommandError("Oppgi --homes, --decisions eller begge.")
        municipality = Municipality.objects.filter(slug=kommune).first()
        if municipality is None:
            raise CommandError(f"Ingen kommune har kortnavnet «{kommune}».")
        by = User.objects.filter(email__iexact=user, is_active=True).first()
        if by is None:
            raise CommandError("Fant ingen aktiv bruker med den e-postadressen.")
        handles = []
        try:
            files = []
            for kind, path in ((HOMES, homes), (DECISIONS, decisions)):
                if path:
                    handles.append(open(path, "rb"))  # noqa: SIM115 - closed below, after the import has read them
                    files.append((kind, handles[-1]))
            reports = import_files(municipality=municipality, by=by, files=files, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"Kan ikke lese filen: {exc.strerror}.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        finally:
            for handle in handles:
                handle.close()
        for report in reports:
            self.stdout.write(report.as_text())
        if not all(report.ok for report in reports):
            raise CommandError("Noen rader ble avvist; se rapporten over.", returncode=1)
