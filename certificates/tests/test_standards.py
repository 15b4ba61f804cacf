"""Checked against answers someone else wrote: the W3C eddsa-jcs-2022 test vector, the 1EdTech
Open Badges 3.0 JSON Schema, and two verifiers that are not the project's — one written from the
spec text (independent.py), one Digital Bazaar's, through Node (node/verify.mjs).

Sources and licences of the vendored files: certificates/tests/vectors/README.md.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from jsonschema.validators import validator_for

from certificates.credentials import (
    PublishedKey,
    base58_decode,
    canonicalize,
    credential_sign,
    credential_verify,
    credential_verify_with_key,
    key_document_build,
    public_key_multibase,
)
from certificates.keys import issuer_key_document, status_list_credential
from certificates.models import Certificate, CertificateStatus
from certificates.services import certificate_issue, certificate_revoke
from certificates.tests import independent
from certificates.tests.jcs_reference import walked

VECTORS = Path(__file__).resolve().parent / "vectors"
W3C = VECTORS / "eddsa-jcs-2022"
NODE_VERIFIER = Path(__file__).resolve().parent / "node"


def _w3c(name: str) -> Any:
    text = (W3C / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text.strip()


def _w3c_private_key() -> Ed25519PrivateKey:
    raw = base58_decode(_w3c("keyPair.json")["privateKeyMultibase"][1:])
    assert raw[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


# The W3C test vector ---------------------------------------------------------------------


def test_w3c_vector_canonical_forms_and_hashes():
    unsigned, proof_config = _w3c("unsigned.json"), _w3c("proofConfigJCS.json")
    assert canonicalize(unsigned).decode() == _w3c("canonDocJCS.txt")
    assert canonicalize(proof_config).decode() == _w3c("proofCanonJCS.txt")
    # the library gives the bytes the former hand-written canonicaliser gave
    assert walked(unsigned) == canonicalize(unsigned) and walked(proof_config) == canonicalize(proof_config)
    assert hashlib.sha256(canonicalize(unsigned)).hexdigest() == _w3c("docHashJCS.txt")
    assert hashlib.sha256(canonicalize(proof_config)).hexdigest() == _w3c("proofHashJCS.txt")


def test_w3c_vector_signed_exactly_as_the_spec_signs_it():
    proof_config = _w3c("proofConfigJCS.json")
    signed = credential_sign(
        _w3c("unsigned.json"), private_key=_w3c_private_key(),
        verification_method=proof_config["verificationMethod"], created=proof_config["created"],
    )
    assert signed == _w3c("signedJCS.json")  # proof @context included, same proofValue
    assert signed["proof"]["proofValue"] == _w3c("sigBTC58JCS.txt")
    assert base58_decode(signed["proof"]["proofValue"][1:]).hex() == _w3c("sigHexJCS.txt")


def test_w3c_signed_vector_verifies_with_the_spec_key_and_not_when_changed():
    signed, key = _w3c("signedJCS.json"), _w3c("keyPair.json")["publicKeyMultibase"]
    assert credential_verify_with_key(signed, public_key_multibase=key).valid
    assert independent.verify_proof(signed, signed["proof"], key)  # the second verifier agrees
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["alumniOf"] = "The School of Examplez"
    result = credential_verify_with_key(changed, public_key_multibase=key)
    assert not result.valid and result.code == "signature"
    assert not independent.verify_proof(changed, changed["proof"], key)


@pytest.mark.parametrize("key_arguments", [["--keys", str(W3C / "keyPair.json")], ["--did-key"],
                                           ["--key", "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"]])
def test_offline_verifier_accepts_the_w3c_signed_vector(key_arguments):
    run = [sys.executable, "-m", "certificates.credentials", str(W3C / "signedJCS.json"), *key_arguments]
    result = subprocess.run(run, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0 and result.stdout.startswith("VALID"), result.stdout + result.stderr


# Every conformant form, and the pre-2026-12 one ----------------------------------------------

ISSUER = "https://reintegra.example/certificates/issuer/"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(7, 39)))
METHOD = f"{ISSUER}#key-1"
KEYS = key_document_build(
    issuer_id=ISSUER, name="Reintegra", keys=[PublishedKey("key-1", public_key_multibase(KEY.public_key()), "x")]
)
DOCUMENT: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Reintegra"},
    "validFrom": "2026-11-25T00:00:00+01:00",
    "credentialSubject": {"type": ["AchievementSubject"], "name": "Amina Haddad"},
}


def _proof_value(options: dict[str, Any], document: dict[str, Any]) -> str:
    unsecured = dict(document)
    if "@context" in options:
        unsecured["@context"] = options["@context"]
    data = hashlib.sha256(rfc8785.dumps(options)).digest() + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    signature = KEY.sign(data)
    number, chars = int.from_bytes(signature, "big"), ""
    while number:
        number, remainder = divmod(number, 58)
        chars = independent.BASE58_BTC[remainder] + chars
    return "z" + "1" * (len(signature) - len(signature.lstrip(b"\0"))) + chars


def _with_proof(document: dict[str, Any], *, context: Any, as_list: bool) -> dict[str, Any]:
    options: dict[str, Any] = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
                               "created": "2026-11-25T09:00:00Z", "verificationMethod": METHOD,
                               "proofPurpose": "assertionMethod"}
    if context is not None:
        options["@context"] = context
    proof = {**options, "proofValue": _proof_value(options, document)}
    return {**copy.deepcopy(document), "proof": [proof] if as_list else proof}


@pytest.mark.parametrize("as_list", [False, True], ids=["object", "proof set"])
@pytest.mark.parametrize("context", [
    DOCUMENT["@context"],  # Create Proof step 2: the document's @context
    DOCUMENT["@context"][:1],  # a proof @context the document's starts with
    None,  # no proof @context: the options are hashed without one
], ids=["same context", "prefix", "no context"])
def test_verifier_accepts_every_conformant_form(context, as_list):
    secured = _with_proof(DOCUMENT, context=context, as_list=as_list)
    result = credential_verify(secured, key_document=KEYS)
    assert result.valid, result.reason
    assert independent.verify(secured, KEYS)


def test_proof_context_that_the_document_does_not_start_with_is_refused():
    secured = _with_proof(DOCUMENT, context=list(reversed(DOCUMENT["@context"])), as_list=False)
    result = credential_verify(secured, key_document=KEYS)
    assert not result.valid and "@context" in result.reason


def test_earlier_reintegra_form_still_verifies_here_but_says_so():
    # signed over options + the document's @context, published without it (before migration 0004)
    legacy = _with_proof(DOCUMENT, context=DOCUMENT["@context"], as_list=False)
    del legacy["proof"]["@context"]
    result = credential_verify(legacy, key_document=KEYS)
    assert result.valid and "earlier form" in result.reason
    assert not independent.verify(legacy, KEYS)  # why the stored ones were migrated


def test_every_proof_of_a_set_must_hold():
    good = _with_proof(DOCUMENT, context=DOCUMENT["@context"], as_list=True)
    bad = copy.deepcopy(good["proof"][0])
    bad["created"] = "2026-11-26T09:00:00Z"
    assert not credential_verify({**good, "proof": [good["proof"][0], bad]}, key_document=KEYS).valid
    assert credential_verify({**good, "proof": []}, key_document=KEYS).reason == "no proof"


def test_our_signer_output_is_what_the_spec_steps_give():
    ours = credential_sign(DOCUMENT, private_key=KEY, verification_method=METHOD,
                           created="2026-11-25T09:00:00Z", proof_set=True)
    assert ours == _with_proof(DOCUMENT, context=DOCUMENT["@context"], as_list=True)


# Issued credentials: the schema and both independent verifiers --------------------------------


def _schema_errors(credential: dict[str, Any]) -> list[str]:
    schema = json.loads((VECTORS / "openbadges-3.0" / "achievementcredential.json").read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(credential)]


def _node_verify(credentials: list[dict[str, Any]], *, issuer: dict[str, Any],
                 status_list: dict[str, Any] | None) -> dict[str, Any]:
    """Digital Bazaar's verifier and status-list decoder (node/verify.mjs) on these credentials."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Digital Bazaar verifier cannot run (make install sets it up)")
    if not (NODE_VERIFIER / "node_modules").is_dir():
        npm = shutil.which("npm")
        assert npm is not None, "node without npm: run `npm ci` in certificates/tests/node"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],  # noqa: S603
                       cwd=NODE_VERIFIER, check=True, timeout=300)
    run = subprocess.run(  # noqa: S603
        [node, "verify.mjs"], cwd=NODE_VERIFIER, check=True, capture_output=True, text=True, timeout=300,
        input=json.dumps({"credentials": credentials, "issuer": issuer, "statusList": status_list}),
    )
    answer: dict[str, Any] = json.loads(run.stdout)
    return answer


def _one_character_changed(credential: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    name = changed["credentialSubject"]["identifier"][0]["identityHash"]
    changed["credentialSubject"]["identifier"][0]["identityHash"] = name[:-1] + ("x" if name[-1] != "x" else "y")
    return changed


def _check_independently(credentials: list[dict[str, Any]], *, revoked_index: str | None) -> None:
    """Schema (0 errors), the spec-text verifier and Digital Bazaar's accept every credential,
    both reject each after one character of the subject changed, both read the status list."""
    keys = issuer_key_document()
    status_list = status_list_credential()
    for credential in credentials:
        assert _schema_errors(credential) == []
        assert independent.verify(credential, keys)
        assert not independent.verify(_one_character_changed(credential), keys)
        index = int(credential["credentialStatus"]["statusListIndex"])
        assert independent.status_bit(status_list, index) == (credential["credentialStatus"]["statusListIndex"]
                                                              == revoked_index)
    assert independent.verify(status_list, keys)
    changed = [_one_character_changed(credential) for credential in credentials]
    answer = _node_verify(credentials + changed, issuer=keys, status_list=status_list)
    assert answer["statusListVerified"] is True
    results = answer["results"]
    assert [result["verified"] for result in results] == [True] * len(credentials) + [False] * len(changed), results
    assert [result["revoked"] for result in results[: len(credentials)]] == [
        credential["credentialStatus"]["statusListIndex"] == revoked_index for credential in credentials
    ]


def test_issued_credentials_pass_the_schema_and_two_independent_verifiers(
    amina_ready, counsellor_a, manager
):
    first = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ar")
    revoked = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ti")
    certificate_revoke(acting_user=manager, certificate=revoked, reason="Tippfehler im Namen")
    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED  # superseded is not revoked in the list
    _check_independently([first.credential, revoked.credential],
                         revoked_index=revoked.credential["credentialStatus"]["statusListIndex"])


@pytest.mark.django_db
def test_every_credential_the_demo_issues_passes_the_schema_and_two_independent_verifiers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    certificates = list(Certificate.objects.order_by("pk"))
    assert certificates, "the demo issues certificates"
    skills = [
        alignment for certificate in certificates
        for alignment in certificate.credential["credentialSubject"]["achievement"]["alignment"]
    ]
    assert any(a["targetFramework"] == "ESCO" and a["targetType"] == "ceasn:Competency" for a in skills)
    assert any(a["targetFramework"] == "ISCO-08" for a in skills)
    revoked = next((c for c in certificates if c.status == CertificateStatus.REVOKED), None)
    _check_independently(
        [certificate.credential for certificate in certificates],
        revoked_index=revoked.credential["credentialStatus"]["statusListIndex"] if revoked else None,
    )
