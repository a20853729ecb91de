"""Reminders became outbox rows: copy every row of the former Reminder table into the outbox, then drop it.

Rows keep their state (a sent reminder stays sent, a pending one is sent by the outbox); a claimed row is released,
so the outbox claims it again. The dedupe key is the one the planner writes, so a re-plan does not duplicate them.
"""

from django.db import migrations


def move(apps, schema_editor):
    Reminder = apps.get_model("reminders", "Reminder")
    Message = apps.get_model("outbox", "Message")
    rows = []
    for r in Reminder.objects.all().iterator():
        status = "pending" if r.status == "claimed" else r.status
        rows.append(Message(
            kind=r.kind, municipality_id=r.municipality_id, content_type_id=r.content_type_id, object_id=r.object_id,
            recipient=r.recipient, language=r.language, due_on=r.due_on, status=status, send_after=r.send_after,
            attempts=r.attempts, sent_at=r.sent_at, last_error=r.last_error,
            dedupe_key=f"reminder:{r.kind}:{r.content_type_id}:{r.object_id}:{r.due_on:%Y%m%d}:{r.recipient.lower()}",
        ))
    Message.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(name="Reminder"),
    ]
