"""The pure credential module: canonical JSON, proofs, keys and status lists (no database)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from certificates import credentials
from certificates.credentials import (
    PublishedKey,
    base58_decode,
    base58_encode,
    canonicalize,
    credential_revoked,
    credential_sign,
    credential_verify,
    key_document_build,
    public_key_from_multibase,
    public_key_multibase,
    status_list_bit,
    status_list_credential_build,
    status_list_encode,
)

ISSUER = "https://reintegra.example/certificates/issuer/"
OLD_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
NEW_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def _key_document(*, retired_old: bool = True) -> dict[str, Any]:
    return key_document_build(
        issuer_id=ISSUER,
        name="Reintegra Bildungswerk Bayern gGmbH",
        keys=[
            PublishedKey("key-old", public_key_multibase(OLD_KEY.public_key()), "2026-01-01T00:00:00Z",
                         "2026-06-01T00:00:00Z" if retired_old else None),
            PublishedKey("key-new", public_key_multibase(NEW_KEY.public_key()), "2026-06-01T00:00:00Z"),
        ],
    )


def _sample() -> dict[str, Any]:
    """Shaped like certificates/openbadge.py's output (README: "The credential")."""
    achievement = "https://reintegra.example/certificates/verify/RZ-2026-7K3M9QXD/#achievement"
    return {
        "@context": [credentials.CREDENTIALS_CONTEXT, credentials.OPEN_BADGES_CONTEXT],
        "id": "https://reintegra.example/certificates/verify/RZ-2026-7K3M9QXD/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Zertifikat / Certificate RZ-2026-7K3M9QXD",
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Reintegra Bildungswerk Bayern gGmbH"},
        "validFrom": "2026-11-25T00:00:00+01:00",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Amina Haddad"},
                {"type": "IdentityObject", "identityType": "ext:dateOfBirth", "hashed": False,
                 "identityHash": "1990-05-17"},
            ],
            "achievement": {
                "id": achievement,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": "Zertifikat: Metallbau / Certificate: Metalwork",
                "criteria": {"narrative": "MET-101 (40 h); MET-201 (60 h)"},
                "alignment": [],
            },
            "result": [{"type": ["Result"], "resultDescription": f"{achievement}-MET-101", "status": "Completed"}],
        },
        "credentialStatus": {
            "id": "https://reintegra.example/certificates/status/#4711",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "4711",
            "statusListCredential": "https://reintegra.example/certificates/status/",
        },
    }


def _signed(key: Ed25519PrivateKey = NEW_KEY, key_id: str = "key-new") -> dict[str, Any]:
    return credential_sign(
        _sample(), private_key=key, verification_method=f"{ISSUER}#{key_id}", created="2026-11-25T09:00:00Z"
    )


def leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [path for key, item in value.items() for path in leaf_paths(item, (*prefix, key))]
    if isinstance(value, list):
        if not value:
            return [prefix]  # an empty list is a leaf too: adding to it must be noticed
        return [path for index, item in enumerate(value) for path in leaf_paths(item, (*prefix, index))]
    return [prefix]


def tampered(document: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    """A copy with the value at `path` changed (strings edited, flags flipped, lists extended)."""
    changed = copy.deepcopy(document)
    parent: Any = changed
    for step in path[:-1]:
        parent = parent[step]
    old = parent[path[-1]]
    if isinstance(old, bool):
        new: Any = not old
    elif isinstance(old, int):
        new = old + 1
    elif isinstance(old, str):
        new = old[:-1] + ("X" if old[-1:] != "X" else "Y") if old else "X"
    elif isinstance(old, list):
        new = [*old, "X"]
    else:
        new = "X"
    parent[path[-1]] = new
    return changed


SIGNED = _signed()


def test_original_verifies():
    result = credential_verify(SIGNED, key_document=_key_document())
    assert result.valid, result.reason
    assert result.key_id == f"{ISSUER}#key-new"


@pytest.mark.parametrize("path", leaf_paths(SIGNED), ids=lambda path: "/".join(map(str, path)))
def test_tampering_with_any_field_fails(path):
    assert not credential_verify(tampered(SIGNED, path), key_document=_key_document()).valid


@pytest.mark.parametrize("field", ["issuer", "credentialSubject", "proof", "@context", "credentialStatus"])
def test_removing_a_field_fails(field):
    document = copy.deepcopy(SIGNED)
    del document[field]
    assert not credential_verify(document, key_document=_key_document()).valid


def test_adding_a_field_fails():
    document = copy.deepcopy(SIGNED)
    document["credentialSubject"]["achievement"]["alignment"] = [{"type": ["Alignment"], "targetName": "x"}]
    assert not credential_verify(document, key_document=_key_document()).valid


def test_signed_with_a_rotated_out_key_still_verifies():
    old = _signed(OLD_KEY, "key-old")
    assert credential_verify(old, key_document=_key_document(retired_old=True)).valid


def test_a_key_not_in_the_issuer_document_fails():
    stranger = Ed25519PrivateKey.generate()
    forged = _signed(stranger, "key-new")
    assert not credential_verify(forged, key_document=_key_document()).valid
    assert not credential_verify(_signed(stranger, "key-other"), key_document=_key_document()).valid


def test_another_issuers_key_document_fails():
    other = key_document_build(
        issuer_id="https://elsewhere.example/issuer",
        name="Elsewhere",
        keys=[PublishedKey("key-new", public_key_multibase(NEW_KEY.public_key()), "2026-06-01T00:00:00Z")],
    )
    assert credential_verify(SIGNED, key_document=other).reason == "the key document is not the issuer's"


@pytest.mark.parametrize("garbage", [None, [], "text", {"proof": "x"}, {"proof": {"type": 1}}])
def test_garbage_never_raises(garbage):
    assert not credential_verify(garbage, key_document=_key_document()).valid


def test_signing_does_not_change_the_input_and_replaces_an_earlier_proof():
    sample = _sample()
    once = credential_sign(sample, private_key=NEW_KEY, verification_method=f"{ISSUER}#key-new", created="x")
    assert "proof" not in sample
    twice = credential_sign(once, private_key=NEW_KEY, verification_method=f"{ISSUER}#key-new", created="x")
    assert twice == once  # Ed25519 is deterministic


# JCS -------------------------------------------------------------------------


def test_jcs_sorts_keys_without_whitespace_and_keeps_unicode():
    expected = '{"A":{},"a":"ü\\n\\"","b":[1,true,null]}'.encode()
    assert canonicalize({"b": [1, True, None], "a": "ü\n\"", "A": {}}) == expected


def test_jcs_sorts_by_utf16_code_units():
    # U+1F600 (surrogates D83D DE00) sorts before U+FB01 in UTF-16, after it in code points.
    assert canonicalize({"\ufb01": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ufb01":1}'.encode()


def test_jcs_numbers_as_ecmascript_prints_them_and_refuses_what_json_cannot_hold():
    # RFC 8785 3.2.2.3 (examples from its appendix B)
    assert canonicalize({"a": 1.5, "b": 1e21, "c": 1e-7, "d": 333333333.3333333}) == (
        b'{"a":1.5,"b":1e+21,"c":1e-7,"d":333333333.3333333}'
    )
    with pytest.raises(TypeError, match="not canonicalisable"):
        canonicalize({"count": 2**53})
    with pytest.raises(TypeError, match="not canonicalisable"):
        canonicalize({"hours": float("nan")})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_jcs_is_json_that_parses_back_to_the_same_value(value):
    assert json.loads(canonicalize(value)) == value


@given(st.dictionaries(st.text(max_size=5), st.integers(-(2**53) + 1, 2**53 - 1), max_size=6))
def test_jcs_ignores_insertion_order(mapping):
    assert canonicalize(dict(reversed(list(mapping.items())))) == canonicalize(mapping)


# base58 and keys ---------------------------------------------------------------


@given(st.binary(max_size=70))
def test_base58_round_trip(data):
    assert base58_decode(base58_encode(data)) == data


def test_base58_known_value():
    assert base58_encode(b"hello world") == "StV1DL6CwTryKyV"


def test_multikey_round_trip_and_prefix():
    text = public_key_multibase(NEW_KEY.public_key())
    assert text.startswith("z6Mk")  # every Ed25519 multikey does
    assert public_key_from_multibase(text).public_bytes_raw() == NEW_KEY.public_key().public_bytes_raw()


# status list ------------------------------------------------------------------------


@given(st.sets(st.integers(0, credentials.STATUS_LIST_BITS - 1), max_size=30), st.integers(0, 131_071))
def test_status_list_bits(revoked, probe):
    encoded = status_list_encode(revoked)
    assert encoded.startswith("u")
    assert status_list_bit(encoded, probe) == (probe in revoked)


def test_status_list_credential_says_revoked_or_not():
    status_url = "https://reintegra.example/certificates/status/"
    revoked_list = status_list_credential_build(list_id=status_url, issuer_id=ISSUER, valid_from="x", revoked=[4711])
    clean_list = status_list_credential_build(list_id=status_url, issuer_id=ISSUER, valid_from="x", revoked=[4712])
    assert credential_revoked(SIGNED, status_list=revoked_list) is True
    assert credential_revoked(SIGNED, status_list=clean_list) is False
    other = {**clean_list, "id": "https://elsewhere.example/status"}
    assert credential_revoked(SIGNED, status_list=other) is None


def test_module_imports_no_django():
    code = (
        "import sys, certificates.credentials; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")  # noqa: S603


def test_command_line_without_django(tmp_path):
    (tmp_path / "credential.json").write_text(json.dumps(SIGNED))
    (tmp_path / "keys.json").write_text(json.dumps(_key_document()))
    run = [sys.executable, "-m", "certificates.credentials", str(tmp_path / "credential.json"),
           "--keys", str(tmp_path / "keys.json")]
    result = subprocess.run(run, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0 and result.stdout.startswith("VALID"), result.stdout + result.stderr
    (tmp_path / "credential.json").write_text(json.dumps(tampered(SIGNED, ("validFrom",))))
    result = subprocess.run(run, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 1 and result.stdout.startswith("INVALID")
