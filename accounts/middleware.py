"""Security headers Django's SecurityMiddleware and django-csp do not set; too large request bodies refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

# The app needs no camera, microphone, location, payment or sensor: switch them all off,
# also for anything that might one day be embedded.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy and Cross-Origin-Resource-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# --- request bodies larger than any upload -----------------------------------------

#: answered with status 413; %(limit)s is the limit in MB
ERROR_REQUEST_TOO_LARGE = _(
    "The request is larger than %(limit)s MB, the most any form here accepts, and was refused. "
    "Upload a smaller file (scans and photos can be saved at a lower resolution)."
)


class _CappedStream(io.RawIOBase):
    """A chunked body (no Content-Length) read through a counter: past `limit` bytes it
    marks the request and stops, so no more than the limit is ever read into memory."""

    def __init__(self, stream: Any, limit: int, request: HttpRequest) -> None:
        self._stream, self._left, self._request = stream, limit, request

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = self._left + 1 if size is None or size < 0 else min(size, self._left + 1)
        data = self._stream.read(want)
        self._left -= len(data)
        if self._left < 0:
            self._request._body_too_large = True  # type: ignore[attr-defined]
            raise RequestDataTooBig("request body larger than REINTEGRA_MAX_REQUEST_MB")
        return bytes(data)

    def readline(self, size: int | None = -1) -> bytes:
        want = self._left + 1 if size is None or size < 0 else min(size, self._left + 1)
        data = self._stream.readline(want)
        self._left -= len(data)
        if self._left < 0:
            self._request._body_too_large = True  # type: ignore[attr-defined]
            raise RequestDataTooBig("request body larger than REINTEGRA_MAX_REQUEST_MB")
        return bytes(data)


class RequestSizeLimitMiddleware:
    """Refuse a body larger than the largest upload before anything reads it (status 413).

    First in MIDDLEWARE: a declared Content-Length over the limit is answered at once; a
    chunked body is read through a capped stream, and whatever tried to read past the
    limit is answered with the same 413 (before, a 400 MB POST grew the process by 400 MB).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit_mb: int = settings.REINTEGRA_MAX_REQUEST_MB
        limit = limit_mb * 1024 * 1024
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return self._refused(limit_mb)
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not declared and "wsgi.input" in request.META:
            request._stream = _CappedStream(request.META["wsgi.input"], limit, request)  # type: ignore[assignment]
        response = self.get_response(request)
        if getattr(request, "_body_too_large", False):
            return self._refused(limit_mb)
        return response

    @staticmethod
    def _refused(limit_mb: int) -> HttpResponse:
        response = HttpResponse(
            str(ERROR_REQUEST_TOO_LARGE) % {"limit": limit_mb}, status=413, content_type="text/plain; charset=utf-8"
        )
        response["Connection"] = "close"  # the rest of the body is not read
        return response
