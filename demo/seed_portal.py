"""Demo seeding for issue #10: portal logins for two participants, with known codes.

An Arabic-speaking participant with an agreed plan, a timetable and a valid certificate gets
a portal account with a chosen PIN (so the demo can log straight in); a Dari/Persian-speaking
participant with a plan gets an invitation only (the first login chooses the PIN).
Deterministic: the first such participants by case number, fixed codes.
"""

from __future__ import annotations

from typing import Any

from certificates.models import CertificateStatus
from participants.models import Participant
from portal.services import code_format, portal_invite, portal_language_set, portal_pin_set

#: demo only: fixed codes and PIN, printed by seed_demo's login summary
ARABIC_CODE = "DEMX-ARAB-2345"
ARABIC_PIN = "583920"
PERSIAN_CODE = "DEMX-FARS-2345"


def seed_portal(seeder: Any) -> list[str]:
    """Create the demo portal accounts; returns the lines for the login summary."""
    lines: list[str] = []
    certified = (
        Participant.objects.filter(certificates__status=CertificateStatus.VALID, plans__status="final")
        .distinct()
        .order_by("case_number")
    )
    arabic = next((p for p in certified if "ar" in p.languages), None) or certified.first()
    if arabic is not None:
        account, code = portal_invite(participant=arabic, acting_user=arabic.counsellor, code=ARABIC_CODE)
        portal_pin_set(account=account, pin=ARABIC_PIN)
        portal_language_set(account=account, language="ar")
        lines.append(f"  code {code_format(code)}  PIN {ARABIC_PIN}  ({arabic.case_number}, Arabic; "
                     "plan, timetable, certificate)")
    planned = (
        Participant.objects.filter(plans__status="final").exclude(pk=arabic.pk if arabic else 0)
        .distinct().order_by("case_number")
    )
    persian = next((p for p in planned if {"fa", "prs"} & set(p.languages)), None)
    if persian is not None:
        account, code = portal_invite(participant=persian, acting_user=persian.counsellor, code=PERSIAN_CODE)
        portal_language_set(account=account, language="fa")
        lines.append(f"  code {code_format(code)}  (first login: choose a PIN; {persian.case_number}, Dari/Persian)")
    seeder.portal_logins = lines
    return lines
