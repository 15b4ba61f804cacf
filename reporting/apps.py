from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        # The fact table follows every write that changes a figure (reporting/facts.py).
        from reporting.facts import facts_connect

        facts_connect()
        post_migrate.connect(_fill_facts_once, sender=self, dispatch_uid="reporting.facts.fill")


def _fill_facts_once(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """A database migrated to the fact table starts with it empty: fill it once from the records
    (later writes keep it; `rebuild_report_facts` recomputes it at will)."""
    from participants.models import Participant
    from reporting.facts import facts_rebuild
    from reporting.models import ParticipantFact, ParticipantHoursStep
    from training.models import Result

    if using != "default":
        return
    facts_missing = not ParticipantFact.objects.exists() and Participant.objects.exists()
    steps_missing = not ParticipantHoursStep.objects.exists() and Result.objects.exists()
    if facts_missing or steps_missing:
        facts_rebuild()
