"""Encrypt health_notes and needs_notes at rest, and add anonymised_at.

The existing plaintext is encrypted while the columns are still plain TextFields in
the historical model (so reading gives the stored text and writing stores the token
as given); only then do the fields become EncryptedTextField. Backwards, the fields
turn plain first and the tokens are decrypted back into text.
"""

from django.db import migrations, models

import privacy.fields

FIELDS = ("health_notes", "needs_notes")


def _convert(apps, schema_editor, convert):
    Participant = apps.get_model("participants", "Participant")
    db_alias = schema_editor.connection.alias
    rows = Participant.objects.using(db_alias).exclude(health_notes="", needs_notes="").values_list("pk", *FIELDS)
    for pk, *values in rows.iterator(chunk_size=500):
        changes = {field: convert(value) for field, value in zip(FIELDS, values, strict=True)}
        Participant.objects.using(db_alias).filter(pk=pk).update(**changes)


def encrypt_existing(apps, schema_editor):
    _convert(apps, schema_editor, privacy.fields.encrypt_text)


def decrypt_existing(apps, schema_editor):
    _convert(apps, schema_editor, privacy.fields.decrypt_text)


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="anonymised at"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
        migrations.AlterField(
            model_name="participant",
            name="health_notes",
            field=privacy.fields.EncryptedTextField(blank=True, verbose_name="health limits (details)"),
        ),
        migrations.AlterField(
            model_name="participant",
            name="needs_notes",
            field=privacy.fields.EncryptedTextField(blank=True, verbose_name="other needs"),
        ),
    ]
