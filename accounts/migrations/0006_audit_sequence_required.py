"""Every audit entry has its number now (step 3 of 3): required, unique, positive."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_audit_chain_rehash"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="sequence",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="number"),
        ),
        migrations.AlterModelOptions(
            name="auditentry",
            options={"ordering": ["sequence"], "verbose_name": "audit entry", "verbose_name_plural": "audit entries"},
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("sequence__gte", 1)), name="audit_entry_sequence_positive"
            ),
        ),
    ]
