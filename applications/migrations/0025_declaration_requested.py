"""The taushetserklæring is signable once the caseworker asks for it (issue #15).

Data: a case that already has a signature was asked in effect: it is marked requested when its first signature was
made. Every other case under review is marked requested now, because until this change its applicants could sign and the
status page told them they would be asked to: taking that away mid-case would strand them. Cases not yet taken into
review stay unrequested (no one has asked), and closed cases without a signature need nothing.
"""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone


def mark_requested(apps, schema_editor):
    VolunteerApplication = apps.get_model("applications", "VolunteerApplication")
    DeclarationSignature = apps.get_model("applications", "DeclarationSignature")
    first_signed = (DeclarationSignature.objects.filter(application=OuterRef("pk")).values("application")
                    .annotate(first=Min("signed_at")).values("first"))
    VolunteerApplication.objects.filter(pk__in=DeclarationSignature.objects.values("application")).update(
        declaration_requested_at=Subquery(first_signed))
    VolunteerApplication.objects.filter(status="in_review", declaration_requested_at__isnull=True).update(
        declaration_requested_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0024_retention_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteerapplication",
            name="declaration_requested_at",
            field=models.DateTimeField(blank=True, help_text="Søkerne kan signere taushetserklæringen på statussiden først når saksbehandleren har bedt om det.", null=True, verbose_name="bedt om signering av taushetserklæring"),
        ),
        migrations.RunPython(mark_requested, migrations.RunPython.noop),
    ]
