"""Every role approvable (issue 11): a household member's birth date instead of the year, a formålsbekreftelse that
knows its role (home type), and the caseworker's assessment of an attest with remarks.

Existing household members keep their row: only the year was asked, so the date becomes 1 January of that year and is
marked as estimated (`birth_date_estimated`), never passed off as known. 1 January is the earliest the person can have
been born that year, so the age it gives is never lower than the real one: the attest rule stays on the cautious side,
and a formålsbekreftelse is refused until the caseworker has recorded the real date.

Existing formålsbekreftelser were all issued for the application's first home type (the only one the code knew).
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _immediate_constraints(schema_editor):
    """PostgreSQL: check foreign keys now, so that the table can be altered later in this migration's transaction."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def birth_years_to_estimated_dates(apps, schema_editor):
    _immediate_constraints(schema_editor)
    HouseholdMember = apps.get_model("applications", "HouseholdMember")
    for member in HouseholdMember.objects.all().only("pk", "birth_year"):
        HouseholdMember.objects.filter(pk=member.pk).update(
            birth_date=datetime.date(member.birth_year, 1, 1), birth_date_estimated=True
        )


def estimated_dates_to_birth_years(apps, schema_editor):
    _immediate_constraints(schema_editor)
    HouseholdMember = apps.get_model("applications", "HouseholdMember")
    for member in HouseholdMember.objects.all().only("pk", "birth_date"):
        HouseholdMember.objects.filter(pk=member.pk).update(birth_year=member.birth_date.year)


def confirmations_know_their_role(apps, schema_editor):
    _immediate_constraints(schema_editor)
    PurposeConfirmation = apps.get_model("applications", "PurposeConfirmation")
    for confirmation in PurposeConfirmation.objects.select_related("application").filter(home_type=""):
        home_types = confirmation.application.home_types or ["visiting"]
        PurposeConfirmation.objects.filter(pk=confirmation.pk).update(home_type=home_types[0])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0007_respite_home_mode"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Household members: birth date (estimated from the year for existing rows).
        migrations.AddField(
            model_name="householdmember",
            name="birth_date",
            field=models.DateField(null=True, verbose_name="fødselsdato"),
        ),
        migrations.AddField(
            model_name="householdmember",
            name="birth_date_estimated",
            field=models.BooleanField(
                default=False,
                help_text="Søknaden spurte tidligere bare om fødselsår; datoen er da satt til 1. januar det året. Registrer riktig dato før det lages formålsbekreftelse.",
                verbose_name="bare fødselsåret er kjent",
            ),
        ),
        migrations.AlterField(
            model_name="householdmember",
            name="birth_year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="fødselsår"),
        ),
        migrations.RunPython(birth_years_to_estimated_dates, estimated_dates_to_birth_years),
        migrations.AlterModelOptions(
            name="householdmember",
            options={"ordering": ["birth_date", "pk"], "verbose_name": "husstandsmedlem", "verbose_name_plural": "husstandsmedlemmer"},
        ),
        migrations.RemoveField(model_name="householdmember", name="birth_year"),
        migrations.AlterField(
            model_name="householdmember",
            name="birth_date",
            field=models.DateField(verbose_name="fødselsdato"),
        ),
        # A formålsbekreftelse per role.
        migrations.AddField(
            model_name="purposeconfirmation",
            name="home_type",
            field=models.CharField(default="", max_length=20, verbose_name="type oppdrag"),
            preserve_default=False,
        ),
        migrations.RunPython(confirmations_know_their_role, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="purposeconfirmation",
            name="home_type",
            field=models.CharField(
                choices=[("visiting", "Besøkshjem"), ("respite", "Avlastningshjem"), ("support_contact", "Støttekontakt")],
                help_text="Oppdraget bekreftelsen gjelder. Attesttype og hjemmel følger kommunens innstilling for oppdraget.",
                max_length=20,
                verbose_name="type oppdrag",
            ),
        ),
        migrations.AlterField(
            model_name="purposeconfirmation",
            name="person_birth",
            field=models.CharField(help_text="Slik den står i bekreftelsen.", max_length=20, verbose_name="fødselsdato"),
        ),
        # The assessment of an attest with remarks.
        migrations.AlterField(
            model_name="policecertificate",
            name="note",
            field=models.TextField(blank=True, help_text="Hva attesten viser, når den har merknader.", verbose_name="merknad"),
        ),
        migrations.AddField(
            model_name="policecertificate",
            name="assessment",
            field=models.TextField(
                blank=True, help_text="Saksbehandlerens vurdering av om merknadene er forenlige med oppdraget.",
                verbose_name="vurdering av merknadene",
            ),
        ),
        migrations.AddField(
            model_name="policecertificate",
            name="assessment_acceptable",
            field=models.BooleanField(
                blank=True, help_text="Tomt: ikke vurdert ennå.", null=True, verbose_name="merknadene er forenlige med oppdraget"
            ),
        ),
        migrations.AddField(
            model_name="policecertificate",
            name="assessed_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL,
                verbose_name="vurdert av",
            ),
        ),
        migrations.AddField(
            model_name="policecertificate",
            name="assessed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="vurdert"),
        ),
        migrations.AddConstraint(
            model_name="policecertificate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("assessed_at__isnull", True), ("assessed_by__isnull", True), ("assessment", ""), ("assessment_acceptable__isnull", True)),
                    models.Q(
                        ("assessed_at__isnull", False), ("assessed_by__isnull", False), ("assessment_acceptable__isnull", False), ("outcome", "remarks"),
                        models.Q(("assessment", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="police_certificate_assessment_complete",
            ),
        ),
    ]
