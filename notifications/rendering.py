"""A message's words, in the recipient's language: subject, plain text and HTML (with `dir`
for right-to-left scripts). Participants read strings with the context "participant"
(translated into every portal language); staff read German or English."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from languages.purposes import text_direction
from notifications.models import NotificationKind

SUBJECTS: dict[str, Promise] = {
    NotificationKind.SESSION_REMINDER: pgettext_lazy("participant", "Reminder: your course tomorrow"),
    NotificationKind.MEETING_MOVED: pgettext_lazy("participant", "A course date has changed"),
    NotificationKind.MEETING_CANCELLED: pgettext_lazy("participant", "A course date is cancelled"),
    NotificationKind.CERTIFICATE_READY: pgettext_lazy("participant", "Your certificate is ready"),
    NotificationKind.FOLLOW_UP_DUE: pgettext_lazy("participant", "A few questions about how you are doing"),
    NotificationKind.COUNSELLOR_DIGEST: _("Reintegra: due follow-ups, plans at risk, open eligibility checks"),
    NotificationKind.INSTRUCTOR_DIGEST: _("Reintegra: tomorrow's sessions and days to countersign"),
}


def message_render(*, kind: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) for `kind` in `language`."""
    with translation.override(language):
        full = {**context, "language": language, "dir": text_direction(language)}
        subject = str(SUBJECTS[kind])
        full["subject"] = subject
        text = render_to_string(f"notifications/email/{kind}.txt", full)
        html = render_to_string(f"notifications/email/{kind}.html", full)
    return subject, text, html
