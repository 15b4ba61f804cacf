"""Text fields encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

Keys come from the setting REINTEGRA_FIELD_KEYS (environment variable of the same
name): the first key encrypts, every key decrypts, so keys can be rotated without
downtime (privacy/README.md). Python code always sees plaintext; the database holds
only tokens. The empty string is stored as it is: it says "nothing noted", which the
neighbouring flags (e.g. `has_health_limits`) reveal anyway, and it keeps `blank=True`
forms and `field=""` checks working.

A value that does not decrypt with any key raises FieldDecryptionError instead of
being shown as it is: a wrong key set must be noticed, not papered over.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class FieldDecryptionError(Exception):
    """A stored value could not be decrypted with any key in REINTEGRA_FIELD_KEYS."""


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def field_cipher() -> MultiFernet:
    """The cipher for the keys configured now (read each time, so tests can override)."""
    return _multi_fernet(tuple(settings.REINTEGRA_FIELD_KEYS))


def encrypt_text(value: str) -> str:
    if value == "":
        return ""
    return field_cipher().encrypt(value.encode()).decode("ascii")


def decrypt_text(token: str) -> str:
    if token == "":
        return ""
    try:
        return field_cipher().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise FieldDecryptionError(
            "An encrypted field does not decrypt with any key in REINTEGRA_FIELD_KEYS"
        ) from exc


def rotate_token(token: str) -> str:
    """The same plaintext, encrypted again with the first key."""
    if token == "":
        return ""
    try:
        return field_cipher().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise FieldDecryptionError(
            "An encrypted field does not decrypt with any key in REINTEGRA_FIELD_KEYS"
        ) from exc


class EncryptedTextField(models.TextField):
    """A TextField whose values are Fernet tokens in the database.

    Tokens are random, so the database cannot compare or search them: only `isnull`
    and `exact` (meaningful for the empty string) are offered as lookups.
    """

    description = "Text encrypted at rest"
    _LOOKUPS = frozenset({"exact", "isnull"})

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in self._LOOKUPS:
            return None
        return super().get_lookup(lookup_name)
