"""A print run as one ZIP: each certificate's PDF beside its signed credential.

Used by the session's download (streamed while the PDFs are made) and by
`manage.py issue_certificates --pdfs`. Entries are named by certificate number only, never
by person: the files say who they are for.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator

from certificates.models import Certificate
from certificates.pdf import certificate_pdfs


def credential_file(certificate: Certificate) -> bytes:
    """The signed credential as issued, as the file handed out (JSON, UTF-8)."""
    return json.dumps(certificate.credential, ensure_ascii=False, indent=2).encode()


def print_run_entries(certificates: Iterable[Certificate]) -> Iterator[tuple[Certificate, str, bytes]]:
    """(certificate, file name, content): the PDF, then the credential, certificate by certificate."""
    for certificate, pdf in certificate_pdfs(certificates=certificates):
        yield certificate, f"{certificate.number}.pdf", pdf
        yield certificate, f"{certificate.number}.json", credential_file(certificate)


class _Sink:
    """A write-only file for zipfile that hands out what was written so far: the ZIP
    streams as it is made (no temporary file with personal data, no waiting for all)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def zip_stream(entries: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """The ZIP of these (name, content) entries, in pieces as each entry is added."""
    sink = _Sink()
    # PDFs are compressed already; the small JSON files are not worth deflating apart
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:  # type: ignore[call-overload]
        for name, data in entries:
            archive.writestr(name, data)
            yield sink.take()
    yield sink.take()
