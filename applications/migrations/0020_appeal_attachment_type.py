from django.db import migrations, models

# The signatures of applications.intake.file_validators, as they were when this migration was written.
SIGNATURES = [(b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png")]


def sniff_existing(apps, schema_editor):
    """Appeals attached before the type was stored: the type from the first bytes of the stored file (PDF, JPEG, PNG),
    or blank, which is served as application/octet-stream."""
    Appeal = apps.get_model("applications", "Appeal")
    for appeal in Appeal.objects.exclude(attachment="").only("pk", "attachment"):
        try:
            with appeal.attachment.open("rb") as f:
                head = f.read(16)
        except OSError:
            continue
        kind = next((t for magic, t in SIGNATURES if head.startswith(magic)), "")
        if kind:
            Appeal.objects.filter(pk=appeal.pk).update(attachment_type=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0019_going_live_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="attachment_type",
            field=models.CharField(
                blank=True, max_length=50, verbose_name="filtype",
                help_text="Avgjort ut fra innholdet da filen ble lastet opp, ikke navnet. Filen sendes alltid med denne typen.",
            ),
        ),
        migrations.RunPython(sniff_existing, migrations.RunPython.noop),
    ]
