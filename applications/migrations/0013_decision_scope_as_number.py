from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0012_decision_carry_over"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='decision',
            name='scope',
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('outcome', 'rejected'), ('status', 'draft'), models.Q(models.Q(('service_type', ''), _negated=True), ('scope_amount__isnull', False), models.Q(('scope_unit', ''), _negated=True), ('period_from__isnull', False)), _connector='OR'), name='decision_granted_has_scope'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), models.Q(('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='decision_confirmed_has_decider'),
        ),
    ]
