"""The issuer's signing keys and the public documents built from them.

The current key is made on first use; `issuer_key_rotate` (services) retires it. Private
keys are decrypted once per process and kept in memory, so bulk signing is cheap.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from certificates import credentials
from certificates.models import Certificate, CertificateStatus, IssuerKey

_private_keys: dict[str, Ed25519PrivateKey] = {}


def public_url(path: str) -> str:
    return settings.REINTEGRA_PUBLIC_URL + path


def issuer_id() -> str:
    """The issuer's id in every credential: the URL of the issuer key document."""
    return public_url(reverse("certificates:issuer"))


def status_list_id() -> str:
    return public_url(reverse("certificates:status_list"))


def verification_method(key: IssuerKey) -> str:
    return f"{issuer_id()}#{key.key_id}"


def timestamp(moment: dt.datetime) -> str:
    """XML Schema dateTimeStamp in UTC, to the second, as credentials carry it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_key_new() -> IssuerKey:
    """Create (not save) a fresh key pair; callers save it inside their transaction."""
    private_key = Ed25519PrivateKey.generate()
    key = IssuerKey(
        key_id=f"key-{timezone.localdate():%Y%m%d}-{secrets.token_hex(4)}",
        public_key_multibase=credentials.public_key_multibase(private_key.public_key()),
        private_key_pem=private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode(),
    )
    _private_keys[key.key_id] = private_key
    return key


def issuer_key_current() -> tuple[IssuerKey, Ed25519PrivateKey]:
    """The key to sign with now, made on first use."""
    key = IssuerKey.objects.filter(is_current=True).first()
    if key is None:
        key = issuer_key_new()
        key.full_clean()
        try:
            with transaction.atomic():
                key.save()
        except IntegrityError:  # another process made the first key at the same moment
            key = IssuerKey.objects.get(is_current=True)
    return key, issuer_private_key(key)


def issuer_private_key(key: IssuerKey) -> Ed25519PrivateKey:
    cached = _private_keys.get(key.key_id)
    if cached is None:
        loaded = load_pem_private_key(key.private_key_pem.encode(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise TypeError(f"issuer key {key.key_id} is not an Ed25519 key")
        cached = _private_keys[key.key_id] = loaded
    return cached


def issuer_key_document() -> dict[str, Any]:
    """The public issuer profile with every key ever used (see credentials.key_document_build)."""
    return credentials.key_document_build(
        issuer_id=issuer_id(),
        name=settings.REINTEGRA_PROVIDER_NAME,
        keys=[
            credentials.PublishedKey(
                key_id=key.key_id,
                public_key_multibase=key.public_key_multibase,
                created=timestamp(key.created_at),
                retired=timestamp(key.retired_at) if key.retired_at else None,
            )
            for key in IssuerKey.objects.order_by("created_at", "id")
        ],
    )


def status_list_credential() -> dict[str, Any]:
    """The signed revocation list, made fresh on each request (one query, one signature)."""
    revoked = [
        index
        for index in Certificate.objects.filter(status=CertificateStatus.REVOKED).values_list("status_index", flat=True)
        if index is not None
    ]
    now = timezone.now()
    document = credentials.status_list_credential_build(
        list_id=status_list_id(), issuer_id=issuer_id(), valid_from=timestamp(now), revoked=revoked
    )
    key, private_key = issuer_key_current()
    return credentials.credential_sign(
        document, private_key=private_key, verification_method=verification_method(key), created=timestamp(now)
    )
