"""A body larger than the largest upload is refused with 413 before it is read into memory."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.middleware import ERROR_REQUEST_TOO_LARGE, RequestSizeLimitMiddleware


class EndlessBody(io.RawIOBase):
    """A client that would send bytes for ever; counts what the server read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return b"a" * size

    def readline(self, size: int | None = -1) -> bytes:
        return self.read(size)


def _call(environ_extra: dict[str, Any]) -> tuple[str, bytes, EndlessBody]:
    body = EndlessBody()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": reverse("accounts:login"), "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http", "wsgi.input": body, "wsgi.errors": io.StringIO(), "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded", **environ_extra,
    }
    status: list[str] = []
    chunks = WSGIHandler()(environ, lambda code, headers, *rest: status.append(code))
    content = b"".join(itertools.islice(chunks, 100))
    return status[0], content, body


@pytest.mark.django_db
def test_a_declared_length_over_the_limit_is_refused_unread(settings):
    settings.REINTEGRA_MAX_REQUEST_MB = 16
    status, content, body = _call({"CONTENT_LENGTH": str(400 * 1024 * 1024)})
    assert status.startswith("413")
    assert body.read_bytes == 0
    assert content.decode() == str(ERROR_REQUEST_TOO_LARGE) % {"limit": 16}


def test_a_chunked_body_is_read_no_further_than_the_limit(settings):
    settings.REINTEGRA_MAX_REQUEST_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None  # so only the cap stops the endless body
    body = EndlessBody()
    request = WSGIRequest({
        "REQUEST_METHOD": "POST", "PATH_INFO": "/", "SERVER_NAME": "testserver", "SERVER_PORT": "80",
        "wsgi.input": body, "HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_TYPE": "application/octet-stream",
    })

    def view_reading_the_body(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(len(request.body)))

    # as in the real stack: an exception inside becomes a response before it reaches the middleware
    response = RequestSizeLimitMiddleware(convert_exception_to_response(view_reading_the_body))(request)
    assert response.status_code == 413
    assert body.read_bytes <= 1024 * 1024 + 64 * 1024
    assert b"larger than 1 MB" in response.content


def test_a_chunked_body_within_the_limit_is_read_whole(settings):
    settings.REINTEGRA_MAX_REQUEST_MB = 1
    request = WSGIRequest({
        "REQUEST_METHOD": "POST", "PATH_INFO": "/", "SERVER_NAME": "testserver", "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(b"x" * 1000), "HTTP_TRANSFER_ENCODING": "chunked",
        "CONTENT_TYPE": "application/octet-stream",
    })
    response = RequestSizeLimitMiddleware(lambda r: HttpResponse(str(len(r.body))))(request)
    assert (response.status_code, response.content) == (200, b"1000")


@pytest.mark.django_db
def test_a_body_within_the_limit_passes(client, settings):
    settings.REINTEGRA_MAX_REQUEST_MB = 1
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y" * 1000})
    assert response.status_code != 413
