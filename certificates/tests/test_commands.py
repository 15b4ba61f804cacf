from __future__ import annotations

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry
from certificates.models import Certificate, IssuerKey
from certificates.services import certificate_issue


@pytest.fixture
def exported(amina_ready, counsellor_a, tmp_path):
    """A credential and the key document, written to files as a verifier abroad gets them."""
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    call_command("rotate_issuer_key", stdout=StringIO())
    call_command("export_issuer_keys", "--output", str(tmp_path / "keys.json"), stderr=StringIO())
    (tmp_path / "credential.json").write_text(json.dumps(certificate.credential, ensure_ascii=False))
    return tmp_path


@pytest.mark.django_db
def test_rotate_and_export(exported):
    keys = json.loads((exported / "keys.json").read_text())
    assert len(keys["verificationMethod"]) == 2 == IssuerKey.objects.count()


@pytest.fixture
def files(request, django_db_blocker):
    """The exported files, made with the database, then used with the database blocked."""
    with django_db_blocker.unblock():
        return request.getfixturevalue("exported")


@pytest.mark.django_db
def test_issue_certificates_command(amina_ready, met_201, counsellor_a):
    session = amina_ready.enrolments.get(session__module=met_201).session
    out, err = StringIO(), StringIO()
    call_command("issue_certificates", "--session", str(session.pk), "--by", "counsellor_a", stdout=out, stderr=err)
    assert "1 of 1 issued." in out.getvalue()
    assert "100%" in err.getvalue()  # the tqdm bar
    assert Certificate.objects.get().issued_by == counsellor_a


@pytest.mark.django_db
def test_issue_certificates_command_prints_the_pdfs_into_a_zip(amina_ready, met_201, counsellor_a, tmp_path):
    session = amina_ready.enrolments.get(session__module=met_201).session
    out, err = StringIO(), StringIO()
    target = tmp_path / "print-run.zip"
    call_command("issue_certificates", "--session", str(session.pk), "--by", "counsellor_a", "--pdfs", str(target),
                 stdout=out, stderr=err)
    certificate = Certificate.objects.get()
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [f"{certificate.number}.pdf", f"{certificate.number}.json"]
        assert json.loads(archive.read(f"{certificate.number}.json")) == certificate.credential
        assert archive.read(f"{certificate.number}.pdf").startswith(b"%PDF-")
    assert "1 PDFs written" in out.getvalue() and "PDF" in err.getvalue()
    assert AuditEntry.objects.filter(action="certificate.download", participant_ref=amina_ready.pk).count() == 1


@pytest.mark.django_db
def test_issue_certificates_command_refuses_other_site(amina_ready, met_201, counsellor_b):
    session = amina_ready.enrolments.get(session__module=met_201).session
    with pytest.raises(CommandError):
        call_command("issue_certificates", "--session", str(session.pk), "--by", "counsellor_b")


def test_verify_certificate_offline_valid(files):
    """No django_db mark: any database access would fail this test."""
    out = StringIO()
    call_command("verify_certificate", str(files / "credential.json"), "--keys", str(files / "keys.json"), stdout=out)
    assert out.getvalue().startswith("VALID")


def test_verify_certificate_offline_tampered(files):
    credential = json.loads((files / "credential.json").read_text())
    credential["credentialSubject"]["identifier"][1]["identityHash"] = "1991-05-17"
    (files / "credential.json").write_text(json.dumps(credential))
    with pytest.raises(CommandError, match="INVALID"):
        call_command("verify_certificate", str(files / "credential.json"), "--keys", str(files / "keys.json"))


def test_verify_certificate_unreadable_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("verify_certificate", str(tmp_path / "missing.json"), "--keys", str(tmp_path / "keys.json"))
