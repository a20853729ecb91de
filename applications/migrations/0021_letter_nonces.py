from django.db import migrations, models


def nonce_field():
    return models.UUIDField(
        blank=True, editable=False, null=True, unique=True, verbose_name="skjemanøkkel",
        help_text="Skjemaets engangsnøkkel: et skjema som sendes to ganger, gir én rad og én e-post.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0020_appeal_attachment_type"),
    ]

    operations = [
        migrations.AddField(model_name="interimreply", name="client_nonce", field=nonce_field()),
        migrations.AddField(model_name="meeting", name="client_nonce", field=nonce_field()),
    ]
