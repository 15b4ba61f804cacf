"""The programme's key terms, one word per language, so a document is called the same thing on
the portal, in the questionnaires, on the certificate and in the hand-over papers.

Each entry is the form every use contains (a stem where the language inflects: Russian
"модул" covers модуль and модули; Arabic "وحد" covers الوحدة and الوحدات), matched without
regard to case; where the stem itself changes (Turkish devir → devri, Tigrinya መደብ → መደበይ)
the forms are listed, the first being the headword. `portal/tests/test_glossary.py` checks
the catalogues (participant strings), `certificates/labels.py` and `returns/labels.py`
against it, so a translator changing one place is told about the others. Dari (`prs`) has
certificate wording of its own; Dari readers are served the Persian catalogue, which gives
the Dari word beside the Iranian one (تصدیق‌نامه/گواهی‌نامه), so both are checked there.

Pure data, no Django.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Term(StrEnum):
    CERTIFICATE = "certificate"
    ATTENDANCE = "confirmation of attendance"
    MODULE = "module"
    PLAN = "plan"
    COUNSELLOR = "counsellor"
    RETURN = "return"
    HANDOVER = "hand-over"


GLOSSARY: Final[dict[str, dict[Term, str | tuple[str, ...]]]] = {
    "de": {Term.CERTIFICATE: "Zertifikat", Term.ATTENDANCE: "Teilnahmebescheinigung", Term.MODULE: "Modul",
           Term.PLAN: "Plan", Term.COUNSELLOR: "Berater", Term.RETURN: "Rückkehr", Term.HANDOVER: "Übergabe"},
    "ar": {Term.CERTIFICATE: "شهادة", Term.ATTENDANCE: "شهادة حضور", Term.MODULE: "وحد",
           Term.PLAN: "خط", Term.COUNSELLOR: "مرشد", Term.RETURN: "عود", Term.HANDOVER: "إحالة"},
    "ku": {Term.CERTIFICATE: "sertîfîka", Term.ATTENDANCE: "belgeya amadebûnê", Term.MODULE: "modul",
           Term.PLAN: "plan", Term.COUNSELLOR: "şêwirmend", Term.RETURN: "veger", Term.HANDOVER: "radestkirin"},
    "fa": {Term.CERTIFICATE: "گواهی‌نامه", Term.ATTENDANCE: "گواهی شرکت", Term.MODULE: "واحد",
           Term.PLAN: "برنامه", Term.COUNSELLOR: "مشاور", Term.RETURN: "بازگشت", Term.HANDOVER: "تحویل"},
    "prs": {Term.CERTIFICATE: "تصدیق‌نامه", Term.ATTENDANCE: "تصدیق‌نامهٔ اشتراک", Term.MODULE: "واحد"},
    "ps": {Term.CERTIFICATE: "تصدیق‌نامه", Term.ATTENDANCE: "د ګډون تصدیق‌نامه", Term.MODULE: "ماډیول",
           Term.PLAN: "پلان", Term.COUNSELLOR: "سلاکار", Term.RETURN: "ستن", Term.HANDOVER: "سپارل"},
    "ti": {Term.CERTIFICATE: "ምስክር ወረቐት", Term.ATTENDANCE: "ናይ ተሳትፎ ምስክር ወረቐት", Term.MODULE: "ሞጁ",
           Term.PLAN: ("መደብ", "መደበ"), Term.COUNSELLOR: "ኣማኻሪ", Term.RETURN: "ምምላስ", Term.HANDOVER: "ምርካብ"},
    "fr": {Term.CERTIFICATE: "certificat", Term.ATTENDANCE: "attestation de participation", Term.MODULE: "module",
           Term.PLAN: "plan", Term.COUNSELLOR: "conseiller ou conseillère", Term.RETURN: "retour",
           Term.HANDOVER: "orientation"},
    "ru": {Term.CERTIFICATE: "сертификат", Term.ATTENDANCE: "справка об участии", Term.MODULE: "модул",
           Term.PLAN: "план", Term.COUNSELLOR: "консультант", Term.RETURN: "возвращени", Term.HANDOVER: "передач"},
    "tr": {Term.CERTIFICATE: "sertifika", Term.ATTENDANCE: "katılım belgesi", Term.MODULE: "modül",
           Term.PLAN: "plan", Term.COUNSELLOR: "danışman", Term.RETURN: "dönüş", Term.HANDOVER: ("devir", "devri")},
    "ka": {Term.CERTIFICATE: "სერტიფიკატ", Term.ATTENDANCE: "დასწრების მოწმობა", Term.MODULE: "მოდულ",
           Term.PLAN: "გეგმ", Term.COUNSELLOR: "კონსულტანტ", Term.RETURN: "დაბრუნ", Term.HANDOVER: "გადაცემ"},
    "sq": {Term.CERTIFICATE: "certifikat", Term.ATTENDANCE: "vërtetim pjesëmarrjeje", Term.MODULE: "modul",
           Term.PLAN: "plan", Term.COUNSELLOR: "këshilltar", Term.RETURN: "kthim", Term.HANDOVER: "dorëzim"},
    "sr": {Term.CERTIFICATE: "сертификат", Term.ATTENDANCE: "потврда о похађању", Term.MODULE: "модул",
           Term.PLAN: "план", Term.COUNSELLOR: "саветник", Term.RETURN: "поврат", Term.HANDOVER: "предај"},
}

#: Where each term is used: the participant strings (source English) of the catalogues, and
#: the keys of the certificate wording that name it.
CATALOGUE_USES: Final[dict[Term, tuple[str, ...]]] = {
    Term.CERTIFICATE: (
        "Certificate",
        "You learn these modules in the workshop. At the end you receive a certificate.",
    ),
    Term.ATTENDANCE: ("Confirmation of attendance",),
    Term.MODULE: ("Module", "You learn these modules in the workshop. At the end you receive a certificate."),
    Term.PLAN: ("My plan", "Your plan is not agreed yet.", "See my plan"),
    Term.COUNSELLOR: (
        "Your counsellor",
        "Use the code from your counsellor.",
        "Nothing is decided yet. Your counsellor prepares the hand-over with you.",
        "Your counsellor would like to know how things are going since your return. It takes about three "
        "minutes. Your answers help us to improve our support.",
    ),
    Term.RETURN: (
        "Return and hand-over",
        "Your return is postponed.",
        "Follow-up questionnaires after your return will appear here.",
        "Your counsellor would like to know how things are going since your return. It takes about three "
        "minutes. Your answers help us to improve our support.",
    ),
    Term.HANDOVER: (
        "Return and hand-over",
        "Nothing is decided yet. Your counsellor prepares the hand-over with you.",
        "Hand-over to %(organisation)s:",
    ),
}
CERTIFICATE_USES: Final[dict[Term, tuple[str, ...]]] = {
    Term.CERTIFICATE: ("title_certificate",),
    Term.ATTENDANCE: ("title_attendance",),
    Term.MODULE: ("modules", "attendance_note"),
}
#: The hand-over papers the partner organisation reads (`returns/labels.py`).
HANDOVER_USES: Final[tuple[str, ...]] = ("title",)


def forms(language: str, key: Term) -> tuple[str, ...]:
    """The forms of a term in a language (empty when the glossary has none)."""
    value = GLOSSARY.get(language, {}).get(key, ())
    return (value,) if isinstance(value, str) else value
