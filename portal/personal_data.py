"""What the portal holds about a person: their portal account (see vault/registry.py).

Only digests of the invitation code and the PIN are kept; erasure closes the account for
good (portal.services.portal_account_close)."""

from __future__ import annotations

from typing import Any

from participants.models import Participant
from portal.models import PortalAccount
from portal.services import portal_account_close
from vault.registry import Contribution, Erasure, Holding, moment, register


def export(participant: Participant) -> dict[str, Any]:
    account = PortalAccount.objects.filter(participant=participant).first()
    return {
        "portal_account": (
            {
                "invited_at": moment(account.invited_at),
                "pin_set_at": moment(account.pin_set_at),
                "language": account.language,
                "locked_at": moment(account.locked_at),
            }
            if account is not None
            else None
        ),
    }


def erase(erasure: Erasure) -> None:
    account = PortalAccount.objects.filter(participant=erasure.participant).first()
    if account is not None:
        portal_account_close(account=account, at=erasure.erased_at)


CONTRIBUTION = register(
    Contribution(
        app_label="portal",
        order=80,
        holdings=(
            Holding(PortalAccount, exported_in="portal_account",
                    erasure="closed: login disabled, sessions ended, code and PIN no longer match"),
        ),
        export=export,
        erase=erase,
        pdf_template="portal/personal_data_pdf.html",
    )
)
