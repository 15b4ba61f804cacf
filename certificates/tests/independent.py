"""A second verifier, written from the specifications' text alone — not from certificates/credentials.py.

It imports nothing from the project: JCS is Trail of Bits' `rfc8785`, Ed25519 is `cryptography`,
base58btc and multibase are spelled out below. The steps follow, numbered as there:

- W3C *Data Integrity EdDSA Cryptosuites v1.0*, 3.3.2 Verify Proof (eddsa-jcs-2022), 3.3.4
  Transformation, 3.3.5 Hashing, 3.3.6 Proof Configuration;
- W3C *Controlled Identifiers v1.0*, Multikey (ed25519-pub header 0xed01);
- W3C *Bitstring Status List v1.0*, 3.2 Validate Algorithm / 4 Bitstring Encoding: multibase
  base64url ("u"), GZIP, "the first index, with a value of zero (0), is located at the left-most
  bit in the bitstring".

Used by the tests as the independent answer: a verifier the project's code cannot influence.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

BASE58_BTC = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def multibase_base58btc_decode(text: str) -> bytes:
    assert text[0] == "z", "multibase header must be 'z' (base58-btc)"
    number = 0
    for char in text[1:]:
        number = number * 58 + BASE58_BTC.index(char)
    zeros = len(text[1:]) - len(text[1:].lstrip("1"))
    return b"\x00" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


def multikey_ed25519(public_key_multibase: str) -> Ed25519PublicKey:
    raw = multibase_base58btc_decode(public_key_multibase)
    assert raw[:2] == b"\xed\x01" and len(raw) == 34, "not an Ed25519 Multikey"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verify_proof(secured: dict[str, Any], proof: dict[str, Any], public_key_multibase: str) -> bool:
    """3.3.2 Verify Proof (eddsa-jcs-2022) for one proof of `secured`."""
    # 1. unsecuredDocument: a copy of securedDocument with the proof value removed
    unsecured = {key: value for key, value in secured.items() if key != "proof"}
    # 2. proofOptions: a copy of the proof with proofValue removed
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    # 3. proofBytes: the multibase-decoded base58-btc proofValue
    proof_bytes = multibase_base58btc_decode(proof["proofValue"])
    # 4. if proofOptions.@context exists: securedDocument.@context must start with its values,
    #    in the same order; then unsecuredDocument.@context = proofOptions.@context
    if "@context" in options:
        wanted = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        present = secured.get("@context", [])
        present = present if isinstance(present, list) else [present]
        if present[: len(wanted)] != wanted:
            return False
        unsecured["@context"] = options["@context"]
    # 3.3.6 Proof Configuration: type and cryptosuite must be these; canonicalise with JCS
    if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != "eddsa-jcs-2022":
        return False
    canonical_proof_config = rfc8785.dumps(options)
    # 3.3.4 Transformation: JCS of the unsecured document
    transformed = rfc8785.dumps(unsecured)
    # 3.3.5 Hashing: SHA-256(proofConfig) ‖ SHA-256(transformedDocument)
    hash_data = hashlib.sha256(canonical_proof_config).digest() + hashlib.sha256(transformed).digest()
    # 3.3.3 Proof Verification: Ed25519 with the key of the verification method
    try:
        multikey_ed25519(public_key_multibase).verify(proof_bytes, hash_data)
    except InvalidSignature:
        return False
    return True


def verify(secured: dict[str, Any], controller_document: dict[str, Any]) -> bool:
    """Every proof (object, or each of a proof set) made with an assertionMethod key of the
    controller document — the issuer profile the credential names — verifies."""
    issuer = secured["issuer"]["id"] if isinstance(secured["issuer"], dict) else secured["issuer"]
    if controller_document["id"] != issuer:
        return False
    proofs = secured.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs] if proofs else []
    if not proofs:
        return False
    methods = {method["id"]: method for method in controller_document["verificationMethod"]}
    for proof in proofs:
        method_id = proof["verificationMethod"]
        if proof.get("proofPurpose") != "assertionMethod" or method_id not in controller_document["assertionMethod"]:
            return False
        if method_id not in methods or methods[method_id]["controller"] != issuer:
            return False
        if not verify_proof(secured, proof, methods[method_id]["publicKeyMultibase"]):
            return False
    return True


def status_bit(status_list_credential: dict[str, Any], index: int) -> int:
    """Bitstring Status List 3.2: expand encodedList (multibase base64url, no padding, GZIP)
    and read the bit at statusListIndex, counting from the left-most bit of the first byte."""
    encoded = status_list_credential["credentialSubject"]["encodedList"]
    assert encoded[0] == "u", "encodedList must be multibase base64url ('u')"
    body = encoded[1:]
    bitstring = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert len(bitstring) * 8 >= 131_072, "the spec asks for at least 16 KiB"
    return (bitstring[index // 8] >> (7 - index % 8)) & 1
