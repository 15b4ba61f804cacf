"""Bring every stored credential into the form the eddsa-jcs-2022 spec and Open Badges 3.0 ask for.

Until now the proof was signed over its options *with* the document's @context but published
*without* it (issue 17). Adding `proof.@context` = the document's @context makes the published
proof options exactly the bytes that were signed, so no credential is signed again: every
signature stays as issued. The proof is also put into a list (a proof set), which Open Badges
3.0 requires and which the signature does not cover. The status list is signed afresh on each
request, so nothing stored needs changing for it.

Written without app code (migrations must not import it); reversible.
"""

from django.db import migrations

BATCH = 500


def _conformant(credential):
    proof = credential.get("proof")
    if isinstance(proof, dict):
        if "@context" not in proof and "@context" in credential:
            value = proof.pop("proofValue", None)
            proof["@context"] = credential["@context"]
            if value is not None:
                proof["proofValue"] = value
        credential["proof"] = [proof]
        return True
    return False


def _legacy(credential):
    proof = credential.get("proof")
    if isinstance(proof, list) and len(proof) == 1 and isinstance(proof[0], dict):
        only = proof[0]
        if only.get("@context") == credential.get("@context"):
            only.pop("@context", None)
        credential["proof"] = only
        return True
    return False


def _rewrite(apps, change):
    Certificate = apps.get_model("certificates", "Certificate")
    changed = []
    for certificate in Certificate.objects.exclude(credential={}).only("pk", "credential").iterator(chunk_size=BATCH):
        if isinstance(certificate.credential, dict) and change(certificate.credential):
            changed.append(certificate)
        if len(changed) >= BATCH:
            Certificate.objects.bulk_update(changed, ["credential"])
            changed = []
    if changed:
        Certificate.objects.bulk_update(changed, ["credential"])


def forwards(apps, schema_editor):
    _rewrite(apps, _conformant)


def backwards(apps, schema_editor):
    _rewrite(apps, _legacy)


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0003_funding_line"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
