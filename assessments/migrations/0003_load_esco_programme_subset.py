"""Load the programme's ESCO subset (assessments/data/esco_subset.json) into the taxonomy tables.

Reads the JSON file directly and uses apps.get_model only; later edits of the file are
applied with `manage.py import_esco --programme-subset`.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "esco_subset.json"


def load(apps, schema_editor):
    EscoOccupation = apps.get_model("assessments", "EscoOccupation")
    EscoSkill = apps.get_model("assessments", "EscoSkill")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for row in data["occupations"]:
        EscoOccupation.objects.update_or_create(
            uri=row["uri"],
            defaults={
                "isco_code": row["isco"], "label_en": row["label_en"], "label_de": row["label_de"],
                "label_de_by_hand": True, "group": row["group"], "in_programme": True,
            },
        )
    for row in data["skills"]:
        EscoSkill.objects.update_or_create(
            uri=row["uri"],
            defaults={
                "label_en": row["label_en"], "label_de": row["label_de"], "label_de_by_hand": True,
                "curated": row["curated"], "broader_uri": row["broader_uri"],
                "broader_label_en": row["broader_label_en"], "trade": row["trade"], "in_programme": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_esco_coding_sources_tryouts_availability")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
