import datetime as dt
import io
import stat
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from vault.uploads import (
    CSV,
    PDF,
    XLSX,
    stored_delete,
    stored_list,
    stored_open,
    stored_read,
    upload_check,
    upload_store,
)


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["country", "isco", "demand"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))  # 200 MB of zeros
    return buffer.getvalue()


def _code(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code


def test_real_files_pass_with_their_kind():
    assert upload_check(name="markt.xlsx", content=_xlsx(), allowed={XLSX, CSV}).kind == XLSX
    assert upload_check(name="markt.csv", content=b"land;isco\nSN;7531\n", allowed={XLSX, CSV}).kind == CSV
    assert upload_check(name="scan.pdf", content=b"%PDF-1.7\n...", allowed={PDF}).kind == PDF


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.csv", "..", ".htaccess", "x\x00.csv", "a\\b.csv", ""])
def test_path_names_are_refused(name):
    assert _code(lambda: upload_check(name=name, content=b"a;b\n", allowed={CSV})) == "name"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body>hi</body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"a;b\n<script>alert(1)</script>",
        b"<!DOCTYPE html><p>x</p>",
    ],
)
def test_html_svg_and_scripts_are_refused(content):
    assert _code(lambda: upload_check(name="data.csv", content=content, allowed={CSV, PDF})) == "active"


def test_type_comes_from_the_bytes_not_the_name():
    assert _code(lambda: upload_check(name="invoice.pdf", content=b"a;b\n1;2\n", allowed={PDF})) == "type"
    assert _code(lambda: upload_check(name="x.csv", content=b"\x89PNG\r\n\x1a\nxxxx", allowed={CSV})) == "type"


def test_oversize_and_empty_are_refused():
    assert _code(
        lambda: upload_check(name="a.csv", content=b"a" * (1024 * 1024 + 1), allowed={CSV}, max_megabytes=1)
    ) == ("too_large")
    assert _code(lambda: upload_check(name="a.csv", content=b"", allowed={CSV})) == "empty"


def test_zip_bomb_is_refused_without_unpacking():
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024  # a small file …
    assert _code(lambda: upload_check(name="markt.xlsx", content=bomb, allowed={XLSX})) == "zip_bomb"


def test_stored_outside_the_web_root_private_and_randomly_named(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    upload = upload_check(name="Nachweis Ärztin.pdf", content=b"%PDF-1.7\n", allowed={PDF})
    name = upload_store(upload=upload, folder="proofs")
    path = tmp_path / "private" / name
    assert path.parent == tmp_path / "private" / "proofs"
    assert "Nachweis" not in path.name and path.suffix == ".pdf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b"%PDF-1.7\n"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.text(max_size=40))
def test_any_input_is_accepted_or_refused_by_name_never_a_crash(content, name):
    try:
        upload_check(name=name, content=content, allowed={CSV, XLSX, PDF})
    except ValidationError as error:
        assert error.code in {"name", "empty", "too_large", "active", "type", "zip", "zip_bomb"}


def test_stored_files_through_any_storage_backend(settings):
    """Only the storage API is used: the same calls work on a storage with no local path at all
    (Django's in-memory storage stands in for an S3 bucket)."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    upload = upload_check(name="scan.pdf", content=b"%PDF-1.7\nscan", allowed={PDF})
    name = upload_store(upload=upload, folder="scans")
    assert name.startswith("scans/") and name.endswith(".pdf")
    assert stored_read(name) == b"%PDF-1.7\nscan"
    assert stored_list(folder="scans", older_than=dt.timedelta(0)) == [name]
    assert stored_list(folder="scans", older_than=dt.timedelta(hours=1)) == []
    stored_delete(name)
    with pytest.raises(FileNotFoundError):
        stored_open(name)
    stored_delete(name)  # gone already: nothing happens


@pytest.mark.parametrize("name", ["../etc/passwd", "/etc/passwd", "proofs/../../x", "proofs//x", "a\\b", ""])
def test_a_stored_name_never_leaves_the_storage(settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "x").write_text("outside")
    with pytest.raises(FileNotFoundError):
        stored_open(name)
    stored_delete(name)
    assert (tmp_path / "x").exists()
