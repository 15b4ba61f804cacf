"""Signed credentials: canonical JSON, Ed25519 Data Integrity proofs, status lists.

Pure on purpose: no Django, no database. `manage.py verify_certificate` and
`python -m certificates.credentials` use it to check a credential file against an
exported issuer key document, anywhere, offline.

The format (Open Badges 3.0 on the W3C Verifiable Credentials 2.0 data model) is
written down once, in certificates/README.md ("The credential"). In short:

- Canonical form is JCS (RFC 8785), by Trail of Bits' `rfc8785` library.
- The proof is a W3C Data Integrity proof with cryptosuite `eddsa-jcs-2022`, made and checked
  as the spec's sections 3.3.1-3.3.6 say: the proof carries the document's `@context`,
  signature = Ed25519( SHA-256(JCS(proof options with @context))
                       ‖ SHA-256(JCS(document without proof)) ),
  `proofValue` = "z" + base58btc(signature). Open Badges credentials carry it as a proof set
  (`"proof": [ … ]`, as the OB 3.0 schema requires); the verifier takes either form.
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
import datetime as dt
import gzip
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import rfc8785
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


def canonicalize(value: Any) -> bytes:
    """JCS (RFC 8785): the one byte string every signer and verifier hashes.

    Trail of Bits' `rfc8785` (pinned in pyproject.toml) does the work: keys sorted by UTF-16
    code units, no whitespace, minimal string escapes, numbers as ECMAScript prints them.
    What JCS cannot represent (integers beyond 2**53, NaN, lone surrogates, non-JSON types)
    raises TypeError naming it.
    """
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as error:
        raise TypeError(f"not canonicalisable: {error}") from error


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
#
# W3C "Data Integrity EdDSA Cryptosuites v1.0", section 3.3 (eddsa-jcs-2022):
#   Create:  proof.@context = document.@context (step 2, "not implementing step 2 can lead to
#            interoperability failures"); hashData = SHA-256(JCS(proof options incl. @context))
#            ‖ SHA-256(JCS(document without proof)); proofValue = "z" + base58btc(Ed25519).
#   Verify:  if proof.@context exists, the document's @context must start with it (same
#            values, same order) and replaces it for hashing; the proof options are hashed as
#            they stand (with their @context if there is one, without it if not).
# Until 2026-12 Reintegra hashed the document's @context with the options but published the
# proof without it ("legacy" below); migration 0004 adds the @context to every stored
# credential (the same bytes are signed), and the verifier still accepts files handed out
# before that, saying so.


def _hash_data(unsecured: Mapping[str, Any], proof_config: Mapping[str, Any]) -> bytes:
    return hashlib.sha256(canonicalize(proof_config)).digest() + hashlib.sha256(canonicalize(unsecured)).digest()


def credential_sign(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_set: bool = False,
) -> dict[str, Any]:
    """A copy of the document with a Data Integrity proof (any earlier proof is replaced).

    `proof_set`: publish the proof inside a list, as Open Badges 3.0 requires (`"proof": [...]`);
    Data Integrity allows both forms and the signature is the same.
    """
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof_config: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    if "@context" in unsecured:
        proof_config["@context"] = _json_copy(unsecured["@context"])
    signature = private_key.sign(_hash_data(unsecured, proof_config))
    secured = _json_copy(unsecured)
    proof = {**proof_config, "proofValue": "z" + base58_encode(signature)}
    secured["proof"] = [proof] if proof_set else proof
    return secured


#: Verification.code: what a failure is about, for people (the verification page words each)
CODE_VALID = "valid"
CODE_MALFORMED = "malformed"
CODE_PROOF = "proof"  # no proof, or not one we can check
CODE_ISSUER_KEY = "issuer_key"  # the key is not the issuer's
CODE_SIGNATURE = "signature"  # the content was changed (or signed by someone else)
CODE_REVOKED = "revoked"
CODE_EXPIRED = "expired"
CODE_NOT_YET_VALID = "not_yet_valid"


@dataclass(frozen=True)
class Verification:
    valid: bool
    reason: str
    #: the verification method (key id) that signed it, when the signature checks out
    key_id: str | None = None
    #: one of the CODE_* constants
    code: str = CODE_VALID


def _fail(code: str, reason: str) -> Verification:
    return Verification(False, reason, code=code)


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def _proofs(document: Mapping[str, Any]) -> list[Any]:
    """The proof, or every proof of a proof set (Data Integrity allows an object or a list)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def _contexts(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def credential_verify(document: Any, *, key_document: Any) -> Verification:
    """Check every proof against the issuer's published keys. Never raises on bad input."""
    try:
        return _verify(document, key_document)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return _fail(CODE_MALFORMED, f"malformed: {error}")


def credential_verify_with_key(document: Any, *, public_key_multibase: str) -> Verification:
    """Check the signature with a key given by hand (e.g. a did:key, as in the W3C test vector);
    says nothing about who the issuer is. Never raises on bad input."""
    try:
        if not isinstance(document, Mapping):
            return _fail(CODE_MALFORMED, "the credential must be a JSON object")
        public_key = public_key_from_multibase(public_key_multibase)
        proofs = _proofs(document)
        if not proofs:
            return _fail(CODE_PROOF, "no proof")
        result = Verification(False, "no proof", code=CODE_PROOF)
        for proof in proofs:
            result = _verify_proof(document, proof, public_key)
            if not result.valid:
                return result
        return result
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return _fail(CODE_MALFORMED, f"malformed: {error}")


def _verify(document: Any, key_document: Any) -> Verification:
    if not isinstance(document, Mapping) or not isinstance(key_document, Mapping):
        return _fail(CODE_MALFORMED, "credential and key document must be JSON objects")
    proofs = _proofs(document)
    if not proofs:
        return _fail(CODE_PROOF, "no proof")
    issuer_id = _issuer_id(document)
    if issuer_id is None or issuer_id != key_document.get("id"):
        return _fail(CODE_ISSUER_KEY, "the key document is not the issuer's")
    methods = {
        method.get("id"): method
        for method in key_document.get("verificationMethod", [])
        if isinstance(method, Mapping) and method.get("controller") == issuer_id
    }
    result = _fail(CODE_PROOF, "no proof")
    for proof in proofs:  # a proof set: every proof must hold
        if not isinstance(proof, Mapping):
            return _fail(CODE_PROOF, "the proof is not a JSON object")
        method_id = proof.get("verificationMethod")
        if method_id not in methods or method_id not in key_document.get("assertionMethod", []):
            return _fail(CODE_ISSUER_KEY, "the signing key is not among the issuer's keys")
        if not isinstance(method_id, str) or not method_id.startswith(issuer_id + "#"):
            return _fail(CODE_ISSUER_KEY, "the signing key does not belong to the issuer")
        public_key = public_key_from_multibase(str(methods[method_id]["publicKeyMultibase"]))
        result = _verify_proof(document, proof, public_key)
        if not result.valid:
            return result
    return result


def _verify_proof(document: Mapping[str, Any], proof: Any, public_key: Ed25519PublicKey) -> Verification:
    """The spec's Verify Proof (eddsa-jcs-2022) for one proof, with the key already resolved."""
    if not isinstance(proof, Mapping):
        return _fail(CODE_PROOF, "the proof is not a JSON object")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return _fail(CODE_PROOF, f"unsupported proof (expected {PROOF_TYPE} / {CRYPTOSUITE})")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return _fail(CODE_PROOF, "proof purpose is not assertionMethod")
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return _fail(CODE_PROOF, "proofValue is not base58btc")
    signature = base58_decode(proof_value[1:])
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof_config = {key: value for key, value in proof.items() if key != "proofValue"}
    method_id = proof.get("verificationMethod")
    key_id = method_id if isinstance(method_id, str) else None
    if "@context" in proof_config:
        wanted = _contexts(proof_config["@context"])
        present = _contexts(unsecured.get("@context", []))
        if present[: len(wanted)] != wanted:
            return _fail(CODE_SIGNATURE, "the proof's @context is not the start of the credential's")
        unsecured["@context"] = proof_config["@context"]
    if _signature_holds(public_key, signature, _hash_data(unsecured, proof_config)):
        return Verification(True, "signature valid", key_id=key_id)
    if "@context" not in proof_config and "@context" in unsecured:
        legacy_config = {**proof_config, "@context": unsecured["@context"]}
        if _signature_holds(public_key, signature, _hash_data(unsecured, legacy_config)):
            return Verification(True, "signature valid (earlier form: proof without @context)", key_id=key_id)
    return _fail(CODE_SIGNATURE, "signature does not match: the credential was changed or not signed by this key")


def _signature_holds(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def did_key_public_key(verification_method: str) -> str | None:
    """The multikey inside a `did:key:z6Mk…#z6Mk…` verification method (as the W3C vector uses)."""
    if not verification_method.startswith("did:key:"):
        return None
    return verification_method.removeprefix("did:key:").split("#", 1)[0]


# --- the whole verdict: signature, validity period, revocation ------------------


def _moment(value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"date-time without time zone: {value}")
    return moment


def credential_check(
    document: Any, *, key_document: Any, now: dt.datetime, status_list: Any = None
) -> Verification:
    """Everything a verifier decides, in order: the signature with an issuer key, the validity
    period (validFrom/validUntil), then revocation in the issuer's signed status list."""
    result = credential_verify(document, key_document=key_document)
    if not result.valid:
        return result
    try:
        if "validFrom" in document and now < _moment(document["validFrom"]):
            return Verification(False, "not valid yet (validFrom)", result.key_id, CODE_NOT_YET_VALID)
        if "validUntil" in document and now >= _moment(document["validUntil"]):
            return Verification(False, "expired (validUntil)", result.key_id, CODE_EXPIRED)
        if status_list is not None and "credentialStatus" in document:
            list_check = credential_verify(status_list, key_document=key_document)
            if not list_check.valid:
                return _fail(CODE_REVOKED, f"the status list does not verify: {list_check.reason}")
            if credential_revoked(document, status_list=status_list):
                return Verification(False, "revoked", result.key_id, CODE_REVOKED)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return _fail(CODE_MALFORMED, f"malformed: {error}")
    return result


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


def _verify_with_file(document: Any, keys: Any) -> Verification:
    """An issuer key document (export_issuer_keys) — or a bare key pair file such as the W3C
    vector's keyPair.json ({"publicKeyMultibase": …}), which checks the signature only."""
    if isinstance(keys, Mapping) and "verificationMethod" not in keys and "publicKeyMultibase" in keys:
        return credential_verify_with_key(document, public_key_multibase=str(keys["publicKeyMultibase"]))
    return credential_verify(document, key_document=keys)


def main(argv: list[str] | None = None) -> int:
    """python -m certificates.credentials CREDENTIAL.json (--keys KEYS.json | --key z6Mk… | --did-key)
    [--status LIST.json]"""
    parser = argparse.ArgumentParser(description="Verify a Data Integrity (eddsa-jcs-2022) credential offline.")
    parser.add_argument("credential")
    keys = parser.add_mutually_exclusive_group(required=True)
    keys.add_argument("--keys", help="the issuer key document (export_issuer_keys), or a key pair file")
    keys.add_argument("--key", help="a public key (publicKeyMultibase, z6Mk…): checks the signature only")
    keys.add_argument("--did-key", action="store_true",
                      help="take the key from a did:key verificationMethod: checks the signature only")
    parser.add_argument("--status", help="a status list credential, to check revocation as well")
    arguments = parser.parse_args(argv)
    with open(arguments.credential, encoding="utf-8") as file:
        document = json.load(file)
    key_document: Any = None
    if arguments.keys:
        with open(arguments.keys, encoding="utf-8") as file:
            key_document = json.load(file)
        result = _verify_with_file(document, key_document)
    elif arguments.key:
        result = credential_verify_with_key(document, public_key_multibase=arguments.key)
    else:
        proofs = _proofs(document) if isinstance(document, Mapping) else []
        method = proofs[0].get("verificationMethod") if proofs and isinstance(proofs[0], Mapping) else None
        key = did_key_public_key(method) if isinstance(method, str) else None
        if key is None:
            print("INVALID: the proof's verificationMethod is not a did:key")  # noqa: T201 - a CLI
            return 1
        result = credential_verify_with_key(document, public_key_multibase=key)
    print(("VALID: " if result.valid else "INVALID: ") + result.reason)  # noqa: T201 - a CLI
    if result.valid and arguments.status:
        with open(arguments.status, encoding="utf-8") as file:
            status_list = json.load(file)
        if key_document is not None and not _verify_with_file(status_list, key_document).valid:
            print("status list INVALID")  # noqa: T201
            return 1
        revoked = credential_revoked(document, status_list=status_list)
        print({True: "REVOKED", False: "not revoked", None: "status list does not apply"}[revoked])  # noqa: T201
        if revoked:
            return 1
    return 0 if result.valid else 1


if __name__ == "__main__":
    sys.exit(main())
