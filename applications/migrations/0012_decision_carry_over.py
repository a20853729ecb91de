"""Existing decisions become confirmed, with their scope as a number and a unit."""

import re

from django.db import migrations


def carry_over(apps, schema_editor):
    """Existing decisions were confirmed when made; their free-text scope becomes a number and a unit where it reads
    as one («2 helger per måned», «20 timer per måned», «3 døgn per måned»), else it stays in applied_for's place."""
    Decision = apps.get_model("applications", "Decision")
    units = {"helg": "weekend", "helger": "weekend", "time": "hour", "timer": "hour", "døgn": "day"}
    for decision in Decision.objects.all():
        decision.status = "confirmed"
        found = re.search(r"(\d+)\s+(helger|helg|timer|time|døgn)(?:\s+per\s+(uke|måned))?", decision.scope or "")
        if found:
            decision.scope_amount = int(found.group(1))
            decision.scope_unit = units[found.group(2)]
            decision.scope_period = "week" if found.group(3) == "uke" else "month"
        elif decision.scope and not decision.applied_for:
            decision.applied_for = decision.scope
        decision.save(update_fields=["status", "scope_amount", "scope_unit", "scope_period", "applied_for"])


class Migration(migrations.Migration):
    dependencies = [
        ('applications', '0011_decision_lifecycle'),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
