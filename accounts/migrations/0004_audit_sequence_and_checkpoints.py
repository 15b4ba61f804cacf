"""The audit chain gets sequence numbers, a chain-head row and signed checkpoints (step 1 of 3:
new columns and tables; 0005 re-chains the existing entries, 0006 makes the number required)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_instructor_profile"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="sequence",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="when (UTC)"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(db_index=True, max_length=60, verbose_name="action"),
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ("sequence", models.BigIntegerField(default=0)),
                ("entry_hash", models.CharField(blank=True, max_length=64)),
            ],
            options={
                "verbose_name": "audit chain head",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="audit_chain_head_single_row")
                ],
            },
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.BigIntegerField(unique=True, verbose_name="number")),
                ("entry_hash", models.CharField(max_length=64)),
                ("at", models.DateTimeField(verbose_name="signed at (UTC)")),
                ("public_key", models.CharField(max_length=64, verbose_name="public key (base64)")),
                ("signature", models.CharField(max_length=100, verbose_name="signature (base64)")),
            ],
            options={
                "verbose_name": "audit checkpoint",
                "verbose_name_plural": "audit checkpoints",
                "ordering": ["sequence"],
            },
        ),
    ]
