"""Signed credentials: canonical JSON, Ed25519 Data Integrity proofs, status lists.

Pure on purpose: no Django, no database. `manage.py verify_certificate` and
`python -m certificates.credentials` use it to check a credential file against an
exported issuer key document, anywhere, offline.

The format (Open Badges 3.0 on the W3C Verifiable Credentials 2.0 data model) is
written down once, in certificates/README.md ("The credential"). In short:

- Canonical form is JCS (RFC 8785): objects with keys sorted by UTF-16 code units, no
  whitespace, strings as JSON with only the mandatory escapes, UTF-8. Our documents hold
  only strings, integers, booleans, null, lists and objects; floats are refused, so the
  ECMAScript number rules of RFC 8785 never come into play.
- The proof is a W3C Data Integrity proof with cryptosuite `eddsa-jcs-2022`:
  signature = Ed25519( SHA-256(JCS(proof options + document @context))
                       ‖ SHA-256(JCS(document without proof)) ),
  `proofValue` = "z" + base58btc(signature).
- Keys are `Multikey`s: `publicKeyMultibase` = "z" + base58btc(0xed 0x01 ‖ 32 key bytes).
  The issuer key document (issuer profile) lists every key ever used, retired ones too,
  so credentials signed before a rotation keep verifying.
- Revocation is a W3C Bitstring Status List: bit i (most significant bit of byte 0 is
  bit 0) set means the credential with `statusListIndex` i is revoked; `encodedList` =
  "u" + base64url(gzip(bits)) without padding.
"""

from __future__ import annotations

import argparse
import base64
import copy
import gzip
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CREDENTIALS_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"
#: multicodec "ed25519-pub" as an unsigned varint
ED25519_PUB_PREFIX = b"\xed\x01"
#: the spec's minimum (16 KiB), so a list reveals little about how many were issued
STATUS_LIST_BITS = 131_072

# --- JCS (RFC 8785) ---------------------------------------------------------


def _canonical_parts(value: Any, out: list[str]) -> None:
    if value is None or value is True or value is False:
        out.append(json.dumps(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Mapping):
        out.append("{")
        for position, key in enumerate(sorted(value, key=lambda k: _utf16_key(k))):
            if position:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _canonical_parts(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            _canonical_parts(item, out)
        out.append("]")
    else:
        raise TypeError(f"not canonicalisable: {type(value).__name__}")


def _utf16_key(key: Any) -> bytes:
    if not isinstance(key, str):
        raise TypeError("object keys must be strings")
    return key.encode("utf-16-be")


def _plain_json(value: Any) -> bool:
    """Only dicts, lists, strings, integers, booleans and None, every key a string within the
    Basic Multilingual Plane: then Python's order of keys (by code point) is JCS's (by UTF-16
    code unit), and its string escapes are the ones `_canonical_parts` writes too."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is dict:
        return all(
            type(key) is str and (key.isascii() or max(key) <= "\uffff") and _plain_json(item)
            for key, item in value.items()
        )
    if kind is list or kind is tuple:
        return all(_plain_json(item) for item in value)
    return False


def canonicalize(value: Any) -> bytes:
    """JCS: the one byte string every signer and verifier hashes.

    A plain document (all a credential is) goes through the json module's C encoder, a few
    times faster than the walk below, which takes everything else and gives the same bytes.
    """
    if _plain_json(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    out: list[str] = []
    _canonical_parts(value, out)
    return "".join(out).encode("utf-8")


def _json_copy(value: Any) -> Any:
    """A deep copy of a JSON document: what `copy.deepcopy` gives, without its bookkeeping."""
    kind = type(value)
    if kind is dict:
        return {key: _json_copy(item) for key, item in value.items()}
    if kind is list:
        return [_json_copy(item) for item in value]
    if kind is str or kind is int or kind is bool or value is None:
        return value
    return copy.deepcopy(value)


# --- base58btc and multikeys ------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: index for index, char in enumerate(_B58)}


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    chars: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        chars.append(_B58[remainder])
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + "".join(reversed(chars))


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise ValueError("not base58")
        number = number * 58 + _B58_INDEX[char]
    leading_ones = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_ones + body


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58_encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    if not text.startswith("z"):
        raise ValueError("publicKeyMultibase must be base58btc ('z')")
    decoded = base58_decode(text[1:])
    if not decoded.startswith(ED25519_PUB_PREFIX) or len(decoded) != 34:
        raise ValueError("not an Ed25519 multikey")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


# --- proofs (eddsa-jcs-2022) ------------------------------------------------


def _hash_data(unsecured: Mapping[str, Any], proof_options: Mapping[str, Any]) -> bytes:
    proof_config = dict(proof_options)
    if "@context" in unsecured:
        proof_config["@context"] = unsecured["@context"]
    return hashlib.sha256(canonicalize(proof_config)).digest() + hashlib.sha256(canonicalize(unsecured)).digest()


def credential_sign(
    document: Mapping[str, Any], *, private_key: Ed25519PrivateKey, verification_method: str, created: str
) -> dict[str, Any]:
    """A copy of the document with a Data Integrity proof (any earlier proof is replaced)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    secured = _json_copy(unsecured)
    secured["proof"] = {**options, "proofValue": "z" + base58_encode(signature)}
    return secured


@dataclass(frozen=True)
class Verification:
    valid: bool
    reason: str
    #: the verification method (key id) that signed it, when the signature checks out
    key_id: str | None = None


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def credential_verify(document: Any, *, key_document: Any) -> Verification:
    """Check the proof against the issuer's published keys. Never raises on bad input."""
    try:
        return _verify(document, key_document)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return Verification(False, f"malformed: {error}")


def _verify(document: Any, key_document: Any) -> Verification:
    if not isinstance(document, Mapping) or not isinstance(key_document, Mapping):
        return Verification(False, "credential and key document must be JSON objects")
    proof = document.get("proof")
    if not isinstance(proof, Mapping):
        return Verification(False, "no proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return Verification(False, f"unsupported proof (expected {PROOF_TYPE} / {CRYPTOSUITE})")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return Verification(False, "proof purpose is not assertionMethod")
    issuer_id = _issuer_id(document)
    if issuer_id is None or issuer_id != key_document.get("id"):
        return Verification(False, "the key document is not the issuer's")
    method_id = proof.get("verificationMethod")
    methods = {
        method.get("id"): method
        for method in key_document.get("verificationMethod", [])
        if isinstance(method, Mapping) and method.get("controller") == issuer_id
    }
    if method_id not in methods or method_id not in key_document.get("assertionMethod", []):
        return Verification(False, "the signing key is not among the issuer's keys")
    if not isinstance(method_id, str) or not method_id.startswith(issuer_id + "#"):
        return Verification(False, "the signing key does not belong to the issuer")
    public_key = public_key_from_multibase(str(methods[method_id]["publicKeyMultibase"]))
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return Verification(False, "proofValue is not base58btc")
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    if "@context" in options:
        if options["@context"] != unsecured.get("@context"):
            return Verification(False, "proof context differs from the credential's")
        del options["@context"]
    try:
        public_key.verify(base58_decode(proof_value[1:]), _hash_data(unsecured, options))
    except InvalidSignature:
        return Verification(False, "signature does not match: the credential was changed or not signed by this key")
    return Verification(True, "signature valid", key_id=method_id)


# --- issuer key document ----------------------------------------------------


@dataclass(frozen=True)
class PublishedKey:
    key_id: str  # the fragment, e.g. "key-20261125-1a2b3c4d"
    public_key_multibase: str
    created: str
    retired: str | None = None


def key_document_build(*, issuer_id: str, name: str, keys: Iterable[PublishedKey]) -> dict[str, Any]:
    """The issuer profile with every key ever used; `retired` keys sign nothing new but still verify."""
    methods: list[dict[str, Any]] = []
    for key in keys:
        method: dict[str, Any] = {
            "id": f"{issuer_id}#{key.key_id}",
            "type": "Multikey",
            "controller": issuer_id,
            "publicKeyMultibase": key.public_key_multibase,
            "created": key.created,
        }
        if key.retired:
            method["retired"] = key.retired
        methods.append(method)
    return {
        "@context": [CREDENTIALS_CONTEXT, MULTIKEY_CONTEXT],
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


# --- status list ------------------------------------------------------------


def status_list_encode(revoked: Iterable[int], *, size: int = STATUS_LIST_BITS) -> str:
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same revocations give the same bytes
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def status_list_bit(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be base64url multibase ('u')")
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    if not 0 <= index < len(bits) * 8:
        raise ValueError("status index outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential_build(
    *, list_id: str, issuer_id: str, valid_from: str, revoked: Iterable[int]
) -> dict[str, Any]:
    return {
        "@context": [CREDENTIALS_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list_encode(revoked),
        },
    }


def credential_revoked(document: Mapping[str, Any], *, status_list: Mapping[str, Any]) -> bool | None:
    """True/False from a status list credential (fetched or exported); None if it does not apply."""
    status = document.get("credentialStatus")
    subject = status_list.get("credentialSubject")
    if not isinstance(status, Mapping) or not isinstance(subject, Mapping):
        return None
    if status.get("statusListCredential") != status_list.get("id"):
        return None
    if status.get("statusPurpose") != subject.get("statusPurpose"):
        return None
    return status_list_bit(str(subject["encodedList"]), int(status["statusListIndex"]))


# --- command line -----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """python -m certificates.credentials CREDENTIAL.json --keys ISSUER_KEYS.json [--status LIST.json]"""
    parser = argparse.ArgumentParser(description="Verify a Reintegra certificate credential offline.")
    parser.add_argument("credential")
    parser.add_argument("--keys", required=True, help="the issuer key document (export_issuer_keys)")
    parser.add_argument("--status", help="a status list credential, to check revocation as well")
    arguments = parser.parse_args(argv)
    with open(arguments.credential, encoding="utf-8") as file:
        document = json.load(file)
    with open(arguments.keys, encoding="utf-8") as file:
        keys = json.load(file)
    result = credential_verify(document, key_document=keys)
    print(("VALID: " if result.valid else "INVALID: ") + result.reason)  # noqa: T201 - a CLI
    if result.valid and arguments.status:
        with open(arguments.status, encoding="utf-8") as file:
            revoked = credential_revoked(document, status_list=json.load(file))
        print({True: "REVOKED", False: "not revoked", None: "status list does not apply"}[revoked])  # noqa: T201
        if revoked:
            return 1
    return 0 if result.valid else 1


if __name__ == "__main__":
    sys.exit(main())
