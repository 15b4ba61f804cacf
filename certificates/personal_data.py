"""What the certificates app holds about a person: certificate rows, the stored copy of each
signed credential, and bulk-issue items (see vault/registry.py).

Certificate PDFs are drawn when asked for, never stored: nothing on disk to delete."""

from __future__ import annotations

from typing import Any

from certificates.models import Certificate, CertificateBatchItem, CertificateStatus
from participants.models import Participant
from vault.registry import ANONYMISED_NAME, Contribution, Erasure, Holding, bilingual, day, moment, register


def export(participant: Participant) -> dict[str, Any]:
    certificates = (
        Certificate.objects.filter(participant=participant).select_related("plan").order_by("issued_on", "pk")
    )
    return {
        "certificates": [
            {
                "number": c.number,
                "kind": c.kind,
                "language": c.language,
                "status": c.status,
                "issued_on": day(c.issued_on),
                "plan_version": c.plan.version,
                "revoked_at": moment(c.revoked_at),
                "revocation_reason": c.revocation_reason,
            }
            for c in certificates
        ],
    }


def erase(erasure: Erasure) -> None:
    certificates = Certificate.objects.filter(participant=erasure.participant)
    # The stored copy of the signed credential names the person; the copy the person holds
    # still verifies against the published issuer key and status list.
    certificates.update(credential={})
    # Shown on the public verification page; a revoked certificate must keep some reason.
    certificates.filter(status=CertificateStatus.REVOKED).update(revocation_reason=ANONYMISED_NAME)
    CertificateBatchItem.objects.filter(participant=erasure.participant).exclude(error="").update(
        error=ANONYMISED_NAME
    )


def pdf_labels(view: dict[str, Any]) -> None:
    for certificate in view["certificates"]:
        certificate["status_label"] = bilingual(CertificateStatus, certificate["status"])


CONTRIBUTION = register(
    Contribution(
        app_label="certificates",
        order=60,
        holdings=(
            Holding(Certificate, exported_in="certificates",
                    erasure="stored credential emptied, revocation reason replaced; number, status, dates kept"),
            Holding(CertificateBatchItem, erasure="refusal message replaced by '—'; kind and position kept"),
        ),
        export=export,
        erase=erase,
        pdf_template="certificates/personal_data_pdf.html",
        pdf_labels=pdf_labels,
        last_activity=((Certificate, "participant", "issued_on"),),
    )
)
