from datetime import UTC, datetime

from django.db import migrations

BODY = """Jeg skal utføre oppdrag for kommunen som besøkshjem, avlastningshjem eller støttekontakt.

1. Jeg har taushetsplikt om alt jeg får vite om barnet, familien og andre personlige forhold gjennom oppdraget (forvaltningsloven § 13, jf. helse- og omsorgstjenesteloven § 12-1; for oppdrag for barnevernet barnevernsloven kapittel 13).
2. Taushetsplikten gjelder også overfor min egen familie og venner, og den gjelder etter at oppdraget er avsluttet.
3. Jeg skal ikke dele bilder eller opplysninger om barnet på sosiale medier eller på annen måte.
4. Jeg kjenner til at brudd på taushetsplikten kan straffes (straffeloven § 209).
5. Opplysningsplikten til barnevernet (barnevernsloven § 13-2) går foran taushetsplikten når jeg er bekymret for at et barn blir mishandlet eller utsatt for alvorlig omsorgssvikt."""


def create(apps, schema_editor):
    DeclarationText = apps.get_model("applications", "DeclarationText")
    DeclarationText.objects.get_or_create(
        version=1,
        defaults={"title": "Taushetserklæring", "body": BODY, "valid_from": datetime(2026, 1, 1, tzinfo=UTC)},
    )


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_declarationtext_purposeconfirmation_and_more")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
