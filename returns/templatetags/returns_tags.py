from __future__ import annotations

from typing import Any

from django import template

from participants.models import Participant
from returns.models import HandoverState
from returns.selectors import return_case_file

register = template.Library()


@register.inclusion_tag("returns/_case_file_section.html")
def return_section(participant: Participant) -> dict[str, Any]:
    """The case file's return section: return, hand-overs, follow-ups with baseline vs latest."""
    return {**return_case_file(participant=participant), "handover_states": HandoverState.choices}
