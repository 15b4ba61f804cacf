from __future__ import annotations

from django import template

from certificates.labels import LABELS, default_language
from certificates.selectors import ExpressOffer, express_issue_offer
from participants.models import Participant

register = template.Library()


@register.simple_tag
def certificate_language_options(participant: Participant) -> list[tuple[str, str, bool]]:
    """(code, name, selected) for the issue form; preselected: the participant's language."""
    chosen = default_language(participant.languages)
    return [(code, labels["language_name"], code == chosen) for code, labels in LABELS.items()]


@register.simple_tag
def express_issue_offer_for(participant: Participant) -> ExpressOffer | None:
    """The case file's express issue offer (None when the departure does not cut training short)."""
    return express_issue_offer(participant=participant)


@register.filter
def one_line(text: str) -> str:
    """Learning outcomes (one per line) as one run of text: "a · b · c"."""
    return " · ".join(line.strip() for line in (text or "").splitlines() if line.strip())
