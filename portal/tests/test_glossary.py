"""One word per key term and language: the portal and questionnaire strings (catalogues), the
certificate wording and the hand-over papers use the glossary's term (languages/glossary.py)."""

from __future__ import annotations

import pytest

from certificates.labels import LABELS as CERTIFICATE_LABELS
from languages.glossary import CATALOGUE_USES, CERTIFICATE_USES, GLOSSARY, HANDOVER_USES, Term, forms
from languages.purposes import PARTICIPANT_LANGUAGES
from portal.tests.test_translations import _participant_entries
from returns.labels import LABELS as HANDOVER_LABELS


def _translations(code: str) -> dict[str, str]:
    return {entry.msgid: entry.msgstr[0] for entry in _participant_entries(code) if not entry.msgid_plural}


def _missing(words: tuple[str, ...], texts: dict[str, str]) -> list[str]:
    return [
        f"{where}: {text!r}" for where, text in texts.items()
        if not any(word.casefold() in text.casefold() for word in words)
    ]


@pytest.mark.parametrize("code", sorted(set(GLOSSARY) & set(PARTICIPANT_LANGUAGES)))
def test_portal_and_questionnaires_use_the_glossary(code):
    translations = _translations(code)
    missing = []
    for key in GLOSSARY[code]:
        missing += _missing(forms(code, key), {msgid: translations[msgid] for msgid in CATALOGUE_USES[key]})
    assert missing == [], f"locale/{code} does not use the glossary term:\n" + "\n".join(missing)


@pytest.mark.parametrize("code", sorted(set(GLOSSARY) & set(CERTIFICATE_LABELS)))
def test_certificates_use_the_glossary(code):
    missing = []
    for key, keys in CERTIFICATE_USES.items():
        if key in GLOSSARY[code]:
            missing += _missing(forms(code, key), {k: CERTIFICATE_LABELS[code][k] for k in keys})
    assert missing == [], f"certificates/labels.py [{code}] does not use the glossary term:\n" + "\n".join(missing)


@pytest.mark.parametrize("code", sorted(set(GLOSSARY) & set(HANDOVER_LABELS)))
def test_hand_over_papers_use_the_glossary(code):
    missing = _missing(forms(code, Term.HANDOVER), {k: HANDOVER_LABELS[code][k] for k in HANDOVER_USES})
    assert missing == [], f"returns/labels.py [{code}]: {missing}"


def test_dari_readers_find_the_dari_certificate_words_in_the_persian_portal():
    translations = _translations("fa")
    assert forms("prs", Term.CERTIFICATE)[0] in translations["Certificate"]
    assert forms("prs", Term.ATTENDANCE)[0] in translations["Confirmation of attendance"]


def test_every_participant_language_with_a_catalogue_has_a_glossary():
    assert set(PARTICIPANT_LANGUAGES) - {"en", "sr-latn"} <= set(GLOSSARY)
