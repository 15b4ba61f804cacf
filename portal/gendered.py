"""Portal strings that address the participant in a gendered form where the language has one.

`{% ptrans "…" %}` (templatetags/portal_tags.py) looks a string up in the message context for
the participant's recorded gender first ("participant female"), then in the plain
"participant" context, which is the neutral wording (languages/gender.py). Only the strings
listed here have gendered entries; each is declared below for both contexts (lazily, never
evaluated here), so `makemessages` extracts them (it cannot read the custom tag) and the CI
translation check covers the plain one. Arabic and Tigrinya have the women's forms; their
plain entries are the generic masculine, the usual neutral in both. Tigrinya's feminine forms
are marked for a native reviewer (locale/README.md).
"""

from __future__ import annotations

from typing import Final

from django.utils.translation import pgettext, pgettext_lazy

from languages.gender import contexts_for

#: (plain, for women): the same English source in both contexts
GENDERED: Final = (
    (pgettext_lazy("participant", "Before your first talk: tell us what you can do."),
     pgettext_lazy("participant female", "Before your first talk: tell us what you can do.")),
    (pgettext_lazy("participant", "Fill in the questionnaire"),
     pgettext_lazy("participant female", "Fill in the questionnaire")),
    (pgettext_lazy("participant", "You learn these modules in the workshop. At the end you receive a certificate."),
     pgettext_lazy("participant female",
                   "You learn these modules in the workshop. At the end you receive a certificate.")),
    (pgettext_lazy("participant", "What you learn"),
     pgettext_lazy("participant female", "What you learn")),
    (pgettext_lazy("participant", "You have returned. We wish you all the best."),
     pgettext_lazy("participant female", "You have returned. We wish you all the best.")),
    (pgettext_lazy("participant", "You have decided not to return for now."),
     pgettext_lazy("participant female", "You have decided not to return for now.")),
    (pgettext_lazy("participant", "You stay in Germany."),
     pgettext_lazy("participant female", "You stay in Germany.")),
    (pgettext_lazy("participant", "Answer now"),
     pgettext_lazy("participant female", "Answer now")),
    (pgettext_lazy("participant", "What can you do?"),
     pgettext_lazy("participant female", "What can you do?")),
    (pgettext_lazy("participant", "Choose one answer for each picture. There are no wrong answers."),
     pgettext_lazy("participant female", "Choose one answer for each picture. There are no wrong answers.")),
    (pgettext_lazy("participant", "Send answers"),
     pgettext_lazy("participant female", "Send answers")),
    (pgettext_lazy("participant", "You need the PIN every time you log in. Do not tell it to anyone."),
     pgettext_lazy("participant female", "You need the PIN every time you log in. Do not tell it to anyone.")),
    (pgettext_lazy("participant", "Show on map"),
     pgettext_lazy("participant female", "Show on map")),
)


def gendered_gettext(message: str, *, gender: str | None, context: str = "participant") -> str:
    """`message` in the active language, in the form for `gender` where the catalogue has one."""
    for candidate in contexts_for(context, gender):
        translated = pgettext(candidate, message)
        if translated != message or candidate == context:
            return translated
    return pgettext(context, message)
