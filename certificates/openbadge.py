"""The certificate as an Open Badges 3.0 credential (unsigned; services sign it at issue).

The format is described once, in certificates/README.md ("The credential"); this module
only fills it from a CertificateDocument.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from certificates import credentials
from certificates.keys import issuer_id, public_url, status_list_id
from certificates.models import CertificateKind
from certificates.selectors import (
    CertificateDocument,
    CertificateLine,
    Frameworks,
    FrameworkTarget,
    certificate_frameworks,
)

ACHIEVEMENT_TYPES = {
    CertificateKind.CERTIFICATE: "Certificate",
    # Open Badges has no "attendance" type; extensions take the "ext:" prefix.
    CertificateKind.ATTENDANCE: "ext:CertificateOfAttendance",
}


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _local_midnight(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def _line_text(line: CertificateLine) -> str:
    module = line.module
    parts = [f"{module.code} {module.title_de} / {module.title_en}", f"{_hours(module.hours)} h"]
    if line.starts_on and line.ends_on:
        parts.append(f"{line.starts_on.isoformat()}/{line.ends_on.isoformat()}")
    if line.site is not None:
        parts.append(f"{line.site.name}, {line.site.city}")
    parts.append("bestanden / passed" if line.passed else "teilgenommen / attended")
    return "; ".join(parts)


def verification_url(number: str) -> str:
    return public_url(reverse("certificates:verify", args=[number]))


def _alignment(target: FrameworkTarget) -> dict[str, Any]:
    alignment: dict[str, Any] = {
        "type": ["Alignment"],
        "targetUrl": target.url,
        "targetName": target.name,
        "targetFramework": target.framework,
        "targetType": target.target_type,
    }
    if target.code:
        alignment["targetCode"] = target.code
    if target.description:
        alignment["targetDescription"] = target.description
    return alignment


def certificate_alignments(*, document: CertificateDocument, frameworks: Frameworks) -> list[dict[str, Any]]:
    """One OB 3.0 Alignment per ESCO skill (or skill group) the *passed* modules teach, then the
    ISCO-08 unit groups of the trades; each target once."""
    targets: list[FrameworkTarget] = []
    for line in document.printed_lines:
        if line.passed:
            targets += frameworks.skills_by_module.get(line.module.pk, [])
    for trade in document.trades:
        targets += frameworks.isco_by_trade.get(trade.code, [])
    return [_alignment(target) for target in dict.fromkeys(targets)]


def document_frameworks(documents: list[CertificateDocument]) -> Frameworks:
    """The framework targets of every module and trade these documents print (three queries)."""
    return certificate_frameworks(
        module_ids={line.module.pk for document in documents for line in document.printed_lines},
        trade_codes={trade.code for document in documents for trade in document.trades},
    )


def certificate_credential_build(
    *, document: CertificateDocument, frameworks: Frameworks | None = None
) -> dict[str, Any]:
    """The unsigned credential: everything the PDF states, in Open Badges 3.0 terms.

    `frameworks`: the ESCO / ISCO-08 targets, read once for many documents (bulk issue);
    read for this one document when not given."""
    if frameworks is None:
        frameworks = document_frameworks([document])
    certificate = document.certificate
    participant = document.participant
    provider = settings.REINTEGRA_PROVIDER_NAME
    programme = settings.REINTEGRA_PROGRAMME_NAME
    url = verification_url(certificate.number)
    achievement_id = f"{url}#achievement"
    attendance = certificate.is_attendance
    title_de, title_en = ("Teilnahmebescheinigung", "Certificate of attendance") if attendance else (
        "Zertifikat", "Certificate"
    )
    trades_de = ", ".join(trade.name_de for trade in document.trades)
    trades_en = ", ".join(trade.name_en for trade in document.trades)
    lines = document.printed_lines
    verb_de, verb_en = ("teilgenommen", "attended") if attendance else ("abgeschlossen", "completed")
    criteria = (
        f"Im Programm „{programme}“ {verb_de}: "
        + "; ".join(f"{line.module.code} ({_hours(line.module.hours)} h)" for line in lines)
        + f". Gesamt {_hours(document.total_hours)} Stunden. / {verb_en.capitalize()} in the programme "
        f"“{programme}”. Total {_hours(document.total_hours)} hours."
    )
    if attendance:
        criteria += (
            " Nicht alle Module des Qualifizierungsplans wurden abgeschlossen."
            " / Not every module of the qualification plan was completed."
        )
    issuer = {"id": issuer_id(), "type": ["Profile"], "name": provider}
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": participant.full_name},
            {
                "type": "IdentityObject",
                "identityType": "ext:dateOfBirth",
                "hashed": False,
                "identityHash": participant.date_of_birth.isoformat(),
            },
        ],
        "achievement": {
            "id": achievement_id,
            "type": ["Achievement"],
            "achievementType": ACHIEVEMENT_TYPES[CertificateKind(certificate.kind)],
            "name": f"{title_de}: {trades_de} / {title_en}: {trades_en}",
            "description": f"{programme} — {provider}",
            "criteria": {"narrative": criteria},
            "fieldOfStudy": f"{trades_de} / {trades_en}",
            # ESCO skills the passed modules teach, the trade's ISCO-08 unit groups (README)
            "alignment": certificate_alignments(document=document, frameworks=frameworks),
            "creator": issuer,
            "resultDescription": [
                {
                    "id": f"{achievement_id}-{line.module.code}",
                    "type": ["ResultDescription"],
                    "name": f"{line.module.code} {line.module.title_de} / {line.module.title_en}",
                    "resultType": "Status",
                }
                for line in lines
            ],
        },
        "result": [
            {
                "type": ["Result"],
                "resultDescription": f"{achievement_id}-{line.module.code}",
                "status": "Completed" if line.passed else "Enrolled",
            }
            for line in lines
        ],
    }
    if document.starts_on and document.ends_on:
        subject["activityStartDate"] = _local_midnight(document.starts_on)
        subject["activityEndDate"] = _local_midnight(document.ends_on)
    credential: dict[str, Any] = {
        "@context": [credentials.CREDENTIALS_CONTEXT, credentials.OPEN_BADGES_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{title_de} / {title_en} {certificate.number}",
        "description": f"{title_de} Nr. {certificate.number} / {title_en} no. {certificate.number}",
        "issuer": issuer,
        "validFrom": _local_midnight(certificate.issued_on),
        "credentialSubject": subject,
        "evidence": [
            {
                "id": f"{achievement_id}-{line.module.code}-evidence",
                "type": ["Evidence"],
                "name": f"{line.module.code} {line.module.title_de} / {line.module.title_en}",
                "description": _line_text(line),
                # The skills acquired: the module's learning outcomes, as the catalogue states them.
                "narrative": "\n\n".join(
                    text for text in (line.module.learning_outcomes_de, line.module.learning_outcomes_en) if text
                ),
            }
            for line in lines
        ],
    }
    if certificate.status_index is not None:
        credential["credentialStatus"] = {
            "id": f"{status_list_id()}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": status_list_id(),
        }
    return credential
