from __future__ import annotations

from django import template

from certificates.labels import LABELS, default_language
from participants.models import Participant

register = template.Library()


@register.simple_tag
def certificate_language_options(participant: Participant) -> list[tuple[str, str, bool]]:
    """(code, name, selected) for the issue form; preselected: the participant's language."""
    chosen = default_language(participant.languages)
    return [(code, labels["language_name"], code == chosen) for code, labels in LABELS.items()]
