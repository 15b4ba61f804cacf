"""Demo labour-market figures (ILLUSTRATIVE, not real statistics) and ESCO coding of the demo data.

    manage.py seed_markets

Imports markets/data/illustrative_markets.csv through the real importer with the
`illustrative` flag (once: skipped when illustrative figures exist), codes the demo's
free-text work history and skills to ESCO, records availability and one practical
try-out for some demo participants so the profile shows all three sources. Safe to
run again. seed_demo calls it at the end.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from assessments.models import Availability, EscoSkill, SkillRating, TryOut
from assessments.services import assessments_code_free_text, availability_set, tryout_record
from markets.models import MarketProfileVersion
from markets.services import market_import_file
from participants.models import Participant

DATA = Path(__file__).resolve().parents[3] / "markets" / "data" / "illustrative_markets.csv"
NOTE = "Illustrative demo values, not real statistics."
ESCO = "http://data.europa.eu/esco/occupation/"

#: demo free text → (ESCO occupation, kind of work); texts with no fitting occupation stay free text
OCCUPATIONS = {
    "Näherin in einer Textilfabrik": (ESCO + "7d4266b3-2108-4330-b27b-430a96012c21", "formal"),
    "Schneider im Familienbetrieb": (ESCO + "978ae3a2-0831-415a-8396-b84dde656fc5", "informal"),
    "Küchenhilfe in einem Restaurant": (ESCO + "e1cf6897-158d-4b48-a39e-2a3a8cac216c", "formal"),
    "Koch in einem Imbiss": (ESCO + "90f75f67-495d-49fa-ab57-2f320e251d7e", "informal"),
    "Bäcker (angelernt)": (ESCO + "1aadb308-432a-4d01-b54b-b4f7f76dd419", "informal"),
    "Helfer in einer Schlosserei": (ESCO + "572c9810-e1ee-4f7a-a71f-820f17c0c25b", "informal"),
    "Schweißer ohne Abschluss": (ESCO + "7aedaa07-3884-4c5b-88f9-80997b2aa54b", "informal"),
    "Elektrikerhelfer": (ESCO + "4910419f-b4af-4f59-b544-9dbebc8a74f0", "informal"),
    "Helfer in einem Installationsbetrieb": (ESCO + "ed3cf43d-c2c1-4c46-82fc-1375e27e0290", "formal"),
    "Malerhelfer": (ESCO + "15620506-fb5d-49cd-87a2-1c9047fb406a", "informal"),
    "Fliesenleger (angelernt)": (ESCO + "02447817-ea01-4d8b-b09c-8bc128e447e6", "informal"),
    "Helfer auf dem Bau": (ESCO + "fb7e2f4f-1545-42f1-972e-94082e49c6dc", "informal"),
    "Landwirtschaft im Familienbetrieb": (ESCO + "1c1e86f9-6347-42d6-aa6e-c95b138bf640", "informal"),
    "Lagerhelfer (in Deutschland)": (ESCO + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f", "formal"),
    "Reinigungskraft (in Deutschland)": (ESCO + "303a1e34-cb16-4054-b323-81e5eec17397", "formal"),
    "Taxifahrer": (ESCO + "6f7c1e84-8162-4c20-a575-b57ff624eef5", "self_employed"),
    "Verkäufer im Lebensmittelhandel": (ESCO + "0b15375e-dfdd-4047-9efb-096e0aaee7d2", "formal"),
    "Helfer in der Gastronomie (in Deutschland)": (ESCO + "e1cf6897-158d-4b48-a39e-2a3a8cac216c", "formal"),
}
SKILLS = {
    "Nähen an der Haushaltsnähmaschine": "urn:reintegra:skill:sewing-machine",
    "Maßnehmen und Zuschnitt": "urn:reintegra:skill:pattern-cutting",
    "Zubereitung traditioneller Gerichte": "urn:reintegra:skill:hot-kitchen",
    "Küchenhygiene": "http://data.europa.eu/esco/skill/6816e28f-a48d-41c7-8492-309f50c049fc",
    "Schweißen": "urn:reintegra:skill:mag-welding",
    "Grundkenntnisse Elektrik": "urn:reintegra:skill:electrical-safety",
    "Umgang mit Messgeräten": "urn:reintegra:skill:electrical-testing",
    "Streichen mit Rolle und Pinsel": "urn:reintegra:skill:wall-painting",
}


class Command(BaseCommand):
    help = "Load ILLUSTRATIVE labour-market demo figures and ESCO-code the demo data."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        manager = User.objects.filter(role=Role.MANAGER).order_by("pk").first()
        if MarketProfileVersion.objects.filter(illustrative=True).exists():
            self.stdout.write("Illustrative labour-market figures exist already: not imported again.")
        else:
            versions = market_import_file(
                acting_user=manager, content=DATA.read_bytes(), file_name=DATA.name, today=today,
                illustrative=True, note=NOTE,
            )
            self.stdout.write(f"Labour markets: {len(versions)} countries (ILLUSTRATIVE demo values).")
        counts = assessments_code_free_text(acting_user=manager, occupations=OCCUPATIONS, skills=SKILLS)
        self.stdout.write(f"ESCO coding: {counts['work']} work entries, {counts['skills']} skill ratings.")
        added = self._availability_and_tryouts(today)
        self.stdout.write(f"Availability and try-outs for {added} participants.")

    def _availability_and_tryouts(self, today: dt.date) -> int:
        added = 0
        instructors = {u.site_id: u for u in User.objects.filter(role=Role.INSTRUCTOR).order_by("pk")}
        participants = Participant.objects.filter(anonymised_at__isnull=True).select_related("site", "counsellor")
        for index, participant in enumerate(participants.order_by("pk")):
            if index % 3 or Availability.objects.filter(participant=participant).exists():
                continue
            availability_set(
                acting_user=participant.counsellor, participant=participant,
                weekdays=[0, 1, 2, 3] if participant.needs_childcare else [0, 1, 2, 3, 4],
                hours_per_day=Decimal("4"), sites=[participant.site],
            )
            rating = (
                SkillRating.objects.filter(assessment__participant=participant, esco_skill__isnull=False)
                .select_related("esco_skill").order_by("pk").first()
            )
            instructor = instructors.get(participant.site_id)
            if rating is not None and rating.esco_skill is not None and instructor is not None and not (
                TryOut.objects.filter(participant=participant).exists()
            ):
                skill: EscoSkill = rating.esco_skill
                tryout_record(
                    acting_user=instructor, participant=participant, esco_skill=skill,
                    level=max(1, rating.level - 1) if index % 2 else rating.level,
                    tried_on=min(today, participant.intake_date + dt.timedelta(days=14)),
                    notes="Demo-Erprobung in der Werkstatt.",
                )
            added += 1
        return added
