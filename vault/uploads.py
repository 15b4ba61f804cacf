"""Every uploaded file passes here: size, type by content, safe names, no zip bombs.

A file's claimed name and content type are never trusted: the type is read from its
bytes. Stored files live in the file storage (MEDIA_ROOT outside the web root, or a private
S3 bucket; never served by the web server) under a random name, readable only by the
application; they are handed out only by access-checked views as downloads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

PDF, PNG, JPEG, XLSX, CSV, JSON, XML = "pdf", "png", "jpeg", "xlsx", "csv", "json", "xml"

ERROR_EMPTY = _("The file is empty.")
ERROR_TOO_LARGE = _("The file is larger than %(limit)s MB.")
ERROR_NAME = _("The file name is not allowed (path parts or control characters).")
ERROR_TYPE = _("This kind of file is not accepted here; allowed: %(kinds)s.")
ERROR_ACTIVE_CONTENT = _("Files with web pages, scripts or SVG images are not accepted.")
ERROR_ZIP_BOMB = _("The file unpacks to far more than it holds (a compressed archive bomb) and was refused.")
ERROR_ZIP_BROKEN = _("The file claims to be an Excel workbook but cannot be opened as one.")

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
_ACTIVE_MARKERS = (b"<html", b"<!doctype html", b"<svg", b"<script", b"<body", b"<iframe", b"javascript:")


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content: bytes
    display_name: str


def _display_name(name: str) -> str:
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise ValidationError(ERROR_NAME, code="name")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationError(ERROR_NAME, code="name")
    return unicodedata.normalize("NFC", name)[:150]


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(ERROR_ZIP_BROKEN, code="zip") from error
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(ERROR_ZIP_BOMB, code="zip_bomb")
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise ValidationError(ERROR_ZIP_BOMB, code="zip_bomb")
    for entry in entries:
        if entry.filename.startswith("/") or ".." in Path(entry.filename).parts:
            raise ValidationError(ERROR_ZIP_BROKEN, code="zip")
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise ValidationError(ERROR_ZIP_BROKEN, code="zip")


def _sniff(content: bytes) -> str | None:
    head = content[:2048]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # older German Excel CSV
        except UnicodeDecodeError:
            return None
    if "\x00" in text:
        return None
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return JSON
    if stripped.startswith("<"):
        return XML
    return CSV


def upload_check(*, name: str, content: bytes, allowed: set[str], max_megabytes: int = 5) -> CheckedUpload:
    """Return the upload with its real kind, or raise ValidationError saying what is wrong."""
    display_name = _display_name(name)
    if not content:
        raise ValidationError(ERROR_EMPTY, code="empty")
    if len(content) > max_megabytes * 1024 * 1024:
        raise ValidationError(ERROR_TOO_LARGE, code="too_large", params={"limit": max_megabytes})
    lowered = content[:4096].lower()
    if any(marker in lowered for marker in _ACTIVE_MARKERS):
        raise ValidationError(ERROR_ACTIVE_CONTENT, code="active")
    kind = _sniff(content)
    if kind not in allowed:
        raise ValidationError(ERROR_TYPE, code="type", params={"kinds": ", ".join(sorted(allowed))})
    if kind == XLSX:
        _check_zip(content)
    return CheckedUpload(kind=kind, content=content, display_name=display_name)


def upload_store(*, upload: CheckedUpload, folder: str) -> str:
    """Keep a checked upload under folder/ with a random name in the file storage (a shared
    directory or an S3 bucket, reintegra/settings.py); return its storage name."""
    return stored_save(name=f"{folder}/{secrets.token_hex(16)}.{upload.kind}", content=upload.content)


# The file storage (Django's default_storage), used only through these functions so that every
# app server and worker sees the same files wherever they are kept. Names come from our own
# rows, never from a request; one that leaves its folder is refused all the same.


def _checked_name(name: str) -> str:
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(part in {"", ".", ".."} for part in parts):
        raise FileNotFoundError(name)
    return name


def stored_save(*, name: str, content: bytes) -> str:
    """Write a new file (never over an existing one); return the name it was stored under."""
    return default_storage.save(_checked_name(name), ContentFile(content))


def stored_save_file(*, name: str, path: Path) -> str:
    """Store a local file (a ZIP written to a temporary file) under `name`; return its name."""
    with path.open("rb") as handle:
        return default_storage.save(_checked_name(name), File(handle))


def stored_open(name: str) -> File:
    """Open a stored file for reading; FileNotFoundError when it is gone or the name is not ours."""
    try:
        return default_storage.open(_checked_name(name), "rb")
    except (SuspiciousFileOperation, OSError) as exc:
        raise FileNotFoundError(name) from exc


def stored_read(name: str) -> bytes:
    with stored_open(name) as handle:
        return bytes(handle.read())


def stored_delete(name: str) -> None:
    """Delete a stored file; a missing one, or a name outside the storage, is left alone."""
    with contextlib.suppress(FileNotFoundError, SuspiciousFileOperation):
        default_storage.delete(_checked_name(name))


def stored_list(*, folder: str, older_than: dt.timedelta) -> list[str]:
    """The names of the files directly in folder/ last written more than `older_than` ago."""
    try:
        _directories, files = default_storage.listdir(_checked_name(folder))
    except FileNotFoundError:
        return []
    cutoff = dt.datetime.now(tz=dt.UTC) - older_than
    found = []
    for file_name in files:
        name = f"{folder}/{file_name}"
        if default_storage.get_modified_time(name) < cutoff:
            found.append(name)
    return sorted(found)
